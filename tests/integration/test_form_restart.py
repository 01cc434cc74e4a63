"""A new form command, or a whole one-message form, starts afresh whatever form was waiting."""

from __future__ import annotations

from tests.harness import BotHarness
from tests.journeys import VACANCY_FORM, register, rows, verified_employer

EMPLOYER = 4001


async def test_a_one_message_form_replaces_a_form_waiting_at_its_preview(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM.replace("SOC Analyst <Tier 2>", "First draft"))
    assert "First draft" in bot.last(EMPLOYER).text  # the preview waits for Publish
    preview = (await bot.send(EMPLOYER, VACANCY_FORM.replace("SOC Analyst <Tier 2>", "Second draft")))[0].text
    assert "Second draft" in preview and "answer the question" not in preview
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT title FROM vacancies") == [("Second draft",)]


async def test_a_guided_form_restarts_with_its_own_command(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, "/post_vacancy")
    await bot.send(EMPLOYER, "Half-typed title")
    assert "New vacancy" in (await bot.send(EMPLOYER, "/post_vacancy"))[0].text
    await bot.send(EMPLOYER, "/cancel")
    assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(0,)]


async def test_switching_between_registration_and_posting_leaves_no_form_behind(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, "/register")
    await bot.press(EMPLOYER, "✅ I accept")  # registration now waits for a name
    reply = (await bot.send(EMPLOYER, VACANCY_FORM))[0].text
    assert "Preview" in reply
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "Published" in bot.last(EMPLOYER).text
    # the registration is closed: text is not taken as a name, and /register starts it cleanly
    assert "/help" in (await bot.send(EMPLOYER, "Ana"))[0].text
    await register(bot, EMPLOYER)
    assert "Your profile is saved" in bot.last(EMPLOYER).text


async def test_a_form_command_during_registration_starts_that_form(bot: BotHarness) -> None:
    await bot.send(EMPLOYER, "/register")
    await bot.press(EMPLOYER, "✅ I accept")
    assert "organisation" in (await bot.send(EMPLOYER, "/employer"))[0].text.lower()
    await bot.send(EMPLOYER, "Luka Bank")
    assert "economy" in bot.last(EMPLOYER).text.lower() or bot.last(EMPLOYER).buttons
