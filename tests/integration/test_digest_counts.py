"""Audit D17: digests to employers and providers (not admins) never state a count of 1–4 people."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import languages, t
from tests.harness import ADMIN_ID, BotHarness
from tests.integration.test_digests import Clock, add_professionals, digests_received, runner
from tests.integration.test_employers import VACANCY_FORM, register_org

SMALL_COUNT = re.compile(r": [1-4] (new matching candidates?|registered professionals?) ")


async def _digest_for(bot: BotHarness, role: str, professionals: int) -> str:
    """The digest an approved employer or provider with one post gets after ``professionals`` SOC people join."""
    owner = 4001
    await register_org(bot, owner, f"/{role}", "Org")
    await bot.press(ADMIN_ID, "✅ Approve")
    if role == "employer":
        await bot.send(owner, VACANCY_FORM)
    else:
        start = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
        await bot.send(owner, f"/post_course\nTitle: EDR lab\nSkills taught: EDR\nStarts: {start}\nLink: https://e.org")
    await bot.press(owner, "🚀 Publish")
    await add_professionals(bot, range(100, 100 + professionals))
    await runner(bot, Clock(datetime.now(UTC))).run("now")
    (text,) = digests_received(bot, owner)
    return text


@pytest.mark.parametrize(
    ("role", "professionals", "line"),
    [
        ("provider", 1, "EDR lab: fewer than 5 registered professionals lack some of Endpoint detection & response"),
        ("provider", 4, "EDR lab: fewer than 5 registered professionals lack some of Endpoint detection & response"),
        ("provider", 5, "EDR lab: 5 registered professionals lack some of Endpoint detection & response"),
        ("employer", 3, "SOC Analyst <Tier 2>: fewer than 5 new matching candidates"),
        ("employer", 6, "SOC Analyst <Tier 2>: 6 new matching candidates"),
    ],
)
async def test_digest_counts_of_people_start_at_five(bot: BotHarness, role: str, professionals: int, line: str) -> None:
    text = await _digest_for(bot, role, professionals)
    assert line in text
    assert not SMALL_COUNT.search(text), text


@pytest.mark.parametrize("language", languages())
@pytest.mark.parametrize("key", ["digest.candidates_few", "digest.lacking_few"])
def test_the_few_lines_state_no_count_in_any_language(language: str, key: str) -> None:
    text = t(language, key, title="T", skills="S")
    assert "5" in text and not re.search(r"[1-4]", text), text
