"""/matches, /courses, /vacancies and /nextrole: what a professional can do next."""

from __future__ import annotations

from typing import get_args

from telegram import Update

from bot.domain import Level, Profile, WorkFormat
from bot.handlers.common import show
from bot.handlers.contact import interested_pressed
from bot.handlers.context import BotContext
from bot.handlers.feedback import feedback_row
from bot.i18n import SafeHTML, t
from bot.keyboards import (
    ECONOMY_FILTER,
    FORMAT_FILTER,
    LEVEL_FILTER,
    SALARY_FILTER,
    BrowseVacancies,
    MatchAction,
    ReportPost,
    Rows,
    SharePost,
)
from bot.keyboards import keyboard as make_keyboard
from bot.services.opportunities import VacancyFilter
from bot.views import gap_plan, match_reason, match_salary, role_hint, salary_floor, vacancy_card

PAGE_SIZE = 5


async def _profile(update: Update, context: BotContext) -> Profile | None:
    assert context.user is not None
    profile = await context.services.professionals.get(context.user.telegram_id)
    if profile is None:
        target = update.effective_chat
        await target.send_message(t(context.lang, "profile.none"))
    return profile


async def matches_command(update: Update, context: BotContext) -> None:
    await _render_match(update, context, 0)


async def matches_pressed(update: Update, context: BotContext, button: MatchAction) -> None:
    query, lang = update.callback_query, context.lang
    if button.action == "p":
        await query.answer()
        await _render_match(update, context, button.id)
        return
    if button.action == "i":
        await interested_pressed(update, context, button)
        return
    vacancy = await context.services.opportunities.vacancy(button.id)
    if vacancy is None or not vacancy.open:
        await query.answer(t(lang, "vacancy.gone"), show_alert=True)
        return
    await query.answer()
    rows: Rows = [
        [
            (t(lang, "reach.share_button"), SharePost("v", vacancy.id)),
            (t(lang, "report.button"), ReportPost("v", vacancy.id)),
        ]
    ]
    assert context.user is not None
    feedback = context.services.feedback
    if await feedback.is_professional(context.user.telegram_id):  # save / hide / not relevant: theirs only
        kinds = await feedback.kinds(context.user.telegram_id, [vacancy.id])
        rows = [feedback_row(lang, vacancy.id, kinds.get(vacancy.id) == "saved", "d"), *rows]
    await update.effective_chat.send_message(
        vacancy_card(context.services.taxonomy, lang, vacancy, details=True), reply_markup=make_keyboard(rows)
    )


async def _render_match(update: Update, context: BotContext, page: int) -> None:
    lang, services = context.lang, context.services
    profile = await _profile(update, context)
    if profile is None:
        return
    views = await services.opportunities.matches(profile)
    if not views:
        await show(update, t(lang, "matches.none"))
        return
    page = max(0, min(page, len(views) - 1))
    view = views[page]
    text = "\n".join(
        [
            t(lang, "matches.header", page=page + 1, total=len(views), score=f"{view.match.score:g}"),
            vacancy_card(services.taxonomy, lang, view.match.vacancy),
            match_reason(services.taxonomy, lang, view.match, view.plan),
            *filter(None, [match_salary(lang, profile.salary_net_eur, view.match.vacancy)]),
            *([t(lang, "feedback.ranked_lower")] if view.lowered else []),
        ]
    )
    vid = view.match.vacancy.id
    saved = (await services.feedback.kinds(profile.user_id, [vid])).get(vid) == "saved"
    rows: Rows = [
        [(t(lang, "matches.details"), MatchAction("d", vid)), (t(lang, "matches.interested"), MatchAction("i", vid))],
        feedback_row(lang, vid, saved, "m", page),
        [(t(lang, "report.button"), ReportPost("v", vid))],
    ]
    nav = []
    if page > 0:
        nav.append((t(lang, "common.prev"), MatchAction("p", page - 1)))
    if page < len(views) - 1:
        nav.append((t(lang, "common.next"), MatchAction("p", page + 1)))
    if nav:
        rows = [*rows, nav]
    await show(update, text, rows)


async def courses_command(update: Update, context: BotContext) -> None:
    lang, services = context.lang, context.services
    profile = await _profile(update, context)
    if profile is None:
        return
    plan, source = await services.opportunities.gap_courses(profile)
    if not plan.courses and not plan.uncovered:
        await update.effective_chat.send_message(t(lang, "courses.no_gap"))
        return
    if not plan.courses:
        await update.effective_chat.send_message(
            SafeHTML(t(lang, "courses.none") + "\n\n" + gap_plan(services.taxonomy, lang, plan))
        )
        return
    await update.effective_chat.send_message(
        SafeHTML(t(lang, f"courses.header.{source}") + "\n\n" + gap_plan(services.taxonomy, lang, plan))
    )


