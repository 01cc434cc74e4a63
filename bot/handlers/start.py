"""/start: what the bot is for, and the choice of role; or the post or partner a deep link names."""

from __future__ import annotations

from telegram import Update

from bot.handlers import reach
from bot.handlers.context import BotContext
from bot.i18n import t
from bot.keyboards import RoleChoice, keyboard

ROLES = ("professional", "employer", "provider")


async def start(update: Update, context: BotContext) -> None:
    # A deep link's payload (``/start <code>``) opens a post for anyone; ``/start src_<code>`` notes a partner.
    if context.args and context.user is not None and await reach.open_payload(update, context, context.args[0]):
        return
    lang = context.lang
    name = context.user.first_name if context.user else ""
    await update.effective_message.reply_text(
        t(lang, "start.welcome", name=name) + "\n\n" + t(lang, "start.kosovo_note"),
        reply_markup=keyboard([[(t(lang, f"role.{role}"), RoleChoice(role))] for role in ROLES]),
    )
