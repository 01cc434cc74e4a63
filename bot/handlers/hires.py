"""The retention loop in chat: where a new job is, and the check-ins 6 and 12 months after a hire (a daily job).

The hire itself is reported from /status ("I found a job", ``profile.status_pressed``), from "Still looking?"
(``freshness``) or by the organisation's "Hired" in its pipeline (``applications.move_pressed``); all of them go
through ``HireService.report``. Check-in answers are recorded one button at a time, so half an answer is kept.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.domain import ECONOMIES
from bot.handlers.common import edit, expired, refuse
from bot.handlers.context import BotContext
from bot.i18n import SafeHTML, resolve_language, t
from bot.keyboards import HireCheckIn, HirePlace, Rows, StatusChoice, keyboard
from bot.services.hires import CheckIn, Hire
from bot.views import fmt_date

log = logging.getLogger(__name__)


def place_name(lang: str, place: str) -> str:
    if place in ECONOMIES:
        return t(lang, f"economy.{place}")
    return t(lang, "status.hired_abroad" if place == "abroad" else "status.hired_region")


def where_rows(lang: str) -> Rows:
    """Where is the new job: in the region (the economy is asked next) or abroad."""
    return [
        [(t(lang, "status.hired_region"), StatusChoice("hired", "region"))],
        [(t(lang, "status.hired_abroad"), StatusChoice("hired", "abroad"))],
    ]


def economy_rows(lang: str, abroad: bool = False) -> Rows:
    """The six economies, two a row; with ``abroad``, a last row for a job abroad."""
    buttons = [(t(lang, f"economy.{e}"), HirePlace(e)) for e in ECONOMIES]  # type: ignore[arg-type]
    rows: list[list[tuple[str, HirePlace]]] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if abroad:
        rows.append([(t(lang, "status.hired_abroad"), HirePlace("abroad"))])
    return rows


async def report_hire(update: Update, context: BotContext, where: str) -> None:
    """A hire in the region or abroad: recorded (or restated); for the region, "which economy?" follows."""
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    hire = await context.services.hires.report(context.user.telegram_id, where, "self")
    if hire is None:
        await edit(query, t(lang, "profile.none"))
        return
    if where == "abroad":
        await edit(query, t(lang, "status.done_hired_abroad"))
        return
    text = t(lang, "status.done_hired_region") + "\n\n" + t(lang, "hire.which_economy")
    await edit(query, SafeHTML(text), reply_markup=keyboard(economy_rows(lang)))


async def hire_place_pressed(update: Update, context: BotContext, button: HirePlace) -> None:
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    hire = await context.services.hires.restate(context.user.telegram_id, button.place)
    if hire is None:  # no recent hire of theirs to say it of (an old button, someone else's, no profile)
        refuse(context, f"hire place {button.place}")
        await expired(update, context)
        return
    await query.answer()
    await edit(query, t(lang, "hire.place_noted", place=place_name(lang, hire.place)))


def employer_hire_note(lang: str, hire: Hire | None, organisation: str) -> tuple[str, Rows | None]:
    """What the professional reads under "your application: hired" when the organisation reported it: where the
    hire was noted, and buttons to say otherwise; nothing when they have said where themselves."""
    if hire is None or hire.place_from == "self":
        return "", None
    text = t(lang, "hire.employer_noted", organisation=organisation, place=place_name(lang, hire.place))
    return "\n\n" + text, economy_rows(lang, abroad=True)


# ---------------------------------------------------------------------------- check-ins
def job_rows(lang: str, check_in: CheckIn) -> Rows:
    month = str(check_in.month)
    return [
        [(t(lang, f"checkin.job.{answer}"), HireCheckIn(check_in.hire_id, month, "job", answer))]  # type: ignore[arg-type]
        for answer in ("same", "changed", "none")
    ]


def place_rows(lang: str, check_in: CheckIn) -> Rows:
    month = str(check_in.month)

    def button(answer: str) -> HireCheckIn:
        return HireCheckIn(check_in.hire_id, month, "place", answer)  # type: ignore[arg-type]

    if not check_in.abroad:
        return [
            [(t(lang, "checkin.region.yes"), button("region"))],
            [(t(lang, "checkin.region.abroad"), button("abroad"))],
        ]
    back = [(t(lang, "checkin.back.economy", economy=t(lang, f"economy.{e}")), button(e)) for e in ECONOMIES]
    return [[(t(lang, "checkin.back.abroad"), button("abroad"))], *(back[i : i + 2] for i in range(0, 6, 2))]


def check_in_text(lang: str, check_in: CheckIn) -> str:
    return t(
        lang,
        "checkin.ask_job",
        months=check_in.month,
        date=fmt_date(lang, check_in.hired_at[:10]),
        place=place_name(lang, check_in.place),
    )


async def check_in_pressed(update: Update, context: BotContext, button: HireCheckIn) -> None:
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    check_in = await context.services.hires.answer(
        context.user.telegram_id, button.hire, int(button.month), button.question, button.answer
    )
    if check_in is None:
        refuse(context, f"check-in {button.pack()}")
        await expired(update, context)
        return
    await query.answer()
    if button.question == "job":
        ask = t(lang, "checkin.ask_back" if check_in.abroad else "checkin.ask_region")
        await edit(query, ask, reply_markup=keyboard(place_rows(lang, check_in)))
        return
    await edit(query, t(lang, "checkin.thanks_not_working" if check_in.job == "none" else "checkin.thanks"))


async def check_in_job(context: BotContext) -> None:
    """Daily: ask everyone whose latest hire reached 6 or 12 months how it is going (each check-in once)."""
    hires = context.services.hires
    for check_in in await hires.check_ins_due():
        if not await hires.mark_asked(check_in):
            continue
        lang = resolve_language(check_in.language, check_in.telegram_language)
        try:
            await context.bot.send_message(
                check_in.user_id, check_in_text(lang, check_in), reply_markup=keyboard(job_rows(lang, check_in))
            )
        except TelegramError as exc:  # blocked the bot or gone: asked all the same, never again
            log.info("hire check-in to %s not delivered: %s", check_in.user_id, exc)
