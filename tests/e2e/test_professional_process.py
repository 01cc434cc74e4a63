"""A professional registers with the real bot process over HTTP, across a restart, then exports and erases."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path

from fakebotapi import FakeBotAPI
from fakebotapi.server import serve
from tests.e2e.botprocess import BotProcess

USER = 6006


async def _say(core: FakeBotAPI, text: str, expect: str) -> None:
    before = len(core.bot_messages(USER))
    core.user_sends(USER, text)
    await core.wait_for(lambda: any(expect in m.text for m in core.bot_messages(USER)[before:]), timeout=20)


async def _press(core: FakeBotAPI, label: str, expect: str) -> None:
    core.user_presses(USER, label)
    await core.wait_for(lambda: any(expect in m.text for m in core.bot_messages(USER)[-3:]), timeout=20)


async def test_register_across_restart_then_export_and_erase(tmp_path: Path) -> None:
    core = FakeBotAPI()
    core.add_user(USER, first_name="Besa", language_code="en")
    db = tmp_path / "bot.sqlite3"
    async with serve(core) as url:
        bot = BotProcess(url, db)
        await bot.start()
        await _say(core, "/register", "Before we start")
        await _press(core, "✅ I accept", "What name")
        await _press(core, "Use “Besa”", "Where are you based?")
        await _press(core, "Albania", "Which city?")
        code, output = await bot.stop(signal.SIGTERM)
        assert code == 0, output

        bot = BotProcess(url, db)
        await bot.start()
        await _say(core, "Durrës", "Which cybersecurity skills")
        await _say(core, "digital forensics, Volatility, analiza malvera", "Recognised: Digital forensics")
        await _press(core, "✅ Looks right", "What is your level?")
        await _press(core, "Junior", "How many years")
        await _say(core, "1", "Which languages")
        core.user_presses(USER, "Albanian")
        await core.wait_for(lambda: "✅ Albanian" in core.bot_messages(USER)[-1].button_labels(), timeout=20)
        await _press(core, "✔️ Done", "Which work formats")
        core.user_presses(USER, "Remote")
        await core.wait_for(lambda: "✅ Remote" in core.bot_messages(USER)[-1].button_labels(), timeout=20)
        await _press(core, "✔️ Done", "relocate")
        await _press(core, "No", "ECSF role")
        await _press(core, "Digital Forensics Investigator", "How should employers see you?")
        await _press(core, "Hidden: don't show me to employers", "When?")
        await _press(core, "Mondays at 09:00", "Please check your profile")
        await _press(core, "💾 Save", "Your profile is saved")

        before = len(core.bot_messages(USER))
        core.user_sends(USER, "/mydata")
        await core.wait_for(lambda: any(m.document for m in core.bot_messages(USER)[before:]), timeout=20)
        document = next(m.document for m in core.bot_messages(USER)[before:] if m.document)
        exported = json.loads(core.files[document["file_id"]])
        assert exported["profile"]["city"] == "Durrës"
        assert {s["skill_id"] for s in exported["skills"]} == {"dfir.forensics", "dfir.memory", "dfir.malware"}

        await _say(core, "/delete_me", "cannot be undone")
        await _press(core, "🗑 Yes, erase everything", "Everything we held about you is erased")
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
