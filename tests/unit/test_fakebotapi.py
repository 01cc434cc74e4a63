"""The fake Bot API answers like Telegram where the bot can tell the difference."""

from __future__ import annotations

import asyncio
import json

import pytest
from telegram import Bot
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut

import bot as _bot_options  # noqa: F401  (sets the python-telegram-bot options the bot runs with)
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest
from fakebotapi.html import EntityParseError, parse_html

USER = 77


@pytest.fixture
async def api() -> tuple[FakeBotAPI, Bot]:
    core = FakeBotAPI()
    core.add_user(USER)
    bot = Bot(DEFAULT_TOKEN, request=FakeRequest(core), get_updates_request=FakeRequest(core))
    await bot.initialize()
    return core, bot


async def test_envelope_and_message(api: tuple[FakeBotAPI, Bot]) -> None:
    core, bot = api
    message = await bot.send_message(USER, "<b>hi</b> &amp; bye", parse_mode="HTML")
    assert message.text == "hi & bye"
    assert message.message_id == 1
    status, body = await core.handle(DEFAULT_TOKEN, "sendMessage", {"chat_id": str(USER), "text": "x"})
    assert status == 200 and body["ok"] is True and body["result"]["message_id"] == 2


async def test_wrong_token_and_unknown_method(api: tuple[FakeBotAPI, Bot]) -> None:
    core, _ = api
    assert (await core.handle("1:wrong", "getMe", {}))[0] == 401
    status, body = await core.handle(DEFAULT_TOKEN, "sendSpaceship", {})
    assert status == 404 and body["description"] == "Not Found"
    assert core.unknown_methods == ["sendSpaceship"]
    with pytest.raises(InvalidToken):
        await Bot("1:wrongwrongwrongwrongwrong", request=FakeRequest(core)).get_me()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Message text is empty"),
        ("x" * 4097, "Message is too long"),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a <x> b", 'Unsupported start tag "x" at byte offset 2'),
        ("5 < 6", "Unsupported start tag"),
        ("<b>x</i>", "Unmatched end tag"),
        ("Tom & Jerry", "Unsupported HTML entity"),
    ],
)
async def test_bad_text_is_refused_with_telegrams_words(api: tuple[FakeBotAPI, Bot], text: str, error: str) -> None:
    _, bot = api
    # python-telegram-bot drops "Bad Request: " and re-capitalises the rest, hence the case-blind match.
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.send_message(USER, text, parse_mode="HTML")


async def test_limits_count_plain_text_in_utf16(api: tuple[FakeBotAPI, Bot]) -> None:
    _, bot = api
    await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(USER, "🛡" * 2049)


async def test_callback_data_over_64_bytes(api: tuple[FakeBotAPI, Bot]) -> None:
    core, _ = api
    markup = json.dumps({"inline_keyboard": [[{"text": "x", "callback_data": "é" * 33}]]})
    status, body = await core.handle(
        DEFAULT_TOKEN, "sendMessage", {"chat_id": str(USER), "text": "x", "reply_markup": markup}
    )
    assert status == 400 and body["description"] == "Bad Request: BUTTON_DATA_INVALID"


async def test_blocked_unknown_chat_and_edits(api: tuple[FakeBotAPI, Bot]) -> None:
    core, bot = api
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "x")
    sent = await bot.send_message(USER, "one")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("one", USER, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("two", USER, 999)
    core.block(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "x")


async def test_injected_faults(api: tuple[FakeBotAPI, Bot]) -> None:
    core, bot = api
    core.inject("429", method="sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as excinfo:
        await bot.send_message(USER, "x")
    assert excinfo.value.retry_after.total_seconds() == 3
    core.inject("5xx", status=502)
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "x")
    core.inject("timeout", delivered=True)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "delivered anyway")
    assert core.bot_messages(USER)[-1].text == "delivered anyway"
    await bot.send_message(USER, "fine")
    assert core.retry_after_events == 1


async def test_flood_control_per_chat_and_overall() -> None:
    now = [0.0]
    core = FakeBotAPI(flood_control=True, clock=lambda: now[0])
    for user in range(40):
        core.add_user(user)
    assert (await core.handle(DEFAULT_TOKEN, "sendMessage", {"chat_id": "1", "text": "a"}))[0] == 200
    status, body = await core.handle(DEFAULT_TOKEN, "sendMessage", {"chat_id": "1", "text": "b"})
    assert status == 429 and body["parameters"]["retry_after"] == 1
    results = [
        (await core.handle(DEFAULT_TOKEN, "sendMessage", {"chat_id": str(u), "text": "c"}))[0] for u in range(2, 40)
    ]
    assert results.count(200) == 29 and results.count(429) == 9
    now[0] = 1.5
    assert (await core.handle(DEFAULT_TOKEN, "sendMessage", {"chat_id": "1", "text": "d"}))[0] == 200


async def test_long_polling_returns_early_and_confirms_offsets(api: tuple[FakeBotAPI, Bot]) -> None:
    core, bot = api
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    core.user_sends(USER, "hello")
    updates = await asyncio.wait_for(waiting, 2)
    assert [u.message.text for u in updates] == ["hello"]
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    assert core.pending_updates() == 0


async def test_newer_poller_terminates_the_older_with_409(api: tuple[FakeBotAPI, Bot]) -> None:
    _, bot = api
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(bot.get_updates(timeout=1))
    with pytest.raises(Conflict):
        await asyncio.wait_for(first, 2)
    assert await asyncio.wait_for(second, 3) == ()


async def test_commands_are_stored_per_scope_and_language(api: tuple[FakeBotAPI, Bot]) -> None:
    _, bot = api
    await bot.set_my_commands([("start", "Start")], language_code="sq")
    assert [c.command for c in await bot.get_my_commands(language_code="sq")] == ["start"]
    assert await bot.get_my_commands() == ()


async def test_documents_round_trip(api: tuple[FakeBotAPI, Bot]) -> None:
    _, bot = api
    message = await bot.send_document(USER, b'{"a": 1}', filename="mydata.json", caption="<b>your data</b>")
    assert message.document is not None and message.document.file_name == "mydata.json"
    file = await bot.get_file(message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b'{"a": 1}'


def test_html_parser_accepts_what_telegram_accepts() -> None:
    assert parse_html('<a href="https://x.org/?a=1&amp;b=2">x</a> <tg-spoiler>s</tg-spoiler> &#128737;') == "x s 🛡"
    with pytest.raises(EntityParseError):
        parse_html("<script>alert(1)</script>")
