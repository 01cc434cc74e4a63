"""``python -m bot demo``: the real bot, offline, against the embedded fake Bot API, in a terminal chat.

You type as a Telegram user would; the bot's replies are printed with numbered buttons, and typing a number
presses that button. The Application is built by the same ``build_application`` production uses.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.services.hires import utc_clock
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest, Seen
from fakebotapi.html import parse_html

DEMO_USER_ID = 424242
DAILY_JOBS = ("hire-check-ins", "still-looking")  # what /wait runs: the jobs whose questions depend on time passing


class DemoClock:
    """The retention and freshness services' "now" in the demo: real time plus the days ``/wait`` added, so the
    6- and 12-month check-ins and "Still looking?" can be tried without waiting months."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utc_clock() + self.offset


async def wait_days(app: Application, clock: DemoClock, days: int, out: TextIO) -> None:
    """``/wait N``: move the demo's clock N days on, then run the daily jobs as they would run that day."""
    clock.offset += timedelta(days=days)
    print(f"\n── {days} days later ({clock().date().isoformat()}): running the daily jobs ──", file=out)
    assert app.job_queue is not None
    for name in DAILY_JOBS:
        for job in app.job_queue.get_jobs_by_name(name):
            await job.run(app)


class TerminalChat:
    def __init__(self, core: FakeBotAPI, out: TextIO) -> None:
        self.core = core
        self.out = out
        self.buttons: list[str] = []
        self.inline_query: str | None = None
        self.alerts_shown = 0

    def show_alerts(self) -> None:
        """The pop-up notices a button press answers with ("Saved", "Moved to interviewing"): Telegram shows
        them over the chat, so the demo prints them after the messages."""
        chat = self.core.chats.get(DEMO_USER_ID)
        alerts = chat.alerts if chat is not None else []
        for text in alerts[self.alerts_shown :]:
            print(f"\n── pop-up ──\n{text}", file=self.out)
        self.alerts_shown = len(alerts)
        self.out.flush()

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

    def send_file(self, path: Path) -> None:
        try:
            content = path.read_bytes()
        except OSError as exc:
            print(f"(cannot read {path}: {exc.strerror})", file=self.out)
            return
        file_id = self.core.add_file(content)
        document = {"file_id": file_id, "file_unique_id": file_id.lower(), "file_name": path.name,
                    "file_size": len(content)}  # fmt: skip
        self.core.user_sends(DEMO_USER_ID, None, document=document)

    def inline(self, query: str) -> None:
        self.inline_query = self.core.user_inline_query(DEMO_USER_ID, query)["inline_query"]["id"]

    def show_inline(self) -> None:
        """Print what the bot answered to the last inline query: what the user could pick to post in a chat."""
        if self.inline_query is None:
            return
        answer = self.core.inline_answers.get(self.inline_query)
        self.inline_query = None
        results = answer["results"] if answer else []
        print(f"\n── inline results ({len(results)}) ──", file=self.out)
        for result in results:
            content = result["input_message_content"]
            print(f"• {result['title']}\n{parse_html(content['message_text'])}", file=self.out)
        self.out.flush()

    def not_pressable(self, label: str) -> str:
        """A link or a "share to a chat" button: Telegram handles those itself, so say what it would do."""
        chat = self.core.chats.get(DEMO_USER_ID)
        for seen in reversed(chat.messages if chat is not None else []):
            for button in (b for row in seen.buttons for b in row if b.get("text") == label):
                if "url" in button:
                    return f"(a link: Telegram would open {button['url']})"
                for key in ("switch_inline_query", "switch_inline_query_chosen_chat"):
                    if key in button:
                        query = button[key] if isinstance(button[key], str) else button[key].get("query", "")
                        return f"(Telegram would let you pick a chat and post there; try it here: @bot {query})"
        return "(that button is no longer shown)"

    def user_input(self, line: str) -> bool:
        """Turn a typed message into an update; returns False when the user wants to leave."""
        line = line.strip()
        if line in {"/quit", "/exit"}:
            return False
        if not line:
            return True
        if line.startswith("/file "):  # the demo's way to attach a file (a CSV of posts, a PDF or DOCX CV)
            self.send_file(Path(line.removeprefix("/file ").strip()).expanduser())
        elif line.startswith("@"):  # an inline query, as typed in any chat: "@bot soc analyst"
            self.inline(line.partition(" ")[2])
        elif line.isdigit() and self.buttons and 1 <= int(line) <= len(self.buttons):
            label = self.buttons[int(line) - 1]
            try:
                self.core.user_presses(DEMO_USER_ID, label)
            except LookupError:
                print(self.not_pressable(label), file=self.out)
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
            "/file PATH sends a file (a CSV of posts after /import, a PDF or DOCX CV); @bot WORDS is an inline query.",
            "End a line with \\ to continue the same message on the next line (for the one-message post forms).",
            "After /register: /matches and /digest → Preview have 💾 Save, 🙈 Hide, 👎 Not relevant; then /saved.",
            '/wait DAYS moves time on and runs the daily jobs (hire check-ins at 6 and 12 months, "Still looking?").',
            "Salary: /register asks an optional net expectation (private); /matches says whether each range meets it,"
            " /vacancies filters by salary, the sample ranges say gross or net.",
            f"Database: {path} (with the sample vacancies and courses)",
            sep="\n",
        )
        async with app:
            assert app.post_init is not None and app.updater is not None
            await app.post_init(app)
            services = app.bot_data["services"]
            clock = DemoClock()
            services.hires.clock = services.freshness.clock = clock
            await services.seed_samples()
            # the embedded API numbers updates from 1 at every start: with a kept --db, forget the ids handled in
            # an earlier session, or the replay guard would drop the first messages of this one
            await services.users.forget_updates_before("9999")
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
                    if line.startswith("/wait "):  # the demo's own command, never sent to the bot
                        days = line.removeprefix("/wait ").strip()
                        if days.isdigit() and 0 < int(days) <= 1000:
                            await wait_days(app, clock, int(days), sys.stdout)
                        else:
                            print("(/wait takes a number of days, 1 to 1000)")
                    elif not line or not chat.user_input(line):
                        break
                    # Let the bot fetch the update and answer before the next prompt is read.
                    await core.wait_for(lambda: not core.pending_updates(), timeout=30)
                    await asyncio.sleep(0.3)
                    chat.show_inline()
                    chat.show_alerts()
            finally:
                await app.updater.stop()
                await app.stop()
        if app.post_shutdown:
            await app.post_shutdown(app)
    return 0
