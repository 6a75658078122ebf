#!/usr/bin/env python3
"""The demo's simulated users, reading what the bot sent them from the simulator's control API.

    demo_users.py recipients N FILE        write N recipients as CSV (tiers, regions, activity)
    demo_users.py wait SIM CHAT TEXT [S]   wait up to S seconds (30) for a message to CHAT that
                                           contains TEXT; print its message_id
    demo_users.py button SIM CHAT MESSAGE LABEL
                                           print the callback_data (or url) of the button LABEL
                                           on message MESSAGE in CHAT
    demo_users.py count SIM CHAT          how many messages CHAT received
    demo_users.py field JSON_PATH          read JSON on stdin, print the value at a dotted path
    demo_users.py same A B                 compare two JSON files, ignoring time fields; exit 1
                                           and show the differences when they are not the same

Plain standard library, so a fresh machine needs nothing more than python3.
"""
import csv
import json
import sys
import time
import urllib.request


def recipients(count, path):
    import random
    draw = random.Random(42)  # the same users on every run
    tiers = ["free"] * 6 + ["premium"] * 3 + ["gold"]
    regions = {"EU": ["en", "de", "it", "fr"], "US": ["en", "es"], "APAC": ["en", "hi", "ja"], "LATAM": ["es", "pt"]}
    activity = ["this-week", "this-month", "dormant"]
    names = ["Ann", "Bob", "Chiara", "Dev", "Eve", "Farid", "Gosia", "Hiro", "Ines", "Jon", "Kemal", "Lea"]
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["user_id", "first_name", "username", "tier", "region", "language", "activity"])
        for i in range(count):
            user = 100001 + i
            region = draw.choice(list(regions))
            writer.writerow([user, draw.choice(names), f"user{user}", draw.choice(tiers), region,
                             draw.choice(regions[region]), draw.choice(activity)])


def count(sim, chat):
    return len(messages(sim, chat))


def messages(sim, chat):
    with urllib.request.urlopen(f"{sim}/control/messages?chat_id={chat}", timeout=10) as answer:
        return json.load(answer)


def wait(sim, chat, text, seconds=30.0):
    deadline = time.monotonic() + seconds
    while True:
        for message in messages(sim, chat):
            if text in message.get("text", ""):
                return message
        if time.monotonic() > deadline:
            sys.exit(f"demo: no message to {chat} containing {text!r} within {seconds:.0f} s")
        time.sleep(0.2)


def button(sim, chat, message_id, label):
    for message in messages(sim, chat):
        if message.get("message_id") != message_id:
            continue
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for key in row:
                if key.get("text") == label:
                    return key.get("callback_data") or key.get("url")
    sys.exit(f"demo: message {message_id} to {chat} has no button {label!r}")


def field(path):
    value = json.load(sys.stdin)
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def without_times(value):
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if not k.endswith("_at")}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def load(path):
    """A JSON document, or JSON lines (one object a line, as `herald stats --json` prints)."""
    with open(path) as source:
        text = source.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def same(a, b):
    left, right = without_times(load(a)), without_times(load(b))
    if left != right:
        print(json.dumps(left, indent=1, sort_keys=True))
        print(json.dumps(right, indent=1, sort_keys=True))
        sys.exit("demo: the replayed read models differ from the live ones")


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "recipients":
        recipients(int(argv[2]), argv[3])
    elif command == "wait":
        print(wait(argv[2], int(argv[3]), argv[4], float(argv[5]) if len(argv) > 5 else 30.0)["message_id"])
    elif command == "count":
        print(count(argv[2], int(argv[3])))
    elif command == "button":
        print(button(argv[2], int(argv[3]), int(argv[4]), argv[5]))
    elif command == "field":
        print(field(argv[2]))
    elif command == "same":
        same(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
