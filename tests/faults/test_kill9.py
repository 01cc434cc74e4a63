"""kill -9 at random moments during writes: the file stays intact and multi-row changes are all or nothing."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
from pathlib import Path

from bot import PROJECT_ROOT
from tests.faults.writer import SKILLS_PER_PROFILE


async def test_kill_9_during_writes_leaves_a_consistent_database(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    rng = random.Random(9)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    for round_ in range(5):
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.faults.writer", str(db), str(round_ * 1_000_000),
            stdout=asyncio.subprocess.PIPE, env=env, cwd=PROJECT_ROOT,
        )  # fmt: skip
        assert proc.stdout is not None
        await asyncio.wait_for(proc.stdout.readline(), 30)
        await asyncio.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            partial = conn.execute(
                "SELECT COUNT(*) FROM professionals p WHERE (SELECT COUNT(*) FROM professional_skills s "
                "WHERE s.user_id = p.user_id) != ?",
                (SKILLS_PER_PROFILE,),
            ).fetchone()[0]
            assert partial == 0
            orphans = conn.execute(
                "SELECT COUNT(*) FROM professional_skills s LEFT JOIN professionals p ON p.user_id = s.user_id "
                "WHERE p.user_id IS NULL"
            ).fetchone()[0]
            assert orphans == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM professionals").fetchone()[0] > 0
