"""/matches, /courses, /vacancies and /nextrole: what a professional can do next."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest

from bot.domain import ECONOMIES, Level, WorkFormat
from bot.handlers.context import BotContext
from bot.handlers.organisations import notify_users
from bot.handlers.posts import contact_card, lang_of
from bot.i18n import SafeHTML, t
from bot.render import keyboard
from bot.services.opportunities import VacancyFilter
from bot.views import gap_plan, match_reason, profile_summary, role_hint, vacancy_card

PAGE_SIZE = 5


async def _profile(update: Update, context: BotContext):  # type: ignore[no-untyped-def]
    assert context.user is not None
    profile = await context.services.professionals.get(context.user.telegram_id)
    if profile is None:
        target = update.effective_chat
        await target.send_message(t(context.lang, "profile.none"))
    return profile


async def _show(update: Update, text: str, rows: list[list[tuple[str, str]]]) -> None:
    """Edit the message a button belongs to, or send a new one for a command."""
    markup = keyboard(rows) if rows else None
    if update.callback_query:
        try:
            await update.callback_query.edit_message_text(SafeHTML(text), reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
    else:
        await update.effective_chat.send_message(SafeHTML(text), reply_markup=markup)


async def matches_command(update: Update, context: BotContext) -> None:
    await _render_match(update, context, 0)


async def matches_pressed(update: Update, context: BotContext) -> None:
    query, lang = update.callback_query, context.lang
    parts = (query.data or "").split(":")
    if len(parts) != 3 or parts[1] not in {"p", "d", "i"} or not parts[2].isdigit():
        await query.answer(t(lang, "button.expired"), show_alert=True)
        return
    action, number = parts[1], int(parts[2])
    if action == "p":
        await query.answer()
        await _render_match(update, context, number)
        return
    vacancy = await context.services.opportunities.vacancy(number)
    if vacancy is None or not vacancy.open:
        await query.answer(t(lang, "vacancy.gone"), show_alert=True)
        return
    if action == "d":
        await query.answer()
        await update.effective_chat.send_message(
            vacancy_card(context.services.taxonomy, lang, vacancy, details=True),
            reply_markup=keyboard([[(t(lang, "report.button"), f"rep:v:{vacancy.id}")]]),
        )
        return
    profile = await _profile(update, context)
    if profile is None:
        await query.answer()
        return
    recorded = await context.services.professionals.record_interest(profile.user_id, vacancy.id)
    await query.answer(t(lang, "match.interest_saved" if recorded else "match.interest_already"), show_alert=True)
    if recorded:  # "I'm interested" is the professional's consent: the employer gets the profile with contact
        services = context.services
        schedule = await services.professionals.schedule(profile.user_id)
        for owner in await services.posts.vacancy_owners(vacancy.id):
            owner_lang = await lang_of(context, owner)
            text = "\n\n".join([
                t(owner_lang, "interest.notice", title=vacancy.title),
                profile_summary(services.taxonomy, owner_lang, profile, schedule),
                contact_card(owner_lang, update, vacancy.title),
            ])  # fmt: skip
            await notify_users(context, [owner], text)


async def _render_match(update: Update, context: BotContext, page: int) -> None:
    lang, services = context.lang, context.services
    profile = await _profile(update, context)
    if profile is None:
        return
    views = await services.opportunities.matches(profile)
    if not views:
        await _show(update, t(lang, "matches.none"), [])
        return
    page = max(0, min(page, len(views) - 1))
    view = views[page]
    text = "\n".join(
        [
            t(lang, "matches.header", page=page + 1, total=len(views), score=f"{view.match.score:g}"),
            vacancy_card(services.taxonomy, lang, view.match.vacancy),
            match_reason(services.taxonomy, lang, view.match, view.plan),
        ]
    )
    vid = view.match.vacancy.id
    rows = [
        [(t(lang, "matches.details"), f"m:d:{vid}"), (t(lang, "matches.interested"), f"m:i:{vid}")],
        [(t(lang, "report.button"), f"rep:v:{vid}")],
    ]
    nav = []
    if page > 0:
        nav.append((t(lang, "common.prev"), f"m:p:{page - 1}"))
    if page < len(views) - 1:
        nav.append((t(lang, "common.next"), f"m:p:{page + 1}"))
    if nav:
        rows.append(nav)
    await _show(update, text, rows)


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


# /vacancies: filters and page live in the callback data, e.g. "v:AL:remote:mid:2" ("-" means any).
_ECONOMY_CYCLE = ("-", *ECONOMIES)
_FORMAT_CYCLE = ("-", *(f.value for f in WorkFormat))
_LEVEL_CYCLE = ("-", *(lv.value for lv in Level))


def _next(cycle: tuple[str, ...], value: str) -> str:
    return cycle[(cycle.index(value) + 1) % len(cycle)]


async def vacancies_command(update: Update, context: BotContext) -> None:
    await _render_vacancies(update, context, "-", "-", "-", 0)


async def vacancies_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    parts = (query.data or "").split(":")
    valid = (
        len(parts) == 5
        and parts[1] in _ECONOMY_CYCLE
        and parts[2] in _FORMAT_CYCLE
        and parts[3] in _LEVEL_CYCLE
        and parts[4].isdigit()
    )
    if not valid:
        await query.answer(t(context.lang, "button.expired"), show_alert=True)
        return
    await query.answer()
    await _render_vacancies(update, context, parts[1], parts[2], parts[3], int(parts[4]))


async def _render_vacancies(update: Update, context: BotContext, economy: str, fmt: str, level: str, page: int) -> None:
    lang, services = context.lang, context.services
    filters = VacancyFilter(
        economy=None if economy == "-" else economy,
        work_format=None if fmt == "-" else WorkFormat(fmt),
        level=None if level == "-" else Level(level),
    )
    found = await services.opportunities.browse(filters)
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
        count=len(found),
    )
    body = "\n\n".join(
        f"{i}. " + vacancy_card(services.taxonomy, lang, v) for i, v in enumerate(shown, start=page * PAGE_SIZE + 1)
    )
    text = header + "\n\n" + (body or t(lang, "vacancies.none"))
    rows = [
        [
            (t(lang, "filter.economy"), f"v:{_next(_ECONOMY_CYCLE, economy)}:{fmt}:{level}:0"),
            (t(lang, "filter.format"), f"v:{economy}:{_next(_FORMAT_CYCLE, fmt)}:{level}:0"),
            (t(lang, "filter.level"), f"v:{economy}:{fmt}:{_next(_LEVEL_CYCLE, level)}:0"),
        ]
    ]
    rows += [[(f"{i}. {v.title}", f"m:d:{v.id}")] for i, v in enumerate(shown, start=page * PAGE_SIZE + 1)]
    nav = []
    if page > 0:
        nav.append((t(lang, "common.prev"), f"v:{economy}:{fmt}:{level}:{page - 1}"))
    if page < pages - 1:
        nav.append((t(lang, "common.next"), f"v:{economy}:{fmt}:{level}:{page + 1}"))
    if nav:
        rows.append(nav)
    await _show(update, text, rows)
