#!/usr/bin/env python3
"""Open-loop load for scripts/bench-clicks: CTA presses POSTed at a fixed rate, latency per press.

    bench_clicks_rate.py URL RATE SECONDS [--connections 64] [--record FILE]
    (BENCH_SECRET, BENCH_DATA, BENCH_USERS and BENCH_TAG as for bench_clicks.lua)

Request i is due at start + i / RATE whether or not earlier ones were answered (plain wrk waits
for each answer before sending the next, which hides a slow server's queue). A due request takes
an idle keep-alive connection or waits for one; its latency is measured from when it was due, so
time spent queued counts (no coordinated omission). Prints one line:
RESULT requests=… seconds=… rps=… p50_ms=… p99_ms=… max_ms=… non2xx=… socket_errors=… answered=… other_answers=…
"""
import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
import urllib.parse

QUERY = re.compile(rb'"callback_query_id":"([^"]+)"')


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("rate", type=float)
    parser.add_argument("seconds", type=float)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--record")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.url)
    secret = os.environ.get("BENCH_SECRET", "")
    data = os.environ.get("BENCH_DATA", "c:none:buy")
    users = int(os.environ.get("BENCH_USERS", "1000"))
    tag = os.environ.get("BENCH_TAG", "r")

    idle = asyncio.Queue()
    for _ in range(args.connections):
        idle.put_nowait(await asyncio.open_connection(url.hostname, url.port))

    latencies, answered = [], []
    counts = {"non2xx": 0, "errors": 0, "others": 0}

    async def press(index, due):
        user = random.randint(1, users)
        body = json.dumps({
            "update_id": 900_000_000 + index,
            "callback_query": {
                "id": f"{tag}{index}", "from": {"id": user, "is_bot": False, "first_name": f"User{user}"},
                "chat_instance": "bench", "data": data,
            },
        }, separators=(",", ":")).encode()
        head = (f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\n"
                f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        reader, writer = await idle.get()
        try:
            writer.write(head + body)
            status_line, _, rest = (await reader.readuntil(b"\r\n\r\n")).partition(b"\r\n")
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", rest).group(1))
            answer = await reader.readexactly(length)
            latencies.append(time.monotonic() - due)
            status = int(status_line.split()[1])
            if not 200 <= status < 300:
                counts["non2xx"] += 1
            elif match := QUERY.search(answer):
                answered.append(match.group(1).decode())
            else:
                counts["others"] += 1
            idle.put_nowait((reader, writer))
        except (OSError, asyncio.IncompleteReadError, AttributeError, ValueError):
            counts["errors"] += 1
            writer.close()
            idle.put_nowait(await asyncio.open_connection(url.hostname, url.port))

    total = int(args.rate * args.seconds)
    tasks = []
    start = time.monotonic()
    for index in range(total):
        due = start + index / args.rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(press(index, due)))
    await asyncio.gather(*tasks)
    took = time.monotonic() - start

    latencies.sort()
    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0
    if args.record:
        with open(args.record, "w") as out:
            out.writelines(query + "\n" for query in answered)
    print(f"RESULT requests={len(latencies)} seconds={took:.2f} rps={len(latencies) / took:.0f} "
          f"p50_ms={percentile(50):.2f} p99_ms={percentile(99):.2f} max_ms={latencies[-1] * 1000 if latencies else 0:.2f} "
          f"non2xx={counts['non2xx']} socket_errors={counts['errors']} answered={len(answered)} "
          f"other_answers={counts['others']}")


asyncio.run(main())
