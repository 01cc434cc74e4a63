"""Feedback on matches: 💾 Save, 🙈 Hide, 👎 Not relevant under match cards and digest items; /saved.

The buttons say which vacancy and where they sat; ``FeedbackService`` decides on the current state whether the
presser may (a professional, a live vacancy, their own row). The answer redraws the pressed message: the /matches
card moves on to the next match after a hide, a card or a digest keeps its text and loses that vacancy's buttons,
and a save only changes its button's label.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.handlers.common import expired, show
from bot.handlers.context import BotContext
from bot.i18n import SafeHTML, t
from bot.keyboards import (
    FEEDBACK_REASONS,
    Feedback,
    FeedbackReason,
    MatchAction,
    Rows,
    SavedList,
    button_text,
    keyboard,
)
from bot.services.errors import NotAllowed
from bot.services.feedback import SAVED_PAGE
from bot.views import vacancy_card

REASON_CHOICES: tuple[FEEDBACK_REASONS, ...] = ("skills", "level", "location", "salary", "other")


def feedback_row(lang: str, vacancy_id: int, saved: bool, at: str, page: int = 0) -> list[tuple[str, Feedback]]:
    """Save (or Saved ✓, which unsaves), Hide and Not relevant for one vacancy shown at ``at``."""
    save_label = t(lang, "feedback.saved_button" if saved else "feedback.save")
    return [
        (save_label, Feedback("s", vacancy_id, at, page)),  # type: ignore[arg-type]
        (t(lang, "feedback.hide"), Feedback("h", vacancy_id, at, page)),  # type: ignore[arg-type]
        (t(lang, "feedback.not_relevant"), Feedback("n", vacancy_id, at, page)),  # type: ignore[arg-type]
    ]


def _save_label(lang: str, button: Feedback, saved: bool) -> str:
    if button.at == "g":  # a digest item: its number is in ``page``
        return t(lang, "feedback.digest_saved" if saved else "feedback.digest_s", n=button.page)
    return t(lang, "feedback.saved_button" if saved else "feedback.save")


async def _redraw(update: Update, lang: str, pressed: Feedback, saved: bool | None) -> None:
    """The pressed card or digest keeps its text: a save relabels its button, a hide or "not relevant" (``saved``
    None) drops that vacancy's feedback buttons."""
    query = update.callback_query
    markup = query.message.reply_markup if query.message is not None else None
    if markup is None:
        return
    rows = []
    for row in markup.inline_keyboard:
        kept = []
        for b in row:
            found = Feedback.unpack(b.callback_data)
            if found is None or found.id != pressed.id:
                kept.append(b)
            elif saved is not None:
                label = _save_label(lang, found, saved) if found.action == "s" else b.text
                kept.append(InlineKeyboardButton(button_text(label), callback_data=b.callback_data))
        if kept:
            rows.append(kept)
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def feedback_pressed(update: Update, context: BotContext, button: Feedback) -> None:
    # matches.py shows these buttons (feedback_row), so it is imported here, not at the top
    from bot.handlers.matches import _render_match as render_match

    assert context.user is not None
    query, lang, service = update.callback_query, context.lang, context.services.feedback
    user_id = context.user.telegram_id
    try:
        if button.action == "s" and button.at == "g":  # a digest's label never shows the state: save, never unsave
            vacancy, saved = await service.save(user_id, button.id), True
        elif button.action == "s":
            vacancy, saved = await service.toggle_save(user_id, button.id)
        elif button.action == "h":
            vacancy, saved = await service.hide(user_id, button.id), None
        elif button.action == "n":
            vacancy, saved = await service.not_relevant(user_id, button.id), None
        else:
            await _undo(update, context, button)
            return
    except NotAllowed as exc:
        await query.answer(t(lang, str(exc)), show_alert=True)
        return
    if saved is not None:
        await query.answer(t(lang, "feedback.saved" if saved else "feedback.unsaved"))
    else:
        await query.answer()
    if button.at == "m":
        await render_match(update, context, button.page)
    elif button.at in ("d", "g"):
        await _redraw(update, lang, button, saved)
    if button.action == "h":
        await update.effective_chat.send_message(
            t(lang, "feedback.hidden", title=vacancy.title),
            reply_markup=keyboard([[(t(lang, "feedback.undo"), Feedback("u", vacancy.id, "c", 0))]]),
        )
    elif button.action == "n":
        await update.effective_chat.send_message(
            t(lang, "feedback.why", title=vacancy.title), reply_markup=keyboard(_reason_rows(lang, vacancy.id))
        )


