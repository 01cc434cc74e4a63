"""``python -m bot demo`` as a person uses it: typed lines in, the chat printed out; /wait for the daily jobs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.demo import run_demo

REGISTER = """/start
1
1
Ana Demo
4
Podgorica
SIEM, log analysis, incident response
1
3
4
4
7
11
2
3
4
1800
1
2
1
1
1
"""


async def demo(db: Path, lines: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert await run_demo(db, stdin=io.StringIO(lines + "/quit\n")) == 0
    return capsys.readouterr().out


async def test_wait_runs_the_daily_jobs_and_a_kept_database_answers_after_a_restart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    out = await demo(db, REGISTER + "/status\n4\n1\n4\n/wait 183\n", capsys)
    assert "Your profile is saved" in out
    assert "183 days later" in out
    assert "6 months ago" in out and "Are you still in that job?" in out  # the hire check-in, asked on /wait

    out = await demo(db, "/profile\n", capsys)  # a restart on the kept file: update ids start from 1 again
    assert "👤 Ana Demo" in out


async def test_still_looking_then_paused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = await demo(tmp_path / "demo.sqlite3", REGISTER + "/wait 61\n/wait 30\n/wait x\n", capsys)
    asked, paused = out.index("Are you still looking for a job?"), out.index("your profile is paused")
    assert out.index("61 days later") < asked < out.index("30 days later") < paused
    assert "(/wait takes a number of days, 1 to 1000)" in out


async def test_pop_ups_are_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = await demo(tmp_path / "demo.sqlite3", REGISTER + "/matches\n3\n", capsys)
    assert "── pop-up ──\nSaved" in out


async def test_link_and_share_buttons_say_what_telegram_would_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = await demo(tmp_path / "demo.sqlite3", "/vacancies\n9\n1\n1\n2\n", capsys)  # a vacancy → 📤 Share → both
    assert "(a link: Telegram would open https://t.me/share/url?url=" in out
    assert "(Telegram would let you pick a chat and post there; try it here: @bot " in out
    assert "no longer shown" not in out


async def test_stats_charts_print_as_pictures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = await demo(tmp_path / "demo.sqlite3", "/stats\n", capsys)  # the demo user is an admin
    assert "── bot ──\n[picture, " in out and "[document: " not in out
