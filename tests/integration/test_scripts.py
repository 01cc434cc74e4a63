"""Real journeys in Serbian: a Latin reader never sees Cyrillic, a Cyrillic reader never sees English spelled in
Cyrillic letters or Latin letters inside a Cyrillic word; weekdays in the reader's script; no IANA city as the
time zone (a Kosovo reader is not told "Europe/Belgrade")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.deliver import DigestRunner
from bot.i18n import raw_message
from bot.views import weekday_name
from tests.harness import ADMIN_ID, BotHarness
from tests.integration.test_digests import fresh_samples
from tests.unit.test_scripts import CYRILLIC, script_problems

PRO = 8101
EMPLOYER = 8102


class Seen:
    """Everything a user was shown: every state of every message (edits included), button and alert."""

    def __init__(self, bot: BotHarness, user: int) -> None:
        self.bot, self.user, self.texts = bot, user, set[str]()

    def look(self) -> None:
        for message in self.bot.core.bot_messages(self.user):
            self.texts.add(message.text)
            self.texts.update(message.button_labels())
        self.texts.update(self.bot.alerts(self.user))

    async def send(self, text: str) -> None:
        await self.bot.send(self.user, text)
        self.look()

    async def press(self, label: str) -> None:
        await self.bot.press(self.user, label)
        self.look()

    async def press_data(self, data: str) -> None:
        await self.bot.press_data(self.user, data)
        self.look()


def label(lang: str, key: str) -> str:
    return raw_message(lang, key)


async def in_language(bot: BotHarness, user: int, lang: str) -> Seen:
    bot.core.add_user(user, first_name="Ena", language_code="sr")
    seen = Seen(bot, user)
    if lang == "sr-Cyrl":  # no Telegram app reports it: it is chosen with /language
        await seen.send("/language")
        await seen.press("Српски (ћирилица)")
    return seen


async def professional(bot: BotHarness, lang: str) -> Seen:
    me = await in_language(bot, PRO, lang)
    await me.send("/start")
    await me.press_data("role:professional")
    steps = [
        ("press", "reg:consent:yes"), ("send", "Ena"), ("press", "reg:eco:ME"), ("send", "Podgorica"),
        ("send", "SIEM, analiza logova, odgovor na incidente, SOC, Active Directory, DevSecOps"),
        ("press", "reg:sk:ok"), ("press", "reg:lvl:mid"), ("send", "3"), ("press", "reg:lang:sr"),
        ("press", "reg:lang:en"),
        ("press", "reg:lang:done"), ("press", "reg:fmt:hybrid"), ("press", "reg:fmt:done"), ("press", "reg:sal:skip"),
        ("press", "reg:reloc:yes"),
        ("press", "reg:role:incident_responder"), ("press", "reg:vis:visible"), ("press", "reg:dg:default"),
        ("press", "reg:sum:save"),
    ]  # fmt: skip
    for kind, value in steps:
        await (me.press_data(value) if kind == "press" else me.send(value))
    for command in ("/profile", "/matches", "/vacancies", "/courses", "/nextrole", "/help", "/privacy", "/foo"):
        await me.send(command)
    await me.send("/matches")
    await me.press(label(lang, "matches.details"))
    await me.send("/digest")
    await me.press(label(lang, "digestcmd.day"))
    await me.press(weekday_name(lang, 2))
    await me.press(label(lang, "digestcmd.preview"))
    await me.send("/skills add Burp Suite")
    await me.send("/status")
    await me.press(label(lang, "status.choice.open"))
    await DigestRunner(bot.services, bot.app.bot).run("now")
    me.look()
    return me


async def employer(bot: BotHarness, lang: str) -> Seen:
    me = await in_language(bot, EMPLOYER, lang)
    await me.send("/post_vacancy")
    await me.send("/employer")
    await me.send("Luka Banka")
    await me.press(label(lang, "economy.RS"))
    await me.press(label(lang, "sector.it_services"))
    await me.send("example.org")
    await me.send("posao@example.org")
    await bot.press(ADMIN_ID, "✅ Approve")
    me.look()
    cyrillic = lang == "sr-Cyrl"
    await me.send("/post_vacancy")
    await me.send("Аналитичар SOC центра" if cyrillic else "Analitičar SOC centra")
    await me.press(label(lang, "common.skip"))
    await me.send("SIEM, Splunk, Active Directory")
    await me.press(label(lang, "common.skip"))
    await me.press(label(lang, "level.senior"))
    await me.press(label(lang, "employment.full_time"))
    await me.press(label(lang, "format.hybrid"))
    await me.send("Србија, Београд" if cyrillic else "Srbija, Beograd")
    await me.press(label(lang, "common.yes"))
    await me.send("1500-2200")
    await me.press(label(lang, "salary_basis.net"))
    await me.send("српски, енглески" if cyrillic else "srpski, engleski")
    await me.send("30 дана" if cyrillic else "30 dana")
    await me.send("posao@example.org")
    await me.press(label(lang, "common.skip"))
    await me.press(label(lang, "post.publish"))
    for command in ("/my_posts", "/candidates", "/help", "/invite", "/report vacancy"):
        await me.send(command)
    return me


async def test_a_serbian_latin_reader_never_sees_cyrillic(bot: BotHarness) -> None:
    await fresh_samples(bot, datetime.now(UTC) - timedelta(hours=1))
    for seen in (await professional(bot, "sr"), await employer(bot, "sr")):
        assert len(seen.texts) > 20
        found = sorted(text for text in seen.texts if CYRILLIC.search(text))
        assert found == [], f"Cyrillic shown to user {seen.user}: {found}"
    shown = " | ".join((await professional_profile(bot)).texts)
    assert "nedeljno, sreda u 09:00" in shown  # the chosen day, in Latin letters and lower case mid-sentence


async def professional_profile(bot: BotHarness) -> Seen:
    me = Seen(bot, PRO)
    await me.send("/profile")
    return me


async def test_a_serbian_cyrillic_reader_never_sees_english_spelled_in_cyrillic(bot: BotHarness) -> None:
    await fresh_samples(bot, datetime.now(UTC) - timedelta(hours=1))
    for seen in (await professional(bot, "sr-Cyrl"), await employer(bot, "sr-Cyrl")):
        assert len(seen.texts) > 20
        found = {text[:60]: problems for text in seen.texts if (problems := script_problems(text))}
        assert found == {}, f"shown to user {seen.user}"
    shown = " | ".join((await professional_profile(bot)).texts)
    assert "Безбедност Active Directory" in shown and "DevSecOps праксе" in shown
    assert "недељно, среда у 09:00" in shown


@pytest.mark.parametrize(
    ("lang", "economy", "zone"), [("sq", "XK", "ora e Evropës Qendrore"), ("sr", "RS", "srednjoevropsko vreme")]
)
async def test_the_digest_names_the_time_zone_not_an_iana_city(
    bot: BotHarness, lang: str, economy: str, zone: str
) -> None:
    bot.core.add_user(PRO, first_name="Ena", language_code=lang)
    me = Seen(bot, PRO)
    await me.send("/register")
    for kind, value in [
        ("press", "reg:consent:yes"), ("send", "Ena"), ("press", f"reg:eco:{economy}"), ("send", "-"),
        ("send", "SIEM"), ("press", "reg:sk:ok"), ("press", "reg:lvl:mid"), ("send", "3"), ("press", "reg:lang:en"),
        ("press", "reg:lang:done"), ("press", "reg:fmt:hybrid"), ("press", "reg:fmt:done"), ("press", "reg:sal:skip"),
        ("press", "reg:reloc:no"),
        ("press", "reg:role:incident_responder"), ("press", "reg:vis:anonymous"), ("press", "reg:dg:default"),
        ("press", "reg:sum:save"),
    ]:  # fmt: skip
        await (me.press_data(value) if kind == "press" else me.send(value))
    await me.send("/digest")
    text = bot.last(PRO).text
    assert f"({zone})" in text and "Europe/" not in text, text
