"""/language: pick the bot's language from the catalogues that exist."""

from __future__ import annotations

from telegram import Update

from bot.handlers.context import BotContext
from bot.i18n import languages, t
from bot.render import keyboard


async def choose_language(update: Update, context: BotContext) -> None:
    rows = [[(t(code, "language.native_name"), f"lang:{code}")] for code in languages()]
    await update.effective_message.reply_text(t(context.lang, "language.choose"), reply_markup=keyboard(rows))


async def set_language(update: Update, context: BotContext) -> None:
    query = update.callback_query
    code = (query.data or "").partition(":")[2]
    if code not in languages() or context.user is None:
        await query.answer(t(context.lang, "button.expired"), show_alert=True)
        return
    await context.services.users.set_language(context.user.telegram_id, code)
    context.lang = code
    await query.answer()
    await query.edit_message_text(t(code, "language.changed", language=t(code, "language.native_name")))
