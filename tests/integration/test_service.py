"""Data kept as promised, with a controlled clock: daily backups and their retention, the 24-month inactivity
erase with its 30-day notice; and /healthz in-process (SQLite's own read-only mode, a stale poll, stopped jobs)."""

from __future__ import annotations

import json
import sqlite3
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from bot.backup import backup_files
from bot.health import start_health_server
from bot.observability import BACKUPS
from bot.services.retention import INACTIVE_MONTHS, months_before
from tests.e2e.botprocess import free_port
from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.journeys import EMPLOYER, VACANCY_FORM, register, rows, verified_employer

BELGRADE = ZoneInfo("Europe/Belgrade")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _job(bot: BotHarness, name: str) -> Any:
    jobs = bot.app.job_queue.get_jobs_by_name(name)
    assert len(jobs) == 1, f"{name}: {jobs}"
    return jobs[0]


def _users_in(path: Path) -> set[int]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {r[0] for r in conn.execute("SELECT telegram_id FROM users")}


# ------------------------------------------------------------------ backups
async def test_daily_backups_are_checked_kept_for_backup_keep_days_and_age_out_an_erased_person(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "backups"
    settings = make_settings(tmp_path / "bot.sqlite3", backup_dir=folder, backup_keep=3, backup_time=time(3, 30))
    async with running_bot(settings) as bot:
        job = _job(bot, "backup")
        next_run = job.next_t.astimezone(BELGRADE)
        assert (next_run.hour, next_run.minute) == (3, 30)
        assert job.next_t - datetime.now(UTC) <= timedelta(days=1)
        assert _job(bot, "backup-catch-up")

        await bot.send(5001, "/start")
        await bot.send(5002, "/start")
        day = Clock(datetime(2026, 12, 1, 2, 30, tzinfo=UTC))
        bot.app.bot_data["clock"] = day
        taken = []
        for n in range(5):
            if n == 1:  # 5002 erases their data after the first backup
                await bot.services.professionals.erase(5002)
            await job.run(bot.app)
            taken.append(backup_files(folder)[-1].name)
            if n == 0:
                assert 5002 in _users_in(backup_files(folder)[0])
            day.now += timedelta(days=1)
        kept = backup_files(folder)
        assert [p.name for p in kept] == taken[-3:]  # the newest BACKUP_KEEP, named by their UTC time
        assert taken[0] == "bot-20261201T023000Z.sqlite3"
        assert not list(folder.glob("*.partial"))
        for path in kept:
            assert 5001 in _users_in(path) and 5002 not in _users_in(path)  # the erased person has aged out

        # the day's backup after a restart is taken only when it is overdue
        before = len(backup_files(folder))
        await _job(bot, "backup-catch-up").run(bot.app)
        assert len(backup_files(folder)) == before  # the newest is 1 day old
        day.now += timedelta(days=2)
        await _job(bot, "backup-catch-up").run(bot.app)
        assert backup_files(folder)[-1].name == "bot-20261208T023000Z.sqlite3"


async def test_a_failed_backup_is_reported_to_the_admins_and_deletes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    settings = make_settings(tmp_path / "bot.sqlite3", backup_dir=folder, backup_keep=2)
    async with running_bot(settings) as bot:
        job = _job(bot, "backup")
        bot.app.bot_data["clock"] = Clock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
        await job.run(bot.app)
        good = backup_files(folder)
        assert len(good) == 1
        failed_before = BACKUPS.labels("failed")._value.get()

        bot.app.bot_data["clock"] = Clock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
        (folder / "bot-20261202T020000Z.sqlite3.partial").mkdir()  # the copy cannot be written
        await job.run(bot.app)
        assert backup_files(folder) == good
        assert BACKUPS.labels("failed")._value.get() == failed_before + 1
        notice = bot.last(ADMIN_ID).text
        assert notice.startswith("⚠️ The scheduled backup failed:") and "The earlier backups are kept." in notice


async def test_no_backup_job_without_backup_dir(bot: BotHarness) -> None:
    assert not bot.app.job_queue.get_jobs_by_name("backup")


# ------------------------------------------------------------------ the 24-month inactivity erase
async def _seen(bot: BotHarness, user_id: int, at: datetime) -> None:
    async with bot.services.db.transaction() as conn:
        await conn.execute(
            "UPDATE users SET last_seen_at = ? WHERE telegram_id = ?", (at.isoformat(timespec="seconds"), user_id)
        )


def _held(bot: BotHarness, user_id: int) -> list[tuple]:
    return rows(bot, "SELECT telegram_id FROM users WHERE telegram_id = ?", user_id)


async def test_inactive_accounts_get_a_notice_30_days_before_and_are_then_erased_like_delete_me(
    tmp_path: Path,
) -> None:
    async with running_bot(make_settings(tmp_path / "bot.sqlite3")) as bot:
        job = _job(bot, "inactivity-erase")
        assert job.next_t.astimezone(BELGRADE).hour == 4
        now = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        day = Clock(now)
        bot.app.bot_data["clock"] = day

        quiet, later, returns, long_gone, blocked = 6001, 6002, 6003, 6004, 6005
        bot.core.add_user(quiet, first_name="Arta")
        await register(bot, quiet)  # a full profile, skills and digest schedule
        await bot.services.users.set_language(quiet, "sq")
        await verified_employer(bot)  # EMPLOYER is the last member of an organisation with an open vacancy
        await bot.send(EMPLOYER, VACANCY_FORM)
        await bot.press(EMPLOYER, "🚀 Publish")
        for user_id in (later, returns, long_gone, blocked):
            await bot.send(user_id, "/start")
        cutoff = months_before(now, INACTIVE_MONTHS)
        await _seen(bot, quiet, cutoff + timedelta(days=29))  # 24 months end in 29 days
        await _seen(bot, EMPLOYER, cutoff + timedelta(days=29))
        await _seen(bot, returns, cutoff + timedelta(days=29))
        await _seen(bot, blocked, cutoff + timedelta(days=29))
        await _seen(bot, later, cutoff + timedelta(days=40))  # 24 months end in 40 days: not yet
        await _seen(bot, long_gone, cutoff - timedelta(days=30))  # past 24 months, never told (the job was off)
        bot.core.block(blocked)
        before = {u: len(bot.core.bot_messages(u)) for u in (quiet, later, returns, long_gone, EMPLOYER)}

        await job.run(bot.app)  # day 0
        notice = bot.last(quiet).text
        assert notice.startswith("👋 Nuk e keni përdorur Balkan Cyber Talent Bridge që nga")  # in their language
        erase_on = now + timedelta(days=30)  # never less than 30 days after the notice
        assert f" {erase_on.day} " in notice and str(erase_on.year) in notice and "/start" in notice
        assert "on " in bot.last(long_gone).text and bot.last(long_gone).text.startswith("👋 You have not used")
        assert len(bot.core.bot_messages(later)) == before[later]
        assert len(bot.core.bot_messages(EMPLOYER)) == before[EMPLOYER] + 1
        await job.run(bot.app)  # the same day again: nobody is told twice
        assert len(bot.core.bot_messages(quiet)) == before[quiet] + 1

        await bot.send(returns, "/start")  # coming back cancels the notice

        day.now = now + timedelta(days=12)
        await job.run(bot.app)
        assert len(bot.core.bot_messages(later)) == before[later] + 1  # now within 30 days of their 24 months
        assert _held(bot, quiet) and _held(bot, long_gone)

        day.now = now + timedelta(days=29)
        await job.run(bot.app)
        assert _held(bot, quiet) and _held(bot, long_gone)  # told only 29 days ago

        day.now = now + timedelta(days=30)
        await job.run(bot.app)
        for gone in (quiet, long_gone, EMPLOYER, blocked):  # blocked the bot: could not be told, erased all the same
            assert not _held(bot, gone), gone
            data = await bot.services.professionals.profiles.export(gone)
            assert all(v in (None, []) for v in data.values()), data  # nothing /mydata would show is left
        assert _held(bot, returns) and _held(bot, later)
        # as /delete_me: the organisation its last member leaves is closed, and its vacancy with it
        assert rows(bot, "SELECT status FROM organisations") == [("closed",)]
        assert rows(bot, "SELECT status FROM vacancies") == [("closed",)]

        day.now = now + timedelta(days=41)
        await job.run(bot.app)
        assert _held(bot, later)  # told on day 12: erased 30 days later, on day 42
        day.now = now + timedelta(days=42)
        await job.run(bot.app)
        assert not _held(bot, later)
        assert _held(bot, returns)


# ------------------------------------------------------------------ /healthz in-process
async def test_healthz_reports_each_problem_and_recovers(bot: BotHarness) -> None:
    port = free_port()
    runner = await start_health_server(bot.app, "127.0.0.1", port)

    async def get() -> tuple[int, dict]:
        async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{port}/healthz") as r:
            return r.status, json.loads(await r.text())

    try:
        status, report = await get()
        assert status == 503 and report["problems"] == ["no successful contact with Telegram yet"]
        await bot.app.bot.get_updates(timeout=0)  # a successful poll, through the real transport
        status, report = await get()
        assert status == 200 and report["seconds_since_last_update"] < 5, report

        await bot.services.db.conn.execute("PRAGMA query_only = ON")  # SQLite's own read-only mode
        status, report = await get()
        assert status == 503 and report["database_writable"] is False
        assert "readonly" in report["problems"][0]
        await bot.services.db.conn.execute("PRAGMA query_only = OFF")
        assert (await get())[0] == 200

        bot.app.bot_data["liveness"].last_poll = clock.monotonic() - 120
        status, report = await get()
        assert status == 503 and report["problems"] == ["nothing from Telegram for 120 s"]
        await bot.app.bot.get_updates(timeout=0)

        await bot.app.job_queue.stop()
        status, report = await get()
        assert status == 503 and report["job_queue_running"] is False
    finally:
        await runner.cleanup()
