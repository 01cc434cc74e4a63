"""Reach through the real bot: deep links to posts for anyone in their language, the Share button, partners'
source codes counted in /stats with small counts hidden, inline mode, and the channel."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.integration.test_digests import add_professionals
from tests.journeys import EMPLOYER, VACANCY_FORM, register, register_org, rows, verified_employer

LINK = re.compile(r"https://t\.me/cyber_talent_bridge_bot\?start=([A-Za-z0-9_-]+)")
CHANNEL = -1001234567890
HELD_FORM = VACANCY_FORM.replace("SOC Analyst <Tier 2>", "Easy Money") + "\nDescription: write me on WhatsApp"
OTHER = 4002  # an employer whose organisation waits for verification


def vacancy(title: str) -> str:
    return VACANCY_FORM.replace("SOC Analyst <Tier 2>", title)


async def publish(bot: BotHarness, user: int, form: str) -> str:
    """Publish a post and return the deep-link code shown after Publish (empty if none is shown)."""
    await bot.send(user, form)
    replies = await bot.press(user, "🚀 Publish")
    found = [LINK.search(r.text) for r in replies]
    return next((m[1] for m in found if m), "")


async def test_a_deep_link_opens_the_post_for_a_new_user_in_their_language(bot: BotHarness) -> None:
    await verified_employer(bot)
    code = await publish(bot, EMPLOYER, VACANCY_FORM)
    ((vacancy_id,),) = rows(bot, "SELECT id FROM vacancies")
    # an opaque random code stored with the post: never its id, and what Telegram carries in ?start=
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,64}", code) and code != str(vacancy_id)
    assert rows(bot, "SELECT post_kind, post_id FROM share_codes WHERE code = ?", code) == [("vacancy", vacancy_id)]

    # an Albanian Telegram app, never seen by the bot: the card in Albanian, with the way to register
    bot.core.add_user(5101, first_name="Arta", language_code="sq")
    card = (await bot.send(5101, f"/start {code}"))[-1]
    assert "SOC Analyst <Tier 2>" in card.text and "Luka Bank" in card.text
    assert "Mal i Zi" in card.text and "Regjistrohuni" in card.text  # Montenegro, "register"
    assert "🛡 Jam profesionist i sigurisë kibernetike" in card.button_labels()
    assert "📤 Shpërnda" in card.button_labels()
    assert "Welcome" not in card.text and "Mirë se vini" not in card.text
    await bot.press(5101, "🛡 Jam profesionist i sigurisë kibernetike")  # the pointer starts registration
    assert "Para se të fillojmë" in bot.last(5101).text  # the consent step, in Albanian

    # a Serbian app gets it in Serbian; a registered professional gets "I'm interested" and no pointer
    bot.core.add_user(5102, first_name="Jovan", language_code="sr")
    assert "Crna Gora" in (await bot.send(5102, f"/start {code}"))[-1].text
    await register(bot, 5103)
    mine = (await bot.send(5103, f"/start {code}"))[-1]
    assert "🙋 I'm interested" in mine.button_labels() and "Register" not in mine.text

    # a closed post's link says it opens nothing, and the usual welcome follows
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "🔒 Close")
    replies = await bot.send(5102, f"/start {code}")
    assert "ne važi" in replies[0].text and "SOC Analyst" not in replies[0].text
    assert "Dobrodošli" in replies[-1].text or "Balkan Cyber Talent Bridge" in replies[-1].text
    # a made-up code, or the post's id, is no link at all: just the welcome
    for payload in ("zzzzzzzzzzzzzzzzzz", str(vacancy_id)):
        (welcome,) = await bot.send(5103, f"/start {payload}")
        assert "Welcome" in welcome.text and "SOC Analyst" not in welcome.text


async def test_course_links_and_pending_posts(bot: BotHarness) -> None:
    await bot.services.seed_samples()
    (course_id, code), *_ = rows(
        bot, "SELECT post_id, code FROM share_codes WHERE post_kind = 'course' ORDER BY post_id"
    )  # the samples got their codes from the triggers
    (title,) = rows(bot, "SELECT title FROM courses WHERE id = ?", course_id)[0]
    card = (await bot.send(5201, f"/start {code}"))[-1]
    assert title in card.text and "🎓" in card.text and "📤 Share" in card.button_labels()
    # a post of an organisation nobody verified has a code, but its link opens nothing
    await register_org(bot, OTHER, name="Pending Org")
    assert await publish(bot, OTHER, vacancy("Pending SOC Analyst")) == ""
    ((pending_code,),) = rows(bot, "SELECT code FROM share_codes s JOIN vacancies v ON v.id = s.post_id "
                                   "AND s.post_kind = 'vacancy' WHERE v.title = 'Pending SOC Analyst'")  # fmt: skip
    assert "Pending SOC Analyst" not in (await bot.send(5201, f"/start {pending_code}"))[0].text


async def test_my_posts_shows_the_link_and_share_gives_it_to_anyone(bot: BotHarness) -> None:
    await verified_employer(bot)
    code = await publish(bot, EMPLOYER, VACANCY_FORM)
    line = next(m for m in await bot.send(EMPLOYER, "/my_posts") if "SOC Analyst" in m.text)
    assert LINK.search(line.text)[1] == code  # type: ignore[index]
    share = (await bot.press(EMPLOYER, "📤 Share"))[0]
    assert f"?start={code}" in share.text
    buttons = {b["text"]: b for row in share.buttons for b in row}
    assert buttons["📤 Share via Telegram"]["url"].startswith("https://t.me/share/url?url=https%3A%2F%2Ft.me%2F")
    assert buttons["💬 Send to a chat"]["switch_inline_query"] == code
    # the same button pressed by a stranger shares the same public link; once closed it shares nothing
    data = next(b["callback_data"] for row in line.buttons for b in row if b["text"] == "📤 Share")
    bot.core.add_user(5301, first_name="Stranger")
    assert f"?start={code}" in (await bot.press_data(5301, data))[0].text
    await bot.press(EMPLOYER, "🔒 Close")
    assert await bot.press_data(5301, data) == []
    assert bot.alerts(5301)[-1].startswith("This link no longer works")


def partners(stats: str) -> dict[str, str]:
    """The /stats line of partner links: source name → "people · registered"."""
    line = re.search(r"Partner links \(people · registered\): (.*)", stats)
    assert line, stats
    return dict(part.rsplit(": ", 1) for part in line[1].split("; "))


async def test_source_codes_are_counted_in_stats_with_small_counts_hidden(bot: BotHarness) -> None:
    await bot.services.seed_samples()  # open vacancies, so that the charts after the summary have bars
    assert "/source NAME" in (await bot.send(ADMIN_ID, "/source"))[0].text
    assert "I don't know the command /source" in (await bot.send(5401, "/source Evil"))[0].text
    links = {}
    for name in ("CERT Montenegro", "Tirana Uni"):
        reply = (await bot.send(ADMIN_ID, f"/source {name}"))[0].text
        links[name] = LINK.search(reply)[1]  # type: ignore[index]
        assert links[name].startswith("src_") and len(links[name]) <= 64
    listing = (await bot.send(ADMIN_ID, "/source"))[0].text
    assert all(link in listing for link in links.values())
    # 6 people through CERT Montenegro, 2 through Tirana Uni, all of whom register; first touch only
    cert, tirana = range(6001, 6007), range(6101, 6103)
    for user in cert:
        welcome = (await bot.send(user, f"/start {links['CERT Montenegro']}"))[-1]
        assert "Welcome" in welcome.text
    for user in tirana:
        await bot.send(user, f"/start {links['Tirana Uni']}")
    await bot.send(6001, f"/start {links['Tirana Uni']}")  # a second partner's link later changes nothing
    assert rows(bot, "SELECT COUNT(*) FROM user_sources WHERE code = ?", links["CERT Montenegro"][4:]) == [(6,)]
    await add_professionals(bot, cert)
    await add_professionals(bot, tirana)

    text = (await bot.send(ADMIN_ID, "/stats"))[0].text
    shown = partners(text)
    # Tirana's 2 are hidden; and as every professional came through a partner (8 = CERT + Tirana), CERT's 6 is
    # hidden too (and then its people, 6 = registered + 0), or 8 - 6 would give Tirana's 2 away
    assert shown["Tirana Uni"] == "x · x"
    assert re.search(r"Professionals: x", text) or shown["CERT Montenegro"] == "x · x"
    documents = [r.document for r in await bot.send(ADMIN_ID, "/stats csv") if r.document]
    sources = next(d for d in documents if d["file_name"] == "sources.csv")  # type: ignore[index]
    table = list(csv.reader(io.StringIO(bot.core.files[sources["file_id"]].decode())))  # type: ignore[index]
    assert table[0] == ["code", "source", "people", "professionals"]
    by_name = {r[1]: r[2:] for r in table[1:]}
    assert (
        by_name["Tirana Uni"] == ["x", "x"]
        and f"{by_name['CERT Montenegro'][0]} · {by_name['CERT Montenegro'][1]}" == shown["CERT Montenegro"]
    )

    # with more professionals who came through no partner, CERT's counts are safe to show
    await add_professionals(bot, range(6201, 6206))
    text = (await bot.send(ADMIN_ID, "/stats"))[0].text
    assert "Professionals: 13" in text and "CERT Montenegro: 6 · 6" in text and "Tirana Uni: x · x" in text
    # one more through CERT who does not register: "7 people, 6 registered" would give away that one person
    await bot.send(6007, f"/start {links['CERT Montenegro']}")
    cert_shown = partners(text := (await bot.send(ADMIN_ID, "/stats"))[0].text)["CERT Montenegro"]
    assert "x" in cert_shown and cert_shown != "7 · 6", text


async def test_inline_query_lists_only_open_posts_of_verified_organisations(bot: BotHarness) -> None:
    await verified_employer(bot)
    code = await publish(bot, EMPLOYER, vacancy("SOC Analyst Podgorica"))
    await publish(bot, EMPLOYER, vacancy("SOC Analyst Closed"))
    closed = next(m for m in await bot.send(EMPLOYER, "/my_posts") if "SOC Analyst Closed" in m.text)
    await bot.press_data(EMPLOYER, next(b["callback_data"] for b in closed.buttons[0] if b["text"] == "🔒 Close"))
    await publish(bot, EMPLOYER, HELD_FORM.replace("Easy Money", "SOC Analyst Held"))
    await register_org(bot, OTHER, name="Pending Org")
    await publish(bot, OTHER, vacancy("SOC Analyst Pending"))

    results = await bot.inline(5501, "soc analyst")
    assert [r["title"] for r in results] == ["SOC Analyst Podgorica"]
    (result,) = results
    assert result["type"] == "article" and result["id"] == code
    message = result["input_message_content"]["message_text"]
    assert f"?start={code}" in message and "Luka Bank" in message
    assert result["reply_markup"]["inline_keyboard"][0][0]["url"].endswith(f"?start={code}")
    assert str(EMPLOYER) not in str(result)  # no Telegram ids or other personal data in what is shared
    assert [r["title"] for r in await bot.inline(5501, code)] == ["SOC Analyst Podgorica"]  # the Share button's
    assert [r["title"] for r in await bot.inline(5501, "crna gora")] == ["SOC Analyst Podgorica"]  # any language
    assert [r["title"] for r in await bot.inline(5501, "SIEM")] == ["SOC Analyst Podgorica"]  # a skill
    assert await bot.inline(5501, "nothing like this") == []
    # in the asker's language
    bot.core.add_user(5502, first_name="Marko", language_code="mk")
    (mk,) = await bot.inline(5502, "soc")
    assert "Црна Гора" in mk["input_message_content"]["message_text"]


@pytest.fixture
async def channel_bot(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with running_bot(make_settings(tmp_path / "bot.sqlite3", channel_id=CHANNEL)) as harness:
        harness.core.add_channel(CHANNEL, "Balkan cyber jobs")
        yield harness


def channel_posts(bot: BotHarness) -> list[str]:
    return [m.text for m in bot.core.chats[CHANNEL].messages]


async def test_newly_opened_posts_go_to_the_channel_once(channel_bot: BotHarness) -> None:
    bot = channel_bot
    await verified_employer(bot)
    code = await publish(bot, EMPLOYER, VACANCY_FORM)
    (post,) = channel_posts(bot)
    assert "SOC Analyst <Tier 2>" in post and f"?start={code}" in post
    button = bot.core.chats[CHANNEL].messages[0].buttons[0][0]
    assert button["url"].endswith(f"?start={code}") and "callback_data" not in button
    # an edit republishes the same post: not announced again
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "✏️ Edit")
    await bot.press(EMPLOYER, "🚀 Publish")
    assert len(channel_posts(bot)) == 1

    # a held post goes out when an admin approves it, once
    await publish(bot, EMPLOYER, HELD_FORM)
    assert len(channel_posts(bot)) == 1
    approve = bot.last(ADMIN_ID).buttons[0][0]["callback_data"]
    await bot.press_data(ADMIN_ID, approve)
    assert "Easy Money" in channel_posts(bot)[-1] and len(channel_posts(bot)) == 2
    await bot.press_data(ADMIN_ID, approve)
    assert len(channel_posts(bot)) == 2

    # an organisation's verification releases its waiting posts into the channel
    await register_org(bot, OTHER, name="Late Bank")
    await publish(bot, OTHER, vacancy("Waiting Analyst"))
    assert len(channel_posts(bot)) == 2
    await bot.press(ADMIN_ID, "✅ Approve")
    assert "Waiting Analyst" in channel_posts(bot)[-1] and "Late Bank" in channel_posts(bot)[-1]


async def test_a_channel_failure_never_breaks_publishing(
    channel_bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    bot = channel_bot
    await verified_employer(bot)
    bot.core.inject("403", method="sendMessage", chat_id=CHANNEL)
    with caplog.at_level(logging.WARNING):
        code = await publish(bot, EMPLOYER, VACANCY_FORM)
    assert code and "Published" in bot.last(EMPLOYER).text
    assert channel_posts(bot) == []
    assert any("could not announce" in r.getMessage() for r in caplog.records)
    assert rows(bot, "SELECT status FROM vacancies") == [("open",)]


def test_channel_id_is_read_and_checked() -> None:
    base = {"TELEGRAM_BOT_TOKEN": "123456:" + "a" * 30}
    assert load_settings({**base, "CHANNEL_ID": "-1001234567890"}, dotenv=None).channel_id == -1001234567890
    assert load_settings({**base, "CHANNEL_ID": "@balkan_cyber_jobs"}, dotenv=None).channel_id == "@balkan_cyber_jobs"
    assert load_settings(base, dotenv=None).channel_id is None
    with pytest.raises(ConfigError, match="CHANNEL_ID"):
        load_settings({**base, "CHANNEL_ID": "my channel"}, dotenv=None)
