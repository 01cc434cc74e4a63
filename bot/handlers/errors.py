"""The one error handler: log, apologise to the user, tell the admins in one line — without flooding anyone."""

from __future__ import annotations

import logging
import sqlite3
import time

from telegram import Update
from telegram.error import Conflict, Forbidden, NetworkError, TelegramError

from bot.handlers.context import BotContext
from bot.i18n import DEFAULT_LANGUAGE, t

log = logging.getLogger(__name__)

ADMIN_NOTICE_INTERVAL = 600.0  # seconds between two admin notices about the same kind of error
NOTICES_KEY = "error_notices"


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    services = context.bot_data["services"]
    if isinstance(error, Conflict):
        log.error("another bot instance is polling with this token (409 Conflict); retrying with backoff")
    elif update is None and isinstance(error, NetworkError):
        log.warning("polling for updates failed: %s; retrying with backoff", error)
    elif isinstance(error, Forbidden) and isinstance(update, Update) and update.effective_user is not None:
        log.info("user %s has blocked the bot; marking inactive", update.effective_user.id)
        await services.users.mark_inactive(update.effective_user.id)
        return
    elif isinstance(error, sqlite3.OperationalError):
        log.error("database error: %s (read-only file or full disk?)", error)
    else:
        log.error("error while handling an update", exc_info=error)

    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, t(context.lang, "error.generic"))
        except TelegramError:
            log.warning("could not tell the user about the error")
    await _notify_admins(context, error)


async def _notify_admins(context: BotContext, error: BaseException | None) -> None:
    kind = type(error).__name__
    now = time.monotonic()
    last_notice: dict[str, float] = context.application.bot_data.setdefault(NOTICES_KEY, {})
    if kind in last_notice and now - last_notice[kind] < ADMIN_NOTICE_INTERVAL:
        return
    last_notice[kind] = now
    first_line = str(error).splitlines()[0] if str(error) else ""
    summary = f"{kind}: {first_line}"[:200]
    for admin_id in context.bot_data["services"].settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, t(DEFAULT_LANGUAGE, "error.admin_notice", error=summary))
        except TelegramError:
            log.warning("could not notify admin %s about the error", admin_id)
