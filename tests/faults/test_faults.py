"""Telegram and the disk misbehave; the bot answers clearly, retries what can be retried, and never crashes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.harness import ADMIN_ID, BotHarness

USER = 9001
APOLOGY = "😔 Sorry, something went wrong on our side. Please try again in a moment."


async def test_429_on_a_normal_reply_is_waited_out(bot: BotHarness) -> None:
    bot.core.inject("429", chat_id=USER, method="sendMessage", retry_after=1)
    replies = await bot.send(USER, "/help")
    assert len(replies) == 1 and "What I can do" in replies[0].text
    assert bot.core.retry_after_events == 1


async def test_5xx_is_retried_then_fails_clearly_and_the_bot_goes_on(bot: BotHarness) -> None:
    bot.core.inject("5xx", chat_id=USER, status=502)
    assert "What I can do" in (await bot.send(USER, "/help"))[0].text  # one 502, retried
    bot.core.inject("5xx", chat_id=USER, status=500, times=3)
    replies = await bot.send(USER, "/help")
    assert [r.text for r in replies] == [APOLOGY]  # three 500s: the reply is lost, the user hears so
    assert "What I can do" in (await bot.send(USER, "/help"))[0].text


async def test_timeout_is_not_resent(bot: BotHarness) -> None:
    bot.core.inject("timeout", chat_id=USER, method="sendMessage", delivered=True)
    replies = await bot.send(USER, "/help")
    helps = [r for r in replies if "What I can do" in r.text]
    assert len(helps) == 1  # delivered once despite the timeout, not resent
    assert "What I can do" in (await bot.send(USER, "/help"))[0].text


async def test_user_who_blocked_the_bot_is_marked_inactive(bot: BotHarness) -> None:
    await bot.send(USER, "/start")
    bot.core.block(USER)
    assert await bot.send(USER, "/help") == []
    user = await bot.services.users.get(USER)
    assert user is not None and not user.active


@pytest.mark.parametrize(("pragma", "needle"), [("query_only = ON", "readonly"), ("max_page_count = 1", "full")])
async def test_read_only_or_full_database_gives_a_clear_error_and_no_corruption(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, pragma: str, needle: str
) -> None:
    await bot.send(USER, "/start")
    if "max_page_count" in pragma:
        pages = (await bot.services.db.fetch_one("PRAGMA page_count"))[0]
        await bot.services.db.conn.execute(f"PRAGMA max_page_count = {pages}")
        for size in (200, 20, 1):  # fill the last pages, big rows first, as a full disk would
            with pytest.raises(sqlite3.OperationalError, match="full"):
                for i in range(100_000):
                    async with bot.services.db.transaction() as conn:
                        await conn.execute(
                            "INSERT INTO processed_updates (update_id, handled_at) VALUES (?, ?)",
                            (-size * 1_000_000 - i, "x" * size),
                        )
    else:
        await bot.services.db.conn.execute(f"PRAGMA {pragma}")
    bot.core.add_user(USER + 1, first_name="New")
    replies = await bot.send(USER + 1, "/start")
    assert [r.text for r in replies] == [APOLOGY]
    assert any("database error" in r.getMessage() and needle in r.getMessage() for r in caplog.records)
    assert "OperationalError" in bot.last(ADMIN_ID).text
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_replayed_update_acts_once(bot: BotHarness) -> None:
    from telegram import Update

    update = bot.core.user_sends(USER, "/start") if USER in bot.core.chats else None
    if update is None:
        bot.core.add_user(USER)
        update = bot.core.user_sends(USER, "/start")
    for _ in range(3):
        await bot.app.process_update(Update.de_json(update, bot.app.bot))
    assert len(bot.core.bot_messages(USER)) == 1


@pytest.mark.parametrize("payload", ["x" * 500, "../../etc", "%00", "🙂" * 30, "<b>", "ref_--__--"])
async def test_malformed_deep_links_are_ignored(bot: BotHarness, payload: str) -> None:
    replies = await bot.send(USER, f"/start {payload}")
    assert len(replies) == 1 and "Welcome to Balkan Cyber Talent Bridge" in replies[0].text


async def test_flood_limit_notice_once_then_ignore_others_unaffected(tmp_path: Path) -> None:
    from tests.harness import make_settings, running_bot

    settings = make_settings(tmp_path / "bot.sqlite3", flood_rate_per_minute=20, flood_burst=5)
    async with running_bot(settings) as bot:
        answered = []
        for _ in range(12):
            answered.append(await bot.send(USER, "/help"))
        texts = [r.text for replies in answered for r in replies]
        assert sum("What I can do" in t for t in texts) == 5
        assert sum("a lot of messages at once" in t for t in texts) == 1
        assert "What I can do" in (await bot.send(USER + 5, "/help"))[0].text  # someone else is fine
        assert "What I can do" in (await bot.send(ADMIN_ID, "/help"))[0].text


def test_flood_guard_forgives_after_a_quiet_window() -> None:
    from bot.handlers.guards import FloodGuard

    now = [0.0]
    guard = FloodGuard(per_minute=20, burst=5, clock=lambda: now[0])
    assert [guard.allow(1)[0] for _ in range(6)] == [True] * 5 + [False]
    assert guard.allow(1) == (False, False)  # warned once only
    now[0] = 9.9
    assert guard.allow(1) == (False, False)  # dropped updates count: a flood stays muted
    now[0] = 10.0
    assert guard.allow(1) == (True, False)  # the first five have left the 10 s window


async def test_old_update_ids_are_forgotten_by_the_daily_job(bot: BotHarness) -> None:
    await bot.send(USER, "/start")
    async with bot.services.db.transaction() as conn:
        await conn.execute("INSERT INTO processed_updates (update_id, handled_at) VALUES (-5, '2020-01-01T00:00:00')")
    job = bot.app.job_queue.get_jobs_by_name("forget-updates")[0]
    await job.run(bot.app)
    ids = [r[0] for r in await bot.services.db.fetch_all("SELECT update_id FROM processed_updates")]
    assert -5 not in ids and len(ids) == 1
