"""/post_vacancy and /post_course: a guided conversation, or the whole form in one message; then a preview.

Both ways feed the same field table (``bot.services.forms``), so the same rules and messages apply. The preview
offers Publish, Edit (send only the ``Field: value`` lines to change) and Cancel.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.domain import PostStatus
from bot.handlers import reach
from bot.handlers.common import DRAFTS, FORM_START, expired, notify_admins, on_button, reprompt_with, switch_to
from bot.handlers.context import BotContext
from bot.i18n import SafeHTML, t
from bot.keyboards import PostAction, PreviewAction, keyboard
from bot.render import MESSAGE_LIMIT, esc, utf16_len
from bot.services.drafts import PostDraft
from bot.services.errors import FormError, NotAllowed
from bot.services.forms import FIELDS, Field, FormResult, choice_key, label_key, parse_one_message
from bot.views import form_value, held_notice

ASK, PREVIEW, EDITING = range(3)
FORM = "post"
NAME = "posting"
DRAFTS[NAME] = FORM


def _draft(context: BotContext) -> PostDraft:
    """The post form in progress; conversation states guarantee there is one."""
    draft = PostDraft.from_json(context.user_data.get(FORM))  # type: ignore[union-attr]
    assert draft is not None
    return draft


def _keep(context: BotContext, draft: PostDraft) -> None:
    context.user_data[FORM] = draft.to_json()  # type: ignore[index]


async def start_post(update: Update, context: BotContext) -> int:
    """A new form, guided or in one message; it replaces any form still waiting, this one included."""
    assert context.user is not None
    switch_to(update, context, NAME)
    context.user_data.pop(FORM, None)  # type: ignore[union-attr]
    lang = context.lang
    text = update.effective_message.text or ""
    kind = "vacancy" if text.startswith("/post_vacancy") else "course"
    orgs = await context.services.organisations.of_user(
        context.user.telegram_id, "employer" if kind == "vacancy" else "provider"
    )
    if not orgs:
        await update.effective_message.reply_text(t(lang, f"post.no_org.{kind}"))
        return ConversationHandler.END
    draft = PostDraft(kind, orgs[0].id, orgs[0].name)
    body = text.partition("\n")[2]
    if body.strip():
        result = parse_one_message(kind, body, context.services.posts.form_context())
        problems = _problems(lang, kind, result)
        if problems:
            await update.effective_message.reply_text(SafeHTML(problems + "\n\n" + t(lang, "post.resend")))
            return ConversationHandler.END
        draft.values = result.values
        _keep(context, draft)
        return await preview(update, context)
    _keep(context, draft)
    await update.effective_chat.send_message(t(lang, f"post.guided.{kind}", help=SafeHTML(form_help(lang, kind))))
    return await ask_next(update, context)


def _problems(lang: str, kind: str, result: FormResult, partial: bool = False) -> str:
    lines = []
    if result.missing and not partial:
        lines.append(t(lang, "post.error.missing", fields=_local(lang, kind, result.missing)))
    if result.unknown:
        lines.append(t(lang, "post.error.unknown", fields=", ".join(result.unknown)))
    for label, err in result.errors:
        lines.append(f"• <b>{esc(_local(lang, kind, [label]))}</b>: " + t(lang, err.key, **err.values))
    return "\n".join(lines)


def form_help(lang: str, kind: str) -> str:
    """The one-message form's lines, with the field names in the reader's language (English is accepted too)."""
    return esc("\n".join(f"{t(lang, label_key(kind, f.key))}: …" for f in FIELDS[kind]))


def required_fields(lang: str, kind: str) -> str:
    return ", ".join(t(lang, label_key(kind, f.key)) for f in FIELDS[kind] if f.required)


def _local(lang: str, kind: str, labels: list[str]) -> str:
    """Field names a parse reported (in English) as the reader names them."""
    keys = {f.label: f.key for f in FIELDS[kind]}
    return ", ".join(t(lang, label_key(kind, keys[name])) if name in keys else name for name in labels)


async def ask_next(update: Update, context: BotContext, prefix: str = "") -> int:
    draft, lang = _draft(context), context.lang
    field = draft.next_field()
    if field is None:
        return await preview(update, context)
    draft.asking = field.key
    _keep(context, draft)
    kind = draft.kind
    rows = [[(t(lang, choice_key(kind, field.key, o)), f"pf:{o}")] for o in field.choices]
    if not field.required:
        rows.append([(t(lang, "common.skip"), "pf:-skip-")])
    required = t(lang, "post.required") if field.required else t(lang, "post.optional")
    await update.effective_chat.send_message(
        SafeHTML(prefix + t(lang, "post.ask", field=t(lang, label_key(kind, field.key)), required=required)),
        reply_markup=keyboard(rows) if rows else None,
    )
    return ASK


async def on_answer(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    field = draft.field(draft.asking or "")
    if update.callback_query:
        query = update.callback_query
        value = (query.data or "").partition(":")[2]
        if value == "-skip-" and not field.required:
            await query.answer()
            draft.skipped.append(field.key)
            _keep(context, draft)
            return await ask_next(update, context)
        if value not in field.choices:
            await expired(update, context)
            return ASK
        await query.answer()
        raw = value
    else:
        raw = update.effective_message.text or ""
    try:
        draft.answer(field.key, field.parse(raw, context.services.posts.form_context()))
    except FormError as err:
        return await ask_next(update, context, t(context.lang, err.key, **err.values) + "\n\n")
    _keep(context, draft)
    return await ask_next(update, context)


def render_preview(context: BotContext, kind: str, values: dict[str, Any]) -> str:
    lang, tax = context.lang, context.services.taxonomy
    lines = [t(lang, f"post.preview.{kind}")]
    for field in FIELDS[kind]:
        if field.key in values:
            shown = form_value(tax, lang, kind, field.key, values[field.key])
            lines.append(f"<b>{t(lang, label_key(kind, field.key))}:</b> {shown}")
    return "\n".join(lines)


async def preview(update: Update, context: BotContext) -> int:
    """Show the post as it will look; one too long for a Telegram message is refused with the field to shorten,
    and the form is kept so that one ``Field: value`` line fixes it."""
    draft, lang = _draft(context), context.lang
    text = render_preview(context, draft.kind, draft.values)
    if utf16_len(text) > MESSAGE_LIMIT:
        field = _longest_field(draft.kind, draft.values)
        await update.effective_chat.send_message(
            t(
                lang,
                "post.too_long",
                field=t(lang, label_key(draft.kind, field.key)),
                over=utf16_len(text) - MESSAGE_LIMIT,
            )
        )
        return EDITING
    rows = [
        [(t(lang, "post.publish"), PreviewAction("publish")), (t(lang, "reg.edit"), PreviewAction("edit"))],
        [(t(lang, "reg.discard"), PreviewAction("cancel"))],
    ]
    await update.effective_chat.send_message(SafeHTML(text), reply_markup=keyboard(rows))
    return PREVIEW


def _longest_field(kind: str, values: dict[str, Any]) -> Field:
    texts = [(len(str(values[f.key])), f) for f in FIELDS[kind] if f.key in values]
    return max(texts, key=lambda pair: pair[0])[1]


async def on_preview(update: Update, context: BotContext, button: PreviewAction) -> int:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    action = button.action
    await query.answer()
    if action == "cancel":
        return await cancel(update, context)
    if action == "edit":
        await update.effective_chat.send_message(
            SafeHTML(t(lang, "post.edit_help", help=SafeHTML(form_help(lang, _draft(context).kind))))
        )
        return EDITING
    draft = _draft(context)
    try:
        published = await context.services.posts.publish(
            context.user.telegram_id, draft.org_id, draft.kind, draft.values, draft.edit_of
        )
    except FormError as err:
        await update.effective_chat.send_message(t(lang, err.key, **err.values))
        return PREVIEW if err.key == "post.error.missing" else await cancel(update, context, quiet=True)
    except NotAllowed:
        await update.effective_chat.send_message(t(lang, "not_allowed"))
        return await cancel(update, context, quiet=True)
    context.user_data.pop(FORM, None)  # type: ignore[union-attr]
    reasons = ", ".join(t(lang, f"flag.{r}") for r in published.reasons)
    link = await reach.published_link(context, lang, published)  # an open post's link, for its organisation
    await update.effective_chat.send_message(t(lang, f"post.status.{published.status.value}", reasons=reasons) + link)
    if published.status is PostStatus.HELD:
        title, reasons = draft.values.get("title", ""), ",".join(published.reasons)
        await notify_admins(context, lambda lang: held_notice(lang, published.kind, published.id, title, reasons))
    if published.status is PostStatus.OPEN and draft.edit_of is None:  # a new post, not an edit: to the channel
        await reach.announce(context, [(published.kind, published.id)])
    return ConversationHandler.END


async def on_edit_text(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    result = parse_one_message(draft.kind, update.effective_message.text or "", context.services.posts.form_context())
    problems = _problems(context.lang, draft.kind, result, partial=True)
    if problems or not result.values:
        await update.effective_message.reply_text(
            SafeHTML((problems or t(context.lang, "post.edit_nothing")) + "\n\n" + t(context.lang, "post.edit_again"))
        )
        return EDITING
    draft.values.update(result.values)
    _keep(context, draft)
    return await preview(update, context)


async def start_edit_post(update: Update, context: BotContext, button: PostAction) -> int:
    """From /my_posts: load a vacancy into the preview, if it is still live and the user may act for its owner."""
    query = update.callback_query
    assert context.user is not None
    switch_to(update, context, NAME)
    try:
        vacancy = await context.services.posts.vacancy_for_edit(context.user.telegram_id, button.id)
    except NotAllowed:
        await expired(update, context)
        return ConversationHandler.END
    await query.answer()
    _keep(context, PostDraft.of_vacancy(vacancy))
    return await preview(update, context)


async def cancel(update: Update, context: BotContext, quiet: bool = False) -> int:
    context.user_data.pop(FORM, None)  # type: ignore[union-attr]
    if not quiet:
        await update.effective_chat.send_message(t(context.lang, "post.cancelled"))
    return ConversationHandler.END


def build_posting_conversation() -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="posting",
        persistent=True,
        entry_points=[
            CommandHandler(["post_vacancy", "post_course"], start_post),
            on_button(PostAction, start_edit_post, action="e", kind="v"),
        ],
        states={
            ASK: [MessageHandler(text, on_answer), CallbackQueryHandler(on_answer, pattern=r"^pf:")],
            PREVIEW: [on_button(PreviewAction, on_preview)],
            EDITING: [MessageHandler(text, on_edit_text)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CommandHandler(["post_vacancy", "post_course"], start_post),
            MessageHandler(filters.ALL & ~FORM_START, reprompt_with("post.reprompt")),
            CallbackQueryHandler(reprompt_with("post.reprompt")),
        ],
    )
