"""One error handler for everything; logs carry neither the token nor users' details."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from telegram.ext import CommandHandler

from bot.config import RedactingFilter, install_redaction
from fakebotapi import DEFAULT_TOKEN
from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.journeys import register

USER = 3003


async def _boom(update: object, context: object) -> None:
    raise RuntimeError("kaboom <internal detail>\nsecond line")


async def test_error_gives_user_an_apology_and_admins_one_line(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.app.handlers[0].insert(0, CommandHandler("boom", _boom))
    replies = await bot.send(USER, "/boom")
    assert [r.text for r in replies] == ["😔 Sorry, something went wrong on our side. Please try again in a moment."]
    notice = bot.last(ADMIN_ID).text
    assert notice == "⚠️ Error while handling an update: RuntimeError: kaboom <internal detail>"
    assert "kaboom" not in replies[0].text
    assert any(r.exc_info and "kaboom" in str(r.exc_info[1]) for r in caplog.records)


async def test_logs_of_a_full_run_hold_no_token_or_contact(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    settings = make_settings(tmp_path / "bot.sqlite3")
    restore = install_redaction([settings.token])  # what configure_logging does in production
    try:
        async with running_bot(settings) as bot:
            bot.core.add_user(USER, first_name="Zana", username="zana_secret_handle")
            await bot.services.seed_samples()
            await register(bot, USER)
            await bot.send(USER, "/matches")
            await bot.send(USER, "/mydata")
    finally:
        restore()
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert caplog.records, "the run logged nothing at all"
    assert DEFAULT_TOKEN not in text and DEFAULT_TOKEN.split(":")[1] not in text
    assert "zana_secret_handle" not in text


def test_redacting_filter_removes_the_token_from_any_record() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "calling %s", (f"https://h/bot{DEFAULT_TOKEN}/getMe",), None
    )
    RedactingFilter([DEFAULT_TOKEN]).filter(record)
    assert DEFAULT_TOKEN not in record.getMessage() and "<redacted>" in record.getMessage()
