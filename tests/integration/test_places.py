"""Places as people write them, through the real bot: vacancy and course locations and the profile's city.

Issue #13: "Location: Podgorica, Montenegro" was refused. City first, economy first and a city alone must resolve
in every language, be stored as (economy, canonical city), and a city in another economy than the one written or
pressed must be questioned, never silently picked.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import t
from fakebotapi.html import parse_html
from tests.harness import ADMIN_ID, BotHarness
from tests.journeys import VACANCY_FORM, register_org, rows, verified_employer

EMPLOYER = 4001
PROVIDER = 4200
PRO = 4100


def plain(text: str) -> str:
    return parse_html(text)


def vacancy_form(location: str) -> str:
    assert "Location: Montenegro, Podgorica" in VACANCY_FORM
    return VACANCY_FORM.replace("Location: Montenegro, Podgorica", f"Location: {location}")


async def choose_language(bot: BotHarness, user: int, lang: str) -> None:
    await bot.send(user, "/language")
    await bot.press(user, plain(t(lang, "language.native_name")))


# ---------------------------------------------------------------------------------------------- vacancies


@pytest.mark.parametrize(
    "location, economy, city",
    [
        ("Podgorica, Montenegro", "ME", "Podgorica"),  # city first: the issue's example
        ("Crna Gora, Podgorica", "ME", "Podgorica"),  # economy first
        ("Приштина", "XK", "Prishtina"),  # city only, Serbian Cyrillic
        ("Prishtinë", "XK", "Prishtina"),  # city only, Albanian
        ("Shkup (Maqedonia e Veriut)", "MK", "Skopje"),  # Albanian, in brackets
        ("Битола", "MK", "Bitola"),  # Macedonian Cyrillic
        ("Tetovë - Maqedoni e Veriut", "MK", "Tetovo"),
        ("Србија / Нови Сад", "RS", "Novi Sad"),
        ("Banjaluka, BiH", "BA", "Banja Luka"),
        ("Tiranë", "AL", "Tirana"),
        ("Plav, Mali i Zi", "ME", "Plav"),  # a town the gazetteer lacks, with its economy: kept as typed
        ("Novi Sad Srbija", "RS", "Novi Sad"),  # no separator at all
    ],
)
async def test_one_message_vacancy_resolves_the_location(
    bot: BotHarness, location: str, economy: str, city: str
) -> None:
    await verified_employer(bot)
    preview = (await bot.send(EMPLOYER, vacancy_form(location)))[0].text
    assert "Preview of your vacancy" in preview
    assert city in preview
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "Published" in bot.last(EMPLOYER).text
    assert rows(bot, "SELECT economy, city FROM vacancies") == [(economy, city)]


@pytest.mark.parametrize(
    "lang, location, economy, city",
    [
        ("sq", "Prishtinë, Kosovë", "XK", "Prishtina"),
        ("sq", "Maqedonia e Veriut, Tetovë", "MK", "Tetovo"),
        ("sq", "Durrësi", "AL", "Durrës"),
        ("mk", "Скопје, Северна Македонија", "MK", "Skopje"),
        ("mk", "Охрид", "MK", "Ohrid"),
        ("sr", "Beograd, Srbija", "RS", "Belgrade"),
        ("sr", "Crna Gora - Nikšić", "ME", "Nikšić"),
        ("sr-Cyrl", "Црна Гора, Подгорица", "ME", "Podgorica"),
        ("sr-Cyrl", "Ђаковица", "XK", "Gjakova"),
    ],
)
async def test_locations_in_the_employers_language(
    bot: BotHarness, lang: str, location: str, economy: str, city: str
) -> None:
    await verified_employer(bot)
    await choose_language(bot, EMPLOYER, lang)
    preview = (await bot.send(EMPLOYER, vacancy_form(location)))[0].text
    assert plain(t(lang, "post.preview.vacancy")) in preview
    await bot.press(EMPLOYER, plain(t(lang, "post.publish")))
    assert rows(bot, "SELECT economy, city FROM vacancies") == [(economy, city)]


@pytest.mark.parametrize(
    "lang, location, key, values",
    [
        ("en", "Skopje, Serbia", "post.error.place_conflict", {"city": "Skopje", "economy": "Serbia"}),
        ("sq", "Tiranë, Kosovë", "post.error.place_conflict", {"city": "Tiranë", "economy": "Kosovë"}),
        ("mk", "Србија, Скопје", "post.error.place_conflict", {"city": "Скопје", "economy": "Србија"}),
        ("sr", "Gračanica", "post.error.place_ambiguous", {"city": "Gračanica"}),
        ("en", "Zagreb, Croatia", "post.error.economy", {"value": "Zagreb"}),
    ],
)
async def test_a_location_that_does_not_add_up_is_refused_in_the_users_language(
    bot: BotHarness, lang: str, location: str, key: str, values: dict[str, str]
) -> None:
    await verified_employer(bot)
    if lang != "en":
        await choose_language(bot, EMPLOYER, lang)
    reply = (await bot.send(EMPLOYER, vacancy_form(location)))[0].text
    assert plain(t(lang, key, **values)) in reply
    assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(0,)]


async def test_the_issue_example_is_no_longer_refused(bot: BotHarness) -> None:
    await verified_employer(bot)
    reply = (await bot.send(EMPLOYER, vacancy_form("Podgorica, Montenegro")))[0].text
    assert "not one of the six economies" not in reply
    assert "Preview of your vacancy" in reply


async def test_guided_form_questions_a_contradiction_and_takes_a_bare_city(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, "/post_vacancy")
    await bot.send(EMPLOYER, "Pentester")  # title
    await bot.press_data(EMPLOYER, "pf:-skip-")  # role
    await bot.send(EMPLOYER, "pentest, Burp Suite, Python")  # required skills
    await bot.press_data(EMPLOYER, "pf:-skip-")  # nice to have
    await bot.press_data(EMPLOYER, "pf:senior")
    await bot.press_data(EMPLOYER, "pf:contract")
    await bot.press_data(EMPLOYER, "pf:onsite")
    reply = (await bot.send(EMPLOYER, "Skopje, Srbija"))[0].text
    assert "“Skopje” is listed under another economy than “Srbija”" in reply
    await bot.send(EMPLOYER, "Tetovë")  # the same question again, answered with a city alone
    await bot.press_data(EMPLOYER, "pf:no")  # remote from the region
    for _ in ("salary", "languages", "deadline"):
        await bot.press_data(EMPLOYER, "pf:-skip-")
    await bot.send(EMPLOYER, "jobs@example.org")
    preview = (await bot.press_data(EMPLOYER, "pf:-skip-"))[0].text  # description
    assert "Tetovo" in preview
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT economy, city FROM vacancies") == [("MK", "Tetovo")]


async def test_editing_the_location_from_the_preview(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, vacancy_form("Podgorica"))
    await bot.press(EMPLOYER, "✏️ Edit")
    assert "Budva" in (await bot.send(EMPLOYER, "Location: Будва"))[0].text
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT economy, city FROM vacancies") == [("ME", "Budva")]


async def test_course_location_city_only(bot: BotHarness) -> None:
    await register_org(bot, PROVIDER, "/provider", "Tirana Cyber Academy")
    await bot.press(ADMIN_ID, "✅ Approve")
    start = (datetime.now(UTC).date() + timedelta(days=40)).isoformat()
    form = (
        f"/post_course\nTitle: SOC basics\nSkills taught: SIEM\nFormat: in person\nLocation: Tiranë\n"
        f"Starts: {start}\nLink: https://example.org/soc"
    )
    assert "Preview of your course" in (await bot.send(PROVIDER, form))[0].text
    await bot.press(PROVIDER, "🚀 Publish")
    assert rows(bot, "SELECT economy, city FROM courses") == [("AL", "Tirana")]


# ---------------------------------------------------------------------------------------------- the profile


async def register_until_city(bot: BotHarness, user: int, economy: str, city: str) -> list[str]:
    """Registration up to the city; returns the texts of the bot's answers to the city."""
    await bot.send(user, "/register")
    await bot.press_data(user, "reg:consent:yes")
    await bot.send(user, "Ana")
    await bot.press_data(user, f"reg:eco:{economy}")
    return [m.text for m in await bot.send(user, city)]


