"""The callback context every handler receives, carrying the user's record and language."""

from __future__ import annotations

import sqlite3
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackContext, ExtBot

from bot.domain import User
from bot.i18n import DEFAULT_LANGUAGE, resolve_language
from bot.keyboards import DeleteConfirm
from bot.services import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[str, Any], dict[Any, Any], dict[str, Any]]):
    """Adds ``services``, ``user`` and ``lang``; the user and language are filled once per update."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.user: User | None = None
        self.lang: str = DEFAULT_LANGUAGE

    @property
    def services(self) -> Services:
        return self.application.bot_data[SERVICES_KEY]

    @property
    def is_admin(self) -> bool:
        return self.services.settings.is_admin(self.user.telegram_id if self.user else None)


async def remember_user(update: Update, context: BotContext) -> None:
    """Runs before every other handler: drops replayed updates, records the user, resolves their language.

    If the database cannot take even this (read-only file, full disk), the update stops here with the error
    handler's apology: no later handler runs without knowing who the user is.
    """
    tg_user = update.effective_user
    if tg_user is not None and not tg_user.is_bot:
        context.lang = resolve_language(None, tg_user.language_code)
    try:
        if not await context.services.users.claim_update(update.update_id):
            raise ApplicationHandlerStop
        if tg_user is None or tg_user.is_bot:
            return
        context.user = await context.services.users.touch(tg_user.id, tg_user.first_name or "", tg_user.language_code)
    except sqlite3.Error as exc:
        await context.application.process_error(update, exc)
        raise ApplicationHandlerStop from exc
    context.lang = resolve_language(context.user.language, tg_user.language_code)
    if context.user.blocked and not _data_rights(update):
        # An admin blocked this user: nothing they send reaches any handler, except their data-protection rights.
        raise ApplicationHandlerStop


# What a blocked user may still do: read the privacy notice, export their data, erase it (and leave that dialogue).
DATA_RIGHTS_COMMANDS = frozenset({"privacy", "mydata", "delete_me", "cancel"})


def _data_rights(update: Update) -> bool:
    if update.callback_query is not None:
        return DeleteConfirm.matches(update.callback_query.data)
    text = update.message.text if update.message and update.message.text else ""
    command = text.split(maxsplit=1)[0].split("@")[0].lstrip("/") if text.startswith("/") else ""
    return command in DATA_RIGHTS_COMMANDS
