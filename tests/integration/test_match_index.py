"""The match index follows the database, whoever writes it: the bot, a script's SQL, a cascade, the calendar."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from bot.domain import DigestSchedule, JobStatus, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.services import matching as matching_module
from tests.harness import BotHarness

SOC = ("soc.monitoring", "soc.siem", "soc.logs", "dfir.ir")
PRO = 7001


async def _professional(bot: BotHarness, visibility: Visibility = Visibility.ANONYMOUS, user: int = PRO) -> Profile:
    await bot.services.users.touch(user, "Mila", "en")
    profile = Profile(
        user_id=user, display_name="Mila", economy="ME", city="", level=Level.MID, years=3, languages=("cnr", "en"),
        work_formats=(WorkFormat.HYBRID, WorkFormat.ONSITE, WorkFormat.REMOTE), relocate=True, target_role=None,
        visibility=visibility, skills=tuple(SkillEntry(s) for s in SOC),
    )  # fmt: skip
    await bot.services.professionals.profiles.save(profile, DigestSchedule(timezone="Europe/Podgorica"))
    return profile


def sql(bot: BotHarness, statement: str, *params: object) -> None:
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.execute(statement, params)


async def titles(bot: BotHarness, profile: Profile) -> list[str]:
    return [m.vacancy.title for m in await bot.services.matching.vacancies_for(profile.for_matching(), k=20)]


async def test_vacancies_come_and_go_with_every_kind_of_write(bot: BotHarness) -> None:
    await bot.services.seed_samples()
    profile = await _professional(bot)
    assert "SOC Analyst L2" in await titles(bot, profile)
    sql(bot, "UPDATE vacancies SET status = 'closed' WHERE title = 'SOC Analyst L2'")  # a script, not the bot
    assert "SOC Analyst L2" not in await titles(bot, profile)
    sql(bot, "UPDATE vacancies SET status = 'open' WHERE title = 'SOC Analyst L2'")
    assert "SOC Analyst L2" in await titles(bot, profile)
    # the organisation is suspended: all its posts go, and come back with it
    sql(bot, "UPDATE organisations SET status = 'suspended' WHERE id = "
             "(SELECT organisation_id FROM vacancies WHERE title = 'SOC Analyst L2')")  # fmt: skip
    assert "SOC Analyst L2" not in await titles(bot, profile)
    sql(bot, "UPDATE organisations SET status = 'verified' WHERE status = 'suspended'")
    assert "SOC Analyst L2" in await titles(bot, profile)
    # the deadline passes: no write at all, only the calendar
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    sql(bot, "UPDATE vacancies SET deadline = ? WHERE title = 'SOC Analyst L2'", yesterday)
    assert "SOC Analyst L2" not in await titles(bot, profile)
    assert "SOC Analyst L2" not in [v.title for v in await bot.services.opportunities.browse(_any())]


def _any():  # type: ignore[no-untyped-def]
    from bot.services.opportunities import VacancyFilter

    return VacancyFilter()


async def test_candidates_follow_status_visibility_and_erasure(bot: BotHarness) -> None:
    await bot.services.seed_samples()
    await _professional(bot)
    vacancy = next(v for v in await bot.services.opportunities.browse(_any()) if v.title == "SOC Analyst L2")
    ranked = lambda: bot.services.matching.candidates_for(vacancy, 10)  # noqa: E731
    assert [r.id for r in await ranked()] == [PRO]
    await bot.services.professionals.set_status(PRO, JobStatus.NOT_LOOKING)
    assert await ranked() == []
    await bot.services.professionals.set_status(PRO, JobStatus.OPEN)
    assert [r.id for r in await ranked()] == [PRO]
    sql(bot, "UPDATE professionals SET visibility = 'hidden' WHERE user_id = ?", PRO)
    assert await ranked() == []
    sql(bot, "UPDATE professionals SET visibility = 'visible' WHERE user_id = ?", PRO)
    assert [r.id for r in await ranked()] == [PRO]
    await bot.services.professionals.erase(PRO)  # the cascade reaches the index through the triggers
    assert await ranked() == []
    assert PRO not in bot.services.matching.index.professionals


async def test_an_erased_professional_leaves_the_change_feed_ten_minutes_later(bot: BotHarness, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    await _professional(bot)
    await bot.services.professionals.erase(PRO)
    await bot.services.matching.refresh()
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM match_changes WHERE id = ?", (PRO,)).fetchone()[0] > 0
    monkeypatch.setattr(matching_module, "FORGET_AFTER", timedelta(seconds=-60))
    bot.services.matching._forgotten_at = 0.0
    await _professional(bot, user=PRO + 1)  # someone else changes the feed; the erased person's rows are old
    await bot.services.matching.refresh()
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        newest = conn.execute("SELECT MAX(seq) FROM match_changes").fetchone()[0]
        left = conn.execute("SELECT seq FROM match_changes WHERE id = ?", (PRO,)).fetchall()
    assert left == [] and newest is not None  # gone; the newest row (someone else's) stays: seq must only grow
