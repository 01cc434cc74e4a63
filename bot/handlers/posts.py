"""Managing posts (/my_posts), reports, admin moderation, candidates and consent-based contact."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.domain import Visibility
from bot.handlers.context import BotContext
from bot.handlers.fallback import unknown_command
from bot.handlers.organisations import moderation_rows, notify_admins, notify_users
from bot.i18n import DEFAULT_LANGUAGE, SafeHTML, t
from bot.render import keyboard
from bot.services.posts import NotAllowed
from bot.views import fmt_date, skill_list

log = logging.getLogger(__name__)
KINDS = {"v": "vacancy", "c": "course"}


def _refuse(context: BotContext, what: str) -> None:
    user = context.user.telegram_id if context.user else None
    log.warning("refused: user %s tried %s", user, what)


async def lang_of(context: BotContext, user_id: int) -> str:
    user = await context.services.users.get(user_id)
    return user.language if user and user.language else DEFAULT_LANGUAGE


# ---------------------------------------------------------------------------- /my_posts
async def my_posts(update: Update, context: BotContext) -> None:
    assert context.user is not None
    lang = context.lang
    orgs = await context.services.posts.organisations_of(context.user.telegram_id)
    if not orgs:
        await update.effective_message.reply_text(t(lang, "org.none"))
        return
    posts = await context.services.posts.my_posts(context.user.telegram_id)
    if not posts:
        await update.effective_message.reply_text(t(lang, "posts.none"))
        return
    today = datetime.now(UTC).date().isoformat()
    for post in posts[:20]:
        short = "v" if post.kind == "vacancy" else "c"
        status = "expired" if post.status == "open" and post.deadline < today else post.status
        rows = []
        if status in ("open", "pending", "held", "expired"):
            row = [
                (t(lang, "posts.close"), f"p:c:{short}:{post.id}"),
                (t(lang, "posts.extend"), f"p:x:{short}:{post.id}"),
            ]
            if post.kind == "vacancy":
                row.insert(0, (t(lang, "reg.edit"), f"p:e:{short}:{post.id}"))
            rows.append(row)
        await update.effective_chat.send_message(
            t(lang, "posts.line", kind=t(lang, f"posts.kind.{post.kind}"), title=post.title,
              status=t(lang, f"posts.status.{status}"), deadline=fmt_date(lang, post.deadline)),
            reply_markup=keyboard(rows) if rows else None,
        )  # fmt: skip


async def post_action(update: Update, context: BotContext) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    parts = (query.data or "").split(":")
    if len(parts) != 4 or parts[1] not in {"c", "x"} or parts[2] not in KINDS or not parts[3].isdigit():
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    kind, post_id = KINDS[parts[2]], int(parts[3])
    try:
        if parts[1] == "c":
            post = await context.services.posts.close(context.user.telegram_id, kind, post_id)
            text = t(lang, "posts.closed", title=post.title)
        else:
            deadline = await context.services.posts.extend(context.user.telegram_id, kind, post_id)
            text = t(lang, "posts.extended", deadline=fmt_date(lang, deadline))
    except NotAllowed:
        _refuse(context, f"{query.data}")
        await query.answer(t(lang, "not_allowed"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(text)


# ---------------------------------------------------------------------------- reports
async def report_command(update: Update, context: BotContext) -> None:
    args = context.args or []
    if len(args) < 2 or args[0] not in ("vacancy", "course") or not args[1].isdigit():
        await update.effective_message.reply_text(t(context.lang, "report.usage"))
        return
    await _report(update, context, args[0], int(args[1]), " ".join(args[2:]))


async def report_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    parts = (query.data or "").split(":")
    if len(parts) != 3 or parts[1] not in KINDS or not parts[2].isdigit():
        await query.answer(t(context.lang, "button.expired"), show_alert=True)
        return
    await query.answer()
    await _report(update, context, KINDS[parts[1]], int(parts[2]), "")


async def _report(update: Update, context: BotContext, kind: str, post_id: int, reason: str) -> None:
    assert context.user is not None
    report_id = await context.services.posts.report(context.user.telegram_id, kind, post_id, reason)
    if report_id is None:
        await update.effective_chat.send_message(t(context.lang, "report.unknown"))
        return
    await update.effective_chat.send_message(t(context.lang, "report.thanks"))
    await notify_admins(
        context,
        t(DEFAULT_LANGUAGE, "admin.report", kind=kind, id=post_id, reason=reason or "—"),
        moderation_rows(DEFAULT_LANGUAGE, kind, post_id, reported=True),
    )


# ---------------------------------------------------------------------------- admin moderation
async def moderation_pressed(update: Update, context: BotContext) -> None:
    query, lang = update.callback_query, context.lang
    parts = (query.data or "").split(":")
    if (
        len(parts) != 4
        or parts[1] not in {"approve", "reject", "takedown"}
        or parts[2] not in KINDS
        or not parts[3].isdigit()
    ):
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    await _moderate(update, context, parts[1], KINDS[parts[2]], int(parts[3]), "")


async def reject_command(update: Update, context: BotContext) -> None:
    """``/reject vacancy|course ID REASON``: reject with a reason that is sent to the owner."""
    if not context.is_admin:
        await unknown_command(update, context)
        return
    args = context.args or []
    if len(args) < 3 or args[0] not in ("vacancy", "course") or not args[1].isdigit():
        await update.effective_message.reply_text(t(context.lang, "admin.reject_usage"))
        return
    await _moderate(update, context, "reject", args[0], int(args[1]), " ".join(args[2:])[:500])


async def _moderate(update: Update, context: BotContext, action: str, kind: str, post_id: int, reason: str) -> None:
    assert context.user is not None
    lang = context.lang
    try:
        post = await context.services.posts.moderate(context.user.telegram_id, kind, post_id, action, reason)
    except NotAllowed:
        _refuse(context, f"moderation {action} {kind}:{post_id}")
        if update.callback_query:
            await update.callback_query.answer(t(lang, "not_allowed"), show_alert=True)
        else:
            await unknown_command(update, context)
        return
    if update.callback_query:
        await update.callback_query.answer()
    if post is None:
        await update.effective_chat.send_message(t(lang, "report.unknown"))
        return
    await update.effective_chat.send_message(t(lang, f"admin.done.{action}", title=post.title))
    for owner in await context.services.posts.owners_of(post):
        owner_lang = await lang_of(context, owner)
        text = t(
            owner_lang, f"posts.outcome.{action}", title=post.title, reason=reason or t(owner_lang, "posts.no_reason")
        )
        await notify_users(context, [owner], text)


async def block_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    if not context.is_admin:
        await unknown_command(update, context)
        return
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await update.effective_message.reply_text(t(context.lang, "admin.block_usage"))
        return
    await context.services.posts.block(context.user.telegram_id, int(args[0]))
    await update.effective_message.reply_text(t(context.lang, "admin.blocked", user=args[0]))


# ---------------------------------------------------------------------------- candidates and contact
async def candidates_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    lang = context.lang
    posts = [
        p
        for p in await context.services.posts.my_posts(context.user.telegram_id)
        if p.kind == "vacancy" and p.status == "open"
    ]
    if not posts:
        await update.effective_message.reply_text(t(lang, "candidates.no_vacancy"))
        return
    rows = [[(p.title, f"cand:{p.id}")] for p in posts[:20]]
    await update.effective_message.reply_text(t(lang, "candidates.pick"), reply_markup=keyboard(rows))


async def candidates_pressed(update: Update, context: BotContext) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    value = (query.data or "").partition(":")[2]
    if not value.isdigit():
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    try:
        vacancy, found = await context.services.posts.candidates(context.user.telegram_id, int(value))
    except NotAllowed:
        _refuse(context, f"candidates of vacancy {value}")
        await query.answer(t(lang, "not_allowed"), show_alert=True)
        return
    await query.answer()
    if not found:
        await update.effective_chat.send_message(t(lang, "candidates.none", title=vacancy.title))
        return
    tax = context.services.taxonomy
    await update.effective_chat.send_message(t(lang, "candidates.header", title=vacancy.title, count=len(found)))
    for candidate, profile in found:
        name = profile.display_name if profile.visibility is Visibility.VISIBLE else t(lang, "candidates.anonymous")
        await update.effective_chat.send_message(
            t(lang, "candidates.card", name=name, score=f"{candidate.match.score:g}",
              level=t(lang, f"level.{profile.level.value}"), economy=t(lang, f"economy.{profile.economy}"),
              skills=SafeHTML(skill_list(tax, lang, sorted(profile.skill_ids)))),
            reply_markup=keyboard([[(t(lang, "candidates.request"), f"cr:{vacancy.id}:{profile.user_id}")]]),
        )  # fmt: skip


async def contact_request_pressed(update: Update, context: BotContext) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    parts = (query.data or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    vacancy_id, professional_id = int(parts[1]), int(parts[2])
    try:
        created = await context.services.posts.request_contact(context.user.telegram_id, vacancy_id, professional_id)
    except NotAllowed:
        _refuse(context, f"contact request {query.data}")
        await query.answer(t(lang, "not_allowed"), show_alert=True)
        return
    if created is None:
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    await query.answer(t(lang, "candidates.requested" if created else "candidates.already_requested"), show_alert=True)
    if created:
        vacancy = await context.services.opportunities.vacancy(vacancy_id)
        pro_lang = await lang_of(context, professional_id)
        rows = [
            [
                (t(pro_lang, "contact.accept"), f"ca:{vacancy_id}:y"),
                (t(pro_lang, "contact.decline"), f"ca:{vacancy_id}:n"),
            ]
        ]
        title = vacancy.title if vacancy else ""
        organisation = vacancy.organisation if vacancy else ""
        await notify_users(
            context, [professional_id], t(pro_lang, "contact.ask", title=title, organisation=organisation), rows
        )


async def contact_answer_pressed(update: Update, context: BotContext) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    parts = (query.data or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in {"y", "n"}:
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    vacancy_id, accept = int(parts[1]), parts[2] == "y"
    # Only the professional the request was addressed to can answer it: the request is looked up by their id.
    requester = await context.services.posts.answer_contact(context.user.telegram_id, vacancy_id, accept)
    if requester is None:
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    await query.answer()
    vacancy = await context.services.opportunities.vacancy(vacancy_id)
    title = vacancy.title if vacancy else ""
    await query.edit_message_text(t(lang, "contact.accepted" if accept else "contact.declined", title=title))
    requester_lang = await lang_of(context, requester)
    if accept:
        await notify_users(context, [requester], contact_card(requester_lang, update, title))
    else:
        await notify_users(context, [requester], t(requester_lang, "contact.employer_declined", title=title))


def contact_card(lang: str, update: Update, title: str) -> str:
    """The professional's Telegram contact, as a link that works with or without a username."""
    user = update.effective_user
    assert user is not None
    link = f"https://t.me/{user.username}" if user.username else f"tg://user?id={user.id}"
    return t(lang, "contact.shared", title=title, name=user.full_name,
             link=SafeHTML(f'<a href="{html.escape(link)}">{html.escape(user.full_name)}</a>'))  # fmt: skip


