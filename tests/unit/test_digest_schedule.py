"""Due times in each user's time zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.digest.schedule import is_due, occurrence, period_of
from bot.domain import DigestSchedule

MONDAY_9 = DigestSchedule(weekday=0, hour=9, timezone="Europe/Belgrade")


def test_occurrence_is_the_local_hour_in_summer_and_winter() -> None:
    winter = datetime(2027, 3, 24, 12, tzinfo=UTC)  # Wednesday before the spring change
    summer = datetime(2027, 3, 31, 12, tzinfo=UTC)  # Wednesday after it
    assert occurrence(winter, MONDAY_9) == datetime(2027, 3, 22, 8, tzinfo=UTC)  # 09:00 CET
    assert occurrence(summer, MONDAY_9) == datetime(2027, 3, 29, 7, tzinfo=UTC)  # 09:00 CEST


def test_sunday_schedule_on_the_change_days() -> None:
    sunday_9 = DigestSchedule(weekday=6, hour=9, timezone="Europe/Belgrade")
    assert occurrence(datetime(2027, 3, 28, 12, tzinfo=UTC), sunday_9) == datetime(2027, 3, 28, 7, tzinfo=UTC)
    assert occurrence(datetime(2027, 10, 31, 12, tzinfo=UTC), sunday_9) == datetime(2027, 10, 31, 8, tzinfo=UTC)


def test_due_from_the_hour_until_the_end_of_the_week() -> None:
    before = datetime(2027, 3, 22, 7, 59, tzinfo=UTC)
    assert not is_due(before, MONDAY_9)
    assert is_due(datetime(2027, 3, 22, 8, 0, tzinfo=UTC), MONDAY_9)
    assert is_due(datetime(2027, 3, 28, 21, 0, tzinfo=UTC), MONDAY_9)  # Sunday evening, same local week
    assert period_of(datetime(2027, 3, 28, 21, 0, tzinfo=UTC), "Europe/Belgrade") == "2027-W12"
    assert period_of(datetime(2027, 3, 28, 22, 30, tzinfo=UTC), "Europe/Belgrade") == "2027-W13"  # local Monday


def test_paused_is_never_due() -> None:
    paused = DigestSchedule(weekday=0, hour=9, timezone="Europe/Belgrade", paused=True)
    assert not any(is_due(datetime(2027, 3, 22, tzinfo=UTC) + timedelta(hours=h), paused) for h in range(168))


def test_time_zones_differ_by_their_offsets() -> None:
    now = datetime(2027, 1, 4, 12, tzinfo=UTC)
    tirana = DigestSchedule(weekday=0, hour=9, timezone="Europe/Tirane")
    london = DigestSchedule(weekday=0, hour=9, timezone="Europe/London")
    assert occurrence(now, london) - occurrence(now, tirana) == timedelta(hours=1)
