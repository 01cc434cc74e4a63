"""A professional's journey through the real bot: register, edit, match, learn, export, erase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.harness import BotHarness, make_settings, running_bot
from tests.journeys import register, rows

USER = 2001


@pytest.fixture
async def seeded(bot: BotHarness) -> BotHarness:
    await bot.services.seed_samples()
    return bot


async def test_full_registration_stores_profile_consent_and_schedule(bot: BotHarness) -> None:
    await register(bot)
    assert "Your profile is saved" in bot.last(USER).text
    profile = await bot.services.professionals.get(USER)
    assert profile is not None
    assert profile.display_name == "Ana <Admin>"
    assert profile.economy == "ME" and profile.city == "Podgorica"
    assert profile.skill_ids == {"soc.siem", "soc.logs", "dfir.ir", "soc.monitoring"}
    assert profile.free_skills == ("sock puppetry",)
    assert profile.languages == ("cnr", "en") and profile.years == 4 and profile.relocate
    assert profile.target_role == "incident_responder"
    user = await bot.services.users.get(USER)
    assert user is not None and user.consent_version == "2026-11" and user.consent_at
    assert "professional" in {r.value for r in user.roles}
    assert rows(bot, "SELECT weekday, hour, timezone, paused FROM digest_schedules WHERE user_id = ?", USER) == [
        (0, 9, "Europe/Podgorica", 0)
    ]
    shown = (await bot.send(USER, "/profile"))[0]
    assert "Ana <Admin>" in shown.text  # escaped on the way out, shown literally
    assert "Kept as written" not in shown.text and "sock puppetry" in shown.text


async def test_recognised_and_unrecognised_skills_are_shown_before_moving_on(bot: BotHarness) -> None:
    await bot.send(USER, "/register")
    await bot.press(USER, "✅ I accept")
    await bot.press(USER, f"Use “User{USER}”")
    await bot.press(USER, "Serbia")
    await bot.press(USER, "Skip")
    review = (await bot.send(USER, "pentest, Burp Suite / OSINT, basket weaving, " + "x" * 80))[0].text
    assert "Recognised: Penetration testing, Web application testing, OSINT" in review
    assert "Kept as written (not in our taxonomy): basket weaving" in review
    assert "longer than 64 characters" in review
    await bot.send(USER, "сајбер безбедност")  # more skills are added, in Cyrillic too
    assert "Information security management" in bot.last(USER).text
    await bot.press(USER, "➖ Remove some")
    await bot.press(USER, "✖ basket weaving")
    assert "✖ basket weaving" not in bot.last(USER).button_labels()
    await bot.press(USER, "✔️ Done")
    assert "What is your level?" in bot.last(USER).text


async def test_decline_stores_nothing(bot: BotHarness) -> None:
    await bot.send(USER, "/start")
    await bot.press(USER, "🛡 I'm a cybersecurity professional")
    await bot.press(USER, "❌ Decline")
    assert "nothing was stored" in bot.last(USER).text
    assert rows(bot, "SELECT COUNT(*) FROM professionals") == [(0,)]
    user = await bot.services.users.get(USER)
    assert user is not None and user.consent_version is None


async def test_each_step_validates_and_asks_again(bot: BotHarness) -> None:
    await bot.send(USER, "/register")
    assert "Please use the buttons" in (await bot.send(USER, "yes please"))[0].text
    await bot.press(USER, "✅ I accept")
    too_long = (await bot.send(USER, "N" * 65))[0].text
    assert "65 characters; the limit is 64" in too_long and "What name" in too_long
    sticker = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1, "is_animated": False,
               "is_video": False, "type": "regular"}  # fmt: skip
    assert "only read text" in (await bot.send(USER, None, sticker=sticker))[0].text
    assert "middle of your profile" in (await bot.send(USER, "/help"))[0].text
    await bot.send(USER, "Ana")
    await bot.press(USER, "Albania")
    await bot.press(USER, "Skip")
    assert "at least one skill" in (await bot.send(USER, ";;; , ,"))[0].text
    await bot.send(USER, "SIEM")
    await bot.press(USER, "✅ Looks right")
    await bot.press(USER, "Junior")
    assert "whole number of years from 0 to 50" in (await bot.send(USER, "many"))[0].text
    assert "whole number" in (await bot.send(USER, "99"))[0].text
    await bot.send(USER, "2")
    await bot.press(USER, "✔️ Done")
    assert "at least one" in bot.last(USER).text
    # a forged value for this step changes nothing
    await bot.press_data(USER, "reg:lang:klingon")
    assert bot.alerts(USER)[-1] == "This button has expired."


async def test_back_returns_to_the_previous_question(bot: BotHarness) -> None:
    await bot.send(USER, "/register")
    await bot.press(USER, "✅ I accept")
    await bot.send(USER, "Ana")
    await bot.press(USER, "⬅️ Back")
    assert "What name" in bot.last(USER).text
    await bot.send(USER, "Ana B")
    assert "Where are you based?" in bot.last(USER).text


async def test_cancel_mid_way_keeps_nothing(bot: BotHarness) -> None:
    await bot.send(USER, "/register")
    await bot.press(USER, "✅ I accept")
    await bot.send(USER, "Ana")
    assert "Cancelled" in (await bot.send(USER, "/cancel"))[0].text
    assert rows(bot, "SELECT COUNT(*) FROM professionals") == [(0,)]
    assert "nothing to cancel" in (await bot.send(USER, "/cancel"))[0].text


async def test_registration_survives_a_restart(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3")
    async with running_bot(settings) as bot:
        await bot.send(USER, "/register")
        await bot.press(USER, "✅ I accept")
        await bot.send(USER, "Ana")
        await bot.press(USER, "Kosovo*")
        core = bot.core
    async with running_bot(settings, core) as bot:
        assert "Which city?" in bot.last(USER).text
        await bot.send(USER, "Prishtina")
        assert "Which cybersecurity skills" in bot.last(USER).text
        await bot.send(USER, "threat intel, OSINT")
        await bot.press(USER, "✅ Looks right")
        await bot.press(USER, "Senior")
        await bot.send(USER, "9")
        await bot.press(USER, "Albanian")
        await bot.press(USER, "✔️ Done")
        await bot.press(USER, "Remote")
        await bot.press(USER, "✔️ Done")
        await bot.send(USER, "1500")  # the expected net salary
        await bot.press(USER, "No")
        await bot.press(USER, "Skip")
        await bot.press(USER, "Anonymous: employers see skills, level and economy only")
        await bot.press(USER, "No digest")
        await bot.press(USER, "💾 Save")
        profile = await bot.services.professionals.get(USER)
        assert profile is not None and profile.economy == "XK" and profile.city == "Prishtina"
        assert rows(bot, "SELECT paused, timezone FROM digest_schedules WHERE user_id = ?", USER) == [
            (1, "Europe/Belgrade")
        ]


async def test_edit_changes_one_field_without_a_full_rerun(bot: BotHarness) -> None:
    await register(bot)
    await bot.send(USER, "/edit")
    await bot.press(USER, "Level")
    await bot.press(USER, "Senior")
    assert "Please check your profile" in bot.last(USER).text
    await bot.press(USER, "✏️ Edit")
    await bot.press(USER, "Digest")
    await bot.press(USER, "Choose day and hour")
    await bot.press(USER, "Friday")
    await bot.press(USER, "17:00")
    assert "weekly, Friday at 17:00" in bot.last(USER).text
    await bot.press(USER, "💾 Save")
    assert "profile is updated" in bot.last(USER).text
    profile = await bot.services.professionals.get(USER)
    assert profile is not None and profile.level.value == "senior" and profile.years == 4
    assert rows(bot, "SELECT weekday, hour FROM digest_schedules WHERE user_id = ?", USER) == [(4, 17)]


async def test_register_twice_points_to_edit(bot: BotHarness) -> None:
    await register(bot)
    assert "/edit" in (await bot.send(USER, "/register"))[0].text


async def test_skills_shortcuts(bot: BotHarness) -> None:
    await register(bot)
    added = (await bot.send(USER, "/skills add EDR, threat hunting"))[0].text
    assert "Recognised: Endpoint detection & response, Threat hunting" in added
    removed = (await bot.send(USER, "/skills remove sock puppetry, SIEM"))[0].text
    assert "Removed: SIEM engineering & use, sock puppetry" in removed
    profile = await bot.services.professionals.get(USER)
    assert profile is not None and "soc.siem" not in profile.skill_ids and "cti.hunting" in profile.skill_ids
    assert "/skills add" in (await bot.send(USER, "/skills"))[0].text


async def test_status_and_found_a_job_pauses_digests(bot: BotHarness) -> None:
    await register(bot)
    await bot.send(USER, "/status")
    await bot.press(USER, "🎉 I found a job")
    await bot.press(USER, "In the Western Balkans")
    assert "thank you for staying in the region" in bot.last(USER).text
    assert rows(bot, "SELECT status, hired_where FROM professionals WHERE user_id = ?", USER) == [("hired", "region")]
    assert rows(bot, "SELECT paused FROM digest_schedules WHERE user_id = ?", USER) == [(1,)]
    await bot.send(USER, "/status")
    await bot.press(USER, "👂 Open to offers")
    assert "open to offers" in bot.last(USER).text


async def test_commands_without_a_profile_say_what_to_do(bot: BotHarness) -> None:
    for command in ("/profile", "/matches", "/courses", "/nextrole", "/status", "/edit", "/skills add SIEM"):
        assert "/register" in (await bot.send(USER, command))[0].text, command


async def test_matches_with_reasons_pagination_details_and_interest(seeded: BotHarness) -> None:
    bot = seeded
    await register(bot)
    first = (await bot.send(USER, "/matches"))[0]
    assert first.text.startswith("Match 1 of ")
    assert "SOC Analyst L2 — Adriatic Savings Bank (sample)" in first.text
    assert "4 of 4 required skills" in first.text
    total = int(first.text.split("Match 1 of ")[1].split(" ")[0])
    assert total >= 2
    await bot.press(USER, "Next ▶️")
    assert bot.last(USER).text.startswith("Match 2 of ") and bot.last(USER).edited
    assert "missing:" in bot.last(USER).text and "→ course:" in bot.last(USER).text
    await bot.press(USER, "◀️ Prev")
    await bot.press(USER, "ℹ️ Details")
    assert "How to apply" in bot.last(USER).text and "Required:" in bot.last(USER).text
    await bot.press(USER, "🙋 I'm interested")  # a sample post: nobody manages it in the bot
    assert "nobody to tell" in bot.alerts(USER)[-1]
    assert rows(bot, "SELECT vacancy_id FROM interests WHERE user_id = ?", USER) == []
    await bot.press_data(USER, "m:i:99999")
    assert bot.alerts(USER)[-1] == "This vacancy is no longer open."
    await bot.press_data(USER, "m:x:1")
    assert bot.alerts(USER)[-1] == "This button has expired."


async def test_courses_close_the_gaps_of_the_best_matches(seeded: BotHarness) -> None:
    bot = seeded
    await register(bot)
    text = (await bot.send(USER, "/courses"))[0].text
    assert "Courses that close the gaps for your best matches" in text
    assert "covers:" in text and "free" in text


async def test_next_role_names_the_missing_skills(bot: BotHarness) -> None:
    await register(bot)
    text = (await bot.send(USER, "/nextrole"))[0].text
    assert "Cyber Incident Responder: you have 4 of its 8 key skills" in text
    assert "Endpoint detection & response" in text


async def test_vacancies_browse_filters_and_pages(seeded: BotHarness) -> None:
    bot = seeded
    first = (await bot.send(USER, "/vacancies"))[0]
    assert "Open vacancies (12)" in first.text
    assert "Next ▶️" in first.button_labels()
    await bot.press(USER, "Next ▶️")
    assert "6. " in bot.last(USER).text and "1. " not in bot.last(USER).text
    await bot.press(USER, "Next ▶️")
    assert "11. " in bot.last(USER).text and "Next ▶️" not in bot.last(USER).button_labels()
    await bot.press(USER, "🌍 Economy")
    assert "Economy: Albania" in bot.last(USER).text
    shown = bot.last(USER).text
    assert "Illyria Energy Grid (sample)" in shown  # in Albania
    assert "Dardania Digital Agency (sample)" in shown  # remote from anywhere in the region
    assert "Vardar IT Services (sample)" not in shown  # North Macedonia, on site
    await bot.press(USER, "💼 Format")
    assert "Format: On-site" in bot.last(USER).text
    await bot.press_data(USER, "v:ZZ:-:-:0")
    assert bot.alerts(USER)[-1] == "This button has expired."


async def test_mydata_exports_everything_and_delete_me_erases_it(seeded: BotHarness) -> None:
    bot = seeded
    await register(bot)
    document = (await bot.send(USER, "/mydata"))[0]
    assert document.document is not None and document.document["file_name"] == "my-data.json"
    data = json.loads(bot.core.files[document.document["file_id"]])
    assert data["profile"]["display_name"] == "Ana <Admin>"
    assert {s["skill_id"] for s in data["skills"]} >= {"soc.siem"}

    await bot.send(USER, "/delete_me")
    await bot.press(USER, "Keep my data")
    assert "Nothing was erased" in bot.last(USER).text
    await bot.send(USER, "/delete_me")
    await bot.press(USER, "🗑 Yes, erase everything")
    assert "erased" in bot.last(USER).text
    await bot.app.update_persistence()
    for table, column in (
        ("users", "telegram_id"), ("professionals", "user_id"), ("professional_skills", "user_id"),
        ("digest_schedules", "user_id"), ("interests", "user_id"), ("conversation_state", "user_id"),
        ("user_data", "user_id"),
    ):  # fmt: skip
        assert rows(bot, f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", USER) == [(0,)], table
    assert rows(bot, "SELECT COUNT(*) FROM conversation_state WHERE key LIKE ?", f"%{USER}%") == [(0,)]
