"""What the bot says when nothing else applies: never silence, always a pointer to /help."""

from __future__ import annotations

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
