"""The bot as a real process: polling over HTTP, signals, restarts, and start-up refusals."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

from fakebotapi import DEFAULT_TOKEN, FakeBotAPI
from fakebotapi.server import serve
from tests.e2e.botprocess import BotProcess, run_once

USER = 5005


async def test_start_converse_sigterm_and_restart_keeps_language(tmp_path: Path) -> None:
    core = FakeBotAPI()
    core.add_user(USER, first_name="Arta", language_code="en")
    db = tmp_path / "bot.sqlite3"
    async with serve(core) as url:
        bot = BotProcess(url, db)
        await bot.start()
        core.user_sends(USER, "/start")
        await core.wait_for(lambda: core.bot_messages(USER), timeout=30)
        welcome = core.bot_messages(USER)[0]
        assert "Welcome to Balkan Cyber Talent Bridge, Arta" in welcome.text
        assert "🏢 Employer" in welcome.button_labels()

        core.user_presses(USER, "🎓 Training provider")
        await core.wait_for(lambda: len(core.bot_messages(USER)) >= 2, timeout=15)
        assert "Training provider registration" in core.bot_messages(USER)[-1].text
        core.user_sends(USER, "/cancel")
        await core.wait_for(lambda: "Cancelled" in core.bot_messages(USER)[-1].text, timeout=15)

        core.user_sends(USER, "/language")
        await core.wait_for(lambda: "Choose your language" in core.bot_messages(USER)[-1].text, timeout=15)
        core.user_presses(USER, "English")
        await core.wait_for(lambda: core.bot_messages(USER)[-1].edited, timeout=15)

        code, output = await bot.stop(signal.SIGTERM)
        assert code == 0, output
        assert DEFAULT_TOKEN not in output
        assert DEFAULT_TOKEN.split(":")[1] not in output

        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT language FROM users WHERE telegram_id = ?", (USER,)).fetchone() == ("en",)

        restarted = BotProcess(url, db)
        await restarted.start()
        core.user_sends(USER, "/help")
        await core.wait_for(lambda: "What I can do" in core.bot_messages(USER)[-1].text, timeout=30)
        code, output = await restarted.stop(signal.SIGINT)
        assert code == 0, output
        assert not core.unknown_methods
        assert all(status == 200 for method, _, status in core.journal if method != "getUpdates")


async def test_missing_token_exits_2_naming_the_variable(tmp_path: Path) -> None:
    code, output = await run_once({"DATABASE_PATH": str(tmp_path / "x.sqlite3")}, tmp_path)
    assert code == 2
    assert "TELEGRAM_BOT_TOKEN" in output
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


async def test_malformed_admin_ids_exit_2(tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "ADMIN_IDS": "12,abc"}
    code, output = await run_once(env, tmp_path)
    assert code == 2 and "ADMIN_IDS" in output and "Traceback" not in output


async def test_database_newer_than_code_refuses_to_start(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version=999")
    core = FakeBotAPI()
    async with serve(core) as url:
        env = {"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "TELEGRAM_API_BASE_URL": url, "DATABASE_PATH": str(db)}
        code, output = await run_once(env, tmp_path)
    assert code == 2
    assert "schema version 999" in output
    assert "Traceback" not in output
