"""Helpers every handler module shares: buttons, the one "expired" answer, admin gate, notifying other users.

Notifications reach other people, so they are rendered in each recipient's language, never the sender's.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, ConversationHandler, filters

from bot.domain import User
from bot.handlers.context import BotContext
from bot.handlers.fallback import unknown_command
from bot.i18n import DEFAULT_LANGUAGE, SafeHTML, resolve_language, t
from bot.keyboards import Button, Rows, keyboard

log = logging.getLogger(__name__)

B = TypeVar("B", bound=Button)
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]
# What a notification looks like in one language: its text, and its buttons if any.
Render = Callable[[str], tuple[str, Rows | None]]

_ID = re.compile(r"[0-9]{1,18}")

# Commands that start a form. Sent while another form waits, they start afresh instead of being told to answer
# the question above: each conversation's catch-all fallback lets them through (``~FORM_START``), and the form
# that starts closes the others with ``switch_to``.
FORM_STARTS = ("register", "edit", "employer", "provider", "post_vacancy", "post_course")
FORM_START = filters.Regex(rf"^/({'|'.join(FORM_STARTS)})(@\w+)?(\s|$)")
DRAFTS: dict[str, str] = {}  # conversation name → the user_data key its draft lives under


def parse_id(text: str) -> int | None:
    """A typed id: ASCII digits that fit SQLite's INTEGER ("²".isdigit() is True, and 30 digits overflow)."""
    return int(text) if _ID.fullmatch(text) else None


def switch_to(update: Update, context: BotContext, name: str) -> None:
    """Close every other form this user has open, dropping its draft, so that only ``name`` waits for answers.

    PTB keeps a conversation's state per handler; ending another handler's conversation goes through its own
    bookkeeping (``_update_state``), which persistence then records like any other end.
    """
    for handler in context.application.handlers.get(0, []):
        if not isinstance(handler, ConversationHandler) or handler.name == name:
            continue
        key = handler._get_key(update)
        if key in handler._conversations:
            handler._update_state(ConversationHandler.END, key)
            if handler.name in DRAFTS and context.user_data is not None:
                context.user_data.pop(DRAFTS[handler.name], None)


def language_of(user: User | None) -> str:
    if user is None:
        return DEFAULT_LANGUAGE
    return resolve_language(user.language, user.telegram_language)


async def expired(update: Update, context: BotContext) -> None:
    """The one answer to a button that is stale, forged or not the presser's to press; nothing changes."""
    if update.callback_query is not None:
        await update.callback_query.answer(t(context.lang, "button.expired"), show_alert=True)


def refuse(context: BotContext, what: str) -> None:
    user = context.user.telegram_id if context.user else None
    log.warning("refused: user %s tried %s", user, what)


def on_button(
    kind: type[B], callback: Callable[[Update, BotContext, B], Awaitable[Any]], /, **fixed: Any
) -> CallbackQueryHandler:
    """Route presses of ``kind`` (with the ``fixed`` field values, if given) to ``callback(update, context,
    button)``; other data never reaches it."""

    async def handle(update: Update, context: BotContext) -> Any:
        button = kind.unpack(update.callback_query.data if update.callback_query else None)
        if button is None:  # pragma: no cover - the pattern already decoded it
            return await expired(update, context)
        return await callback(update, context, button)

    functools.update_wrapper(handle, callback)
    return CallbackQueryHandler(handle, pattern=kind.where(**fixed) if fixed else kind.matches)


def admin_only(callback: Handler) -> Handler:
    """Admin commands answer a non-admin exactly like a command that does not exist."""

    @functools.wraps(callback)
    async def gated(update: Update, context: BotContext) -> Any:
        if not context.is_admin:
            return await unknown_command(update, context)
        return await callback(update, context)

    return gated


async def button_choice(update: Update, context: BotContext, allowed: set[str] | tuple[str, ...]) -> str | None:
    """A conversation step's value (after "verb:" or "verb:step:"), if this step offers it; otherwise the one
    "expired" answer and None, so forged or stale data changes nothing."""
    query = update.callback_query
    value = (query.data or "").split(":", 2)[-1]
    if value not in allowed:
        await expired(update, context)
        return None
    await query.answer()
    return value


def reprompt_with(key: str) -> Handler:
    """A conversation fallback: expired buttons get the alert, anything else the reminder ``key``; state is kept."""

    async def reprompt(update: Update, context: BotContext) -> None:
        if update.callback_query:
            await expired(update, context)
        else:
            await update.effective_message.reply_text(t(context.lang, key))

    return reprompt


async def edit(query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the pressed message; a second tap on the same button (the text is already there) is no error."""
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def show(update: Update, text: str, rows: Rows | None = None) -> None:
    """Edit the message a button belongs to, or send a new one for a command."""
    markup = keyboard(rows) if rows else None
    if update.callback_query:
        await edit(update.callback_query, SafeHTML(text), markup)
    else:
        await update.effective_chat.send_message(SafeHTML(text), reply_markup=markup)


async def notify(context: BotContext, user_ids: list[int] | tuple[int, ...], render: Render) -> None:
    """Send each user the message ``render`` makes in their own language; one who blocked the bot is skipped."""
    for user_id in user_ids:
        lang = language_of(await context.services.users.get(user_id))
        text, rows = render(lang)
        try:
            await context.bot.send_message(user_id, text, reply_markup=keyboard(rows) if rows else None)
        except TelegramError as exc:
            log.warning("could not notify user %s: %s", user_id, exc)


async def notify_admins(context: BotContext, render: Render) -> None:
    await notify(context, sorted(context.services.settings.admin_ids), render)
