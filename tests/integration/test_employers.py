"""Employers and training providers through the real bot: verification, posting, moderation, contact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.journeys import (
    VACANCY_FORM,
    published_vacancy_and_professional,
    register,
    register_org,
    rows,
    verified_employer,
)

EMPLOYER = 4001
COLLEAGUE = 4002
STRANGER = 4003
PRO = 4100
PROVIDER = 4200


async def test_organisation_is_verified_by_an_admin(bot: BotHarness) -> None:
    await bot.send(EMPLOYER, "/employer")
    await bot.send(EMPLOYER, "Luka <Bank>")
    await bot.press(EMPLOYER, "Montenegro")
    await bot.press(EMPLOYER, "Finance")
    assert "does not look like a website" in (await bot.send(EMPLOYER, "not a site"))[0].text
    await bot.press(EMPLOYER, "Skip")
    assert "does not look like an e-mail" in (await bot.send(EMPLOYER, "jobs at example"))[0].text
    assert "waiting for an admin" in (await bot.send(EMPLOYER, "jobs@example.org"))[0].text
    notice = bot.last(ADMIN_ID)
    assert "Organisation to verify" in notice.text and "Luka <Bank>" in notice.text
    # a non-admin replaying the admin's button changes nothing
    await bot.send(STRANGER, "/start")
    await bot.press_data(STRANGER, notice.buttons[0][0]["callback_data"])
    assert bot.alerts(STRANGER)[-1] == "This button has expired."
    assert rows(bot, "SELECT status FROM organisations") == [("pending",)]
    await bot.press(ADMIN_ID, "✅ Approve")
    assert "verified" in bot.last(ADMIN_ID).text
    assert "is verified" in bot.last(EMPLOYER).text
    assert rows(bot, "SELECT status FROM organisations") == [("verified",)]
    assert rows(bot, "SELECT action FROM admin_actions") == [("approve_org",)]


async def test_pending_lists_the_queue_only_for_admins(bot: BotHarness) -> None:
    await register_org(bot)
    assert "Organisation to verify" in (await bot.send(ADMIN_ID, "/pending"))[0].text
    assert "don't know the command /pending" in (await bot.send(STRANGER, "/pending"))[0].text


async def test_one_message_form_publishes_and_professionals_see_it(bot: BotHarness) -> None:
    await verified_employer(bot)
    preview = (await bot.send(EMPLOYER, VACANCY_FORM))[0]
    assert "Preview of your vacancy" in preview.text and "SOC Analyst <Tier 2>" in preview.text
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "Published" in bot.last(EMPLOYER).text
    await register(bot, PRO)
    match = (await bot.send(PRO, "/matches"))[0]
    assert "SOC Analyst <Tier 2> — Luka Bank" in match.text
    assert "4 of 4 required skills" in match.text


async def test_one_message_form_names_missing_unknown_and_bad_fields(bot: BotHarness) -> None:
    await verified_employer(bot)
    past = (datetime.now(UTC).date() - timedelta(days=3)).isoformat()
    reply = (
        await bot.send(
            EMPLOYER,
            f"/post_vacancy\nTitle: X\nColour: blue\nSalary: 3000-1000\nDeadline: {past}\nLocation: Narnia\n"
            "Description: " + "d" * 4001,
        )
    )[0].text
    assert "Missing required fields: Required skills, Apply" in reply
    assert "Unknown fields: Colour" in reply
    assert "the minimum (3000) is above the maximum (1000)" in reply
    assert f"{past} is in the past" in reply
    assert "“Narnia” is not one of the six economies" in reply
    assert "4001 characters; the limit is 4000" in reply
    assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(0,)]


async def test_guided_vacancy_with_buttons_skip_and_errors(bot: BotHarness) -> None:
    await verified_employer(bot)
    assert "New vacancy" in (await bot.send(EMPLOYER, "/post_vacancy"))[0].text
    await bot.send(EMPLOYER, "Pentester")
    await bot.press(EMPLOYER, "Skip")  # role
    await bot.send(EMPLOYER, "pentest, Burp Suite, Python")
    await bot.press(EMPLOYER, "Skip")  # nice to have
    await bot.press(EMPLOYER, "Senior")
    await bot.press(EMPLOYER, "Contract")
    await bot.press(EMPLOYER, "Remote")
    assert "not one of the six economies" in (await bot.send(EMPLOYER, "Atlantis"))[0].text
    await bot.send(EMPLOYER, "Serbia, Belgrade")
    await bot.press(EMPLOYER, "Yes")
    await bot.send(EMPLOYER, "2000-2800")
    assert "gross or net" in bot.last(EMPLOYER).text
    await bot.press(EMPLOYER, "Net (take-home)")
    await bot.send(EMPLOYER, "Serbian, English")
    assert "is not a date" in (await bot.send(EMPLOYER, "next week-ish"))[0].text
    await bot.send(EMPLOYER, "45 days")
    await bot.send(EMPLOYER, "jobs@example.org")
    preview = (await bot.send(EMPLOYER, "A remote role for the region."))[0].text
    assert "Penetration testing, Web application testing, Scripting & automation" in preview
    await bot.press(EMPLOYER, "✏️ Edit")
    await bot.send(EMPLOYER, "Salary: 2100-2900")
    assert "2,100–2,900 EUR" in bot.last(EMPLOYER).text
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT title, salary_min, remote_from_region, employment_type FROM vacancies") == [
        ("Pentester", 2100, 1, "contract")
    ]


async def test_red_flags_hold_a_post_for_an_admin(bot: BotHarness) -> None:
    await verified_employer(bot)
    form = VACANCY_FORM + "\nDescription: write me on WhatsApp, registration fee 50 EUR"
    await bot.send(EMPLOYER, form)
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "Held for an admin's review" in bot.last(EMPLOYER).text
    assert "asks applicants for a fee" in bot.last(EMPLOYER).text
    assert "Post held for review" in bot.last(ADMIN_ID).text
    await register(bot, PRO)
    assert "No open vacancy matches" in (await bot.send(PRO, "/matches"))[0].text
    await bot.press(ADMIN_ID, "✅ Approve")
    assert "is approved" in bot.last(EMPLOYER).text
    assert "SOC Analyst" in (await bot.send(PRO, "/matches"))[0].text


async def test_posts_of_unverified_organisations_reach_nobody_until_verified(bot: BotHarness) -> None:
    await register_org(bot)
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "as soon as an admin verifies" in bot.last(EMPLOYER).text
    await register(bot, PRO)
    assert "No open vacancy matches" in (await bot.send(PRO, "/matches"))[0].text
    await bot.send(ADMIN_ID, "/pending")
    await bot.press(ADMIN_ID, "✅ Approve")
    assert "SOC Analyst" in (await bot.send(PRO, "/matches"))[0].text


async def test_my_posts_close_extend_edit_and_forged_buttons(bot: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    (vacancy_id,) = rows(bot, "SELECT id FROM vacancies")[0]
    listing = (await bot.send(EMPLOYER, "/my_posts"))[0]
    assert "SOC Analyst <Tier 2>" in listing.text and "open" in listing.text
    # another user forges Close and Extend for this vacancy
    await bot.send(STRANGER, "/start")
    await bot.press_data(STRANGER, f"p:c:v:{vacancy_id}")
    await bot.press_data(STRANGER, f"p:x:v:{vacancy_id}")
    await bot.press_data(STRANGER, f"p:e:v:{vacancy_id}")
    assert bot.alerts(STRANGER)[-3:] == ["This button has expired."] * 3
    assert "tried p:c:v:" in caplog.text
    before = rows(bot, "SELECT status, deadline FROM vacancies")
    assert before[0][0] == "open"
    await bot.press(EMPLOYER, "⏩ Extend 30 days")
    assert rows(bot, "SELECT deadline FROM vacancies")[0][0] > before[0][1]
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "✏️ Edit")
    await bot.press(EMPLOYER, "✏️ Edit")
    await bot.send(EMPLOYER, "Title: SOC Analyst L2")
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT id, title FROM vacancies") == [(vacancy_id, "SOC Analyst L2")]
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "🔒 Close")
    assert rows(bot, "SELECT status FROM vacancies") == [("closed",)]


async def test_quotas_are_stated(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3", max_posts_per_day=2)
    async with running_bot(settings) as bot:
        await verified_employer(bot)
        for _ in range(2):
            await bot.send(EMPLOYER, VACANCY_FORM)
            await bot.press(EMPLOYER, "🚀 Publish")
        await bot.send(EMPLOYER, VACANCY_FORM)
        await bot.press(EMPLOYER, "🚀 Publish")
        assert "limit of 2 new posts a day" in bot.last(EMPLOYER).text
        assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(2,)]


async def test_report_takedown_reject_and_block(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    await register(bot, PRO)
    await bot.send(PRO, "/matches")
    await bot.press(PRO, "🚩 Report")
    assert "an admin will look at it" in bot.last(PRO).text
    assert "Reported" in bot.last(ADMIN_ID).text
    await bot.press_data(PRO, bot.last(ADMIN_ID).buttons[1][0]["callback_data"])  # a forged takedown
    assert rows(bot, "SELECT status FROM vacancies") == [("open",)]
    await bot.press(ADMIN_ID, "🗑 Take down")
    assert rows(bot, "SELECT status FROM vacancies") == [("removed",)]
    assert "was taken down" in bot.last(EMPLOYER).text
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    (second,) = rows(bot, "SELECT id FROM vacancies WHERE status = 'open'")[0]
    await bot.send(ADMIN_ID, f"/reject vacancy {second} salary range is not credible")
    assert "rejected: salary range is not credible" in bot.last(EMPLOYER).text
    assert "don't know the command /reject" in (await bot.send(PRO, f"/reject vacancy {second} x"))[0].text
    await bot.send(ADMIN_ID, f"/block {EMPLOYER}")
    assert await bot.send(EMPLOYER, "/help") == []


async def test_candidates_contact_request_accept_and_decline(bot: BotHarness) -> None:
    await published_vacancy_and_professional(bot)
    await bot.send(EMPLOYER, "/candidates")
    await bot.press(EMPLOYER, "SOC Analyst <Tier 2>")
    card = bot.last(EMPLOYER)
    assert "Ana <Admin>" in card.text  # visible profile; skills, level, economy shown
    assert "mila_sec" not in card.text
    await bot.press(EMPLOYER, "📇 Request contact")
    assert "Request sent" in bot.alerts(EMPLOYER)[-1]
    # someone else cannot answer the professional's request
    await bot.send(STRANGER, "/start")
    await bot.press_data(STRANGER, bot.last(PRO).buttons[0][0]["callback_data"])
    assert bot.alerts(STRANGER)[-1] == "This button has expired."
    await bot.press(PRO, "✅ Continue")
    card = bot.last(PRO)
    assert "Before anything is shared" in card.text and "Luka Bank" in card.text
    assert rows(bot, "SELECT status FROM contact_requests") == [("pending",)]  # nothing shared yet
    await bot.press(PRO, "💬 My Telegram @mila_sec")
    assert "Reach them on Telegram: @mila_sec" in bot.last(PRO).text
    await bot.press(PRO, "✅ Share")
    assert "https://t.me/mila_sec" in bot.core.bot_messages(EMPLOYER)[-1].html
    assert rows(bot, "SELECT status FROM contact_requests") == [("accepted",)]


async def test_declined_contact_reveals_nothing(bot: BotHarness) -> None:
    await published_vacancy_and_professional(bot)
    await bot.send(EMPLOYER, "/candidates")
    await bot.press(EMPLOYER, "SOC Analyst <Tier 2>")
    await bot.press(EMPLOYER, "📇 Request contact")
    await bot.press(PRO, "❌ No, thanks")
    employer_texts = [m.html for m in bot.core.bot_messages(EMPLOYER)]
    assert "declined your request" in employer_texts[-1]
    assert not any("mila_sec" in text or f"id={PRO}" in text for text in employer_texts)


async def test_interest_shares_the_profile_with_contact(bot: BotHarness) -> None:
    await published_vacancy_and_professional(bot)
    await bot.send(PRO, "/matches")
    await bot.press(PRO, "🙋 I'm interested")
    assert "Before anything is shared" in bot.last(PRO).text
    assert "is interested" not in bot.core.bot_messages(EMPLOYER)[-1].text  # nothing sent on the first tap
    await bot.press(PRO, "💬 My Telegram @mila_sec")
    await bot.press(PRO, "✅ Share")
    notice = bot.core.bot_messages(EMPLOYER)[-1]
    assert "is interested in “SOC Analyst <Tier 2>”" in notice.text
    assert "https://t.me/mila_sec" in notice.html


async def test_invite_and_join(bot: BotHarness) -> None:
    await verified_employer(bot)
    code_message = (await bot.send(EMPLOYER, "/invite"))[0].text
    code = code_message.split("/join ")[1].strip()
    assert "now part of" in (await bot.send(COLLEAGUE, f"/join {code}"))[0].text
    assert "unknown, expired or already used" in (await bot.send(STRANGER, f"/join {code}"))[0].text
    await bot.send(COLLEAGUE, VACANCY_FORM)
    await bot.press(COLLEAGUE, "🚀 Publish")
    assert "Published" in bot.last(COLLEAGUE).text
    assert "Only the owner of a verified organisation" in (await bot.send(COLLEAGUE, "/invite"))[0].text


async def test_course_posted_with_the_one_message_form(bot: BotHarness) -> None:
    await register_org(bot, PROVIDER, "/provider", "Bar Cyber Academy")
    await bot.press(ADMIN_ID, "✅ Approve")
    start = (datetime.now(UTC).date() + timedelta(days=40)).isoformat()
    form = (
        f"/post_course\nTitle: EDR in practice\nSkills taught: EDR, threat hunting\nLevel: mid\nFormat: online\n"
        f"Language: English\nStarts: {start}\nDuration: 3 weeks\nCost: free\nLink: https://example.org/edr"
    )
    assert "Preview of your course" in (await bot.send(PROVIDER, form))[0].text
    await bot.press(PROVIDER, "🚀 Publish")
    assert rows(bot, "SELECT title, provider_name, cost_eur, deadline FROM courses") == [
        ("EDR in practice", "Bar Cyber Academy", 0, start)
    ]
    assert "register your organisation first: /employer" in (await bot.send(PROVIDER, "/post_vacancy"))[0].text


async def test_reminder_three_days_before_the_deadline(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, VACANCY_FORM.replace("Deadline: 60 days", "Deadline: 2 days"))
    await bot.press(EMPLOYER, "🚀 Publish")
    job = bot.app.job_queue.get_jobs_by_name("vacancy-reminders")[0]
    await job.run(bot.app)
    await job.run(bot.app)
    reminders = [m for m in bot.core.bot_messages(EMPLOYER) if "closes on" in m.text]
    assert len(reminders) == 1 and "⏩ Extend 30 days" in reminders[0].button_labels()
