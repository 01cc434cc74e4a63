"""Many users at once through the real Application and the in-process fake Bot API, on one SQLite file.

Run: ``python -m bench.load`` (options: --users, --seed). 1,000 simulated users × 10 updates each — /start, the
registration steps, /matches and its buttons — interleaved across users as they would arrive. Each update goes
through ``Application.process_update`` (the path polling feeds) and is timed from arrival to the bot's last reply.
Telegram's outgoing flood limit (about 30 messages a second) is the rate limiter's business and is measured by
``bench.digest``; here the limiter is off so the figures are the bot's own cost per update. Prints one JSON
object last: ``updates, seconds, updates_per_second, p50_ms, p95_ms, p99_ms, errors, db_locked_errors,
peak_rss_mb``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import statistics
import tempfile
import time
from pathlib import Path

from telegram import Update

from bench.common import peak_rss_mb
from bot.app import build_application
from bot.config import Settings
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest

SKILLS = ("SIEM, incident response, SOC", "pentest, Burp Suite, Python", "threat intel, OSINT, MITRE ATT&CK",
          "ISO 27001, risk management, NIS2", "digitalna forenzika, analiza malvera")  # fmt: skip


def script(rng: random.Random) -> list[tuple[str, str]]:
    """Ten updates a user sends: ('send', text) or ('data', callback data)."""
    return [
        ("send", "/start"), ("data", "role:professional"), ("data", "reg:consent:yes"), ("send", "Ana"),
        ("data", f"reg:eco:{rng.choice(['AL', 'BA', 'XK', 'ME', 'MK', 'RS'])}"), ("send", "Capital"),
        ("send", rng.choice(SKILLS)), ("send", "/matches"), ("data", "m:p:1"), ("send", "/vacancies"),
    ]  # fmt: skip


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors = 0
        self.locked = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.errors += 1
        if "database is locked" in record.getMessage() or (record.exc_text and "locked" in record.exc_text):
            self.locked += 1


async def run(users: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    errors = Errors()
    logging.getLogger().addHandler(errors)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            token=DEFAULT_TOKEN, database_path=Path(tmp) / "load.sqlite3", flood_rate_per_minute=1000, flood_burst=50
        )
        core = FakeBotAPI()
        app = build_application(settings, request=FakeRequest(core), rate_limit=False)
        await app.initialize()
        await app.bot_data["services"].seed_samples()
        ids = list(range(2_000_000, 2_000_000 + users))
        for user_id in ids:
            core.add_user(user_id, first_name="Ana")
        scripts = {user_id: script(rng) for user_id in ids}
        # Interleave: at each round every user sends their next update, in a shuffled order.
        arrivals = []
        for step in range(10):
            round_users = ids[:]
            rng.shuffle(round_users)
            arrivals += [(u, scripts[u][step]) for u in round_users]
        latencies = []
        start = time.perf_counter()
        for user_id, (kind, value) in arrivals:
            payload = core.user_sends(user_id, value) if kind == "send" else core.user_presses_data(user_id, value)
            core.take_update(payload["update_id"])
            began = time.perf_counter()
            await app.process_update(Update.de_json(payload, app.bot))
            latencies.append((time.perf_counter() - began) * 1000)
        seconds = time.perf_counter() - start
        await app.shutdown()
        await app.bot_data["services"].db.close()
    logging.getLogger().removeHandler(errors)
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {
        "updates": len(latencies),
        "seconds": round(seconds, 1),
        "updates_per_second": round(len(latencies) / seconds, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "errors": errors.errors,
        "db_locked_errors": errors.locked,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.users, args.seed))))


if __name__ == "__main__":
    main()
