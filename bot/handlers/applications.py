"""/applications for professionals; each vacancy's applicant pipeline for its organisation."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.domain import Profile
from bot.handlers.common import edit, expired, notify, refuse
from bot.handlers.context import BotContext
from bot.handlers.hires import employer_hire_note
from bot.i18n import SafeHTML, t
from bot.keyboards import Applicants, MoveApplicant, Rows, keyboard
from bot.services.applications import MOVES
from bot.services.errors import NotAllowed
from bot.views import employer_view, fmt_date

SHOWN = 20


async def applications_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    lang = context.lang
    if await context.services.professionals.get(context.user.telegram_id) is None:
        await update.effective_message.reply_text(t(lang, "profile.none"))
        return
    mine = await context.services.applications.mine(context.user.telegram_id)
    if not mine:
        await update.effective_message.reply_text(t(lang, "applications.none"))
        return
    lines = [t(lang, "applications.header", count=len(mine))]
    for app in mine[:SHOWN]:
        lines.append(
            t(
                lang,
                "applications.line",
                title=app.title,
                organisation=app.organisation,
                status=t(lang, f"application.status.{app.status}"),
                date=fmt_date(lang, app.updated_at[:10]),
            )
        )
    if len(mine) > SHOWN:
        lines.append(t(lang, "applications.more", count=len(mine) - SHOWN))
    await update.effective_message.reply_text(SafeHTML("\n".join(lines)))


def _moves(lang: str, token: str, current: str) -> Rows:
    buttons = [(t(lang, f"application.move.{s}"), MoveApplicant(token, s)) for s in MOVES if s != current]
    return [buttons[i : i + 3] for i in range(0, len(buttons), 3)]  # type: ignore[arg-type]


async def applicants_pressed(update: Update, context: BotContext, button: Applicants) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    try:
        vacancy, applicants = await context.services.applications.pipeline(context.user.telegram_id, button.vacancy)
    except NotAllowed:
        refuse(context, f"pipeline of vacancy {button.vacancy}")
        await expired(update, context)
        return
    await query.answer()
    if not applicants:
        await update.effective_chat.send_message(t(lang, "pipeline.none", title=vacancy.title))
        return
    await update.effective_chat.send_message(t(lang, "pipeline.header", title=vacancy.title, count=len(applicants)))
    for applicant in applicants:
        text, markup = _card(context, applicant.profile, applicant.token, applicant.status)
        await update.effective_chat.send_message(text, reply_markup=markup)


def _card(
    context: BotContext, profile: Profile, token: str, status: str
) -> tuple[SafeHTML, InlineKeyboardMarkup | None]:
    """An applicant as the organisation sees them, with the pipeline status and the moves left from it."""
    lang = context.lang
    text = employer_view(context.services.taxonomy, lang, profile) + "\n"
    text += t(lang, "pipeline.status", status=t(lang, f"application.status.{status}"))
    rows = [] if status in ("hired", "declined") else _moves(lang, token, status)
    return SafeHTML(text), keyboard(rows) if rows else None


async def move_pressed(update: Update, context: BotContext, button: MoveApplicant) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    moved = await context.services.applications.move(context.user.telegram_id, button.token, button.status)
    if moved is None:
        refuse(context, "pipeline move")
        await expired(update, context)
        return
    await query.answer(t(lang, "pipeline.moved", status=t(lang, f"application.status.{moved.status}")))
    profile = await context.services.professionals.get(moved.professional_id)
    if profile is not None:  # the card says the new status too, not only its buttons
        await edit(query, *_card(context, profile, button.token, moved.status))
    else:
        await query.edit_message_reply_markup(None)
    title, organisation, status = moved.vacancy.title, moved.vacancy.organisation, moved.status
    # A hire the organisation reported is noted where the vacancy is; the professional may say otherwise.
    hire = await context.services.hires.latest(moved.professional_id) if status == "hired" else None

    def render(lang: str) -> tuple[str, Rows | None]:
        text = t(
            lang,
            "application.changed",
            title=title,
            organisation=organisation,
            status=t(lang, f"application.status.{status}"),
        )
        note, rows = employer_hire_note(lang, hire, organisation) if status == "hired" else ("", None)
        return SafeHTML(text + note), rows

    await notify(context, [moved.professional_id], render)
