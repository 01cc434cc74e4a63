"""``GET /healthz`` and ``GET /metrics`` on HEALTH_LISTEN:HEALTH_PORT, for the operator's monitoring.

/healthz answers 200 when all of these hold, else 503, with the same JSON either way:
- the database takes a write now (a real committed write, so a read-only remount or a full disk shows);
- Telegram was heard from recently: a successful ``getUpdates`` (long polling returns at least every 10 s), or in
  webhook mode an update or the periodic ``getWebhookInfo`` check that finds our URL registered;
- the job queue (digests, backups, the inactivity erase) is running.
/metrics is Prometheus' text format from prometheus_client's default registry (see ``bot.observability``).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from bot.observability import SECONDS_SINCE_UPDATES, Liveness

log = logging.getLogger(__name__)

LIVENESS_KEY = "liveness"
STALE_AFTER_SECONDS = 90.0
DATABASE_TIMEOUT_SECONDS = 5.0


async def health_report(application: Any) -> tuple[bool, dict[str, Any]]:
    services = application.bot_data["services"]
    liveness: Liveness = application.bot_data[LIVENESS_KEY]
    problems: list[str] = []
    database_error = None
    try:
        await asyncio.wait_for(services.db.check_writable(), DATABASE_TIMEOUT_SECONDS)
    except (sqlite3.Error, RuntimeError, TimeoutError) as exc:
        database_error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        problems.append(f"database not writable ({database_error})")
    age = liveness.seconds_since_contact()
    if age is None:
        problems.append("no successful contact with Telegram yet")
    elif age > STALE_AFTER_SECONDS:
        problems.append(f"nothing from Telegram for {age:.0f} s")
    job_queue = application.job_queue
    jobs_running = bool(job_queue is not None and job_queue.scheduler.running)
    if not jobs_running:
        problems.append("job queue not running")
    report = {
        "status": "unhealthy" if problems else "ok",
        "mode": liveness.mode,
        "database_writable": database_error is None,
        "seconds_since_last_update": None if age is None else round(age, 1),
        "job_queue_running": jobs_running,
        "uptime_seconds": round(time.monotonic() - liveness.started),
        "problems": problems,
    }
    return not problems, report


def make_health_app(application: Any) -> web.Application:
    async def healthz(request: web.Request) -> web.Response:
        healthy, report = await health_report(application)
        if not healthy:
            log.warning("health check: %s", "; ".join(report["problems"]))
        return web.json_response(report, status=200 if healthy else 503)

    async def metrics(request: web.Request) -> web.Response:
        age = application.bot_data[LIVENESS_KEY].seconds_since_contact()
        SECONDS_SINCE_UPDATES.set(age if age is not None else float("nan"))
        return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


async def start_health_server(application: Any, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(make_health_app(application), access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("health and metrics on http://%s:%d/healthz and /metrics", host, port)
    return runner
