"""Two bot processes polling with one token: a clear log line, and no hot loop of getUpdates calls."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from fakebotapi import FakeBotAPI
from fakebotapi.server import serve
from tests.e2e.botprocess import BotProcess


async def test_second_instance_logs_conflict_and_backs_off(tmp_path: Path) -> None:
    core = FakeBotAPI()
    async with serve(core) as url:
        first = BotProcess(url, tmp_path / "a.sqlite3")
        second = BotProcess(url, tmp_path / "b.sqlite3")
        await first.start()
        await asyncio.sleep(1.5)
        await second.start()
        await asyncio.sleep(2.0)
        calls_before = core.get_updates_calls
        await asyncio.sleep(6.0)
        calls = core.get_updates_calls - calls_before
        code_a, out_a = await first.stop(signal.SIGTERM)
        code_b, out_b = await second.stop(signal.SIGTERM)
    assert calls < 40, f"{calls} getUpdates calls in 6 s: a hot loop"
    logs = out_a + out_b
    assert "another bot instance is polling with this token (409 Conflict)" in logs
    assert code_a == 0 and code_b == 0
