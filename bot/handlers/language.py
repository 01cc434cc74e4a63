"""/language: pick the bot's language from the catalogues that exist."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import edit, expired
from bot.handlers.context import BotContext
from bot.i18n import languages, t
from bot.keyboards import LanguageChoice, keyboard


async def choose_language(update: Update, context: BotContext) -> None:
    rows = [[(t(code, "language.native_name"), LanguageChoice(code))] for code in languages()]
    await update.effective_message.reply_text(t(context.lang, "language.choose"), reply_markup=keyboard(rows))


async def set_language(update: Update, context: BotContext, button: LanguageChoice) -> None:
    query = update.callback_query
    code = button.code
    if code not in languages() or context.user is None:
        await expired(update, context)
        return
    await context.services.users.set_language(context.user.telegram_id, code)
    context.lang = code
    await query.answer()
    await edit(query, t(code, "language.changed", language=t(code, "language.native_name")))
