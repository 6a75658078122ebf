/// The dashboard's script: asks for the token once, reads `/api/v1` with it, and draws the
/// broadcasts, their progress, a broadcast's charts (inline SVG) and the rotations. Data reaches
/// the page only as text nodes and SVG attributes, never as markup.
enum DashboardScript {
    static let javascript = #"""
        "use strict";
        (() => {
        const TOKEN_KEY = "herald.apiToken";
        const LIVE = new Set(["sending"]);
        const SVG = "http://www.w3.org/2000/svg";
        let generation = 0;
        let timer = null;
        let shown = "";

        class Unauthorized extends Error {}

        const $ = (id) => document.getElementById(id);
        const token = () => sessionStorage.getItem(TOKEN_KEY);

        function el(tag, attributes = {}, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attributes)) {
            if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
          }
          for (const child of children.flat()) {
            if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
          }
          return node;
        }

        function svg(tag, attributes = {}, ...children) {
          const node = document.createElementNS(SVG, tag);
          for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
          for (const child of children.flat()) {
            if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
          }
          return node;
        }

        async function api(path) {
          const response = await fetch("/api/v1/" + path, {
            headers: { Authorization: "Bearer " + token(), Accept: "application/json" }, cache: "no-store",
          });
          if (response.status === 401) throw new Unauthorized();
          const body = await response.json().catch(() => null);
          if (!response.ok) {
            const message = body && body.error ? body.error.message : response.status + " " + response.statusText;
            throw new Error(message);
          }
          return body;
        }

        const count = (n) => Number(n).toLocaleString();
        const percent = (ratio) => (ratio === null || ratio === undefined ? "—" : (ratio * 100).toFixed(1) + "%");
        const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
        const clock = (iso) => new Date(iso).toLocaleTimeString();

