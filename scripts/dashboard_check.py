#!/usr/bin/env python3
"""Checks Herald's dashboard in a real headless Chromium, driven by Playwright.

Run by DashboardBrowserTests against a `herald run` that has sent a broadcast; by hand:

    DASHBOARD_URL=http://127.0.0.1:8080/ HERALD_API_TOKEN=… BROADCAST_ID=… \
    ARTIFACTS=.build/artifacts scripts/dashboard_check.py

It reads the broadcast's figures from the admin API itself, then checks that the page
- refuses a wrong token with a clear message and asks again;
- with the right token shows the broadcast's row with the API's sent, failed, unknown, unique
  clicks, CTR and conversion rate, a progress bar, and the rotations with their next run;
- keeps the token across a reload of the tab (sessionStorage);
- on the broadcast's page shows the same figures and both SVG charts (one bar group per button,
  a sends-and-clicks line over the timeline's points);
- with $LIVE_BROADCAST (a POST /api/v1/broadcasts body with send_now), creates that broadcast and
  sees its row sending with a live progress bar that reaches the audience with no reload;
- makes no request that fails or answers 400 or more, and logs no error (a CSP refusal included).
Screenshots of both views go to $ARTIFACTS. Prints one JSON line; exits 1 naming what failed.
"""

import json
import os
import re
import sys
import urllib.request

from playwright.sync_api import sync_playwright

URL = os.environ["DASHBOARD_URL"]
TOKEN = os.environ["HERALD_API_TOKEN"]
BROADCAST = os.environ["BROADCAST_ID"]
ARTIFACTS = os.environ.get("ARTIFACTS", ".build/artifacts")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 15_000


