"""After the match: applications with a status, the organisation's pipeline, and the professional told."""

from __future__ import annotations

from tests.harness import BotHarness
from tests.journeys import VACANCY_FORM, register, rows, verified_employer

EMPLOYER = 4001
STRANGER = 4003
PRO = 4100


async def applied(bot: BotHarness) -> int:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    bot.core.add_user(PRO, first_name="Mila", username="mila_sec")
    await register(bot, PRO)
    await bot.send(PRO, "/matches")
    await bot.press(PRO, "🙋 I'm interested")
    await bot.press(PRO, "💬 My Telegram @mila_sec")
    await bot.press(PRO, "✅ Share")
    return rows(bot, "SELECT id FROM vacancies")[0][0]


async def test_an_application_moves_through_the_pipeline_and_the_professional_hears_of_it(bot: BotHarness) -> None:
    vacancy = await applied(bot)
    assert "sent" in (await bot.send(PRO, "/applications"))[0].text
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "👥 Applicants (1)")
    card = bot.last(EMPLOYER)
    assert "Ana <Admin>" in card.text and "seen" in card.text
    assert all(str(PRO) not in b["callback_data"] for row in card.buttons for b in row)
    assert rows(bot, "SELECT status FROM interests") == [("seen",)]
    await bot.press(EMPLOYER, "🗣 Interview")
    told = bot.last(PRO).text
    assert "SOC Analyst <Tier 2>" in told and "interviewing" in told
    moved = bot.last(EMPLOYER)
    assert moved.edited and "interviewing" in moved.text and "seen" not in moved.text  # the card says it too
    assert "🗣 Interview" not in moved.button_labels()
    await bot.press(EMPLOYER, "✅ Hired")
    assert "hired" in bot.last(PRO).text
    assert rows(bot, "SELECT status FROM interests") == [("hired",)]
    assert rows(bot, "SELECT status, hired_where FROM professionals") == [("hired", "region")]
    assert "hired" in (await bot.send(PRO, "/applications"))[0].text
    assert not bot.last(EMPLOYER).buttons  # a final status offers no further moves
    # the pipeline is the organisation's alone
    await bot.send(STRANGER, "/start")
    await bot.press_data(STRANGER, f"ap:{vacancy}")
    assert bot.alerts(STRANGER)[-1] == "This button has expired."


async def test_an_accepted_contact_request_is_an_application_in_contact(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    bot.core.add_user(PRO, first_name="Mila", username="mila_sec")
    await register(bot, PRO)
    await bot.send(EMPLOYER, "/candidates")
    await bot.press(EMPLOYER, "SOC Analyst <Tier 2>")
    await bot.press(EMPLOYER, "📇 Request contact")
    await bot.press(PRO, "✅ Continue")
    await bot.press(PRO, "💬 My Telegram @mila_sec")
    await bot.press(PRO, "✅ Share")
    assert "in contact" in (await bot.send(PRO, "/applications"))[0].text
    await bot.send(EMPLOYER, "/my_posts")
    closing = bot.last(EMPLOYER)
    assert "👥 Applicants (1)" in closing.button_labels()
    await bot.press(EMPLOYER, "🔒 Close")
    assert "vacancy closed" in (await bot.send(PRO, "/applications"))[0].text


async def test_no_applications_says_how_to_apply(bot: BotHarness) -> None:
    await register(bot, PRO)
    assert "I'm interested" in (await bot.send(PRO, "/applications"))[0].text
