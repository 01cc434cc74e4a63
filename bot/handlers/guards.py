"""Guards that run before every handler: replayed updates and per-user flooding."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.handlers.context import BotContext
from bot.i18n import resolve_language, t
from bot.observability import FLOOD_THROTTLED

log = logging.getLogger(__name__)


SHORT_WINDOW = 10.0  # seconds over which FLOOD_BURST counts
LONG_WINDOW = 60.0  # seconds over which FLOOD_RATE_PER_MINUTE counts


@dataclass
class _Recent:
    """One user's latest update times, oldest first: at most one more than each limit, which is all a verdict
    needs (a window is over its limit exactly when it holds limit + 1 of them)."""

    short: deque[float]
    long: deque[float]
    warned: bool = False


class FloodGuard:
    """Two sliding windows per user: at most ``burst`` updates in any ``burst_window`` seconds (10) and at most
    ``per_minute`` in any 60 seconds. Defaults (``Settings``, ``FLOOD_BURST`` / ``FLOOD_RATE_PER_MINUTE``): 25 in
    10 s and 100 a minute.

    Every update counts, the ones it drops included, so a client that keeps flooding stays muted until it stops;
    once it slows down it is let back in within 10 s, or within the minute if it spent the minute's allowance. The
    first update dropped in a throttling episode earns the ``flood.notice`` (which says to try again in a minute);
    the rest of the episode is dropped silently, button presses answered without a word; the episode ends with the
    next update let through. Admins are exempt; users are counted apart, so one user's flood slows no one else.
    State lives in memory (a restart forgives everyone, fine for a guard) and is bounded: at most ``burst +
    per_minute + 2`` times per user, and users quiet for a minute are forgotten.

    Chosen by measurement (``python -m bench.flood``, figures in docs/benchmarks.md), replaying people and
    abusers through this class with a controlled clock. The busiest people peak at 19 updates in 10 s (an album
    of ten photos amid one-a-second answers; ten toggles in three seconds amid them: 16) and 80 in a minute
    (impatient double taps on every button; one action a second: 60): none is throttled at 25/10 s + 100/min.
    Abusers: 100 messages in 10 s are stopped after 2.5 s (25 answered, one notice) and kept out for the minute;
    1,000 in 60 s after 1.5 s; a steady 3 a second after 8.3 s; a steady 2 a second by the minute window after
    50 s. The token bucket this replaced (5 at once, 20 a minute) throttled people answering once a second from the
    8th answer; a token bucket raised for people lets a flooder through at its refill rate (34 of the 100 in
    10 s, 469 of 900 at 3 a second), re-arming the notice each time. Counting dropped updates stops a flood.
    """

    def __init__(
        self,
        per_minute: int,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        *,
        burst_window: float = SHORT_WINDOW,
    ) -> None:
        self.per_minute = per_minute
        self.burst = burst
        self.burst_window = burst_window
        self.clock = clock
        self._users: dict[int, _Recent] = {}
        self._swept: float | None = None

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """Count one update from ``user_id``: (allowed, should_warn); should_warn once per throttling episode."""
        now = self.clock()
        self._forget_quiet_users(now)
        recent = self._users.get(user_id)
        if recent is None:
            recent = _Recent(deque(maxlen=self.burst + 1), deque(maxlen=self.per_minute + 1))
            self._users[user_id] = recent
        recent.short.append(now)
        recent.long.append(now)
        if not (_over(recent.short, now - self.burst_window) or _over(recent.long, now - LONG_WINDOW)):
            recent.warned = False
            return True, False
        warn = not recent.warned
        recent.warned = True
        return False, warn

    def _forget_quiet_users(self, now: float) -> None:
        """Once a minute, drop users with nothing in either window: they start afresh, exactly as if remembered."""
        if self._swept is not None and 0 <= now - self._swept < LONG_WINDOW:
            return
        self._swept = now
        quiet = now - max(LONG_WINDOW, self.burst_window)
        for user_id in [u for u, recent in self._users.items() if recent.long[-1] <= quiet]:
            del self._users[user_id]

    async def __call__(self, update: Update, context: BotContext) -> None:
        if context.user is None or context.is_admin:
            return
        allowed, warn = self.allow(context.user.telegram_id)
        if allowed:
            return
        FLOOD_THROTTLED.inc()
        if warn:
            log.warning("flood limit: ignoring user %s for a while", context.user.telegram_id)
            if update.effective_chat is not None:
                await update.effective_chat.send_message(t(context.lang, "flood.notice"))
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop


def _over(times: deque[float], since: float) -> bool:
    """More than the limit (``maxlen - 1``) in the window after ``since``: full, and the oldest is inside it."""
    return len(times) == times.maxlen and times[0] > since


async def private_chats_only(update: Update, context: BotContext) -> None:
    """Everything the bot says is about one person (profiles, candidates, data exports, statistics for admins), so
    it talks in private chats only: in a group a command gets one pointer to the private chat, the rest nothing."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    elif update.message is not None and (update.message.text or "").startswith("/"):
        tg_user = update.effective_user
        lang = resolve_language(None, tg_user.language_code if tg_user else None)
        await update.message.reply_text(t(lang, "group.private_only"))
    raise ApplicationHandlerStop


REPLAY_WINDOW = timedelta(days=2)


async def forget_old_updates(context: BotContext) -> None:
    """Job: a replay comes within minutes of the original; ids older than two days need not be kept."""
    cutoff = (datetime.now(UTC) - REPLAY_WINDOW).isoformat(timespec="seconds")
    await context.application.bot_data["services"].users.forget_updates_before(cutoff)
