"""/digest (a user's schedule), and the admins' /digest_now and /digest_status."""

from __future__ import annotations

from telegram import Update

from bot.digest.deliver import DigestRunner
from bot.domain import TIMEZONES, DigestSchedule
from bot.handlers.common import admin_only, edit, expired
from bot.handlers.context import BotContext
from bot.i18n import SafeHTML, t
from bot.keyboards import DigestAction, Rows, keyboard
from bot.views import digest_line, weekday_name

RUNNER_KEY = "digest_runner"
HOURS = (7, 8, 9, 10, 12, 14, 17, 19)


def runner(context: BotContext) -> DigestRunner:
    return context.application.bot_data[RUNNER_KEY]


async def _schedule(context: BotContext) -> DigestSchedule:
    assert context.user is not None
    services = context.services
    existing = await services.professionals.schedule(context.user.telegram_id)
    if existing:
        return existing
    profile = await services.professionals.get(context.user.telegram_id)
    tz = TIMEZONES.get(profile.economy if profile else "", services.settings.default_timezone)
    return DigestSchedule(timezone=tz)


def _menu(lang: str, schedule: DigestSchedule) -> tuple[str, Rows]:
    # The six economies all keep Central European time: name the zone, not an IANA city (Kosovo is not "Belgrade").
    tz = t(lang, "digestcmd.tz_cet") if schedule.timezone in TIMEZONES.values() else schedule.timezone
    text = t(lang, "digestcmd.text", schedule=SafeHTML(digest_line(lang, schedule)), tz=tz)
    toggle = ("digestcmd.resume", "resume") if schedule.paused else ("digestcmd.pause", "pause")
    rows: Rows = [
        [(t(lang, "digestcmd.day"), DigestAction("days")), (t(lang, "digestcmd.hour"), DigestAction("hours"))],
        [(t(lang, toggle[0]), DigestAction(toggle[1])), (t(lang, "digestcmd.preview"), DigestAction("preview"))],
    ]
    return text, rows


async def digest_command(update: Update, context: BotContext) -> None:
    text, rows = _menu(context.lang, await _schedule(context))
    await update.effective_message.reply_text(text, reply_markup=keyboard(rows))


async def digest_pressed(update: Update, context: BotContext, button: DigestAction) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    action, value = button.action, button.value
    schedule = await _schedule(context)
    if (action == "day" and value not in range(7)) or (action == "hour" and value not in HOURS):
        await expired(update, context)
        return
    await query.answer()
    if action == "days":
        rows = [[(weekday_name(lang, d), DigestAction("day", d))] for d in range(7)]
        await edit(query, t(lang, "reg.digest_day"), reply_markup=keyboard(rows))
        return
    if action == "hours":
        rows = [[(f"{h:02d}:00", DigestAction("hour", h)) for h in HOURS[i : i + 4]] for i in (0, 4)]
        await edit(query, t(lang, "reg.digest_hour"), reply_markup=keyboard(rows))
        return
    if action == "preview":
        digest = await runner(context).compose_for(context.user.telegram_id, lang)
        parts = digest.parts if digest else [t(lang, "digest.nothing_new")]
        for i, part in enumerate(parts):  # the buttons (feedback on each vacancy, candidates) under the last part
            last = digest is not None and digest.buttons and i == len(parts) - 1
            await update.effective_chat.send_message(part, reply_markup=keyboard(digest.buttons) if last else None)
        return
    changes = {
        "pause": {"paused": True}, "resume": {"paused": False},
        "day": {"weekday": value}, "hour": {"hour": value},
    }[action]  # fmt: skip
    schedule = DigestSchedule(**{**schedule.__dict__, **changes})
    await context.services.professionals.profiles.save_schedule(context.user.telegram_id, schedule)
    text, rows = _menu(lang, schedule)
    await edit(query, SafeHTML(t(lang, "digestcmd.saved") + "\n\n" + text), reply_markup=keyboard(rows))


@admin_only
async def digest_now(update: Update, context: BotContext) -> None:
    await update.effective_message.reply_text(t(context.lang, "digestcmd.running"))
    # The run lasts as long as Telegram's limits make it (minutes for thousands of people): it goes on beside the
    # updates, so everyone else is still answered meanwhile; the admin hears when it ends.
    context.application.create_task(_run_now(update, context), update=update, name="digest-now")


async def _run_now(update: Update, context: BotContext) -> None:
    summary = await runner(context).run("now")
    if summary is None:
        await update.effective_message.reply_text(t(context.lang, "digestcmd.busy"))
        return
    await update.effective_message.reply_text(
        t(context.lang, "digestcmd.done", new=summary.enqueued, counts=_counts(summary.counts))
    )


@admin_only
async def digest_status(update: Update, context: BotContext) -> None:
    repo = runner(context).repo
    last = await repo.last_run()
    if last is None:
        await update.effective_message.reply_text(t(context.lang, "digestcmd.never"))
        return
    counts = await repo.counts(last["run_id"])
    await update.effective_message.reply_text(
        t(context.lang, "digestcmd.status", run=last["run_id"], trigger=last["trigger"],
          started=last["started_at"], finished=last["finished_at"] or "—", counts=_counts(counts))
    )  # fmt: skip


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{state}: {n}" for state, n in sorted(counts.items())) or "—"


async def digest_tick(context: BotContext) -> None:
    """Repeating job: send the digests whose local hour has come (and catch up after downtime)."""
    await context.application.bot_data[RUNNER_KEY].run("schedule")
