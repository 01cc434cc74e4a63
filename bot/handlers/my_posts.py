"""/my_posts: an organisation's posts with Close, Extend and Edit; and the deadline reminder job."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from bot.domain import PostRef, PostStatus
from bot.handlers import reach
from bot.handlers.common import Render, edit, expired, notify, refuse
from bot.handlers.context import SERVICES_KEY, BotContext
from bot.i18n import t
from bot.keyboards import CODE_OF_KIND, KIND_OF_CODE, Applicants, PostAction, Rows, SharePost, keyboard
from bot.services.errors import NotAllowed
from bot.services.posts import LIVE
from bot.views import fmt_date

SHOWN = 20


async def my_posts(update: Update, context: BotContext) -> None:
    assert context.user is not None
    lang = context.lang
    orgs = await context.services.organisations.of_user(context.user.telegram_id)
    if not orgs:
        await update.effective_message.reply_text(t(lang, "org.none"))
        return
    posts = await context.services.posts.my_posts(context.user.telegram_id)
    if not posts:
        await update.effective_message.reply_text(t(lang, "posts.none"))
        return
    today = datetime.now(UTC).date().isoformat()
    applied = await context.services.applications.counts([p.id for p in posts if p.kind == "vacancy"])
    links = await context.services.reach.link_codes([(p.kind, p.id) for p in posts[:SHOWN]])
    for post in posts[:SHOWN]:
        code = CODE_OF_KIND[post.kind]
        expired_now = post.status is PostStatus.OPEN and post.expired(today)
        status = "expired" if expired_now else post.status.value
        rows = []
        if post.status in LIVE:
            row = [
                (t(lang, "posts.close"), PostAction("c", code, post.id)),
                (t(lang, "posts.extend"), PostAction("x", code, post.id)),
            ]
            if post.kind == "vacancy":
                row.insert(0, (t(lang, "reg.edit"), PostAction("e", code, post.id)))
            rows.append(row)
        if post.kind == "vacancy" and applied.get(post.id):
            rows.append([(t(lang, "pipeline.button", count=applied[post.id]), Applicants(post.id))])
        shared = post.status is PostStatus.OPEN and not expired_now and (post.kind, post.id) in links
        if shared:
            rows.append([(t(lang, "reach.share_button"), SharePost(code, post.id))])
        text = t(
            lang,
            "posts.line",
            kind=t(lang, f"posts.kind.{post.kind}"),
            title=post.title,
            status=t(lang, f"posts.status.{status}"),
            deadline=fmt_date(lang, post.deadline),
        )
        if shared:  # the organisation's own link to its post, to put on its site or share anywhere
            text += "\n" + reach.link_line(context, lang, links[(post.kind, post.id)])
        await update.effective_chat.send_message(text, reply_markup=keyboard(rows) if rows else None)


async def post_action(update: Update, context: BotContext, button: PostAction) -> None:
    """Close or extend (Edit starts the post form's conversation, see ``post_form``)."""
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    kind = KIND_OF_CODE[button.kind]
    try:
        if button.action == "c":
            post = await context.services.posts.close(context.user.telegram_id, kind, button.id)
            text = t(lang, "posts.closed", title=post.title)
        else:
            deadline = await context.services.posts.extend(context.user.telegram_id, kind, button.id)
            text = t(lang, "posts.extended", deadline=fmt_date(lang, deadline))
    except NotAllowed:
        refuse(context, query.data or "")
        await expired(update, context)
        return
    await query.answer()
    await edit(query, text)


def _reminder(post: PostRef) -> Render:
    def render(lang: str) -> tuple[str, Rows]:
        rows = [
            [
                (t(lang, "posts.extend"), PostAction("x", "v", post.id)),
                (t(lang, "posts.close"), PostAction("c", "v", post.id)),
            ]
        ]
        return t(lang, "posts.reminder", title=post.title, deadline=fmt_date(lang, post.deadline)), rows

    return render


async def send_reminders(context: BotContext) -> None:
    """Job: three days before a vacancy's deadline, its organisation's members get a reminder with Extend."""
    services = context.application.bot_data[SERVICES_KEY]
    for post in await services.posts.due_reminders():
        await notify(context, await services.posts.members_of(post), _reminder(post))
        await services.posts.mark_reminded(post)
