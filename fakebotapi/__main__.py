"""``python -m fakebotapi``: serve the fake Bot API on 127.0.0.1 to try ``python -m bot`` without Telegram.

It plays one user (id 1001) whose messages you type here; what the bot answers is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from fakebotapi.core import DEFAULT_TOKEN, FakeBotAPI, Seen
from fakebotapi.server import serve

USER_ID = 1001


async def main(port: int) -> None:
    core = FakeBotAPI()
    core.add_user(USER_ID, first_name="Tester")

    def show(chat_id: int, seen: Seen) -> None:
        print(f"\n── bot ──\n{seen.text}")
        for number, label in enumerate(seen.button_labels(), start=1):
            print(f"  [{number}] {label}")

    core.listeners.append(show)
    async with serve(core, port=port) as url:
        print(f"TELEGRAM_API_BASE_URL={url}\nTELEGRAM_BOT_TOKEN={DEFAULT_TOKEN}")
        print("Start the bot with these two variables, then type here as user 1001 (a number presses a button).")
        while True:
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                return
            text = line.strip()
            last = core.chats[USER_ID].last_bot()
            if text.isdigit() and last and 1 <= int(text) <= len(last.button_labels()):
                core.user_presses(USER_ID, last.button_labels()[int(text) - 1])
            elif text:
                core.user_sends(USER_ID, text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8081)
    asyncio.run(main(parser.parse_args().port))
