"""``python -m bot``: start, serve and stop the bot like a service.

Start: the database first (a schema newer than the code refuses to start, exit 2), then /healthz and /metrics if
HEALTH_PORT is set, then the Bot API: an unreachable API (a network blip, a proxy not up yet) is retried with
backoff and logged, never a crash; a token the API refuses stops with exit 2. Then long polling, or with WEBHOOK_URL
PTB's webhook server (the webhook is registered with its secret token).

Stop: SIGTERM or SIGINT at any moment — during the start-up retries, during a digest — ends with exit code 0 well
within 10 s: no new digest delivery starts, the ones in flight finish (cancelled after a grace period; the ledger
keeps them from ever being sent twice), jobs and updates in progress finish, the persistence is flushed and the
database closed. The next start finishes an interrupted digest run first. A watchdog exits the process if an
orderly stop ever hangs, so a service manager never has to kill it.

This replaces ``Application.run_polling``, which waits for a running digest before it stops and crashes when the
API is down at start; PTB documents this manual start/stop sequence for exactly such custom needs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.config import Settings
from bot.handlers.context import SERVICES_KEY
from bot.handlers.digest import RUNNER_KEY
from bot.health import LIVENESS_KEY, start_health_server

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 30.0
STOP_DEADLINE_SECONDS = 9.0  # a stop that takes longer than this is cut short by the watchdog
DIGEST_GRACE_SECONDS = 4.0
STEP_TIMEOUT_SECONDS = 3.0


class StartupRefused(Exception):
    """The Bot API answered that this bot cannot run (the token is refused); retrying would not help."""


async def serve(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT; the process exit code."""
    from bot.app import build_application

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(sig: signal.Signals) -> None:
        if stop.is_set():
            return
        log.info("received %s: stopping", sig.name)
        stop.set()
        _start_watchdog(STOP_DEADLINE_SECONDS)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)

    application = build_application(settings)
    health = None
    try:
        await application.bot_data[SERVICES_KEY].db.connect()
        if settings.health_port:
            health = await start_health_server(application, settings.health_listen, settings.health_port)
        if not await _connect(application, stop):
            return 0
        assert application.post_init is not None
        await application.post_init(application)
        if not await _until_stopped(_start_updates(application, settings), stop):
            return 0
        # The bootstrap (deleteWebhook, or setWebhook) just reached Telegram: count it until the first poll returns.
        liveness = application.bot_data[LIVENESS_KEY]
        liveness.last_poll = liveness.last_webhook_check = time.monotonic()
        await application.start()
        log.info(
            "bot running (%s); stop with SIGTERM",
            f"webhook {settings.webhook_path} on {settings.webhook_listen}:{settings.webhook_port}"
            if settings.webhook_url
            else "long polling",
        )
        await stop.wait()
        return 0
    except StartupRefused as exc:
        log.error("%s", exc)
        return 2
    except OSError as exc:  # a port already taken, a folder it may not create: say which, without a traceback
        log.error("cannot start: %s", exc)
        return 1
    finally:
        await _shutdown(application, health)


async def _connect(application: Any, stop: asyncio.Event) -> bool:
    """Initialise the Application (its first Bot API call is getMe), retrying with backoff while the API is
    unreachable; False when a stop came first."""
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            await _until_stopped_or_raise(application.initialize(), stop)
            return not stop.is_set()
        except InvalidToken as exc:
            raise StartupRefused(
                f"the Bot API refused the token ({exc}): check TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL"
            ) from exc
        except RetryAfter as exc:
            wait = exc.retry_after
            delay = max(delay, wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait))
            log.warning("Bot API asks to wait at start (%s); retrying in %.0f s", exc, delay)
        except (NetworkError, TelegramError, OSError) as exc:
            log.warning("Bot API unreachable at start (%s); retrying in %.0f s", exc, delay)
        if stop.is_set():
            return False
        try:
            await asyncio.wait_for(stop.wait(), delay)
            return False
        except TimeoutError:
            delay = min(delay * 2, MAX_RETRY_SECONDS)


async def _until_stopped_or_raise(coroutine: Any, stop: asyncio.Event) -> None:
    """Await ``coroutine`` unless a stop comes first (then it is cancelled)."""
    task = asyncio.ensure_future(coroutine)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return
    task.result()


async def _until_stopped(coroutine: Any, stop: asyncio.Event) -> bool:
    await _until_stopped_or_raise(coroutine, stop)
    return not stop.is_set()


async def _start_updates(application: Any, settings: Settings) -> None:
    updater = application.updater
    if settings.webhook_url:
        await updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=-1,
        )
        return

    def on_polling_error(exc: TelegramError) -> None:  # as run_polling does: through the error handler
        application.create_task(application.process_error(error=exc, update=None))

    await updater.start_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1, error_callback=on_polling_error)


async def _shutdown(application: Any, health: Any) -> None:
    """Stop in order, each step bounded: digests, updates, the Application (jobs, handlers), persistence, DB."""
    runner = application.bot_data.get(RUNNER_KEY)
    if runner is not None:
        runner.request_stop(DIGEST_GRACE_SECONDS)
    steps = []
    if application.updater is not None and application.updater.running:
        steps.append(("updater", application.updater.stop(), STEP_TIMEOUT_SECONDS))
    if application.running:
        steps.append(("application", application.stop(), DIGEST_GRACE_SECONDS + STEP_TIMEOUT_SECONDS))
    for name, step, timeout in steps:
        try:
            await asyncio.wait_for(step, timeout)
        except TimeoutError:
            log.error("stopping the %s took over %.0f s; going on", name, timeout)
        except Exception:
            log.exception("stopping the %s failed; going on", name)
    try:
        if application._initialized:  # shutdown() refuses an Application that never initialised
            await asyncio.wait_for(application.shutdown(), STEP_TIMEOUT_SECONDS)
    except Exception:
        log.exception("shutting the application down failed; going on")
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
    if health is not None:
        await health.cleanup()
    log.info("stopped")


def _start_watchdog(seconds: float) -> None:
    """If the orderly stop ever hangs, leave anyway: the ledger and SQLite's journal are safe against that."""

    def expire() -> None:
        logging.getLogger(__name__).error("orderly stop took over %.0f s; exiting now", seconds)
        logging.shutdown()
        os._exit(0)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
