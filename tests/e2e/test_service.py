"""The bot run like a service, as a real process over HTTP: webhook mode, /healthz and /metrics, an API that is
down at start, and SIGTERM in the middle of a digest."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest

from fakebotapi import DEFAULT_TOKEN, FakeBotAPI
from fakebotapi.server import serve
from tests.e2e.botprocess import BotProcess, free_port, populate

USER = 8008
ADMIN = 8001
SECRET = "s3cret-token_for-tests"


async def _get(url: str, timeout: float = 10.0) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as r:
        return r.status, await r.text()


async def _until(check, timeout: float, what: str) -> object:  # type: ignore[no-untyped-def]
    """Poll ``check()`` (async) until it returns something truthy; connection errors count as not yet."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = await check()
            if result:
                return result
        except (aiohttp.ClientError, OSError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def test_webhook_answers_an_update_with_the_secret_and_refuses_one_without(tmp_path: Path) -> None:
    core = FakeBotAPI()
    core.add_user(USER, first_name="Vesna")
    port = free_port()
    async with serve(core) as url:
        bot = BotProcess(
            url,
            tmp_path / "bot.sqlite3",
            {"WEBHOOK_URL": "https://bot.example.org/telegram/updates", "WEBHOOK_SECRET": SECRET,
             "WEBHOOK_PORT": str(port)},
        )  # fmt: skip
        await bot.start()
        await core.wait_for(lambda: core.webhook, timeout=30)
        assert core.webhook["url"] == "https://bot.example.org/telegram/updates"
        assert core.webhook["secret_token"] == SECRET
        hook = f"http://127.0.0.1:{port}/telegram/updates"

        async def post(update: dict, headers: dict[str, str]) -> int:
            async with aiohttp.ClientSession() as session, session.post(hook, json=update, headers=headers) as r:
                return r.status

        update = core.user_sends(USER, "/help")
        core.take_update(update["update_id"])  # Telegram delivers it by webhook, not getUpdates
        await _until(lambda: post(update, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}), 30, "the webhook server")
        assert await post(update, {}) == 403
        assert await post(update, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
        await asyncio.sleep(1)
        assert core.bot_messages(USER) == []  # nothing refused reached the bot

        assert await post(update, {"X-Telegram-Bot-Api-Secret-Token": SECRET}) == 200
        await core.wait_for(lambda: core.bot_messages(USER), timeout=20)
        assert "What I can do" in core.bot_messages(USER)[0].text
        code, output = await bot.stop(signal.SIGTERM)
    assert code == 0, output
    assert core.get_updates_calls == 0
    assert SECRET not in output and DEFAULT_TOKEN not in output


def _immutable(paths: list[Path], on: bool) -> bool:
    """``chattr +i``/``-i``: the files become read-only even for a process that has them open (ext4 refuses the
    write itself), as after a read-only remount. Needs root and a filesystem that supports it."""
    if shutil.which("chattr") is None:
        return False
    result = subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)], capture_output=True, check=False)
    return result.returncode == 0


async def test_healthz_turns_503_when_the_database_becomes_read_only_and_metrics_count_updates(
    tmp_path: Path,
) -> None:
    probe = tmp_path / "probe"
    probe.write_text("x")
    if not (_immutable([probe], True) and _immutable([probe], False)):
        pytest.skip("needs chattr +i (root, ext4/xfs); tests/integration/test_service.py covers read-only in-process")
    core = FakeBotAPI()
    core.add_user(USER, first_name="Vesna")
    health_port = free_port()
    async with serve(core) as url:
        bot = BotProcess(url, tmp_path / "bot.sqlite3", {"HEALTH_PORT": str(health_port), "LOG_FORMAT": "json"})
        await bot.start()
        base = f"http://127.0.0.1:{health_port}"

        async def healthy() -> bool:
            return (await _get(f"{base}/healthz"))[0] == 200

        await _until(healthy, 30, "/healthz 200")
        status, body = await _get(f"{base}/healthz")
        report = json.loads(body)
        assert report["status"] == "ok" and report["mode"] == "polling"
        assert report["database_writable"] is True and report["job_queue_running"] is True
        assert report["seconds_since_last_update"] < 30

        core.user_sends(USER, "/help")
        await core.wait_for(lambda: core.bot_messages(USER), timeout=20)
        await asyncio.sleep(0.3)
        status, metrics = await _get(f"{base}/metrics")
        assert status == 200
        samples = dict(line.rsplit(" ", 1) for line in metrics.splitlines() if line and not line.startswith("#"))
        assert float(samples['bot_updates_total{kind="message"}']) == 1
        assert float(samples['bot_update_duration_seconds_count{command="/help"}']) == 1
        for name in ("bot_telegram_errors_total", "bot_digests_sent_total", "bot_flood_throttled_total"):
            assert f"# TYPE {name} counter" in metrics

        # The database file becomes read-only under the running bot: 503, saying why; then back to 200.
        files = [tmp_path / "bot.sqlite3", tmp_path / "bot.sqlite3-wal"]
        assert _immutable(files, True)
        try:
            status, body = await _get(f"{base}/healthz")
            assert status == 503, body
            report = json.loads(body)
            assert report["status"] == "unhealthy" and report["database_writable"] is False
            assert any("database not writable" in p for p in report["problems"])
            print("healthz while read-only:", body)
        finally:
            _immutable(files, False)
        await _until(healthy, 15, "/healthz 200 again")
        print("healthz:", (await _get(f"{base}/healthz"))[1])
        print("metrics:", "\n".join(line for line in metrics.splitlines() if line.startswith("bot_")))

        code, output = await bot.stop(signal.SIGTERM)
    assert code == 0, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert all(json.loads(line)["level"] for line in lines), "LOG_FORMAT=json: every line is one JSON object"
    assert DEFAULT_TOKEN not in output


