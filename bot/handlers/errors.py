"""The one error handler: log with traceback, apologise to the user, tell the admins in one line."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.handlers.context import BotContext
from bot.i18n import DEFAULT_LANGUAGE, t

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, t(context.lang, "error.generic"))
        except TelegramError:
            log.warning("could not tell the user about the error")
    summary = f"{type(context.error).__name__}: {str(context.error).splitlines()[0] if str(context.error) else ''}"
    for admin_id in context.bot_data["services"].settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, t(DEFAULT_LANGUAGE, "error.admin_notice", error=summary[:200]))
        except TelegramError:
            log.warning("could not notify admin %s about the error", admin_id)
