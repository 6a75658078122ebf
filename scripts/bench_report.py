#!/usr/bin/env python3
"""Writes the summary table of one `scripts/bench all` run into BENCHMARKS.md.

usage: bench_report.py RESULTS_DIR BENCHMARKS.md

RESULTS_DIR holds what the run left: `results.tsv` (key<TAB>value lines that scripts/bench-*
record), `<Target>.md` (ordo-one benchmark's markdown output per benchmark target) and
`machine.tsv`. The table replaces whatever stands between the summary markers in BENCHMARKS.md;
the rest of the file (method and analysis per benchmark) is left as it is. A figure the run did
not produce is shown as "not measured", never carried over from an earlier run.
"""
import re
import sys
from pathlib import Path

BEGIN = "<!-- scripts/bench all: summary begins (generated; edits here are overwritten) -->"
END = "<!-- scripts/bench all: summary ends -->"
UNITS = {"ns": 1e-9, "μs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
SIZES = {"K": 1 / 1024, "M": 1.0, "G": 1024.0}


def ordo(path):
    """{benchmark name: {metric: p50 in seconds, or MB for memory, or the raw count}} from markdown output."""
    results, name = {}, None
    if not path.exists():
        return results
    for line in path.read_text().splitlines():
        if line.startswith("### "):
            name = line[4:].strip()
            results.setdefault(name, {})
        elif name and line.startswith("|") and not line.startswith("| Metric") and not line.startswith("|:"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if len(cells) < 4:
                continue
            metric, p50 = cells[0], cells[3]
            try:
                value = float(p50)
            except ValueError:
                continue
            unit = re.findall(r"\(([^()]*)\)", metric)
            unit = unit[-1] if unit else ""
            label = re.sub(r"\s*\([^()]*\)\s*\*?\s*$", "", metric).strip()
            if unit in UNITS:
                value *= UNITS[unit]
            elif label.startswith("Memory") and unit in SIZES:
                value *= SIZES[unit]
            results[name][label] = value
    return results


def main():
    directory, target = Path(sys.argv[1]), Path(sys.argv[2])
    r = {}
    for line in (directory / "results.tsv").read_text().splitlines() if (directory / "results.tsv").exists() else []:
        key, _, value = line.partition("\t")
        r[key] = value
    machine = dict(
        line.split("\t", 1) for line in (directory / "machine.tsv").read_text().splitlines() if "\t" in line)
    log = ordo(directory / "EventStoreBenchmarks.md")
    replay = ordo(directory / "ReplayBenchmarks.md")

    def num(key):
        try:
            return float(r[key])
        except (KeyError, ValueError):
            return None

    def wall(results, name):
        return results.get(name, {}).get("Time (wall clock)")

    rows = []

    def row(figure, herald, reference, ref_value, ratio, aim, met, command):
        rows.append((figure, herald, reference, ref_value, ratio, aim, met, command))

    def fmt(value, unit="", digits=0):
        if value is None:
            return "not measured"
        return f"{value:,.{digits}f}{unit}"

    def verdict(ok):
        return "—" if ok is None else ("met" if ok else "**not met**")

    def ratio_of(a, b, digits=2, suffix="×"):
        return f"{a / b:.{digits}f}{suffix}" if a and b else "—"

    # Event log.
    one, plain = wall(log, "append, 1 per commit"), wall(log, "plain INSERT + commit, 1 row")
    row("`herald.append`, 1 event per commit (latency of a commit, p50)",
        fmt(one and one * 1e6 / 1000, " µs"), "plain INSERT + commit of the same row",
        fmt(plain and plain * 1e6 / 1000, " µs"), ratio_of(one, plain), "≤ 1.3×",
        verdict(one / plain <= 1.3 if one and plain else None), "`scripts/bench log`")
    batch, copy = wall(log, "append, 1000 per commit"), wall(log, "plain COPY, 1000 rows")
    row("`herald.append`, 1,000 events per commit", fmt(batch and 1000 / batch, " events/s"),
        "plain COPY of 1,000 rows", fmt(copy and 1000 / copy, " rows/s"),
        ratio_of(copy, batch), "≥ 0.7×", verdict(copy / batch >= 0.7 if batch and copy else None),
        "`scripts/bench log`")
    grouped, pooled = (wall(log, "1 event per call, 100 concurrent callers, GroupCommit"),
                       wall(log, "1 event per call, 100 concurrent callers, pool of 8"))
    row("`GroupCommit`, 100 concurrent callers, 1 event each", fmt(grouped and 1000 / grouped, " events/s"),
        "each call its own commit (pool of 8)", fmt(pooled and 1000 / pooled, " events/s"),
        ratio_of(pooled, grouped), "—", "—", "`scripts/bench log`")
    a8, i8 = num("concurrency.8.append"), num("concurrency.8.insert")
    row("8 processes appending 1 event per commit (pgbench)", fmt(a8, " events/s"),
        "8 processes of plain INSERT + commit", fmt(i8, " rows/s"), ratio_of(a8, i8), "—", "—",
        "`scripts/bench log` (`scripts/bench-log-concurrency`)")

    # Replay.
    raw = wall(replay, "raw COPY out, 1M events")
    stats = wall(replay, "replay stats (set-based), 1M delivery and click events")
    swift = wall(replay, "replay event_counts, Swift fold, 1M events")
    row("replay of the stats read model, 1M events", fmt(stats and 1e6 / stats, " events/s"),
        "raw `COPY … TO STDOUT` of the log", fmt(raw and 1e6 / raw, " events/s"),
        ratio_of(raw, stats), "≥ 0.3×", verdict(raw / stats >= 0.3 if raw and stats else None),
        "`scripts/bench replay`")
    row("replay of event counts, Swift fold, 1M events", fmt(swift and 1e6 / swift, " events/s"),
        "the same raw COPY", fmt(raw and 1e6 / raw, " events/s"), ratio_of(raw, swift), "≥ 0.3×",
        verdict(raw / swift >= 0.3 if raw and swift else None), "`scripts/bench replay`")
    m1 = replay.get("replay event_counts, Swift fold, 1M events", {}).get("Memory (resident peak)")
    m250 = replay.get("replay event_counts, Swift fold, 250k events (memory vs 1M)", {}).get("Memory (resident peak)")
    row("peak RSS of a Swift-fold replay, 1M events", fmt(m1, " MB"), "the same over 250k events",
        fmt(m250, " MB"), ratio_of(m1, m250), "flat", verdict(m1 <= m250 * 1.2 if m1 and m250 else None),
        "`scripts/bench replay`")

    # Telegram client and sending.
    client, ptb = num("telegram.herald"), num("telegram.ptb")
    row("Bot API client, sendMessage, 64 in flight", fmt(client, " msg/s"),
        "python-telegram-bot 22.8, same simulator", fmt(ptb, " msg/s"), ratio_of(client, ptb), "—", "—",
        "`scripts/bench telegram`")
    sent, sent_ptb = num("send.herald"), num("send.ptb")
    row(f"broadcast end to end (claim, mark, render, send, record), {fmt(num('send.recipients'))} recipients",
        fmt(sent, " msg/s"), "python-telegram-bot's send loop, sends only", fmt(sent_ptb, " msg/s"),
        ratio_of(sent, sent_ptb), "≥ 5× and ≥ 10,000 msg/s",
        verdict(sent / sent_ptb >= 5 and sent >= 10000 if sent and sent_ptb else None), "`scripts/bench-send throughput`")
    for lane, limit in (("free", 30), ("paid", 1000)):
        achieved, fraction = num(f"rate.{lane}.achieved"), num(f"rate.{lane}.fraction")
        too_many, early = num(f"rate.{lane}.429"), num(f"rate.{lane}.early")
        row(f"rate held, {lane} lane, over {fmt(num(f'rate.{lane}.seconds'), ' s', 1)}",
            f"{fmt(achieved, ' msg/s', 1)}, {fmt(too_many)} × 429, {fmt(early)} early",
            "the limit the simulator enforces", f"{limit} msg/s",
            "—" if fraction is None else f"{fraction:.3f}", "≥ 0.97, 0 × 429",
            verdict(fraction >= 0.97 and too_many == 0 and early == 0 if fraction is not None else None),
            "`scripts/bench-send rate`")
    sizes = sorted({int(k.split(".")[1]) for k in r if k.startswith("memory.") and k.endswith(".peak_mb")})
    peaks = [num(f"memory.{n}.peak_mb") for n in sizes]
    row("peak RSS of `herald run` by audience", ", ".join(f"{n:,}: {fmt(p, ' MB')}" for n, p in zip(sizes, peaks))
        or "not measured", "the aim", "150 MB", "—", "flat, ≤ 150 MB",
        verdict(max(peaks) <= 150 if peaks and None not in peaks else None), "`scripts/bench-send memory`")
    unknown = num("kill.unknown")
    row("`outcome-unknown` after a SIGKILL at full rate", f"{fmt(unknown)} ({fmt(num('kill.duplicates'))} sent twice)",
        "the in-flight window (2 claims of 500)", "1,000", ratio_of(unknown, 1000), "≤ the window, 0 twice",
        verdict(unknown <= 1000 and num("kill.duplicates") == 0 if unknown is not None else None),
        "`scripts/bench-send kill`")

    # Clicks.
    for part, label in (("max", f"{fmt(num('clicks.connections'))} connections"),
                        ("wide", f"{fmt(num('clicks.wide'))} connections")):
        h, e = num(f"clicks.herald_{part}.rps"), num(f"clicks.echo_{part}.rps")
        row(f"CTA clicks through the webhook, wrk {label}", fmt(h, " clicks/s"),
            "a do-nothing Hummingbird handler, same load", fmt(e, " requests/s"), ratio_of(h, e),
            "≥ 0.3×" if part == "max" else "—", verdict(h / e >= 0.3 if h and e else None) if part == "max" else "—",
            "`scripts/bench clicks`")
    p99, echo99 = num("clicks.herald_fixed.p99_ms"), num("clicks.echo_fixed.p99_ms")
    row(f"CTA click latency at {fmt(num('clicks.rate'))}/s, open loop, p99 (p50)",
        f"{fmt(p99, ' ms', 1)} ({fmt(num('clicks.herald_fixed.p50_ms'), ' ms', 1)})",
        "the do-nothing handler, same load", fmt(echo99, " ms", 1), "—", "< 20 ms",
        verdict(p99 < 20 if p99 is not None else None), "`scripts/bench clicks`")
    lost, doubled = num("clicks.check.lost"), num("clicks.check.doubled")
    row("presses answered 2xx but not in the log / in it twice", f"{fmt(lost)} / {fmt(doubled)}",
        f"{fmt(num('clicks.check.answered'))} answered, {fmt(num('clicks.check.clicked'))} `cta.clicked`", "—", "—", "0 / 0",
        verdict(lost == 0 and doubled == 0 if lost is not None else None), "`scripts/bench clicks`")

    lines = [
        BEGIN,
        "",
        f"**Latest `scripts/bench all`**: {machine.get('date', '?')}, commit `{machine.get('commit', '?')}`, "
        f"on {machine.get('cpu', '?')} ({machine.get('cores', '?')} cores, {machine.get('memory', '?')} of memory), "
        f"{machine.get('kernel', '?')}, {machine.get('postgres', '?')}, {machine.get('swift', '?')}; "
        f"load average {machine.get('load_before', '?')} before the run and {machine.get('load_after', '?')} after, "
        f"{machine.get('minutes', '?')} minutes in all. Release builds; PostgreSQL is the private cluster of "
        "`scripts/postgres` (fsync and synchronous_commit on); Telegram is `herald simulator` on loopback. "
        "Every reference was measured in the same run, on the same machine, just before or after the figure.",
        "",
        "| figure | Herald | compared with | reference | ratio | aim | | reproduce |",
        "|---|---:|---|---:|---:|---|---|---|",
    ]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    lines += ["", END]
    text = target.read_text()
    block = "\n".join(lines)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        head, _, rest = text.partition("\n## ")
        text = head.rstrip() + "\n\n" + block + "\n\n## " + rest
    target.write_text(text)
    print(block)


if __name__ == "__main__":
    main()
