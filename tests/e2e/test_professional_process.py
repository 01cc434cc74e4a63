"""A professional registers with the real bot process over HTTP, across a restart, then exports and erases."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path

from fakebotapi import FakeBotAPI
from fakebotapi.server import serve
from tests.e2e.botprocess import BotProcess
from tests.e2e.driver import press, say

USER = 6006


async def test_register_across_restart_then_export_and_erase(tmp_path: Path) -> None:
    core = FakeBotAPI()
    core.add_user(USER, first_name="Besa", language_code="en")
    db = tmp_path / "bot.sqlite3"
    async with serve(core) as url:
        bot = BotProcess(url, db)
        await bot.start()
        await say(core, USER, "/register", "Before we start")
        await press(core, USER, "✅ I accept", "What name")
        await press(core, USER, "Use “Besa”", "Where are you based?")
        await press(core, USER, "Albania", "Which city?")
        code, output = await bot.stop(signal.SIGTERM)
        assert code == 0, output

        bot = BotProcess(url, db)
        await bot.start()
        await say(core, USER, "Durrës", "Which cybersecurity skills")
        await say(core, USER, "digital forensics, Volatility, analiza malvera", "Recognised: Digital forensics")
        await press(core, USER, "✅ Looks right", "What is your level?")
        await press(core, USER, "Junior", "How many years")
        await say(core, USER, "1", "Which languages")
        core.user_presses(USER, "Albanian")
        await core.wait_for(lambda: "✅ Albanian" in core.bot_messages(USER)[-1].button_labels(), timeout=20)
        await press(core, USER, "✔️ Done", "Which work formats")
        core.user_presses(USER, "Remote")
        await core.wait_for(lambda: "✅ Remote" in core.bot_messages(USER)[-1].button_labels(), timeout=20)
        await press(core, USER, "✔️ Done", "net monthly salary")
        await say(core, USER, "1.200 neto", "relocate")
        await press(core, USER, "No", "ECSF role")
        await press(core, USER, "Digital Forensics Investigator", "How should employers see you?")
        await press(core, USER, "Hidden: don't show me to employers", "When?")
        await press(core, USER, "Mondays at 09:00", "Please check your profile")
        await press(core, USER, "💾 Save", "Your profile is saved")

        before = len(core.bot_messages(USER))
        core.user_sends(USER, "/mydata")
        await core.wait_for(lambda: any(m.document for m in core.bot_messages(USER)[before:]), timeout=20)
        document = next(m.document for m in core.bot_messages(USER)[before:] if m.document)
        exported = json.loads(core.files[document["file_id"]])
        assert exported["profile"]["city"] == "Durrës"
        assert exported["profile"]["salary_net_eur"] == 1200
        assert {s["skill_id"] for s in exported["skills"]} == {"dfir.forensics", "dfir.memory", "dfir.malware"}

        await say(core, USER, "/delete_me", "cannot be undone")
        await press(core, USER, "🗑 Yes, erase everything", "Everything we held about you is erased")
        code, output = await bot.stop(signal.SIGTERM)
        assert code == 0, output
        assert "Traceback" not in output

    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
            for column in {"telegram_id", "user_id", "created_by"} & set(columns):
                count = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (USER,)).fetchone()[0]
                assert count == 0, f"{table}.{column} still holds the user"
        leftovers = conn.execute("SELECT COUNT(*) FROM conversation_state WHERE key LIKE ?", (f"%{USER}%",)).fetchone()
        assert leftovers == (0,)
