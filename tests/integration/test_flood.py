"""The flood limit through the real Application, with the real defaults and a controlled clock (no sleeping)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import TypeHandler

from bot.app import BotApplication
from bot.config import Settings
from bot.domain import LANGUAGES
from bot.handlers.guards import LONG_WINDOW, FloodGuard
from fakebotapi import DEFAULT_TOKEN, Seen
from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.journeys import EMPLOYER, PRO, VACANCY_FORM, VISIBILITY, register, rows, verified_employer

DEFAULTS = Settings(token=DEFAULT_TOKEN)  # what production runs with, not the harness's "off"
FLOODER, BYSTANDER = 4200, 4300
NOTICE = "a lot of messages at once"
HELP = "What I can do"


class Pace:
    """The guard's clock, moved on by ``step`` seconds before every update the test feeds in."""

    def __init__(self) -> None:
        self.now = 0.0
        self.step = 1.0

    def __call__(self) -> float:
        return self.now


def flood_guard(app: BotApplication) -> FloodGuard:
    guards = [
        handler.callback
        for group in app.handlers.values()
        for handler in group
        if isinstance(handler, TypeHandler) and isinstance(handler.callback, FloodGuard)
    ]
    assert len(guards) == 1
    return guards[0]


@pytest.fixture
async def paced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[BotHarness, Pace]]:
    settings = make_settings(
        tmp_path / "bot.sqlite3",
        flood_rate_per_minute=DEFAULTS.flood_rate_per_minute,
        flood_burst=DEFAULTS.flood_burst,
    )
    async with running_bot(settings) as bot:
        pace = Pace()
        flood_guard(bot.app).clock = pace
        feed = bot._feed

        async def paced_feed(update: dict[str, Any], user_id: int) -> list[Seen]:
            pace.now += pace.step
            return await feed(update, user_id)

        monkeypatch.setattr(bot, "_feed", paced_feed)
        yield bot, pace


def notices(bot: BotHarness, user: int) -> int:
    return sum(NOTICE in m.text for m in bot.core.bot_messages(user))


async def flood(bot: BotHarness, pace: Pace, count: int = 100, seconds: float = 10.0) -> list[list[Seen]]:
    """FLOODER sends ``count`` /help in ``seconds``; BYSTANDER asks for /help every second meanwhile and is
    answered every time. Returns the replies to each flood message."""
    pace.step = 0.0
    start, replies = pace.now, []
    for i in range(count):
        pace.now = start + i * seconds / count
        replies.append(await bot.send(FLOODER, "/help"))
        if i % (count // 10) == 0:
            assert HELP in (await bot.send(BYSTANDER, "/help"))[0].text
    return replies


async def test_people_at_one_action_a_second_pass_and_a_flooder_is_throttled(paced: tuple[BotHarness, Pace]) -> None:
    """Issue #13: a professional registers answering once a second and an employer posts three one-message forms
    in a row, neither throttled; another user floods 100 messages in 10 s and gets one notice; others are fine."""
    bot, pace = paced
    await register(bot, PRO)  # 19 actions, one a second
    assert "Your profile is saved" in bot.last(PRO).text
    assert pace.now >= 15

    await verified_employer(bot)  # one a second too (the admin's approval included: admins are exempt anyway)
    for k in range(1, 4):
        await bot.send(EMPLOYER, VACANCY_FORM.replace("SOC Analyst <Tier 2>", f"SOC Analyst {k}"))
        await bot.press(EMPLOYER, "🚀 Publish")
        assert "Published" in bot.last(EMPLOYER).text
    assert rows(bot, "SELECT title FROM vacancies ORDER BY id") == [(f"SOC Analyst {k}",) for k in (1, 2, 3)]
    assert notices(bot, PRO) == notices(bot, EMPLOYER) == 0

    replies = await flood(bot, pace)
    answered = [i for i, r in enumerate(replies) if any(HELP in m.text for m in r)]
    assert answered == list(range(DEFAULTS.flood_burst))  # stopped after 2.5 s of the 10
    assert notices(bot, FLOODER) == 1
    assert sum(len(r) for r in replies) == DEFAULTS.flood_burst + 1  # the answers, the notice, nothing else
    pace.step = 1.0
    assert HELP in (await bot.send(PRO, "/help"))[0].text


async def test_ten_toggles_in_three_seconds_amid_the_registration(paced: tuple[BotHarness, Pace]) -> None:
    bot, pace = paced
    await bot.send(PRO, "/register")
    await bot.press(PRO, "✅ I accept")
    await bot.send(PRO, "Mila")
    await bot.press(PRO, "Montenegro")
    await bot.send(PRO, "Podgorica")
    await bot.send(PRO, "SIEM, incident response")
    await bot.press(PRO, "✅ Looks right")
    await bot.press(PRO, "Mid-level")
    await bot.send(PRO, "4")
    pace.step = 3 / 9  # ten taps in three seconds
    for code in LANGUAGES:
        await bot.press_data(PRO, f"reg:lang:{code}")
    assert len(LANGUAGES) == 10
    pace.step = 1.0
    await bot.press(PRO, "✔️ Done")
    await bot.press(PRO, "Hybrid")
    await bot.press(PRO, "✔️ Done")
    await bot.press(PRO, "Skip")  # the expected salary
    await bot.press(PRO, "Yes")
    await bot.press(PRO, "Cyber Incident Responder")
    await bot.press(PRO, VISIBILITY["visible"])
    await bot.press(PRO, "Mondays at 09:00")
    await bot.press(PRO, "💾 Save")
    assert "Your profile is saved" in bot.last(PRO).text
    profile = await bot.services.professionals.get(PRO)
    assert profile is not None and set(profile.languages) == set(LANGUAGES)
    assert notices(bot, PRO) == 0


async def test_a_throttled_client_is_ignored_silently_until_it_stops(paced: tuple[BotHarness, Pace]) -> None:
    bot, pace = paced
    (start,) = await bot.send(FLOODER, "/start")  # a message with buttons to press later
    await flood(bot, pace, count=99, seconds=9.9)
    journal = len(bot.core.journal)
    pace.now += 0.1
    assert await bot.press_data(FLOODER, start.buttons[0][0]["callback_data"]) == []
    assert [m for m, _, _ in bot.core.journal[journal:]] == ["answerCallbackQuery"]  # answered without a word
    assert not bot.core._open_queries and bot.alerts(FLOODER) == []

    pace.now += 30  # still within the minute's allowance: ignored, no second notice
    assert await bot.send(FLOODER, "/help") == []
    pace.now += LONG_WINDOW + 1
    assert HELP in (await bot.send(FLOODER, "/help"))[0].text
    assert notices(bot, FLOODER) == 1

    pace.step = 0.02  # an admin is never counted, however fast
    for _ in range(2 * DEFAULTS.flood_burst):
        assert HELP in (await bot.send(ADMIN_ID, "/help"))[0].text
