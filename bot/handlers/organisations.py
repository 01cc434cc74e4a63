"""Employers and training providers register their organisation; admins verify it.

Conversation: name → economy → sector → website (optional) → contact e-mail → pending. Every admin gets the
application with Approve / Reject; the applicant hears the outcome. Owners invite colleagues with one-time codes.
"""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.domain import ECONOMIES
from bot.handlers.context import BotContext
from bot.handlers.fallback import button_choice, reprompt_with, unknown_command
from bot.i18n import DEFAULT_LANGUAGE, t
from bot.render import keyboard
from bot.services.posts import SECTORS, NotAllowed
from bot.services.professionals import FormError, validate_name

log = logging.getLogger(__name__)

NAME, ECONOMY, SECTOR, WEBSITE, EMAIL = range(5)
FORM = "org"
_EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,190}\.[A-Za-z]{2,}$")
_WEBSITE = re.compile(r"^(https?://)?[\w.-]+\.[A-Za-z]{2,}(/\S*)?$")


async def start_org(update: Update, context: BotContext) -> int:
    if update.callback_query:
        await update.callback_query.answer()
        kind = "employer" if update.callback_query.data == "role:employer" else "provider"
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
    org = await context.services.posts.register_organisation(context.user.telegram_id, form.pop("kind"), form)
    await update.effective_chat.send_message(t(context.lang, "org.pending", name=org.name))
    rows = [
        [
            (t(DEFAULT_LANGUAGE, "admin.approve"), f"org:a:{org.id}"),
            (t(DEFAULT_LANGUAGE, "admin.reject"), f"org:r:{org.id}"),
        ]
    ]
    notice = t(
        DEFAULT_LANGUAGE, "admin.org_application", name=org.name, kind=org.kind, economy=org.economy,
        sector=org.sector, website=org.website or "—", email=org.email, user=context.user.telegram_id,
    )  # fmt: skip
    await notify_admins(context, notice, rows)
    return ConversationHandler.END


async def notify_admins(context: BotContext, text: str, rows: list[list[tuple[str, str]]] | None = None) -> None:
    for admin_id in context.services.settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, text, reply_markup=keyboard(rows) if rows else None)
        except TelegramError as exc:
            log.warning("could not notify admin %s: %s", admin_id, exc)


async def notify_users(context: BotContext, user_ids: list[int], text: str, rows: list | None = None) -> None:
    for user_id in user_ids:
        try:
            await context.bot.send_message(user_id, text, reply_markup=keyboard(rows) if rows else None)
        except TelegramError as exc:
            log.warning("could not notify user %s: %s", user_id, exc)


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
            CallbackQueryHandler(start_org, pattern=r"^role:(employer|provider)$"),
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
            MessageHandler(filters.ALL, reprompt_with("org.reprompt")),
            CallbackQueryHandler(reprompt_with("org.reprompt")),
        ],
    )


# ---------------------------------------------------------------------------- admin decisions
async def decide_org(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert context.user is not None
    parts = (query.data or "").split(":")
    if len(parts) != 3 or parts[1] not in {"a", "r"} or not parts[2].isdigit():
        await query.answer(t(context.lang, "button.expired"), show_alert=True)
        return
    try:
        org = await context.services.posts.decide_organisation(context.user.telegram_id, int(parts[2]), parts[1] == "a")
    except NotAllowed:
        log.warning(
            "user %s tried to decide organisation %s without being an admin", context.user.telegram_id, parts[2]
        )
        await query.answer(t(context.lang, "not_allowed"), show_alert=True)
        return
    if org is None:
        await query.answer(t(context.lang, "admin.already_decided"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(t(context.lang, f"admin.org_{org.status}", name=org.name))
    members = await context.services.posts.orgs.members(org.id)
    for member in members:
        user = await context.services.users.get(member)
        lang = user.language if user and user.language else DEFAULT_LANGUAGE
        await notify_users(context, [member], t(lang, f"org.outcome.{org.status}", name=org.name))


async def pending_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    try:
        orgs, held, reports = await context.services.posts.pending(context.user.telegram_id)
    except NotAllowed:
        await unknown_command(update, context)
        return
    lang = context.lang
    if not orgs and not held and not reports:
        await update.effective_message.reply_text(t(lang, "admin.queue_empty"))
        return
    for org in orgs:
        await update.effective_chat.send_message(
            t(lang, "admin.org_application", name=org.name, kind=org.kind, economy=org.economy, sector=org.sector,
              website=org.website or "—", email=org.email, user=org.created_by or "—"),
            reply_markup=keyboard(decision_rows(lang, org.id)),
        )  # fmt: skip
    for post in held:
        await update.effective_chat.send_message(
            t(lang, "admin.post_held", kind=post.kind, id=post.id, title=post.title, reasons=post.hold_reason or "—"),
            reply_markup=keyboard(moderation_rows(lang, post.kind, post.id)),
        )
    for report in reports:
        await update.effective_chat.send_message(
            t(lang, "admin.report", kind=report["post_kind"], id=report["post_id"], reason=report["reason"] or "—"),
            reply_markup=keyboard(moderation_rows(lang, report["post_kind"], report["post_id"], reported=True)),
        )


def decision_rows(lang: str, org_id: int) -> list[list[tuple[str, str]]]:
    return [[(t(lang, "admin.approve"), f"org:a:{org_id}"), (t(lang, "admin.reject"), f"org:r:{org_id}")]]


def moderation_rows(lang: str, kind: str, post_id: int, reported: bool = False) -> list[list[tuple[str, str]]]:
    short = "v" if kind == "vacancy" else "c"
    first = (t(lang, "admin.dismiss"), f"mod:approve:{short}:{post_id}") if reported else (
        t(lang, "admin.approve"), f"mod:approve:{short}:{post_id}")  # fmt: skip
    return [[first, (t(lang, "admin.reject"), f"mod:reject:{short}:{post_id}")],
            [(t(lang, "admin.takedown"), f"mod:takedown:{short}:{post_id}")]]  # fmt: skip


async def invite_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    orgs = await context.services.posts.organisations_of(context.user.telegram_id)
    if not orgs:
        await update.effective_message.reply_text(t(context.lang, "org.none"))
        return
    try:
        code = await context.services.posts.invite(context.user.telegram_id, orgs[0].id)
    except NotAllowed:
        await update.effective_message.reply_text(t(context.lang, "org.owner_only"))
        return
    await update.effective_message.reply_text(t(context.lang, "org.invite", code=code, name=orgs[0].name))


async def join_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    if not context.args:
        await update.effective_message.reply_text(t(context.lang, "org.join_usage"))
        return
    org = await context.services.posts.join(context.user.telegram_id, context.args[0][:64])
    if org is None:
        await update.effective_message.reply_text(t(context.lang, "org.join_invalid"))
        return
    await update.effective_message.reply_text(t(context.lang, "org.joined", name=org.name))
