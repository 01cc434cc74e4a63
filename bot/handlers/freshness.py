"""Freshness: "Still looking?" after 60 days away, and the pause after 90 (a daily job); and the answers."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.domain import JobStatus
from bot.handlers.common import edit, expired
from bot.handlers.context import BotContext
from bot.handlers.hires import where_rows
from bot.i18n import resolve_language, t
from bot.keyboards import Rows, StillLooking, keyboard

log = logging.getLogger(__name__)

ANSWERS = ("looking", "open", "not_looking", "hired")


def still_looking_rows(lang: str) -> Rows:
    return [[(t(lang, f"status.choice.{a}"), StillLooking(a))] for a in ANSWERS]  # type: ignore[arg-type]


async def still_looking_pressed(update: Update, context: BotContext, button: StillLooking) -> None:
    """Any answer is activity, which already un-paused the profile; the status is the one chosen. "I found a job"
    goes on to where it is, as from /status."""
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    user_id = context.user.telegram_id
    if await context.services.professionals.get(user_id) is None:
        await expired(update, context)
        return
    await query.answer()
    await context.services.freshness.answered(user_id)
    if button.answer == "hired":
        await edit(query, t(lang, "status.where"), reply_markup=keyboard(where_rows(lang)))
        return
    await context.services.professionals.set_status(user_id, JobStatus(button.answer))
    status = t(lang, f"status.{button.answer}")
    await edit(query, t(lang, "fresh.not_looking" if button.answer == "not_looking" else "fresh.kept", status=status))


async def freshness_job(context: BotContext) -> None:
    """Daily: "Still looking?" to looking profiles 60 days away; pause those who left it unanswered to 90 days."""
    freshness = context.services.freshness
    for person in await freshness.to_ask():
        await freshness.mark_asked(person.user_id)
        lang = resolve_language(person.language, person.telegram_language)
        try:
            await context.bot.send_message(
                person.user_id, t(lang, "fresh.ask"), reply_markup=keyboard(still_looking_rows(lang))
            )
        except TelegramError as exc:  # blocked the bot: cannot answer, so paused in 30 days all the same
            log.info("still-looking question to %s not delivered: %s", person.user_id, exc)
    for person in await freshness.pause_due():
        lang = resolve_language(person.language, person.telegram_language)
        try:
            await context.bot.send_message(person.user_id, t(lang, "fresh.paused"))
        except TelegramError as exc:
            log.info("pause notice to %s not delivered: %s", person.user_id, exc)
