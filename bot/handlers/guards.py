"""Guards that run before every handler: replayed updates and per-user flooding."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.handlers.context import BotContext
from bot.i18n import resolve_language, t

log = logging.getLogger(__name__)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodGuard:
    """A token bucket per user: ``burst`` updates at once, refilled at ``per_minute`` a minute.

    Past it the user gets one notice and is ignored until the bucket holds a token again; other users are not
    affected. Admins are exempt. State lives in memory: a restart forgives everyone, which is fine for a guard.
    """

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, should_warn)."""
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True, False
        warn = not bucket.warned
        bucket.warned = True
        return False, warn

    async def __call__(self, update: Update, context: BotContext) -> None:
        if context.user is None or context.is_admin:
            return
        allowed, warn = self.allow(context.user.telegram_id)
        if allowed:
            return
        if warn:
            log.warning("flood limit: ignoring user %s for a while", context.user.telegram_id)
            if update.effective_chat is not None:
                await update.effective_chat.send_message(t(context.lang, "flood.notice"))
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop


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