async def finish_registration(bot: BotHarness, user: int) -> None:
    steps = [
        ("send", "SIEM, SOC"), ("press", "reg:sk:ok"), ("press", "reg:lvl:mid"), ("send", "3"),
        ("press", "reg:lang:en"), ("press", "reg:lang:done"), ("press", "reg:fmt:hybrid"), ("press", "reg:fmt:done"),
        ("press", "reg:sal:skip"), ("press", "reg:reloc:no"), ("press", "reg:role:none"), ("press", "reg:vis:visible"),
        ("press", "reg:dg:default"), ("press", "reg:sum:save"),
    ]  # fmt: skip
    for kind, value in steps:
        await (bot.press_data(user, value) if kind == "press" else bot.send(user, value))


@pytest.mark.parametrize(
    "economy, typed, city",
    [
        ("XK", "Prishtinë", "Prishtina"),
        ("XK", "Приштина", "Prishtina"),
        ("XK", "Gračanica", "Gračanica"),  # a name shared with Bosnia: the economy pressed decides
        ("MK", "Shkup", "Skopje"),
        ("AL", "Shkodra", "Shkodër"),
        ("RS", "Novi Beograd", "Novi Beograd"),  # not in the gazetteer: kept as typed
        ("abroad", "Vienna", "Vienna"),
    ],
)
async def test_the_profile_stores_a_known_city_in_its_canonical_name(
    bot: BotHarness, economy: str, typed: str, city: str
) -> None:
    answers = await register_until_city(bot, PRO, economy, typed)
    assert "Which cybersecurity skills" in answers[-1]
    await finish_registration(bot, PRO)
    assert "Your profile is saved" in bot.last(PRO).text
    assert rows(bot, "SELECT economy, city FROM professionals") == [(economy, city)]