        function relative(iso) {
          const seconds = Math.round((new Date(iso) - Date.now()) / 1000);
          const size = Math.abs(seconds);
          const [value, unit] = size < 90 ? [seconds, "second"] : size < 5400 ? [Math.round(seconds / 60), "minute"]
            : size < 129600 ? [Math.round(seconds / 3600), "hour"] : [Math.round(seconds / 86400), "day"];
          return new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }).format(value, unit);
        }

        function statusBadge(status) {
          return el("span", { class: "status status-" + status, "data-field": "status" }, status);
        }

        function progress(stats) {
          const done = stats.sent + stats.failed + stats.unknown;
          if (!stats.audience) return el("span", { class: "muted" }, "—");
          const label = `${count(done)} of ${count(stats.audience)} done`;
          return el("span", {},
            el("progress", { max: stats.audience, value: done, "aria-label": label, "data-live": stats.status === "sending" }),
            el("span", { class: "progress-text" }, Math.floor((100 * done) / stats.audience) + "%"));
        }

        // ---- the overview: every broadcast, then the rotations ----

        function broadcastRow(stats) {
          const cell = (field, value) => el("td", { class: "num", "data-field": field }, value);
          return el("tr", { "data-broadcast": stats.broadcast_id },
            el("td", {}, el("a", { href: "#/broadcasts/" + stats.broadcast_id, "data-field": "title" }, stats.title)),
            el("td", {}, statusBadge(stats.status)),
            el("td", {}, progress(stats)),
            cell("audience", count(stats.audience)), cell("sent", count(stats.sent)),
            cell("failed", count(stats.failed)), cell("unknown", count(stats.unknown)),
            cell("unique_clickers", count(stats.unique_clickers)), cell("ctr", percent(stats.ctr)),
            cell("conversion_rate", percent(stats.conversion_rate)));
        }

        function table(caption, headers, rows, empty) {
          if (!rows.length) return el("p", { class: "card empty" }, empty);
          return el("div", { class: "table-wrap" }, el("table", {},
            el("caption", { class: "visually-hidden" }, caption),
            el("thead", {}, el("tr", {}, headers.map(([text, numeric]) => el("th", { scope: "col", class: numeric ? "num" : null }, text)))),
            el("tbody", {}, rows)));
        }

        function rotationRow(rotation) {
          const next = rotation.next_run
            ? el("span", { title: when(rotation.next_run) }, relative(rotation.next_run), el("span", { class: "muted" }, " · " + when(rotation.next_run)))
            : el("span", { class: "muted" }, "none while paused");
          return el("tr", { "data-rotation": rotation.rotation_id },
            el("td", {}, rotation.name), el("td", {}, statusBadge(rotation.status)),
            el("td", {}, "every " + rotation.every), el("td", { "data-field": "next_run" }, next),
            el("td", {}, rotation.next_template || "—"), el("td", {}, rotation.templates.join(", ")),
            el("td", { class: "num" }, count(rotation.chat_ids.length)),
            el("td", { class: "num" }, count(rotation.posts)), el("td", { class: "num" }, count(rotation.failures)));
        }

        async function overview() {
          const [stats, rotations] = await Promise.all([api("stats"), api("rotations")]);
          const view = [
            el("h1", {}, "Broadcasts"),
            table("Every broadcast, newest first", [["Title"], ["Status"], ["Progress"], ["Audience", 1], ["Sent", 1],
              ["Failed", 1], ["Unknown", 1], ["Unique clicks", 1], ["CTR", 1], ["Conversion rate", 1]],
              stats.broadcasts.map(broadcastRow), "No broadcasts yet: herald broadcast create, or POST /api/v1/broadcasts."),
            el("h2", {}, "Rotations"),
            table("Rotations and their next run", [["Name"], ["Status"], ["Interval"], ["Next run"], ["Next template"],
              ["Templates in turn"], ["Chats", 1], ["Posts", 1], ["Failures", 1]],
              rotations.rotations.map(rotationRow), "No rotations."),
          ];
          const live = stats.broadcasts.some((b) => LIVE.has(b.status));
          return { view, key: JSON.stringify([stats, rotations.rotations.map((r) => [r.status, r.next_run, r.posts])]), live };
        }

        // ---- one broadcast: figures, per-button bars, sends and clicks over time ----

        function figures(stats) {
          const items = [["Audience", count(stats.audience), "audience"], ["Sent", count(stats.sent), "sent"],
            ["Failed", count(stats.failed), "failed"], ["Blocked", count(stats.blocked), "blocked"],
            ["Unknown", count(stats.unknown), "unknown"], ["Pending", count(stats.pending), "pending"],
            ["Unique clicks", count(stats.unique_clickers), "unique_clickers"], ["Taps", count(stats.taps), "taps"],
            ["CTR", percent(stats.ctr), "ctr"], ["Conversions", count(stats.conversions), "conversions"],
            ["Conversion rate", percent(stats.conversion_rate), "conversion_rate"],
            ["Conversion value", Number(stats.conversion_value).toLocaleString(), "conversion_value"]];
          return el("dl", { class: "figures" }, items.map(([label, value, field]) =>
            el("div", {}, el("dt", {}, label), el("dd", { "data-field": field }, value))));
        }

        function niceMax(value) {
          if (value <= 5) return 5;
          const power = 10 ** Math.floor(Math.log10(value));
          return [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= value);
        }

        function buttonChart(buttons) {
          if (!buttons.length) return el("p", { class: "card empty" }, "This broadcast's template has no buttons.");
          const row = 44, left = 150, right = 60, width = 640, top = 8;
          const height = top + buttons.length * row + 8;
          const max = niceMax(Math.max(1, ...buttons.map((b) => Math.max(b.unique_clicks, b.taps))));
          const scale = (n) => ((width - left - right) * n) / max;
          const summary = buttons.map((b) => `${b.label || b.button}: ${b.unique_clicks} unique clicks, ${b.taps} taps`).join("; ");
          const chart = svg("svg", { id: "chart-buttons", class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Clicks and taps per button: " + summary },
            svg("title", {}, "Clicks and taps per button"),
            svg("line", { class: "axis", x1: left, x2: left, y1: top - 4, y2: height - 4 }),
            buttons.map((b, i) => {
              const y = top + i * row;
              return svg("g", { "data-button": b.button },
                svg("text", { class: "label", x: left - 8, y: y + 20, "text-anchor": "end" }, (b.label || b.button).slice(0, 22)),
                svg("rect", { class: "clicks", x: left, y: y + 4, height: 15, width: scale(b.unique_clicks), rx: 2 }),
                svg("text", { x: left + scale(b.unique_clicks) + 5, y: y + 16 }, `${b.unique_clicks} unique`),
                svg("rect", { class: "sent", x: left, y: y + 21, height: 15, width: scale(b.taps), rx: 2 }),
                svg("text", { x: left + scale(b.taps) + 5, y: y + 33 }, `${b.taps} taps`));
            }));
          return el("div", { class: "card" }, chart, el("p", { class: "legend" },
            el("span", {}, el("span", { class: "swatch clicks" }), "unique clicks"),
            el("span", {}, el("span", { class: "swatch sent" }), "taps (every press)")));
        }

        function timeChart(timeline) {
          const points = timeline.points;
          if (!points.length) return el("p", { class: "card empty" }, "Nothing sent yet.");
          const width = 640, height = 240, left = 48, right = 48, top = 12, bottom = 30;
          let sent = 0, clicks = 0;
          const running = points.map((p) => ({ at: p.at, sent: (sent += p.sent), clicks: (clicks += p.clicks) }));
          const maxSent = niceMax(Math.max(1, sent)), maxClicks = niceMax(Math.max(1, clicks));
          const x = (i) => left + (points.length === 1 ? 0 : ((width - left - right) * i) / (points.length - 1));
          const y = (value, max) => top + (height - top - bottom) * (1 - value / max);
          const path = (key, max) => running.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p[key], max).toFixed(1)}`).join(" ");
          const base = y(0, 1);
          const area = `${path("sent", maxSent)} L${x(points.length - 1).toFixed(1)},${base} L${left},${base} Z`;
          const ticks = [0, 0.5, 1];
          const marks = points.length === 1 ? [0] : [0, Math.floor((points.length - 1) / 2), points.length - 1];
          const chart = svg("svg", { id: "chart-timeline", class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
              "aria-label": `Sends and clicks over time, ${timeline.bucket_seconds}-second steps: ${sent} sent, ${clicks} clicks by ${clock(points[points.length - 1].at)}` },
            svg("title", {}, "Sends and clicks over time (running totals)"),
            ticks.map((t) => svg("g", {},
              svg("line", { class: "axis", x1: left, x2: width - right, y1: y(t, 1), y2: y(t, 1) }),
              svg("text", { x: left - 6, y: y(t, 1) + 4, "text-anchor": "end" }, Math.round(t * maxSent)),
              svg("text", { x: width - right + 6, y: y(t, 1) + 4 }, Math.round(t * maxClicks)))),
            marks.map((i) => svg("text", { x: x(i), y: height - 10, "text-anchor": i === 0 ? "start" : i === points.length - 1 ? "end" : "middle" }, clock(points[i].at))),
            svg("path", { class: "sent-area", d: area }),
            svg("path", { class: "sent-line", d: path("sent", maxSent) }),
            svg("path", { class: "clicks-line", d: path("clicks", maxClicks) }));
          return el("div", { class: "card" }, chart, el("p", { class: "legend" },
            el("span", {}, el("span", { class: "swatch sent" }), "sent (left axis)"),
            el("span", {}, el("span", { class: "swatch clicks" }), "clicks: first presses of a button (right axis)"),
            el("span", {}, `${timeline.bucket_seconds}-second steps`)));
        }

        async function detail(id) {
          const [broadcast, stats, timeline] = await Promise.all([
            api("broadcasts/" + id), api("broadcasts/" + id + "/stats"), api("broadcasts/" + id + "/timeline")]);
          const failures = Object.entries(stats.failed_by_class);
          const view = [
            el("p", {}, el("a", { href: "#/" }, "← All broadcasts")),
            el("h1", { "data-broadcast": stats.broadcast_id }, stats.title, " ", statusBadge(stats.status)),
            el("p", {}, progress(stats)),
            figures(stats),
            el("div", { class: "charts" },
              el("section", { "aria-labelledby": "buttons-title" }, el("h2", { id: "buttons-title" }, "Clicks and taps per button"), buttonChart(stats.buttons)),
              el("section", { "aria-labelledby": "time-title" }, el("h2", { id: "time-title" }, "Sends and clicks over time"), timeChart(timeline))),
            failures.length ? [el("h2", {}, "Failures by class"), table("Failures by class", [["Class"], ["Messages", 1]],
              failures.map(([name, n]) => el("tr", {}, el("td", {}, name), el("td", { class: "num" }, count(n)))), "")] : null,
            el("h2", {}, "Broadcast"),
            el("dl", { class: "details card" },
              [["Template", broadcast.template || broadcast.template_id], ["Cohort", JSON.stringify(broadcast.cohort)],
               ["Delivery", broadcast.delivery + (broadcast.paid ? ", paid lane" : "")], ["Send at", when(broadcast.send_at)],
               ["Created", when(broadcast.created_at)], ["Reason", broadcast.reason || "—"], ["Id", broadcast.broadcast_id]]
                .flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
          ];
          return { view, key: JSON.stringify([broadcast, stats, timeline]), live: LIVE.has(stats.status) };
        }

        // ---- routing, polling, signing in ----

        function showLogin(message) {
          clearTimeout(timer);
          generation += 1;
          shown = "";
          $("view").replaceChildren();
          $("sign-out").hidden = true;
          $("updated").textContent = "";
          $("problem").hidden = true;
          $("login").hidden = false;
          $("login-error").hidden = !message;
          $("login-error").textContent = message || "";
          $("token").value = "";
          $("token").focus();
        }

        async function render(mine) {
          const match = location.hash.match(/^#\/broadcasts\/([0-9a-fA-F-]{36})$/);
          try {
            const page = match ? await detail(match[1]) : await overview();
            if (mine !== generation) return;
            if (page.key !== shown) {
              $("view").replaceChildren(...page.view.flat().filter(Boolean));
              shown = page.key;
            }
            $("problem").hidden = true;
            $("updated").textContent = "Updated " + new Date().toLocaleTimeString() + (page.live ? " · live" : "");
            timer = setTimeout(() => render(mine), page.live ? 1500 : 5000);
          } catch (error) {
            if (mine !== generation) return;
            if (error instanceof Unauthorized) {
              sessionStorage.removeItem(TOKEN_KEY);
              showLogin("The API refused this token. Check HERALD_API_TOKEN and enter it again.");
              return;
            }
            $("problem").textContent = error.message;
            $("problem").hidden = false;
            timer = setTimeout(() => render(mine), 5000);
          }
        }

        function route() {
          clearTimeout(timer);
          generation += 1;
          shown = "";
          if (!token()) return showLogin("");
          $("login").hidden = true;
          $("sign-out").hidden = false;
          $("view").replaceChildren(el("p", { class: "muted" }, "Loading…"));
          render(generation);
        }

        document.addEventListener("DOMContentLoaded", () => {
          $("login-form").addEventListener("submit", (event) => {
            event.preventDefault();
            const value = $("token").value.trim();
            if (!value) return;
            sessionStorage.setItem(TOKEN_KEY, value);
            route();
          });
          $("sign-out").addEventListener("click", () => {
            sessionStorage.removeItem(TOKEN_KEY);
            showLogin("Signed out.");
          });
          window.addEventListener("hashchange", route);
          route();
        });
        })();

        """#
}
