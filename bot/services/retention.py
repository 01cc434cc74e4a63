"""The 24-month inactivity erase promised in /privacy, as plain Python a daily job (or a test) calls with a clock.

An account is erased 24 months after the person was last seen, and never without a notice 30 days before: the
job tells everyone whose 24 months end within 30 days, records that, and erases those told at least 30 days ago
who have not been back since. Any update from the person counts as being back (``last_seen_at``) and cancels the
notice. The erase is ``ProfessionalService.erase``, exactly what /delete_me does.
"""

from __future__ import annotations

import logging
from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.services.professionals import ProfessionalService
from bot.storage.db import Database
from bot.storage.retention import RetentionRepository

log = logging.getLogger(__name__)

INACTIVE_MONTHS = 24
NOTICE_DAYS = 30


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 29th–31st fall back to the month's end)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, monthrange(year, month + 1)[1]))


def months_after(moment: datetime, months: int) -> datetime:
    return months_before(moment, -months)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Notice:
    user_id: int
    language: str | None
    telegram_language: str | None
    last_seen: date
    erase_on: date


class InactivityService:
    def __init__(self, db: Database, professionals: ProfessionalService) -> None:
        self.repo = RetentionRepository(db)
        self.professionals = professionals

    async def notices_due(self, now: datetime) -> list[Notice]:
        """Everyone whose 24 months end within 30 days and who has not been told since they were last seen."""
        rows = await self.repo.to_notify(_iso(months_before(now + timedelta(days=NOTICE_DAYS), INACTIVE_MONTHS)))
        notices = []
        for row in rows:
            last_seen = datetime.fromisoformat(row["last_seen_at"])
            erase_on = max(months_after(last_seen, INACTIVE_MONTHS), now + timedelta(days=NOTICE_DAYS))
            notices.append(
                Notice(row["telegram_id"], row["language"], row["telegram_language"], last_seen.date(), erase_on.date())
            )
        return notices

    async def record_notice(self, user_id: int, now: datetime) -> None:
        """The notice went out (or could not: a person who blocked the bot cannot be told, and is erased all the
        same 30 days later)."""
        await self.repo.record_notice(user_id, _iso(now))

    async def erase_due(self, now: datetime) -> list[int]:
        """Erase everyone past 24 months who was told at least 30 days ago; returns their ids."""
        due = await self.repo.to_erase(
            _iso(months_before(now, INACTIVE_MONTHS)), _iso(now - timedelta(days=NOTICE_DAYS))
        )
        for user_id in due:
            await self.professionals.erase(user_id)
        if due:
            log.info("inactivity: erased %d accounts not used for %d months", len(due), INACTIVE_MONTHS)
        return due