@pytest.mark.parametrize(
    "answer, economy, city",
    [("North Macedonia", "MK", "Skopje"), ("Serbia", "RS", "Skopje")],
)
async def test_a_city_in_another_economy_than_the_one_pressed_is_a_question(
    bot: BotHarness, answer: str, economy: str, city: str
) -> None:
    answers = await register_until_city(bot, PRO, "RS", "Скопје")
    question = bot.last(PRO)
    assert answers[-1] == question.text
    assert "Скопје belongs to: North Macedonia. You chose: Serbia." in question.text
    assert question.button_labels()[:2] == ["North Macedonia", "Serbia"]
    await bot.press(PRO, answer)
    assert "Which cybersecurity skills" in bot.last(PRO).text
    await finish_registration(bot, PRO)
    assert rows(bot, "SELECT economy, city FROM professionals") == [(economy, city)]


async def test_the_question_can_be_answered_with_another_city_and_is_not_kept(bot: BotHarness) -> None:
    await register_until_city(bot, PRO, "ME", "Sarajevo")
    assert "Sarajevo belongs to: Bosnia and Herzegovina" in bot.last(PRO).text
    assert "Which cybersecurity skills" in (await bot.send(PRO, "Podgoricë"))[0].text
    await bot.press_data(PRO, "reg:city:move")  # a stale answer to the settled question
    assert bot.alerts(PRO)[-1] == "This button has expired."
    await finish_registration(bot, PRO)
    assert rows(bot, "SELECT economy, city FROM professionals") == [("ME", "Podgorica")]


async def test_going_back_drops_the_question(bot: BotHarness) -> None:
    await register_until_city(bot, PRO, "RS", "Tirana")
    await bot.press_data(PRO, "reg:back")
    await bot.press_data(PRO, "reg:eco:AL")
    assert "Which city?" in bot.last(PRO).text
    await bot.press_data(PRO, "reg:city:keep")
    assert bot.alerts(PRO)[-1] == "This button has expired."
    assert "Which cybersecurity skills" in (await bot.send(PRO, "Tiranë"))[0].text
    await finish_registration(bot, PRO)
    assert rows(bot, "SELECT economy, city FROM professionals") == [("AL", "Tirana")]


@pytest.mark.parametrize("lang", ["sq", "sr", "sr-Cyrl", "mk"])
async def test_the_question_in_the_users_language(bot: BotHarness, lang: str) -> None:
    await choose_language(bot, PRO, lang)
    await register_until_city(bot, PRO, "XK", "Skopje")
    found, chosen = plain(t(lang, "economy.MK")), plain(t(lang, "economy.XK"))
    question = bot.last(PRO)
    assert question.text.startswith(
        plain(t(lang, "reg.city_other_economy", city="Skopje", found=found, chosen=chosen)).split("\n")[0]
    )
    assert question.button_labels()[:2] == [found, chosen]
    await bot.press(PRO, found)
    await finish_registration(bot, PRO)
    assert rows(bot, "SELECT economy, city FROM professionals") == [("MK", "Skopje")]


async def test_edit_the_city_of_a_saved_profile(bot: BotHarness) -> None:
    await register_until_city(bot, PRO, "XK", "Prizren")
    await finish_registration(bot, PRO)
    await bot.send(PRO, "/edit")
    await bot.press_data(PRO, "reg:edit:city")
    await bot.send(PRO, "Пећ")
    assert "Peja" in bot.last(PRO).text  # back at the summary, with the canonical name
    await bot.press_data(PRO, "reg:sum:save")
    assert rows(bot, "SELECT economy, city FROM professionals") == [("XK", "Peja")]
