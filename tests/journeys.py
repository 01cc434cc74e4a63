"""Journeys several test modules play: a professional registering, an organisation registering and posting."""

from __future__ import annotations

import sqlite3

from tests.harness import ADMIN_ID, BotHarness

USER = 2001
EMPLOYER = 4001
PRO = 4100

SOC_SKILLS = "SIEM, Splunk, log analysis; incident responce and SOC; sock puppetry"


VISIBILITY = {
    "visible": "Visible: employers see my profile (contact only if I accept)",
    "anonymous": "Anonymous: employers see skills, level and economy only",
    "hidden": "Hidden: don't show me to employers",
}


async def register(
    bot: BotHarness,
    user: int = USER,
    skills: str = SOC_SKILLS,
    economy: str = "Montenegro",
    visibility: str = "visible",
    name: str = "Ana <Admin>",
    salary: str | None = None,
) -> None:
    """The whole registration as a person taps through it; ``salary`` is typed at the optional salary step,
    which is skipped without it."""
    await bot.send(user, "/register")
    await bot.press(user, "✅ I accept")
    await bot.send(user, name)
    await bot.press(user, economy)
    await bot.send(user, "Podgorica")
    await bot.send(user, skills)
    await bot.press(user, "✅ Looks right")
    await bot.press(user, "Mid-level")
    await bot.send(user, "4")
    for language in ("Montenegrin", "English"):
        await bot.press(user, language)
    await bot.press(user, "✔️ Done")
    await bot.press(user, "Hybrid")
    await bot.press(user, "✔️ Done")
    await (bot.send(user, salary) if salary is not None else bot.press(user, "Skip"))
    await bot.press(user, "Yes")
    await bot.press(user, "Cyber Incident Responder")
    await bot.press(user, VISIBILITY[visibility])
    await bot.press(user, "Mondays at 09:00")
    assert "Please check your profile" in bot.last(user).text
    await bot.press(user, "💾 Save")


def rows(bot: BotHarness, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        return conn.execute(sql, params).fetchall()


VACANCY_FORM = """/post_vacancy
Title: SOC Analyst <Tier 2>
Role: Cyber Incident Responder
Required skills: SIEM, log analysis, incident response, SOC
Nice to have: EDR
Level: mid
Type: full-time
Work format: hybrid
Location: Montenegro, Podgorica
Remote from region: no
Salary: 1500-2100
Languages: Montenegrin, English
Deadline: 60 days
Apply: https://example.org/apply"""


async def register_org(bot: BotHarness, user: int = EMPLOYER, kind: str = "/employer", name: str = "Luka Bank") -> None:
    await bot.send(user, kind)
    await bot.send(user, name)
    await bot.press(user, "Montenegro")
    await bot.press(user, "Finance" if kind == "/employer" else "Education")
    await bot.send(user, "example.org")
    await bot.send(user, "jobs@example.org")


async def verified_employer(bot: BotHarness, user: int = EMPLOYER) -> None:
    await register_org(bot, user)
    await bot.press(ADMIN_ID, "✅ Approve")


async def published_vacancy_and_professional(bot: BotHarness) -> None:
    """A verified employer's vacancy, and a visible professional (with a Telegram username) who matches it."""
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    bot.core.add_user(PRO, first_name="Mila", username="mila_sec")
    await register(bot, PRO)
