"""A full weekly digest at regional scale, through the real delivery code, against the fake Bot API.

Run: ``python -m bench.digest --users 10000``. Flood control is on in the fake (30 messages/s overall, 1/s per
chat), 1% of users have blocked the bot and 1% of sends fail once with a 5xx. While the run goes, a person who is
not in the digest sends ``/help`` every 2 s (through the Application's update queue, as polling feeds it), timed
from the update entering the queue to the reply reaching the fake. Prints one JSON object last:
``users, messages, seconds, ideal_seconds (= messages / 30), ratio_to_ideal, retry_after_events, duplicates,
lost, final_states, peak_rss_mb, reply_p95_ms_during_run, reply_p50_ms_during_run, replies_during_run,
loop_lag_max_ms_during_run``. The replies take sending slots too; ``messages`` counts the digests only.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from telegram import Update

from bench.common import peak_rss_mb
from bot.app import build_application
from bot.config import Settings
from bot.digest.deliver import DigestRunner
from bot.storage.users import utc_now
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest

SKILL_SETS = (
    ("soc.siem", "soc.logs", "dfir.ir", "soc.monitoring"),
    ("off.pentest", "off.web", "off.network", "edu.scripting"),
    ("cti.intel", "cti.osint", "cti.attack"),
    ("grc.iso27001", "grc.audit", "grc.risk", "law.nis2"),
)
ECONOMIES = ("AL", "BA", "XK", "ME", "MK", "RS")
PROBE_USERS = range(900_000, 900_050)  # people using the bot during the run; none of them gets a digest
PROBE_INTERVAL = 2.0  # one /help every 2 s: people's traffic that shares Telegram's 30/s with the digest
LAG_TICK = 0.02


def populate(db: Path, users: int, seed: int) -> list[int]:
    """Bulk-insert users, profiles and schedules in one transaction (setup, not measured)."""
    rng = random.Random(seed)
    now = utc_now()
    ids = list(range(1_000_000, 1_000_000 + users))
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO users (telegram_id, first_name, created_at, last_seen_at, roles) "
            "VALUES (?, ?, ?, ?, 'professional')",
            [(i, f"U{i}", now, now) for i in ids],
        )
        conn.executemany(
            "INSERT INTO professionals (user_id, display_name, economy, level, years, languages, work_formats, "
            "relocate, visibility, created_at, updated_at) VALUES (?, ?, ?, 'mid', 3, 'en,sr,sq,mk,cnr,bs', "
            "'onsite,hybrid,remote', 1, 'anonymous', ?, ?)",
            [(i, f"U{i}", rng.choice(ECONOMIES), now, now) for i in ids],
        )
        rows = []
        for i in ids:
            for position, skill in enumerate(rng.choice(SKILL_SETS)):
                rows.append((i, position, skill))
        conn.executemany("INSERT INTO professional_skills (user_id, position, skill_id) VALUES (?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO digest_schedules (user_id, weekday, hour, timezone, paused) "
            "VALUES (?, 0, 9, 'Europe/Belgrade', 0)",
            [(i,) for i in ids],
        )
        conn.execute("UPDATE vacancies SET published_at = ?", (now,))
        conn.execute("UPDATE courses SET published_at = ?", (now,))
    return ids


async def probe_replies(app: object, core: FakeBotAPI, done: asyncio.Event) -> list[float]:
    """Until ``done``: a person sends /help every PROBE_INTERVAL; each reply's latency in seconds."""
    latencies: list[float] = []
    waiting: dict[int, float] = {}

    def on_message(chat_id: int, _seen: object) -> None:
        started = waiting.pop(chat_id, None)
        if started is not None:
            latencies.append(time.perf_counter() - started)

    core.listeners.append(on_message)
    for user in itertools.cycle(PROBE_USERS):
        update = core.user_sends(user, "/help")
        core.take_update(update["update_id"])  # fed to the queue here, not fetched by getUpdates
        waiting[user] = time.perf_counter()
        await app.update_queue.put(Update.de_json(update, app.bot))  # type: ignore[attr-defined]
        try:
            await asyncio.wait_for(done.wait(), PROBE_INTERVAL)
            break
        except TimeoutError:
            continue
    for _ in range(1000):  # the last reply may still be on its way
        if not waiting:
            break
        await asyncio.sleep(0.01)
    core.listeners.remove(on_message)
    return latencies


async def loop_lag(done: asyncio.Event) -> float:
    """The longest the event loop was late to wake a 20 ms sleep: how long the run ever held everyone up."""
    worst = 0.0
    while not done.is_set():
        start = time.perf_counter()
        await asyncio.sleep(LAG_TICK)
        worst = max(worst, time.perf_counter() - start - LAG_TICK)
    return worst


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(users: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        settings = Settings(token=DEFAULT_TOKEN, database_path=db, digest_send_empty=True)
        core = FakeBotAPI(flood_control=True)
        app = build_application(settings, request=FakeRequest(core, read_timeout=30))
        services = app.bot_data["services"]
        await services.db.connect()
        await services.seed_samples()
        ids = populate(db, users, seed)
        blocked = set(rng.sample(ids, users // 100))
        flaky = set(rng.sample([i for i in ids if i not in blocked], users // 100))
        for user_id in ids:
            core.add_user(user_id)
        for user_id in blocked:
            core.block(user_id)
        for user_id in flaky:
            core.inject("5xx", chat_id=user_id, status=502)
        await app.initialize()
        await app.start()  # processes the probe's updates; no jobs are scheduled (post_init is not run)
        runner = DigestRunner(services, app.bot, clock=lambda: datetime.now(UTC), send_empty=True)
        done = asyncio.Event()
        probe = asyncio.create_task(probe_replies(app, core, done))
        lag = asyncio.create_task(loop_lag(done))
        start = time.perf_counter()
        summary = await runner.run("now")
        seconds = time.perf_counter() - start
        done.set()
        replies, worst_lag = await probe, await lag
        await app.stop()
        await app.shutdown()
        assert summary is not None
        with sqlite3.connect(db) as conn:
            states = dict(conn.execute("SELECT user_id, state FROM digest_ledger").fetchall())
        await services.db.close()
    received = {user_id: len(core.bot_messages(user_id)) for user_id in ids}
    messages = sum(received.values())
    duplicates = sum(max(0, n - 1) for n in received.values())
    lost = sum(
        1 for user_id in ids
        if states.get(user_id) not in {"sent", "blocked", "failed", "uncertain", "empty"}
        or (states[user_id] == "sent" and received[user_id] == 0)
    )  # fmt: skip
    ideal = messages / 30
    final: dict[str, int] = {}
    for state in states.values():
        final[state] = final.get(state, 0) + 1
    return {
        "users": users,
        "messages": messages,
        "seconds": round(seconds, 1),
        "ideal_seconds": round(ideal, 1),
        "ratio_to_ideal": round(seconds / ideal, 3) if ideal else None,
        "retry_after_events": core.retry_after_events,
        "duplicates": duplicates,
        "lost": lost,
        "final_states": final,
        "peak_rss_mb": peak_rss_mb(),
        "reply_p95_ms_during_run": _ms(percentile(replies, 0.95)),
        "reply_p50_ms_during_run": _ms(percentile(replies, 0.5)),
        "replies_during_run": len(replies),
        "loop_lag_max_ms_during_run": _ms(worst_lag),
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.users, args.seed))))


if __name__ == "__main__":
    main()
