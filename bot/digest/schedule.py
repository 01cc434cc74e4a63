"""When a user's digest is due, in their own time zone and week.

A period is the ISO week of the user's local calendar (e.g. ``2027-W13``): at most one digest per period. The
due moment is the chosen weekday and hour of that local week, computed with zoneinfo, so it stays at the same
local hour across daylight-saving changes; a bot that was down at that moment is due until the week ends.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import DigestSchedule


def local_now(now: datetime, tz: str) -> datetime:
    return now.astimezone(ZoneInfo(tz))


def period_of(now: datetime, tz: str) -> str:
    year, week, _ = local_now(now, tz).isocalendar()
    return f"{year}-W{week:02d}"


def occurrence(now: datetime, schedule: DigestSchedule) -> datetime:
    """This local week's due moment, in UTC."""
    today = local_now(now, schedule.timezone).date()
    monday = today - timedelta(days=today.weekday())
    day: date = monday + timedelta(days=schedule.weekday)
    local = datetime.combine(day, time(schedule.hour), tzinfo=ZoneInfo(schedule.timezone))
    return local.astimezone(UTC)


def is_due(now: datetime, schedule: DigestSchedule) -> bool:
    return not schedule.paused and now >= occurrence(now, schedule)