def _reason_rows(lang: str, vacancy_id: int) -> Rows:
    reasons = [(t(lang, f"feedback.reason.{r}"), FeedbackReason(vacancy_id, r)) for r in REASON_CHOICES]
    return [
        reasons[:3],
        [*reasons[3:], (t(lang, "feedback.reason.skip"), FeedbackReason(vacancy_id, "skip"))],
        [(t(lang, "feedback.undo"), Feedback("u", vacancy_id, "c", 0))],
    ]


async def reason_pressed(update: Update, context: BotContext, button: FeedbackReason) -> None:
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    try:
        vacancy = await context.services.feedback.set_reason(context.user.telegram_id, button.vacancy, button.reason)
    except NotAllowed as exc:
        await query.answer(t(lang, str(exc)), show_alert=True)
        return
    await query.answer()
    key = "feedback.reason_skipped" if button.reason == "skip" else "feedback.reason_thanks"
    reason = t(lang, f"feedback.reason.{button.reason}")
    await show(
        update,
        t(lang, key, title=vacancy.title, reason=reason),
        [[(t(lang, "feedback.undo"), Feedback("u", vacancy.id, "c", 0))]],
    )


async def _undo(update: Update, context: BotContext, button: Feedback) -> None:
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    try:
        vacancy = await context.services.feedback.undo(context.user.telegram_id, button.id)
    except NotAllowed:
        await expired(update, context)
        return
    await query.answer()
    if vacancy is None:
        await show(update, t(lang, "feedback.undone_gone"))
    else:
        await show(update, t(lang, "feedback.undone", title=vacancy.title))


async def saved_command(update: Update, context: BotContext) -> None:
    await _render_saved(update, context, 0)


async def saved_pressed(update: Update, context: BotContext, button: SavedList) -> None:
    assert context.user is not None
    query = update.callback_query
    if not await context.services.feedback.is_professional(context.user.telegram_id):
        await expired(update, context)
        return
    removed = button.remove and await context.services.feedback.unsave(context.user.telegram_id, button.remove)
    await query.answer(t(context.lang, "feedback.unsaved") if removed else None)
    await _render_saved(update, context, button.page)


async def _render_saved(update: Update, context: BotContext, page: int) -> None:
    assert context.user is not None
    lang, services = context.lang, context.services
    try:
        found = await services.feedback.saved(context.user.telegram_id, page)
    except NotAllowed as exc:
        await update.effective_chat.send_message(t(lang, str(exc)))
        return
    if not found.total:
        await show(update, t(lang, "saved.none"))
        return
    first = found.page * SAVED_PAGE + 1
    body = "\n\n".join(
        f"{n}. " + vacancy_card(services.taxonomy, lang, v) for n, v in enumerate(found.vacancies, start=first)
    )
    text = SafeHTML(t(lang, "saved.header", count=found.total) + "\n\n" + body)
    rows: Rows = [
        [(f"{n}. {v.title}", MatchAction("d", v.id)), (t(lang, "saved.remove", n=n), SavedList(found.page, v.id))]
        for n, v in enumerate(found.vacancies, start=first)
    ]
    nav = []
    if found.page > 0:
        nav.append((t(lang, "common.prev"), SavedList(found.page - 1, 0)))
    if found.page < found.pages - 1:
        nav.append((t(lang, "common.next"), SavedList(found.page + 1, 0)))
    if nav:
        rows = [*rows, nav]
    await show(update, text, rows)
