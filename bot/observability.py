"""What an operator can see from outside: Prometheus metrics and the liveness figures behind /healthz.

The metrics live in prometheus_client's default registry (one bot per process), next to its process and Python
collectors. Three places feed them without touching handlers: ``ObservedRequest`` wraps the Bot API transport
(errors by HTTP status, and the time of the last successful ``getUpdates``), ``ObservedApplication`` times every
update, and a few one-line counters sit where the event happens (digests sent, updates throttled, backups).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics
from telegram import Update
from telegram.ext import Application, CommandHandler, ConversationHandler
from telegram.request import BaseRequest, RequestData

disable_created_metrics()  # no *_created series: a scraper knows when a counter started from the process' start

UPDATES = Counter("bot_updates_total", "Updates processed, by kind", ["kind"])
UPDATE_DURATION = Histogram(
    "bot_update_duration_seconds",
    "Time from taking an update to finishing it (replies included), by command or button kind",
    ["command"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
TELEGRAM_ERRORS = Counter(
    "bot_telegram_errors_total",
    "Bot API calls that failed, by HTTP status ('network' when none came)",
    ["code", "method"],
)
DIGESTS_SENT = Counter("bot_digests_sent_total", "Weekly digests delivered")
FLOOD_THROTTLED = Counter("bot_flood_throttled_total", "Updates dropped by the per-user flood limit")
RATE_LIMIT_WAIT = Histogram(
    "bot_rate_limit_wait_seconds",
    "Time a message waited for its turn under Telegram's limits, by priority",
    ["priority"],
    buckets=(0.001, 0.01, 0.035, 0.07, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
BACKUPS = Counter("bot_backups_total", "Scheduled backups, by result", ["result"])
LAST_BACKUP = Gauge("bot_backup_last_success_timestamp_seconds", "When the last good scheduled backup finished")
INACTIVE = Counter("bot_inactive_accounts_total", "Inactivity notices sent and accounts erased", ["action"])
SECONDS_SINCE_UPDATES = Gauge(
    "bot_seconds_since_telegram", "Seconds since the last successful getUpdates, webhook update or webhook check"
)


@dataclass
class Liveness:
    """When the bot last heard from Telegram (monotonic seconds); read by /healthz and the gauge above."""

    mode: str = "polling"
    last_poll: float | None = None  # a successful getUpdates
    last_update: float | None = None  # an update taken (from polling or the webhook)
    last_webhook_check: float | None = None  # a successful getWebhookInfo that names our URL
    started: float = field(default_factory=time.monotonic)

    def last_contact(self) -> float | None:
        if self.mode == "polling":
            return self.last_poll
        seen = [t for t in (self.last_update, self.last_webhook_check) if t is not None]
        return max(seen) if seen else None

    def seconds_since_contact(self, now: float | None = None) -> float | None:
        last = self.last_contact()
        return None if last is None else (now if now is not None else time.monotonic()) - last


class ObservedRequest(BaseRequest):
    """A Bot API transport that counts failed calls by status and notes each successful getUpdates."""

    def __init__(self, inner: BaseRequest, liveness: Liveness | None = None) -> None:
        self.inner = inner
        self.liveness = liveness

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        # The URL carries the token: only the method name (or "file") ever becomes a label.
        endpoint = "file" if "/file/bot" in url else url.rsplit("/", 1)[-1]
        try:
            code, payload = await self.inner.do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
            )
        except Exception:
            TELEGRAM_ERRORS.labels("network", endpoint).inc()
            raise
        if 200 <= code < 300:
            if endpoint == "getUpdates" and self.liveness is not None:
                self.liveness.last_poll = time.monotonic()
        else:
            TELEGRAM_ERRORS.labels(str(code), endpoint).inc()
        return code, payload


class ObservedApplication(Application):  # type: ignore[type-arg]
    """The Application, timing every update it processes by command (bounded labels: known commands only)."""

    liveness: Liveness | None = None
    _known_commands: frozenset[str] | None = None

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        if self.liveness is not None:
            self.liveness.last_update = time.monotonic()
        try:
            await super().process_update(update)
        finally:
            if isinstance(update, Update):
                UPDATES.labels(_kind(update)).inc()
                UPDATE_DURATION.labels(self.label(update)).observe(time.perf_counter() - started)

    def label(self, update: Update) -> str:
        if update.callback_query is not None:
            from bot.keyboards import Button

            prefix = (update.callback_query.data or "").split(":", 1)[0]
            return f"button:{prefix}" if prefix in Button.registry else "button"
        message = update.message
        if message is None:
            return "other"
        text = message.text or ""
        if text.startswith("/"):
            name = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
            return f"/{name}" if name in self.known_commands() else "/unknown"
        return "text" if message.text else "media"

    def known_commands(self) -> frozenset[str]:
        if self._known_commands is None:
            names: set[str] = set()
            pending: list[Any] = [h for group in self.handlers.values() for h in group]
            while pending:
                handler = pending.pop()
                if isinstance(handler, CommandHandler):
                    names |= handler.commands
                elif isinstance(handler, ConversationHandler):
                    pending += handler.entry_points + handler.fallbacks
                    pending += [h for steps in handler.states.values() for h in steps]
            self._known_commands = frozenset(names)
        return self._known_commands


def _kind(update: Update) -> str:
    if update.callback_query is not None:
        return "callback_query"
    if update.message is not None:
        return "message"
    return "other"
