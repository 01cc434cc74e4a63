"""A backup taken while the bot writes restores to a consistent database."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.backup import backup
from bot.config import Settings
from bot.domain import Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.services import Services
from fakebotapi import DEFAULT_TOKEN
from tests.e2e.botprocess import run_once


def _profile(user_id: int, skills: int) -> Profile:
    return Profile(
        user_id=user_id, display_name=f"U{user_id}", economy="RS", city="", level=Level.MID, years=1,
        languages=("en",), work_formats=(WorkFormat.REMOTE,), relocate=False, target_role=None,
        visibility=Visibility.ANONYMOUS, skills=tuple(SkillEntry(f"soc.siem{i}") for i in range(skills)),
    )  # fmt: skip


async def test_backup_under_writes_restores_consistently(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    services = Services.create(Settings(token=DEFAULT_TOKEN, database_path=db))
    await services.db.connect()
    stop = asyncio.Event()

    async def writer() -> int:
        n = 0
        while not stop.is_set():
            await services.users.touch(n, f"U{n}", "en")
            await services.professionals.profiles.save(_profile(n, 5))  # a multi-row write: profile + 5 skills
            n += 1
            await asyncio.sleep(0)
        return n

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.3)
    before = (await services.db.fetch_one("SELECT COUNT(*) FROM professionals"))[0]
    result = await asyncio.to_thread(backup, db, tmp_path / "copy.sqlite3")
    after = (await services.db.fetch_one("SELECT COUNT(*) FROM professionals"))[0]
    stop.set()
    written = await task
    await services.db.close()

    assert result["integrity"] == "ok"
    rows = result["rows"]
    assert isinstance(rows, dict) and before <= rows["professionals"] <= after <= written
    with sqlite3.connect(tmp_path / "copy.sqlite3") as conn:
        per_profile = conn.execute(
            "SELECT COUNT(*) FROM professionals p WHERE (SELECT COUNT(*) FROM professional_skills s "
            "WHERE s.user_id = p.user_id) != 5"
        ).fetchone()[0]
        assert per_profile == 0  # every profile came with all of its skills, none half-written

    # the restored copy opens with the bot's own storage layer
    restored = Services.create(Settings(token=DEFAULT_TOKEN, database_path=tmp_path / "copy.sqlite3"))
    await restored.db.connect()
    assert (await restored.db.fetch_one("SELECT COUNT(*) FROM users"))[0] >= rows["professionals"]
    await restored.db.close()


async def test_backup_command(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    services = Services.create(Settings(token=DEFAULT_TOKEN, database_path=db))
    await services.db.connect()
    await services.seed_samples()
    await services.db.close()
    code, output = await run_once({"DATABASE_PATH": str(db)}, tmp_path, "backup", str(tmp_path / "b" / "copy.sqlite3"))
    assert code == 0, output
    assert '"integrity": "ok"' in output and '"vacancies": 12' in output
    code, output = await run_once({"DATABASE_PATH": str(tmp_path / "missing.sqlite3")}, tmp_path, "backup", "x.db")
    assert code == 1 and "no database at" in output
