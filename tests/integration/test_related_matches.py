"""Related skills through the real bot: a stretch role is shown below the exact fit, with its reason."""

from __future__ import annotations

from tests.harness import BotHarness
from tests.journeys import EMPLOYER, USER, VACANCY_FORM, register, verified_employer


def form(title: str, required: str) -> str:
    lines = VACANCY_FORM.splitlines()
    lines[1] = f"Title: {title}"
    lines[3] = f"Required skills: {required}"
    return "\n".join(lines)


async def test_a_stretch_role_ranks_below_the_exact_fit_and_says_what_counted_as_related(bot: BotHarness) -> None:
    await verified_employer(bot)
    for title, required in (
        ("Detection Engineer", "SIEM, detection engineering"),  # detection engineering: same category as SIEM
        ("SOC Analyst", "SIEM, log analysis"),  # an exact fit
        ("Web Pentester", "penetration testing, web application testing"),  # nothing shared, nothing related
    ):
        await bot.send(EMPLOYER, form(title, required))
        await bot.press(EMPLOYER, "🚀 Publish")
    await register(bot)  # SIEM, log analysis, incident response, SOC monitoring

    first = (await bot.send(USER, "/matches"))[0].text
    assert first.startswith("Match 1 of 2") and "SOC Analyst — Luka Bank" in first  # Web Pentester: not shown
    assert "2 of 2 required skills" in first and "related:" not in first
    await bot.press(USER, "Next ▶️")
    stretch = bot.last(USER).text
    assert stretch.startswith("Match 2 of 2") and "Detection Engineer — Luka Bank" in stretch
    assert "1 of 2 required skills; related: Detection engineering (you have Log analysis)" in stretch
    assert "missing:" not in stretch  # the related skill is named once, as related
    first_score, stretch_score = (float(text.split("score ")[1].split("/")[0]) for text in (first, stretch))
    assert first_score > stretch_score >= 60


async def test_the_reason_is_in_the_readers_language(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, form("Detection Engineer", "SIEM, detection engineering"))
    await bot.press(EMPLOYER, "🚀 Publish")
    await register(bot)
    await bot.send(USER, "/language")
    await bot.press(USER, "Shqip")
    card = (await bot.send(USER, "/matches"))[0].text
    assert "të afërta:" in card and "(keni " in card
