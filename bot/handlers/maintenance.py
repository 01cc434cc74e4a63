"""Daily jobs that keep the data as promised — backups and the 24-month inactivity erase — and the webhook check."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

from telegram import Update
from telegram.error import TelegramError

from bot.backup import BackupFailed, newest_backup_age, scheduled_backup
from bot.handlers.common import notify_admins
from bot.handlers.context import BotContext
from bot.i18n import resolve_language, t
from bot.observability import BACKUPS, INACTIVE, LAST_BACKUP, Liveness
from bot.services.retention import InactivityService
from bot.views import fmt_date

log = logging.getLogger(__name__)

LIVENESS_KEY = "liveness"
BACKUP_CATCH_UP_AFTER = 26 * 3600  # at start, a newest backup older than this is taken again soon


def _now(context: BotContext) -> datetime:
    """The jobs' clock; a test puts a callable under bot_data['clock']."""
    clock = context.application.bot_data.get("clock")
    return clock() if clock else datetime.now(UTC)


async def backup_job(context: BotContext) -> None:
    """Daily: a consistent copy of the database into BACKUP_DIR, integrity-checked; old copies age out."""
    settings = context.services.settings
    if settings.backup_dir is None:
        return
    try:
        result = await asyncio.to_thread(
            scheduled_backup, settings.database_path, settings.backup_dir, settings.backup_keep, _now(context)
        )
    except BackupFailed as exc:
        reason = str(exc)[:300]
        BACKUPS.labels("failed").inc()
        log.error("scheduled backup failed: %s", reason)
        await notify_admins(context, lambda lang: (t(lang, "backup.failed", error=reason), None))
        return
    BACKUPS.labels("ok").inc()
    LAST_BACKUP.set_to_current_time()
    log.info("backup %s: %s bytes, integrity ok; removed %s", result["backup"], result["bytes"], result["removed"])


async def backup_if_overdue(context: BotContext) -> None:
    """Once after start: the bot may have been down at BACKUP_TIME, so take the day's backup now if it is due."""
    settings = context.services.settings
    if settings.backup_dir is None:
        return
    age = await asyncio.to_thread(newest_backup_age, settings.backup_dir, _now(context))
    if age is None or age > BACKUP_CATCH_UP_AFTER:
        await backup_job(context)


async def inactivity_job(context: BotContext) -> None:
    """Daily: tell people whose 24 months are nearly up, and erase those told 30 days ago who stayed away."""
    services = context.services
    inactivity = InactivityService(services.db, services.professionals)
    now = _now(context)
    for notice in await inactivity.notices_due(now):
        lang = resolve_language(notice.language, notice.telegram_language)
        text = t(
            lang,
            "inactivity.notice",
            last_seen=fmt_date(lang, notice.last_seen.isoformat()),
            erase_on=fmt_date(lang, notice.erase_on.isoformat()),
        )
        try:
            await context.bot.send_message(notice.user_id, text)
            INACTIVE.labels("notified").inc()
        except TelegramError as exc:  # blocked or gone: they cannot be told, and are erased all the same
            log.info("inactivity notice to %s not delivered: %s", notice.user_id, exc)
        await inactivity.record_notice(notice.user_id, now)
    for user_id in await inactivity.erase_due(now):
        context.application.drop_user_data(user_id)
        INACTIVE.labels("erased").inc()


async def webhook_check(context: BotContext) -> None:
    """Every minute in webhook mode: Telegram still has our URL (re-register it if not) and delivers to it."""
    settings = context.services.settings
    liveness: Liveness = context.application.bot_data[LIVENESS_KEY]
    try:
        info = await context.bot.get_webhook_info()
    except TelegramError as exc:
        log.warning("webhook check: getWebhookInfo failed: %s", exc)
        return
    if info.url != settings.webhook_url:
        log.error("webhook check: Telegram has %r instead of our URL; registering it again", info.url or "none")
        await context.bot.set_webhook(
            settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=Update.ALL_TYPES
        )
        return
    liveness.last_webhook_check = time.monotonic()
    if info.last_error_date and (datetime.now(UTC) - info.last_error_date).total_seconds() < 120:
        log.warning(
            "webhook check: Telegram reports %s (pending updates: %d)",
            info.last_error_message,
            info.pending_update_count,
        )
