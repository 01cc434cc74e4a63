"""Every journey in Albanian, Serbian and Macedonian: no missing key, no fallback to English."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import command_menu_languages
from bot.commands import PUBLIC_COMMANDS
from bot.digest.deliver import DigestRunner
from bot.i18n import catalogues, resolve_language, t, tn
from fakebotapi.html import parse_html
from tests.harness import BotHarness
from tests.integration.test_digests import fresh_samples

USER = 8001


def plain(text: str) -> str:
    """What the user sees of a catalogue message: the text without its HTML."""
    return parse_html(text)


@pytest.mark.parametrize(
    ("telegram_code", "lang"), [("sq", "sq"), ("bs", "sr"), ("sr", "sr"), ("mk", "mk"), ("sr", "sr-Cyrl")]
)
async def test_whole_journey_in_the_users_language(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, telegram_code: str, lang: str
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.i18n")
    await fresh_samples(bot, datetime.now(UTC) - timedelta(hours=1))
    bot.core.add_user(USER, first_name="Ena", language_code=telegram_code)
    if lang == "sr-Cyrl":  # no Telegram app reports it: it is chosen with /language
        await bot.send(USER, "/language")
        await bot.press(USER, "Српски (ћирилица)")
    welcome = (await bot.send(USER, "/start"))[0]
    assert plain(t(lang, "role.professional")) in welcome.button_labels()
    assert "Balkan Cyber Talent Bridge" in welcome.text

    await bot.press_data(USER, "role:professional")
    assert bot.last(USER).text.startswith(plain(t(lang, "reg.consent", version="2026-11")).split("\n")[0])
    steps: list[tuple[str, str]] = [
        ("press", "reg:consent:yes"), ("send", "Ena"), ("press", "reg:eco:ME"), ("send", "Podgorica"),
        ("send", "SIEM, analiza logova, одговор на инциденти, SOC"), ("press", "reg:sk:ok"), ("press", "reg:lvl:mid"),
        ("send", "3"), ("press", f"reg:lang:{lang}"), ("press", "reg:lang:en"), ("press", "reg:lang:done"),
        ("press", "reg:fmt:hybrid"), ("press", "reg:fmt:done"), ("press", "reg:sal:skip"), ("press", "reg:reloc:yes"),
        ("press", "reg:role:incident_responder"), ("press", "reg:vis:visible"), ("press", "reg:dg:default"),
    ]  # fmt: skip
    for kind, value in steps:
        if kind == "press":
            await bot.press_data(USER, value)
        else:
            await bot.send(USER, value)
    summary = bot.last(USER).text
    assert plain(t(lang, "reg.summary")) in summary
    assert plain(t(lang, "economy.ME")) in summary
    await bot.press_data(USER, "reg:sum:save")
    assert bot.last(USER).text == plain(t(lang, "reg.saved_new"))

    match = (await bot.send(USER, "/matches"))[0].text
    assert plain(t(lang, "matches.header", page=1, total=99, score="1")).split(" 1 ")[0] in match
    assert plain(t(lang, "match.required", matched=4, total=4)) in match

    help_text = (await bot.send(USER, "/help"))[0].text
    assert plain(t(lang, "help.header")) in help_text
    assert plain(t(lang, "cmd.matches")) in help_text

    runner = DigestRunner(bot.services, bot.app.bot)
    await runner.run("now")
    digest = bot.last(USER).text
    assert digest.startswith(plain(t(lang, "digest.title")))
    assert plain(t(lang, "digest.vacancies")) in digest

    fallbacks = [r.getMessage() for r in caplog.records if "missing translation" in r.getMessage()]
    assert fallbacks == []
    assert not [m.text for m in bot.core.bot_messages(USER) if "Sorry, something went wrong" in m.text]


def test_language_code_mapping() -> None:
    assert [resolve_language(None, code) for code in ("sq", "sr", "bs", "hr", "me", "cnr", "mk", "en", "de")] == [
        "sq", "sr", "sr", "sr", "sr", "sr", "mk", "en", "en",
    ]  # fmt: skip
    assert resolve_language("mk", "sq") == "mk"  # an explicit choice wins


async def test_language_picker_switches_and_remembers(bot: BotHarness) -> None:
    bot.core.add_user(USER, first_name="Ena", language_code="en")
    labels = (await bot.send(USER, "/language"))[0].button_labels()
    assert labels == ["English", "Македонски", "Shqip", "Srpski / Bosanski / Crnogorski", "Српски (ћирилица)"]
    await bot.press(USER, "Shqip")
    assert bot.last(USER).text == "✅ Gjuha u vendos: Shqip."
    assert plain(t("sq", "help.header")) in (await bot.send(USER, "/help"))[0].text


async def test_command_menus_are_registered_per_language(bot: BotHarness) -> None:
    for code, lang in command_menu_languages():
        key = (json.dumps({"type": "default"}), code or "")
        menu = bot.core.commands[key]
        assert [c["command"] for c in menu] == list(PUBLIC_COMMANDS)
        assert menu[0]["description"] == plain(t(lang, "cmd.start"))
    assert {code for code, _ in command_menu_languages()} == {None, "sq", "sr", "mk", "bs", "hr"}  # no sr-Cyrl


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("sq", {1: "1 kandidat i ri", 2: "2 kandidatë të rinj", 5: "5 kandidatë të rinj"}),
        ("sr", {1: "1 novi", 2: "2 nova", 5: "5 novih", 21: "21 novi", 12: "12 novih"}),
        ("mk", {1: "1 нов", 2: "2 нови", 11: "11 нови", 21: "21 нов"}),
    ],
)
def test_plural_forms_follow_each_language(lang: str, counts: dict[int, str]) -> None:
    for count, expected in counts.items():
        assert expected in tn(lang, "digest.candidates", count, title="X"), (lang, count)


def test_translations_are_marked_as_drafts() -> None:
    assert catalogues()["en"].reviewed
    for lang in ("sq", "sr", "mk"):
        assert not catalogues()[lang].reviewed
