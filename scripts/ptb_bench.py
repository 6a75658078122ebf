#!/usr/bin/env python3
"""python-telegram-bot's concurrent send loop, the yardstick beside Herald's Swift benchmark.

Usage: ptb_bench.py PORT MESSAGES CONCURRENCY CONNECTIONS [ROUNDS]. Sends MESSAGES sendMessage
calls with asyncio.gather under a semaphore of CONCURRENCY, over a pool of CONNECTIONS, ROUNDS
times after one warm-up round, and prints the median messages per second.
"""
import asyncio
import statistics
import sys
import time

from telegram import Bot
from telegram.request import HTTPXRequest


async def one_round(bot, messages, concurrency):
    semaphore = asyncio.Semaphore(concurrency)

    async def send(index):
        async with semaphore:
            await bot.send_message(index + 1, f"Benchmark message {index}")

    start = time.perf_counter()
    await asyncio.gather(*(send(i) for i in range(messages)))
    return messages / (time.perf_counter() - start)


async def main(port, messages, concurrency, connections, rounds):
    request = HTTPXRequest(connection_pool_size=connections, pool_timeout=60, read_timeout=60)
    async with Bot("1000:bench", base_url=f"http://127.0.0.1:{port}/bot", request=request) as bot:
        await one_round(bot, messages, concurrency)
        rates = [await one_round(bot, messages, concurrency) for _ in range(rounds)]
    print(f"ptb messages/s median {statistics.median(rates):.0f} min {min(rates):.0f} max {max(rates):.0f} over {rounds} rounds")


if __name__ == "__main__":
    port, messages, concurrency, connections = (int(arg) for arg in sys.argv[1:5])
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    asyncio.run(main(port, messages, concurrency, connections, rounds))