async def test_started_while_the_api_is_down_it_begins_polling_once_the_api_is_up(tmp_path: Path) -> None:
    core = FakeBotAPI()
    core.add_user(USER, first_name="Vesna")
    port = free_port()
    bot = BotProcess(f"http://127.0.0.1:{port}/bot", tmp_path / "bot.sqlite3")
    await bot.start()
    await asyncio.sleep(4)  # three attempts fail meanwhile (after 1 and 2 s of backoff)
    assert bot.proc is not None and bot.proc.returncode is None, "the bot gave up while the API was down"
    async with serve(core, port=port) as url:
        assert url.endswith(f":{port}/bot")
        core.user_sends(USER, "/start")
        await core.wait_for(lambda: core.bot_messages(USER), timeout=30)
        code, output = await bot.stop(signal.SIGTERM)
    assert code == 0, output
    assert "Bot API unreachable at start" in output and "retrying in" in output
    assert "Traceback" not in output


async def test_sigterm_while_waiting_for_the_api_exits_0_at_once(tmp_path: Path) -> None:
    bot = BotProcess(f"http://127.0.0.1:{free_port()}/bot", tmp_path / "bot.sqlite3")
    await bot.start()
    assert bot.proc is not None and bot.proc.stdout is not None
    seen = ""
    while "Bot API unreachable at start" not in seen:  # it is waiting to retry
        seen += (await asyncio.wait_for(bot.proc.stdout.readline(), 30)).decode()
    started = time.monotonic()
    code, output = await bot.stop(signal.SIGTERM)
    assert code == 0, seen + output
    assert time.monotonic() - started < 3
    assert "Traceback" not in seen + output


USERS = range(20_000, 20_300)


def _ledger(db: Path) -> dict[int, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT user_id, state FROM digest_ledger").fetchall())


async def test_sigterm_during_a_digest_exits_0_within_10_s_and_the_restart_finishes_it(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    await populate(db, USERS)
    core = FakeBotAPI(flood_control=True)
    core.add_user(ADMIN, first_name="Admin")
    for user_id in USERS:
        core.add_user(user_id)
    core.block(USERS[7])
    env = {"ADMIN_IDS": str(ADMIN), "DIGEST_SEND_EMPTY": "true"}
    async with serve(core) as url:
        bot = BotProcess(url, db, env)
        await bot.start()
        core.user_sends(ADMIN, "/digest_now")
        await core.wait_for(lambda: sum(len(core.bot_messages(u)) for u in USERS) >= 60, timeout=60)
        started = time.monotonic()
        code, output = await bot.stop(signal.SIGTERM)
        took = time.monotonic() - started
        print(f"SIGTERM mid-digest: exit {code} after {took:.2f} s")
        assert code == 0, output
        assert took < 10, f"took {took:.1f} s to stop"
        assert "orderly stop took over" not in output
        states = _ledger(db)
        delivered = {u: len(core.bot_messages(u)) for u in USERS}
        assert sum(delivered.values()) < len(USERS) - 1, "the run finished before the signal"
        assert "sending" not in states.values(), "a delivery was cut off mid-send"
        assert "pending" in states.values()
        for user_id, state in states.items():
            assert delivered[user_id] == (1 if state == "sent" else 0), (user_id, state)

        restarted = BotProcess(url, db, env)
        await restarted.start()
        await core.wait_for(lambda: sum(len(core.bot_messages(u)) for u in USERS) >= len(USERS) - 1, timeout=60)
        await asyncio.sleep(1)
        code, output = await restarted.stop(signal.SIGTERM)
        assert code == 0, output

    states = _ledger(db)
    assert set(states) == set(USERS), "someone was skipped"
    assert states[USERS[7]] == "blocked"
    assert set(states.values()) == {"sent", "blocked"}
    for user_id in USERS:
        assert len(core.bot_messages(user_id)) == (0 if user_id == USERS[7] else 1), f"user {user_id}"
