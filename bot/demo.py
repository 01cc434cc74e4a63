"""``python -m bot demo``: the real bot, offline, against the embedded fake Bot API, in a terminal chat.

You type as a Telegram user would; the bot's replies are printed with numbered buttons, and typing a number
presses that button. The Application is built by the same ``build_application`` production uses.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bot.app import build_application
from bot.config import Settings
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest, Seen

DEMO_USER_ID = 424242


class TerminalChat:
    def __init__(self, core: FakeBotAPI, out: TextIO) -> None:
        self.core = core
        self.out = out
        self.buttons: list[str] = []

    def show(self, chat_id: int, seen: Seen) -> None:
        marker = "bot (edited)" if seen.edited else "bot"
        print(f"\n── {marker} ──", file=self.out)
        if seen.document and seen.kind == "photo":
            print(f"[picture, {seen.document['file_size']} bytes]", file=self.out)
        elif seen.document:
            print(f"[document: {seen.document['file_name']}, {seen.document['file_size']} bytes]", file=self.out)
        print(seen.text, file=self.out)
        labels = seen.button_labels()
        if labels:
            self.buttons = labels
            for number, label in enumerate(labels, start=1):
                print(f"  [{number}] {label}", file=self.out)
        self.out.flush()

    def user_input(self, line: str) -> bool:
        """Turn a typed message into an update; returns False when the user wants to leave."""
        line = line.strip()
        if line in {"/quit", "/exit"}:
            return False
        if not line:
            return True
        if line.isdigit() and self.buttons and 1 <= int(line) <= len(self.buttons):
            try:
                self.core.user_presses(DEMO_USER_ID, self.buttons[int(line) - 1])
            except LookupError:
                print("(that button is no longer shown)", file=self.out)
        else:
            self.core.user_sends(DEMO_USER_ID, line)
        return True


async def run_demo(db_path: Path | None, language: str = "en", stdin: TextIO = sys.stdin) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = db_path or Path(tmp) / "demo.sqlite3"
        settings = Settings(
            token=DEFAULT_TOKEN,
            api_base_url="http://fake-bot-api.invalid/bot",
            database_path=path,
            admin_ids=frozenset({DEMO_USER_ID}),
        )
        core = FakeBotAPI(token=settings.token)
        core.add_user(DEMO_USER_ID, first_name="Demo", language_code=language)
        chat = TerminalChat(core, sys.stdout)
        core.listeners.append(chat.show)
        app = build_application(settings, request=FakeRequest(core))
        print(
            "Balkan Cyber Talent Bridge — offline demo. Type as in Telegram (try /start),"
            " a number to press a button, /quit to leave.",
            "End a line with \\ to continue the same message on the next line (for the one-message post forms).",
            f"Database: {path} (with the sample vacancies and courses)",
            sep="\n",
        )
        async with app:
            assert app.post_init is not None and app.updater is not None
            await app.post_init(app)
            await app.bot_data["services"].seed_samples()
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            await app.start()
            try:
                while True:
                    line = await asyncio.to_thread(stdin.readline)
                    while line.rstrip("\n").endswith("\\"):  # a message of several lines
                        more = await asyncio.to_thread(stdin.readline)
                        line = line.rstrip("\n")[:-1] + "\n" + more
                        if not more:
                            break
                    if not line or not chat.user_input(line):
                        break
                    # Let the bot fetch the update and answer before the next prompt is read.
                    await core.wait_for(lambda: not core.pending_updates(), timeout=30)
                    await asyncio.sleep(0.3)
            finally:
                await app.updater.stop()
                await app.stop()
        if app.post_shutdown:
            await app.post_shutdown(app)
    return 0
