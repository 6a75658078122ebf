#!/usr/bin/env python3
"""Drives Herald's Telegram simulator with python-telegram-bot, a client nobody here wrote.

Every answer must parse into PTB's own types without error, and errors must map to PTB's
exception classes. Usage: ptb_fidelity.py PORT. Exits non-zero on the first failure.
"""
import asyncio
import json
import sys
import urllib.request

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter

TOKEN = "123456:ptb-fidelity-check"


def control(base, action, body):
    request = urllib.request.Request(
        f"{base}/control/{action}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"ok   {what}")


async def main(port):
    base = f"http://127.0.0.1:{port}"
    async with Bot(TOKEN, base_url=f"{base}/bot") as bot:
        me = await bot.get_me()
        check(me.is_bot and me.id == 123456, "getMe parses into User")

        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Buy", callback_data="c:ptb:buy"), InlineKeyboardButton("Site", url="https://example.com")]]
        )
        sent = await bot.send_message(1001, "*Sale* today\\!", parse_mode="MarkdownV2", reply_markup=keyboard)
        check(sent.chat.id == 1001 and sent.reply_markup == keyboard, "sendMessage with a keyboard parses into Message")
        paid = await bot.send_message(1004, "paid", allow_paid_broadcast=True)
        check(paid.text == "paid", "sendMessage with allow_paid_broadcast")

        control(base, "press", {"user_id": 1001, "message_id": sent.message_id, "callback_data": "c:ptb:buy"})
        control(base, "start", {"user_id": 1002, "payload": "promo"})
        control(base, "block", {"user_id": 1003})
        updates = await bot.get_updates(timeout=5)
        check(len(updates) == 3, "getUpdates returns the three user actions")
        query = updates[0].callback_query
        check(query is not None and query.data == "c:ptb:buy" and query.from_user.id == 1001, "callback_query parses")
        check(query.message.message_id == sent.message_id, "callback_query carries the message")
        check(updates[1].message.text == "/start promo", "/start arrives as a message")
        member = updates[2].my_chat_member
        check(member is not None and member.new_chat_member.status == "kicked", "block arrives as my_chat_member kicked")
        check(await bot.answer_callback_query(query.id, text="Thanks"), "answerCallbackQuery")
        rest = await bot.get_updates(offset=updates[-1].update_id + 1)
        check(rest == (), "offset confirms delivered updates")

        parsed = [me, sent, query, query.message, updates[1].message, member]
        check(all(not item.api_kwargs for item in parsed), "no field PTB does not know (api_kwargs empty)")

        check(await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="abc_DEF-1", max_connections=5), "setWebhook")
        info = await bot.get_webhook_info()
        check(info.url == "http://127.0.0.1:9/hook" and info.max_connections == 5, "getWebhookInfo parses")
        check(not info.api_kwargs, "WebhookInfo has no unknown fields")
        check(await bot.delete_webhook(drop_pending_updates=True), "deleteWebhook")

        try:
            await bot.send_message(1001, "50% off!", parse_mode="MarkdownV2")
            check(False, "bad MarkdownV2 is refused")
        except BadRequest as error:
            check("can't parse entities" in error.message.lower(), "bad MarkdownV2 raises BadRequest")
        try:
            await bot.send_message(1003, "hello")
            check(False, "blocked user is refused")
        except Forbidden as error:
            check("blocked" in error.message, "blocked user raises Forbidden")

        control(base, "limits", {"rate": 1})
        try:
            await bot.send_message(2001, "one")
            await bot.send_message(2002, "two")
            check(False, "over the rate is refused")
        except RetryAfter as error:
            check(error.retry_after is not None, "429 raises RetryAfter with retry_after")


if __name__ == "__main__":
    try:
        asyncio.run(main(int(sys.argv[1])))
    except Exception as error:  # one line, non-zero exit
        print(f"FAIL {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
    print("python-telegram-bot parsed every answer")