async def next_role_command(update: Update, context: BotContext) -> None:
    profile = await _profile(update, context)
    if profile is None:
        return
    hint = context.services.opportunities.next_role(profile)
    if hint is None:
        await update.effective_chat.send_message(t(context.lang, "nextrole.none"))
        return
    text = role_hint(context.services.taxonomy, context.lang, hint)
    if not hint.missing:
        text = SafeHTML(text + "\n" + t(context.lang, "nextrole.complete"))
    await update.effective_chat.send_message(text)


# /vacancies: filters and page live in the button (see ``BrowseVacancies``), "-" meaning any.
_ECONOMY_CYCLE: tuple[str, ...] = get_args(ECONOMY_FILTER)
_FORMAT_CYCLE: tuple[str, ...] = get_args(FORMAT_FILTER)
_LEVEL_CYCLE: tuple[str, ...] = get_args(LEVEL_FILTER)
_SALARY_FLOORS: tuple[str, ...] = get_args(SALARY_FILTER)


def _next(cycle: tuple[str, ...], value: str) -> str:
    return cycle[(cycle.index(value) + 1) % len(cycle)]


async def vacancies_command(update: Update, context: BotContext) -> None:
    await _render_vacancies(update, context, BrowseVacancies("-", "-", "-", "-", 0))


async def vacancies_pressed(update: Update, context: BotContext, button: BrowseVacancies) -> None:
    await update.callback_query.answer()
    await _render_vacancies(update, context, button)


async def _render_vacancies(update: Update, context: BotContext, at: BrowseVacancies) -> None:
    lang, services = context.lang, context.services
    economy, fmt, level, salary, page = at.economy, at.format, at.level, at.salary, at.page
    filters = VacancyFilter(
        economy=None if economy == "-" else economy,
        work_format=None if fmt == "-" else WorkFormat(fmt),
        level=None if level == "-" else Level(level),
        min_salary=None if salary == "-" else int(salary),
    )
    assert context.user is not None
    found = await services.opportunities.browse_for(context.user.telegram_id, filters)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = max(0, min(page, pages - 1))
    shown = found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    any_label = t(lang, "filter.any")
    header = t(
        lang,
        "vacancies.header",
        economy=any_label if economy == "-" else t(lang, f"economy.{economy}"),
        format=any_label if fmt == "-" else t(lang, f"format.{fmt}"),
        level=any_label if level == "-" else t(lang, f"level.{level}"),
        salary=any_label if salary == "-" else salary_floor(lang, int(salary)),
        count=len(found),
    )
    body = "\n\n".join(
        f"{i}. " + vacancy_card(services.taxonomy, lang, v) for i, v in enumerate(shown, start=page * PAGE_SIZE + 1)
    )
    text = header + "\n\n" + (body or t(lang, "vacancies.none"))
    rows: Rows = [
        [
            (t(lang, "filter.economy"), BrowseVacancies(_next(_ECONOMY_CYCLE, economy), fmt, level, salary, 0)),
            (t(lang, "filter.format"), BrowseVacancies(economy, _next(_FORMAT_CYCLE, fmt), level, salary, 0)),
            (t(lang, "filter.level"), BrowseVacancies(economy, fmt, _next(_LEVEL_CYCLE, level), salary, 0)),
        ],
        # at least this much a month, one tap each; the one chosen is ticked
        [
            (
                ("✅ " if floor == salary else "")
                + (t(lang, "filter.salary_any") if floor == "-" else salary_floor(lang, int(floor), short=True)),
                BrowseVacancies(economy, fmt, level, floor, 0),
            )
            for floor in _SALARY_FLOORS
        ],
    ]
    rows = [
        *rows,
        *([(f"{i}. {v.title}", MatchAction("d", v.id))] for i, v in enumerate(shown, start=page * PAGE_SIZE + 1)),
    ]
    nav = []
    if page > 0:
        nav.append((t(lang, "common.prev"), BrowseVacancies(economy, fmt, level, salary, page - 1)))
    if page < pages - 1:
        nav.append((t(lang, "common.next"), BrowseVacancies(economy, fmt, level, salary, page + 1)))
    if nav:
        rows = [*rows, nav]
    await show(update, text, rows)
