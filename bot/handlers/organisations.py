"""Employers and training providers register their organisation; admins verify it.

Conversation: name → economy → sector → website (optional) → contact e-mail → pending. Every admin gets the
application with Approve / Reject; the applicant hears the outcome. Owners invite colleagues with one-time codes.
"""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.domain import ECONOMIES
from bot.handlers.common import DRAFTS, FORM_START, button_choice, notify_admins, reprompt_with, switch_to
from bot.handlers.context import BotContext
from bot.i18n import t
from bot.keyboards import RoleChoice, keyboard
from bot.services.errors import FormError, NotAllowed
from bot.services.organisations import INVITE_DAYS, SECTORS
from bot.services.professionals import validate_name
from bot.views import org_application

log = logging.getLogger(__name__)

NAME, ECONOMY, SECTOR, WEBSITE, EMAIL = range(5)
FORM = "org"
NAME = "organisation"
DRAFTS[NAME] = FORM
_EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,190}\.[A-Za-z]{2,}$")
_WEBSITE = re.compile(r"^(https?://)?[\w.-]+\.[A-Za-z]{2,}(/\S*)?$")


async def start_org(update: Update, context: BotContext) -> int:
    switch_to(update, context, NAME)
    if update.callback_query:
        await update.callback_query.answer()
        pressed = RoleChoice.unpack(update.callback_query.data)
        kind = "employer" if pressed is not None and pressed.role == "employer" else "provider"
    else:
        kind = "employer" if (update.effective_message.text or "").startswith("/employer") else "provider"
    context.user_data[FORM] = {"kind": kind}  # type: ignore[index]
    await update.effective_chat.send_message(
        t(context.lang, f"org.intro.{kind}") + "\n\n" + t(context.lang, "org.name")
    )
    return NAME


async def on_name(update: Update, context: BotContext) -> int:
    try:
        context.user_data[FORM]["name"] = validate_name(update.effective_message.text or "")  # type: ignore[index]
    except FormError as err:
        await update.effective_message.reply_text(
            t(context.lang, err.key, **err.values) + "\n" + t(context.lang, "org.name")
        )
        return NAME
    rows = [[(t(context.lang, f"economy.{c}"), f"orgf:eco:{c}")] for c in ECONOMIES]
    await update.effective_chat.send_message(t(context.lang, "org.economy"), reply_markup=keyboard(rows))
    return ECONOMY


async def on_economy(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, ECONOMIES)
    if value is None:
        return ECONOMY
    context.user_data[FORM]["economy"] = value  # type: ignore[index]
    rows = [[(t(context.lang, f"sector.{s}"), f"orgf:sec:{s}")] for s in SECTORS]
    await update.effective_chat.send_message(t(context.lang, "org.sector"), reply_markup=keyboard(rows))
    return SECTOR


async def on_sector(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, SECTORS)
    if value is None:
        return SECTOR
    context.user_data[FORM]["sector"] = value  # type: ignore[index]
    await update.effective_chat.send_message(
        t(context.lang, "org.website"), reply_markup=keyboard([[(t(context.lang, "common.skip"), "orgf:web:skip")]])
    )
    return WEBSITE


async def on_website(update: Update, context: BotContext) -> int:
    if update.callback_query:
        await update.callback_query.answer()
        context.user_data[FORM]["website"] = ""  # type: ignore[index]
    else:
        text = (update.effective_message.text or "").strip()
        if not _WEBSITE.match(text) or len(text) > 200:
            await update.effective_message.reply_text(t(context.lang, "org.error.website"))
            return WEBSITE
        context.user_data[FORM]["website"] = text  # type: ignore[index]
    await update.effective_chat.send_message(t(context.lang, "org.email"))
    return EMAIL


async def on_email(update: Update, context: BotContext) -> int:
    text = (update.effective_message.text or "").strip()
    if not _EMAIL.match(text):
        await update.effective_message.reply_text(t(context.lang, "org.error.email"))
        return EMAIL
    assert context.user is not None
    form = context.user_data.pop(FORM)  # type: ignore[union-attr]
    form["email"] = text
    org = await context.services.organisations.register(context.user.telegram_id, form.pop("kind"), form)
    await update.effective_chat.send_message(t(context.lang, "org.pending", name=org.name))
    await notify_admins(context, lambda lang: org_application(lang, org))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    context.user_data.pop(FORM, None)  # type: ignore[union-attr]
    await update.effective_chat.send_message(t(context.lang, "reg.cancelled"))
    return ConversationHandler.END


def build_organisation_conversation() -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="organisation",
        persistent=True,
        entry_points=[
            CommandHandler(["employer", "provider"], start_org),
            CallbackQueryHandler(start_org, pattern=RoleChoice.where(role="employer")),
            CallbackQueryHandler(start_org, pattern=RoleChoice.where(role="provider")),
        ],
        states={
            NAME: [MessageHandler(text, on_name)],
            ECONOMY: [CallbackQueryHandler(on_economy, pattern=r"^orgf:eco:")],
            SECTOR: [CallbackQueryHandler(on_sector, pattern=r"^orgf:sec:")],
            WEBSITE: [MessageHandler(text, on_website), CallbackQueryHandler(on_website, pattern=r"^orgf:web:skip$")],
            EMAIL: [MessageHandler(text, on_email)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CommandHandler(["employer", "provider"], start_org),
            MessageHandler(filters.ALL & ~FORM_START, reprompt_with("org.reprompt")),
            CallbackQueryHandler(reprompt_with("org.reprompt")),
        ],
    )


async def invite_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    orgs = await context.services.organisations.of_user(context.user.telegram_id)
    if not orgs:
        await update.effective_message.reply_text(t(context.lang, "org.none"))
        return
    try:
        code = await context.services.organisations.invite(context.user.telegram_id, orgs[0].id)
    except NotAllowed:
        await update.effective_message.reply_text(t(context.lang, "org.owner_only"))
        return
    await update.effective_message.reply_text(
        t(context.lang, "org.invite", code=code, name=orgs[0].name, days=INVITE_DAYS)
    )


async def join_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    if not context.args:
        await update.effective_message.reply_text(t(context.lang, "org.join_usage"))
        return
    org = await context.services.organisations.join(context.user.telegram_id, context.args[0][:64])
    if org is None:
        await update.effective_message.reply_text(t(context.lang, "org.join_invalid"))
        return
    await update.effective_message.reply_text(t(context.lang, "org.joined", name=org.name))
