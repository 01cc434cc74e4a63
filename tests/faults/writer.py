"""A process that writes multi-row changes as fast as it can, to be killed with SIGKILL mid-write by a test."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.config import Settings
from bot.domain import Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.services import Services
from fakebotapi import DEFAULT_TOKEN

SKILLS_PER_PROFILE = 7


async def main(db: Path, start: int) -> None:
    services = Services.create(Settings(token=DEFAULT_TOKEN, database_path=db))
    await services.db.connect()
    print("ready", flush=True)
    n = start
    while True:
        await services.users.touch(n, f"U{n}", "en")
        profile = Profile(
            user_id=n, display_name=f"U{n}", economy="RS", city="", level=Level.MID, years=1, languages=("en",),
            work_formats=(WorkFormat.REMOTE,), relocate=False, target_role=None, visibility=Visibility.ANONYMOUS,
            skills=tuple(SkillEntry(free_text=f"skill {i}") for i in range(SKILLS_PER_PROFILE)),
        )  # fmt: skip
        await services.professionals.profiles.save(profile)
        n += 1


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
