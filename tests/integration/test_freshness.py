"""Freshness through the real bot (issue #16, item 7): "Still looking?" after 60 days without activity, the pause
after 90 without an answer (no candidate, no digest), and any activity bringing the profile back; on a controlled
clock shared by the freshness service and the record of when a user was last seen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

import bot.storage.users as users_storage
from bot.handlers.digest import RUNNER_KEY
from bot.services.hires import iso
from tests.harness import BotHarness
from tests.journeys import EMPLOYER, PRO, VACANCY_FORM, register, rows, verified_employer

QUESTION = "Are you still looking for a job?"
PAUSED = "your profile is paused"
ANSWERS = ["🔎 Looking actively", "👂 Open to offers", "⏸ Not looking", "🎉 I found a job"]


class Clock:
    def __init__(self) -> None:
        self.start = self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def day(self, days: int) -> None:
        self.now = self.start + timedelta(days=days)


@pytest.fixture
def clock(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """One "now" for the freshness service and for ``users.last_seen_at``, which every update records."""
    now = Clock()
    bot.services.freshness.clock = now
    monkeypatch.setattr(users_storage, "utc_now", lambda: iso(now()))
    yield now


async def daily(bot: BotHarness) -> None:
    await bot.app.job_queue.get_jobs_by_name("still-looking")[0].run(bot.app)


async def digest_now(bot: BotHarness) -> None:
    """What /digest_now starts in the background, awaited: this week's digests for everyone due one."""
    assert await bot.app.bot_data[RUNNER_KEY].run("now") is not None


def told(bot: BotHarness, user: int, what: str) -> int:
    return sum(what in m.text for m in bot.core.bot_messages(user))


async def a_vacancy_and_a_professional(bot: BotHarness) -> int:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    await register(bot, PRO, name="Mila Pauzić")
    return rows(bot, "SELECT id FROM vacancies")[0][0]


async def candidates(bot: BotHarness, vacancy: int) -> str:
    """What the employer is shown for the vacancy under /candidates, as one text."""
    return "\n".join(m.text for m in await bot.press_data(EMPLOYER, f"cand:{vacancy}"))


async def test_asked_at_60_days_paused_at_90_not_a_candidate_no_digest_and_back_with_any_message(
    bot: BotHarness, clock: Clock
) -> None:
    vacancy = await a_vacancy_and_a_professional(bot)
    await bot.send(EMPLOYER, "/candidates")
    assert "Mila Pauzić" in await candidates(bot, vacancy)
    token = next(b["callback_data"] for b in bot.last(EMPLOYER).buttons[0] if b["callback_data"].startswith("cr:"))

    clock.day(59)
    await daily(bot)
    assert told(bot, PRO, QUESTION) == 0
    clock.day(61)
    await daily(bot)
    await daily(bot)  # asked once
    assert told(bot, PRO, QUESTION) == 1
    assert bot.last(PRO).button_labels() == ANSWERS
    clock.day(89)
    await daily(bot)
    assert told(bot, PRO, PAUSED) == 0 and rows(bot, "SELECT paused_at FROM professionals") == [(None,)]

    clock.day(91)
    await daily(bot)
    assert told(bot, PRO, PAUSED) == 1 and "Send any message" in bot.last(PRO).text
    assert rows(bot, "SELECT paused_at FROM professionals") != [(None,)]
    # paused: no candidate, an employer's old contact button refused, no digest
    assert "Mila Pauzić" not in await candidates(bot, vacancy)
    await bot.press_data(EMPLOYER, token)
    assert bot.alerts(EMPLOYER)[-1] == "This button has expired."
    assert rows(bot, "SELECT COUNT(*) FROM contact_requests") == [(0,)]
    await digest_now(bot)
    assert rows(bot, "SELECT user_id FROM digest_ledger ORDER BY user_id") == [(EMPLOYER,)]
    profile = await bot.services.professionals.get(PRO)
    assert profile is not None and profile.paused

    # any message brings the profile back at once: a candidate again, digests again
    await bot.send(PRO, "/help")
    assert rows(bot, "SELECT paused_at FROM professionals") == [(None,)]
    assert "Mila Pauzić" in await candidates(bot, vacancy)
    await digest_now(bot)
    assert rows(bot, "SELECT user_id FROM digest_ledger ORDER BY user_id") == [(EMPLOYER,), (PRO,)]
    # and the question waits for the next 60 days away
    clock.day(150)
    await daily(bot)
    assert told(bot, PRO, QUESTION) == 1
    clock.day(91 + 61)
    await daily(bot)
    assert told(bot, PRO, QUESTION) == 2


async def test_the_answers_keep_the_profile_or_change_its_status(bot: BotHarness, clock: Clock) -> None:
    vacancy = await a_vacancy_and_a_professional(bot)
    clock.day(61)
    await daily(bot)
    await bot.press(PRO, "👂 Open to offers")
    assert "Employers keep seeing you as a candidate" in bot.last(PRO).text
    clock.day(95)  # answered: not paused, though the question went out more than 30 days ago
    await daily(bot)
    assert told(bot, PRO, PAUSED) == 0
    assert rows(bot, "SELECT status, paused_at FROM professionals") == [("open", None)]

    clock.day(95 + 61)
    await daily(bot)
    assert told(bot, PRO, QUESTION) == 1  # asked again (the first question now reads its answer)
    await bot.press(PRO, "⏸ Not looking")
    assert "no longer see you as a candidate" in bot.last(PRO).text
    assert "Mila Pauzić" not in await candidates(bot, vacancy)
    clock.day(95 + 61 + 100)
    await daily(bot)  # only looking profiles are asked and paused
    assert told(bot, PRO, QUESTION) == 0 and told(bot, PRO, PAUSED) == 0

    await bot.send(PRO, "/status")
    await bot.press(PRO, "🔎 Looking actively")
    clock.day(95 + 61 + 100 + 61)
    await daily(bot)
    await bot.press(PRO, "🎉 I found a job")  # "Still looking?" → the hire question, as from /status
    assert "Where is the new job?" in bot.last(PRO).text
    await bot.press(PRO, "In the Western Balkans")
    await bot.press(PRO, "Serbia")
    assert rows(bot, "SELECT place, source FROM hires") == [("RS", "self")]
    assert rows(bot, "SELECT status FROM professionals") == [("hired",)]


async def test_someone_who_blocked_the_bot_is_paused_all_the_same(bot: BotHarness, clock: Clock) -> None:
    await a_vacancy_and_a_professional(bot)
    bot.core.block(PRO)
    clock.day(61)
    await daily(bot)  # not delivered, but asked: nobody can answer, so the profile pauses in 30 days
    clock.day(91)
    await daily(bot)
    assert rows(bot, "SELECT paused_at IS NOT NULL FROM professionals") == [(1,)]


async def test_forged_still_looking_presses_change_nothing(bot: BotHarness, clock: Clock) -> None:
    await a_vacancy_and_a_professional(bot)
    await bot.press_data(EMPLOYER, "fr:not_looking")  # no profile
    assert bot.alerts(EMPLOYER)[-1] == "This button has expired."
    await bot.press_data(PRO, "fr:maybe")  # not an answer at all
    assert bot.alerts(PRO)[-1] == "This button has expired."
    assert rows(bot, "SELECT status FROM professionals") == [("looking",)]