def api(path, body=None):
    request = urllib.request.Request(
        URL.rstrip("/") + "/api/v1/" + path,
        headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"},
        data=body.encode() if body else None,
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def digits(text):
    return int(re.sub(r"\D", "", text))


def check_percent(shown, ratio, what):
    if ratio is None:
        assert shown == "—", f"{what}: shows {shown!r}, the API has none"
    else:
        value = float(shown.rstrip("%"))
        assert abs(value - ratio * 100) <= 0.051, f"{what}: shows {shown!r}, the API has {ratio}"


def check_figures(root, stats, where):
    for field in ("sent", "failed", "unknown", "unique_clickers", "audience"):
        shown = root.locator(f'[data-field="{field}"]').first.inner_text()
        assert digits(shown) == stats[field], f"{where} {field}: shows {shown!r}, the API has {stats[field]}"
    check_percent(root.locator('[data-field="ctr"]').first.inner_text(), stats.get("ctr"), f"{where} CTR")
    check_percent(
        root.locator('[data-field="conversion_rate"]').first.inner_text(),
        stats.get("conversion_rate"),
        f"{where} conversion rate",
    )


def main():
    stats = api(f"broadcasts/{BROADCAST}/stats")
    timeline = api(f"broadcasts/{BROADCAST}/timeline")
    rotations = api("rotations")["rotations"]
    os.makedirs(ARTIFACTS, exist_ok=True)
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            # A wrong token: a clear refusal, and the sign-in form again.
            page = browser.new_context().new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(URL)
            page.fill("#token", "not-the-token")
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#login-error:not([hidden])")
            assert "refused" in page.inner_text("#login-error")
            assert page.is_visible("#token"), "the sign-in form is not shown again"
            shots.append(os.path.join(ARTIFACTS, "dashboard-refused.png"))
            page.screenshot(path=shots[-1])
            page.context.close()

            # The right token, every request watched.
            context = browser.new_context(viewport={"width": 1360, "height": 900})
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            failures = []
            page.on("requestfailed", lambda r: failures.append(f"{r.method} {r.url}: {r.failure}"))
            page.on(
                "response",
                lambda r: failures.append(f"{r.request.method} {r.url}: {r.status}") if r.status >= 400 else None,
            )
            page.on("pageerror", lambda e: failures.append(f"page error: {e}"))
            page.on("console", lambda m: failures.append(f"console: {m.text}") if m.type == "error" else None)
            page.goto(URL)
            page.fill("#token", TOKEN)
            page.click("#login-form button[type=submit]")
            row = page.locator(f'tr[data-broadcast="{BROADCAST}"]')
            row.wait_for()
            assert row.locator('[data-field="status"]').inner_text() == stats["status"]
            check_figures(row, stats, "overview")
            assert row.locator("progress").count() == 1, "no progress bar"
            for rotation in rotations:
                cell = page.locator(f'tr[data-rotation="{rotation["rotation_id"]}"] [data-field="next_run"]')
                assert cell.inner_text().strip(), f"rotation {rotation['name']} shows no next run"
                if rotation["next_run"]:
                    assert "paused" not in cell.inner_text()
            shots.append(os.path.join(ARTIFACTS, "dashboard-overview.png"))
            page.screenshot(path=shots[-1], full_page=True)

            # The token is kept for the tab's session: a reload does not ask again.
            page.reload()
            row.wait_for()
            assert not page.is_visible("#token"), "a reload asked for the token again"

            # The broadcast's page: the same figures and both charts.
            row.locator('a[data-field="title"]').click()
            page.wait_for_selector("#chart-buttons")
            page.wait_for_selector("#chart-timeline")
            check_figures(page.locator("dl.figures"), stats, "broadcast page")
            groups = page.locator("#chart-buttons g[data-button]")
            assert groups.count() == len(stats["buttons"]), f"{groups.count()} button bars for {stats['buttons']}"
            for button in stats["buttons"]:
                bars = page.locator(f'#chart-buttons g[data-button="{button["button"]}"] rect')
                widths = [float(bars.nth(i).get_attribute("width")) for i in range(bars.count())]
                assert len(widths) == 2 and (widths[0] > 0) == (button["unique_clicks"] > 0), (button, widths)
                assert (widths[1] > 0) == (button["taps"] > 0), (button, widths)
            line = page.locator("#chart-timeline path.sent-line").get_attribute("d")
            assert line.count("L") + 1 == len(timeline["points"]), f"{line!r} for {len(timeline['points'])} points"
            assert page.locator("#chart-timeline path.clicks-line").count() == 1
            shots.append(os.path.join(ARTIFACTS, "dashboard-broadcast.png"))
            page.screenshot(path=shots[-1], full_page=True)

            live = os.environ.get("LIVE_BROADCAST")
            if live:
                page.click("text=← All broadcasts")
                row.wait_for()
                started = api("broadcasts", live)
                assert started["status"] == "sending", started
                page.reload()  # at once, not at the next idle refresh
                sending = page.locator(f'tr[data-broadcast="{started["broadcast_id"]}"]')
                sending.wait_for()
                seen = sending.evaluate(
                    """row => {
                      const bar = row.querySelector("progress");
                      return { status: row.querySelector('[data-field="status"]').textContent,
                               live: bar.hasAttribute("data-live"), value: bar.value, max: bar.max };
                    }"""
                )
                assert seen["status"] == "sending" and seen["live"], f"not shown sending live: {seen}"
                assert seen["value"] < seen["max"], f"the broadcast was done before the page showed it: {seen}"
                shots.append(os.path.join(ARTIFACTS, "dashboard-sending.png"))
                page.screenshot(path=shots[-1], full_page=True)
                page.wait_for_function(
                    """id => {
                      const row = document.querySelector(`tr[data-broadcast="${id}"]`);
                      const bar = row && row.querySelector("progress");
                      return row && row.querySelector('[data-field="status"]').textContent === "completed"
                        && bar.value === bar.max;
                    }""",
                    arg=started["broadcast_id"],
                    timeout=30_000,
                )
                done = api(f'broadcasts/{started["broadcast_id"]}/stats')
                check_figures(sending, done, "the live broadcast")

            page.wait_for_timeout(300)
            assert not failures, "requests failed: " + "; ".join(failures)
        finally:
            browser.close()
    print(json.dumps({"screenshots": [os.path.abspath(s) for s in shots], "points": len(timeline["points"])}))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"dashboard check failed: {error}", file=sys.stderr)
        sys.exit(1)
