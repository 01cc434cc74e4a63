"""Apply and Link through the real bot (security review D18): unsafe forms are refused with the accepted ones
named, and a Telegram contact is accepted but holds the post for an admin, like a WhatsApp number does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.harness import ADMIN_ID, BotHarness
from tests.integration.test_employers import EMPLOYER, PROVIDER, VACANCY_FORM, register_org, rows, verified_employer

APPLY = "Apply: https://example.org/apply"


async def test_a_javascript_apply_is_refused_and_nothing_is_saved(bot: BotHarness) -> None:
    await verified_employer(bot)
    reply = (await bot.send(EMPLOYER, VACANCY_FORM.replace(APPLY, "Apply: javascript:alert(1)")))[0].text
    assert "Apply: “javascript:alert(1)” can't be used here" in reply
    assert "https://…" in reply and "t.me/name" in reply
    assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(0,)]


async def test_a_telegram_apply_holds_the_vacancy_for_an_admin(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM.replace(APPLY, "Apply: @hr_balkan"))
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "Held for an admin's review (asks to move to a Telegram chat" in bot.last(EMPLOYER).text
    assert "Post held for review" in bot.last(ADMIN_ID).text
    assert rows(bot, "SELECT apply, status, hold_reason FROM vacancies") == [("@hr_balkan", "held", "telegram")]


async def test_an_email_apply_is_published(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM.replace(APPLY, "Apply: jobs@example.org"))
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "Published" in bot.last(EMPLOYER).text
    assert rows(bot, "SELECT apply, status FROM vacancies") == [("jobs@example.org", "open")]


async def test_a_tg_course_link_is_refused_and_a_t_me_link_is_held(bot: BotHarness) -> None:
    await register_org(bot, PROVIDER, "/provider", "Bar Cyber Academy")
    await bot.press(ADMIN_ID, "✅ Approve")
    start = (datetime.now(UTC).date() + timedelta(days=40)).isoformat()
    form = f"/post_course\nTitle: EDR in practice\nSkills taught: EDR\nStarts: {start}\nLink: tg://resolve?domain=bar"
    reply = (await bot.send(PROVIDER, form))[0].text
    assert "Link: “tg://resolve?domain=bar” can't be used here" in reply
    assert rows(bot, "SELECT COUNT(*) FROM courses") == [(0,)]
    await bot.send(PROVIDER, form.replace("tg://resolve?domain=bar", "https://t.me/bar_cyber_academy"))
    await bot.press(PROVIDER, "🚀 Publish")
    assert "asks to move to a Telegram chat" in bot.last(PROVIDER).text
    assert rows(bot, "SELECT link, status, hold_reason FROM courses") == [
        ("https://t.me/bar_cyber_academy", "held", "telegram")
    ]
