"""Run ``python -m bot`` as a real process against the fake Bot API served over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from bot import PROJECT_ROOT
from bot.config import Settings
from bot.domain import DigestSchedule, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.services import Services
from fakebotapi import DEFAULT_TOKEN

STARTED: list[asyncio.subprocess.Process] = []


class BotProcess:
    def __init__(self, base_url: str, db_path: Path, extra_env: dict[str, str] | None = None) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "ADMIN_"))}
        self.env.update(
            TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN,
            TELEGRAM_API_BASE_URL=base_url,
            DATABASE_PATH=str(db_path),
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
            FLOOD_RATE_PER_MINUTE="1000000",
            FLOOD_BURST="1000000",
            PYTHONPATH=str(PROJECT_ROOT),
        )
        self.env.update(extra_env or {})
        self.proc: asyncio.subprocess.Process | None = None
        self.cwd = db_path.parent

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", env=self.env, cwd=self.cwd,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        STARTED.append(self.proc)

    async def stop(self, sig: int) -> tuple[int, str]:
        assert self.proc is not None
        self.proc.send_signal(sig)
        output, _ = await asyncio.wait_for(self.proc.communicate(), 30)
        return self.proc.returncode or 0, output.decode()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 just now (the OS picks it), for a server the test starts a moment later."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def run_once(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "ADMIN_"))}
    full_env.update(env)
    full_env["PYTHONPATH"] = str(PROJECT_ROOT)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=full_env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, (out + err).decode()


async def populate(db: Path, users: range) -> None:
    """Registered professionals (SIEM, mid-level, remote, in Serbia) written through the services, before a
    process under test opens the same database."""
    services = Services.create(Settings(token=DEFAULT_TOKEN, database_path=db))
    await services.db.connect()
    try:
        for user_id in users:
            await services.users.touch(user_id, f"U{user_id}", "en")
            profile = Profile(
                user_id=user_id, display_name=f"U{user_id}", economy="RS", city="", level=Level.MID, years=2,
                languages=("en",), work_formats=(WorkFormat.REMOTE,), relocate=False, target_role=None,
                visibility=Visibility.ANONYMOUS, skills=(SkillEntry("soc.siem"),),
            )  # fmt: skip
            await services.professionals.profiles.save(profile, DigestSchedule(timezone="Europe/Belgrade"))
    finally:
        await services.db.close()
