"""What the bot says when nothing else applies: never silence, always a pointer to /help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.handlers.context import BotContext
from bot.i18n import t


async def cancel_outside_conversation(update: Update, context: BotContext) -> None:
    await update.effective_message.reply_text(t(context.lang, "cancel.nothing"))


async def unknown_command(update: Update, context: BotContext) -> None:
    text = update.effective_message.text or ""
    command = text.split()[0].split("@")[0][:64] if text.split() else "/"
    await update.effective_message.reply_text(t(context.lang, "unknown.command", command=command))


async def unknown_text(update: Update, context: BotContext) -> None:
    await update.effective_message.reply_text(t(context.lang, "unknown.text"))


async def unknown_media(update: Update, context: BotContext) -> None:
    await update.effective_message.reply_text(t(context.lang, "unknown.media"))


async def button_choice(update: Update, context: BotContext, allowed: set[str] | tuple[str, ...]) -> str | None:
    """The value a pressed button carries (after "verb:" or "verb:step:"), if this step offers it; otherwise the
    user is told the button expired and None comes back, so forged or stale data changes nothing."""
    query = update.callback_query
    value = (query.data or "").split(":", 2)[-1]
    if value not in allowed:
        await query.answer(t(context.lang, "button.expired"), show_alert=True)
        return None
    await query.answer()
    return value


async def expired_button(update: Update, context: BotContext) -> None:
    """Buttons whose data no handler recognises: forged, or from an old message. Nothing changes."""
    await update.callback_query.answer(t(context.lang, "button.expired"), show_alert=True)


def reprompt_with(key: str) -> Callable[[Update, BotContext], Awaitable[None]]:
    """A conversation fallback: expired buttons get an alert, anything else the reminder ``key``; state is kept."""

    async def reprompt(update: Update, context: BotContext) -> None:
        if update.callback_query:
            await update.callback_query.answer(t(context.lang, "button.expired"), show_alert=True)
        else:
            await update.effective_message.reply_text(t(context.lang, key))

    return reprompt
