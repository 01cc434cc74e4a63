"""Digests through the real bot and the fake Bot API: timing, ledger, faults, content, operators."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.deliver import DigestRunner
from bot.domain import DigestSchedule, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.render import MESSAGE_LIMIT, utf16_len
from fakebotapi.html import parse_html
from tests.harness import ADMIN_ID, BotHarness

SOC = ("soc.siem", "soc.logs", "dfir.ir", "soc.monitoring")


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def add_professionals(
    bot: BotHarness, ids: range, schedule: DigestSchedule | None = None, skills: tuple[str, ...] = SOC
) -> None:
    repo = bot.services.professionals.profiles
    for user_id in ids:
        bot.core.add_user(user_id, first_name=f"P{user_id}")
        await bot.services.users.touch(user_id, f"P{user_id}", "en")
        profile = Profile(
            user_id=user_id, display_name=f"P{user_id}", economy="ME", city="", level=Level.MID, years=3,
            languages=("cnr", "en"), work_formats=(WorkFormat.HYBRID, WorkFormat.ONSITE), relocate=True,
            target_role=None, visibility=Visibility.ANONYMOUS, skills=tuple(SkillEntry(s) for s in skills),
        )  # fmt: skip
        await repo.save(profile, schedule or DigestSchedule(timezone="Europe/Podgorica"))


def ledger(bot: BotHarness) -> list[tuple]:
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        return conn.execute("SELECT user_id, period, state FROM digest_ledger ORDER BY user_id, period").fetchall()


def digests_received(bot: BotHarness, user_id: int) -> list[str]:
    return [m.text for m in bot.core.bot_messages(user_id) if "weekly digest" in m.text or "Nothing new" in m.text]


def runner(bot: BotHarness, clock: Clock, **kw: object) -> DigestRunner:
    return DigestRunner(bot.services, bot.app.bot, clock=clock, **kw)  # type: ignore[arg-type]


async def fresh_samples(bot: BotHarness, published: datetime) -> None:
    await bot.services.seed_samples()
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.execute("UPDATE vacancies SET published_at = ?", (published.isoformat(timespec="seconds"),))
        conn.execute("UPDATE courses SET published_at = ?", (published.isoformat(timespec="seconds"),))


async def test_exactly_one_digest_per_week_at_the_local_hour_across_dst(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 103), DigestSchedule(weekday=0, hour=9, timezone="Europe/Belgrade"))
    await add_professionals(bot, range(200, 201), DigestSchedule(weekday=6, hour=9, timezone="Europe/Belgrade"))
    clock = Clock(datetime(2027, 3, 15, 0, 0, tzinfo=UTC))
    digest = runner(bot, clock, send_empty=True)
    sent_at: dict[int, list[datetime]] = {}
    while clock.now < datetime(2027, 4, 12, tzinfo=UTC):
        before = {u: len(digests_received(bot, u)) for u in (100, 200)}
        await digest.run("schedule")
        for user in (100, 200):
            if len(digests_received(bot, user)) > before[user]:
                sent_at.setdefault(user, []).append(clock.now)
        clock.now += timedelta(minutes=30)
    # Monday 09:00 local: 08:00 UTC in winter (15 and 22 March), 07:00 UTC in summer (29 March, 5 April)
    assert sent_at[100] == [datetime(2027, 3, d, h, tzinfo=UTC) for d, h in ((15, 8), (22, 8), (29, 7))] + [
        datetime(2027, 4, 5, 7, tzinfo=UTC)
    ]
    # Sunday 09:00 local, including the change day itself (28 March)
    assert sent_at[200] == [datetime(2027, 3, d, h, tzinfo=UTC) for d, h in ((21, 8), (28, 7))] + [
        datetime(2027, 4, 4, 7, tzinfo=UTC), datetime(2027, 4, 11, 7, tzinfo=UTC)
    ]  # fmt: skip
    assert len(digests_received(bot, 101)) == 4


async def test_autumn_change_keeps_the_local_hour(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 101), DigestSchedule(weekday=0, hour=9, timezone="Europe/Belgrade"))
    clock = Clock(datetime(2027, 10, 25, 6, 0, tzinfo=UTC))
    digest = runner(bot, clock, send_empty=True)
    sent_at = []
    while clock.now < datetime(2027, 11, 2, tzinfo=UTC):
        before = len(digests_received(bot, 100))
        await digest.run("schedule")
        if len(digests_received(bot, 100)) > before:
            sent_at.append(clock.now)
        clock.now += timedelta(minutes=30)
    assert sent_at == [datetime(2027, 10, 25, 7, tzinfo=UTC), datetime(2027, 11, 1, 8, tzinfo=UTC)]


async def test_missed_digest_is_sent_once_after_downtime_and_paused_users_get_none(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 102))
    await add_professionals(bot, range(300, 301), DigestSchedule(timezone="Europe/Podgorica", paused=True))
    clock = Clock(datetime(2027, 1, 6, 15, 0, tzinfo=UTC))  # Wednesday: the bot was down on Monday
    first = runner(bot, clock, send_empty=True)
    await first.run("schedule")
    clock.now += timedelta(minutes=5)
    await runner(bot, clock, send_empty=True).run("schedule")  # a restarted process
    assert [len(digests_received(bot, u)) for u in (100, 101, 300)] == [1, 1, 0]
    assert {state for _, _, state in ledger(bot)} == {"sent"}


async def test_nothing_new_sends_nothing_by_default(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 101))
    clock = Clock(datetime(2027, 1, 6, 15, 0, tzinfo=UTC))
    summary = await runner(bot, clock).run("schedule")
    assert summary is not None and summary.counts == {"empty": 1}
    assert digests_received(bot, 100) == []


async def test_content_only_new_open_and_relevant_best_first(bot: BotHarness) -> None:
    now = datetime.now(UTC)
    await add_professionals(bot, range(100, 101), skills=(*SOC, "cti.intel", "cti.osint", "cti.attack"))
    await fresh_samples(bot, now - timedelta(hours=2))
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.execute("UPDATE vacancies SET published_at = '2020-01-01T00:00:00+00:00' WHERE title LIKE 'Cloud%'")
        conn.execute("UPDATE vacancies SET status = 'closed' WHERE title = 'Junior SOC Analyst'")
    clock = Clock(now)
    await runner(bot, clock).run("now")
    (text,) = digests_received(bot, 100)
    assert "SOC Analyst L2 — Adriatic Savings Bank (sample)" in text
    assert "Junior SOC Analyst" not in text  # closed
    assert "Cloud Security Engineer" not in text  # old
    assert "Penetration Tester" not in text  # below the threshold
    scores = [float(x) for x in re.findall(r"· ([\d.]+)/100", text)]
    assert len(scores) >= 2 and scores == sorted(scores, reverse=True)
    # the second digest in the same period: nothing
    await runner(bot, clock).run("now")
    assert len(digests_received(bot, 100)) == 1


async def test_long_digest_is_split_into_valid_messages(bot: BotHarness) -> None:
    now = datetime.now(UTC)
    await add_professionals(bot, range(100, 101))
    await fresh_samples(bot, now - timedelta(hours=1))
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.execute("UPDATE vacancies SET title = ? WHERE title = 'SOC Analyst L2'", ("SOC <L2> & " + "x" * 3900,))
        conn.execute("UPDATE vacancies SET title = ? WHERE title = 'Junior SOC Analyst'", ("Junior " + "y" * 3000,))
    await runner(bot, Clock(now)).run("now")
    parts = [m for m in bot.core.bot_messages(100)]
    assert len(parts) >= 2
    for part in parts:
        assert utf16_len(part.html) <= MESSAGE_LIMIT
        parse_html(part.html)
    assert ledger(bot)[0][2] == "sent"


async def test_delivery_under_faults(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 106))
    core = bot.core
    core.inject("429", chat_id=100, retry_after=1)
    core.block(101)
    core.inject("5xx", chat_id=102, status=502)
    core.inject("5xx", chat_id=103, status=500, times=3)
    core.inject("timeout", chat_id=104, delivered=True)
    core.inject("5xx", chat_id=105, status=400)
    summary = await runner(bot, Clock(datetime(2027, 1, 6, 15, tzinfo=UTC)), send_empty=True).run("now")
    assert summary is not None
    states = {user: state for user, _, state in ledger(bot)}
    assert states == {100: "sent", 101: "blocked", 102: "sent", 103: "failed", 104: "uncertain", 105: "failed"}
    assert [len(digests_received(bot, u)) for u in range(100, 106)] == [1, 0, 1, 0, 1, 0]
    user = await bot.services.users.get(101)
    assert user is not None and not user.active
    # nothing is resent: not the uncertain one, not the failed ones
    await runner(bot, Clock(datetime(2027, 1, 6, 16, tzinfo=UTC)), send_empty=True).run("now")
    assert [len(digests_received(bot, u)) for u in range(100, 106)] == [1, 0, 1, 0, 1, 0]


async def test_interrupted_sends_become_uncertain_and_are_not_resent(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 103))
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.executemany(
            "INSERT INTO digest_ledger (user_id, period, state, run_id, created_at, updated_at) "
            "VALUES (?, '2027-W01', ?, 'crashed', 'x', 'x')",
            [(100, "sending"), (101, "pending")],
        )
    summary = await runner(bot, Clock(datetime(2027, 1, 6, 15, tzinfo=UTC)), send_empty=True).run("now")
    assert summary is not None and summary.recovered == 1
    states = {user: state for user, _, state in ledger(bot)}
    assert states == {100: "uncertain", 101: "sent", 102: "sent"}
    assert [len(digests_received(bot, u)) for u in (100, 101, 102)] == [0, 1, 1]


async def test_two_runners_on_one_database_do_not_both_send(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 140))
    clock = Clock(datetime(2027, 1, 6, 15, tzinfo=UTC))
    results = await asyncio.gather(
        runner(bot, clock, send_empty=True).run("now"), runner(bot, clock, send_empty=True).run("now")
    )
    assert sum(r is not None for r in results) >= 1
    assert all(len(digests_received(bot, u)) == 1 for u in range(100, 140))


async def test_lease_held_by_another_process_blocks_the_run(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 101))
    clock = Clock(datetime(2027, 1, 6, 15, tzinfo=UTC))
    other = runner(bot, clock)
    assert await other.repo.acquire_lease(other.owner, clock(), 300)
    assert await runner(bot, clock, send_empty=True).run("now") is None
    clock.now += timedelta(minutes=6)  # the other process died; its lease expired
    assert await runner(bot, clock, send_empty=True).run("now") is not None


async def test_admin_digest_now_and_status(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 103))
    bot.app.bot_data["digest_runner"].send_empty = True

    async def digest_now() -> str:  # the run goes on beside other updates; the admin hears when it ends
        before = len(bot.core.bot_messages(ADMIN_ID))
        await bot.send(ADMIN_ID, "/digest_now")
        await bot.core.wait_for(lambda: len(bot.core.bot_messages(ADMIN_ID)) >= before + 2, timeout=20)
        return bot.last(ADMIN_ID).text

    assert "Digest run finished: 3 new in the ledger. sent: 3" in await digest_now()
    assert "0 new in the ledger" in await digest_now()
    assert all(len(digests_received(bot, u)) == 1 for u in range(100, 103))
    assert "Last run" in (await bot.send(ADMIN_ID, "/digest_status"))[0].text
    assert "don't know the command" in (await bot.send(100, "/digest_now"))[0].text


async def test_user_changes_schedule_pauses_and_previews(bot: BotHarness) -> None:
    await add_professionals(bot, range(100, 101))
    text = (await bot.send(100, "/digest"))[0].text
    assert "weekly, Monday at 09:00" in text and "(Central European Time)" in text
    await bot.press(100, "📅 Day")
    await bot.press(100, "Thursday")
    await bot.press(100, "🕘 Hour")
    await bot.press(100, "17:00")
    assert "weekly, Thursday at 17:00" in bot.last(100).text
    await bot.press(100, "⏸ Pause")
    assert "off" in bot.last(100).text
    schedule = await bot.services.professionals.schedule(100)
    assert schedule == DigestSchedule(3, 17, "Europe/Podgorica", True)
    await bot.press(100, "👀 Preview now")
    assert "Nothing new" in bot.last(100).text
    await bot.press_data(100, "dg2:hour:3")
    assert bot.alerts(100)[-1] == "This button has expired."


@pytest.mark.parametrize("role", ["employer", "provider"])
async def test_employers_and_providers_get_their_figures(bot: BotHarness, role: str) -> None:
    from tests.journeys import VACANCY_FORM, register_org

    owner = 4001
    await register_org(bot, owner, f"/{role}", "Org")
    await bot.press(ADMIN_ID, "✅ Approve")
    if role == "employer":
        await bot.send(owner, VACANCY_FORM)
    else:
        start = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
        await bot.send(owner, f"/post_course\nTitle: EDR lab\nSkills taught: EDR\nStarts: {start}\nLink: https://e.org")
    await bot.press(owner, "🚀 Publish")
    await add_professionals(bot, range(100, 103))
    await runner(bot, Clock(datetime.now(UTC))).run("now")
    (text,) = digests_received(bot, owner)
    if role == "employer":
        assert "SOC Analyst <Tier 2>: fewer than 5 new matching candidates" in text  # 3: D17
        assert bot.core.bot_messages(owner)[-1].button_labels() == ["👥 SOC Analyst <Tier 2>"]
    else:
        assert "EDR lab: fewer than 5 registered professionals lack some of Endpoint detection & response" in text
