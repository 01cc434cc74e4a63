"""Admins: the verification queue, decisions on organisations and posts, blocking; everyone: reporting a post."""

from __future__ import annotations

from telegram import Update

from bot.handlers import reach
from bot.handlers.common import admin_only, edit, expired, notify, notify_admins, parse_id, refuse
from bot.handlers.context import BotContext
from bot.i18n import t
from bot.keyboards import KIND_OF_CODE, Moderate, OrgDecision, ReportPost, keyboard
from bot.services.errors import NotAllowed
from bot.services.moderation import MAX_REASON
from bot.views import held_notice, org_application, report_notice

KINDS = ("vacancy", "course")


# ---------------------------------------------------------------------------- reports (everyone)
async def report_command(update: Update, context: BotContext) -> None:
    args = context.args or []
    post_id = parse_id(args[1]) if len(args) >= 2 else None
    if post_id is None or args[0] not in KINDS:
        await update.effective_message.reply_text(t(context.lang, "report.usage"))
        return
    await _report(update, context, args[0], post_id, " ".join(args[2:]))


async def report_pressed(update: Update, context: BotContext, button: ReportPost) -> None:
    await update.callback_query.answer()
    await _report(update, context, KIND_OF_CODE[button.kind], button.id, "")


async def _report(update: Update, context: BotContext, kind: str, post_id: int, reason: str) -> None:
    assert context.user is not None
    new = await context.services.moderation.report(context.user.telegram_id, kind, post_id, reason)
    if new is None:
        await update.effective_chat.send_message(t(context.lang, "report.unknown"))
        return
    await update.effective_chat.send_message(t(context.lang, "report.thanks"))
    if new:  # a repeated report of the same post waits in the same queue entry
        await notify_admins(context, lambda lang: report_notice(lang, kind, post_id, reason[:300]))


# ---------------------------------------------------------------------------- the queue and decisions
@admin_only
async def pending_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    orgs, held, reports = await context.services.moderation.queue(context.user.telegram_id)
    lang = context.lang
    if not orgs and not held and not reports:
        await update.effective_message.reply_text(t(lang, "admin.queue_empty"))
        return
    notices = [org_application(lang, org) for org in orgs]
    notices += [held_notice(lang, p.kind, p.id, p.title, p.hold_reason or "") for p in held]
    notices += [report_notice(lang, r["post_kind"], r["post_id"], r["reason"]) for r in reports]
    for text, rows in notices:
        await update.effective_chat.send_message(text, reply_markup=keyboard(rows))


async def decide_org(update: Update, context: BotContext, button: OrgDecision) -> None:
    query = update.callback_query
    assert context.user is not None
    try:
        org = await context.services.moderation.decide_organisation(
            context.user.telegram_id, button.id, button.action == "a"
        )
    except NotAllowed:
        refuse(context, f"organisation decision {query.data}")
        await expired(update, context)
        return
    if org is None:
        await query.answer(t(context.lang, "admin.already_decided"), show_alert=True)
        return
    await query.answer()
    await edit(query, t(context.lang, f"admin.org_{org.status.value}", name=org.name))
    members = await context.services.organisations.members(org.id)
    await notify(context, members, lambda lang: (t(lang, f"org.outcome.{org.status.value}", name=org.name), None))
    await reach.announce_organisation(context, org.id)  # its posts that waited for verification are open now


async def moderation_pressed(update: Update, context: BotContext, button: Moderate) -> None:
    await _moderate(update, context, button.action, KIND_OF_CODE[button.kind], button.id, "")


@admin_only
async def reject_command(update: Update, context: BotContext) -> None:
    """``/reject vacancy|course ID REASON``: reject with a reason that is sent to the owner."""
    args = context.args or []
    post_id = parse_id(args[1]) if len(args) >= 3 else None
    if post_id is None or args[0] not in KINDS:
        await update.effective_message.reply_text(t(context.lang, "admin.reject_usage"))
        return
    await _moderate(update, context, "reject", args[0], post_id, " ".join(args[2:])[:MAX_REASON])


async def _moderate(update: Update, context: BotContext, action: str, kind: str, post_id: int, reason: str) -> None:
    assert context.user is not None
    lang = context.lang
    try:
        post = await context.services.moderation.moderate(context.user.telegram_id, kind, post_id, action, reason)
    except NotAllowed:
        refuse(context, f"moderation {action} {kind}:{post_id}")
        await expired(update, context)
        return
    if update.callback_query:
        await update.callback_query.answer()
    if post is None:
        await update.effective_chat.send_message(t(lang, "admin.already_decided"))
        return
    await update.effective_chat.send_message(t(lang, f"admin.done.{action}", title=post.title))
    if action == "approve":
        await reach.announce(context, [(kind, post_id)])
    if action == "dismiss":  # the organisation never heard of the report; nothing changed for them
        return
    members = await context.services.posts.members_of(post)
    await notify(
        context,
        members,
        lambda lang: (
            t(lang, f"posts.outcome.{action}", title=post.title, reason=reason or t(lang, "posts.no_reason")),
            None,
        ),
    )


# ---------------------------------------------------------------------------- blocking
async def _block_or_unblock(update: Update, context: BotContext, block: bool) -> None:
    assert context.user is not None
    lang = context.lang
    args = context.args or []
    user_id = parse_id(args[0]) if len(args) == 1 else None
    if user_id is None:
        await update.effective_message.reply_text(t(lang, "admin.block_usage" if block else "admin.unblock_usage"))
        return
    if block:
        done = await context.services.moderation.block(context.user.telegram_id, user_id)
    else:
        done = await context.services.moderation.unblock(context.user.telegram_id, user_id)
    if not done:
        await update.effective_message.reply_text(
            t(lang, "admin.block_unknown" if block else "admin.unblock_unknown", user=user_id)
        )
        return
    await update.effective_message.reply_text(t(lang, "admin.blocked" if block else "admin.unblocked", user=user_id))


@admin_only
async def block_command(update: Update, context: BotContext) -> None:
    await _block_or_unblock(update, context, block=True)


@admin_only
async def unblock_command(update: Update, context: BotContext) -> None:
    await _block_or_unblock(update, context, block=False)