async def send_reminders(context: BotContext) -> None:
    """Job: three days before a vacancy's deadline, its owners get a reminder with Extend."""
    services = context.application.bot_data["services"]
    for post in await services.posts.due_reminders():
        for owner in await services.posts.owners_of(post):
            lang = await lang_of(context, owner)
            rows = [[(t(lang, "posts.extend"), f"p:x:v:{post.id}"), (t(lang, "posts.close"), f"p:c:v:{post.id}")]]
            await notify_users(
                context,
                [owner],
                t(lang, "posts.reminder", title=post.title, deadline=fmt_date(lang, post.deadline)),
                rows,
            )
        await services.posts.orgs.mark_reminded(post.id)


def build_post_handlers() -> list:
    return [
        CommandHandler("my_posts", my_posts),
        CallbackQueryHandler(post_action, pattern=r"^p:[cx]:"),
        CommandHandler("report", report_command),
        CallbackQueryHandler(report_pressed, pattern=r"^rep:"),
        CallbackQueryHandler(moderation_pressed, pattern=r"^mod:"),
        CommandHandler("reject", reject_command),
        CommandHandler("block", block_command),
        CommandHandler("candidates", candidates_command),
        CallbackQueryHandler(candidates_pressed, pattern=r"^cand:"),
        CallbackQueryHandler(contact_request_pressed, pattern=r"^cr:"),
        CallbackQueryHandler(contact_answer_pressed, pattern=r"^ca:"),
    ]
