"""/start: what the bot is for, and the choice of role."""

from __future__ import annotations

from telegram import Update

from bot.handlers.context import BotContext
from bot.i18n import t
from bot.keyboards import RoleChoice, keyboard

ROLES = ("professional", "employer", "provider")


async def start(update: Update, context: BotContext) -> None:
    # Deep-link payloads (``/start something``) are not used yet; any payload is ignored on purpose.
    lang = context.lang
    name = context.user.first_name if context.user else ""
    await update.effective_message.reply_text(
        t(lang, "start.welcome", name=name) + "\n\n" + t(lang, "start.kosovo_note"),
        reply_markup=keyboard([[(t(lang, f"role.{role}"), RoleChoice(role))] for role in ROLES]),
    )
