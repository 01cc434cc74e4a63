"""kill -9 in the middle of a digest run, restart, and check that nobody got two digests or was skipped."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from bot import PROJECT_ROOT
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI
from fakebotapi.server import serve
from tests.e2e.botprocess import STARTED, populate

USERS = range(10_000, 10_150)


async def _digest_process(url: str, db: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "ADMIN_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_API_BASE_URL=url, DATABASE_PATH=str(db),
        DIGEST_SEND_EMPTY="true", PYTHONPATH=str(PROJECT_ROOT),
    )  # fmt: skip
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", "--now", env=env, cwd=db.parent,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    STARTED.append(proc)
    return proc


async def test_kill_9_mid_digest_then_restart(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    await populate(db, USERS)
    core = FakeBotAPI(flood_control=True)
    for user_id in USERS:
        core.add_user(user_id)
    core.block(USERS[3])
    async with serve(core) as url:
        first = await _digest_process(url, db)
        await core.wait_for(lambda: core.sent_count() >= 40, timeout=60)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        killed_at = core.sent_count()
        assert killed_at < len(USERS) - 1, "the run finished before it could be killed"

        second = await _digest_process(url, db)
        output, _ = await asyncio.wait_for(second.communicate(), 120)
        assert second.returncode == 0, output.decode()

    with sqlite3.connect(db) as conn:
        states = dict(conn.execute("SELECT user_id, state FROM digest_ledger").fetchall())
    assert set(states) == set(USERS), "someone was skipped"
    assert set(states.values()) <= {"sent", "blocked", "uncertain"}
    assert states[USERS[3]] == "blocked"
    for user_id in USERS:
        received = len(core.bot_messages(user_id))
        assert received <= 1, f"user {user_id} got {received} digests"
        if states[user_id] == "sent":
            assert received == 1
    assert sum(1 for s in states.values() if s == "uncertain") <= 40  # only what was in flight at the kill
