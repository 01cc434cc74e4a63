"""The first commands, driven through the real Application and the fake Bot API."""

from __future__ import annotations

import json

from bot.commands import ADMIN_COMMANDS, PUBLIC_COMMANDS
from bot.storage.db import available_migrations
from tests.harness import ADMIN_ID, BotHarness

USER = 1001


async def test_start_explains_the_bot_and_offers_roles(bot: BotHarness) -> None:
    replies = await bot.send(USER, "/start")
    assert len(replies) == 1
    welcome = replies[0]
    assert "Balkan Cyber Talent Bridge" in welcome.text
    for economy in (
        "Albania",
        "Bosnia and Herzegovina",
        "Kosovo*",
        "Montenegro",
        "North Macedonia",
        "Serbia",
    ):
        assert economy in welcome.text
    assert welcome.button_labels() == [
        "🛡 I'm a cybersecurity professional",
        "🏢 Employer",
        "🎓 Training provider",
    ]
    user = await bot.services.users.get(USER)
    assert user is not None and user.first_name == f"User{USER}"


async def test_role_buttons_start_each_journey(bot: BotHarness) -> None:
    await bot.send(USER, "/start")
    assert "Employer registration" in (await bot.press(USER, "🏢 Employer"))[-1].text
    await bot.send(USER, "/cancel")
    assert "Training provider registration" in (await bot.press(USER, "🎓 Training provider"))[-1].text
    await bot.send(USER, "/cancel")
    assert "Before we start" in (await bot.press(USER, "🛡 I'm a cybersecurity professional"))[-1].text


async def test_start_escapes_a_name_with_markup(bot: BotHarness) -> None:
    bot.core.add_user(USER, first_name="<b>Eve</b> & co")
    replies = await bot.send(USER, "/start")
    assert "<b>Eve</b> & co" in replies[0].text  # shown literally: the fake parsed it as valid HTML


async def test_help_lists_public_commands_only_for_users(bot: BotHarness) -> None:
    text = (await bot.send(USER, "/help"))[0].text
    for command in PUBLIC_COMMANDS:
        assert f"/{command} — " in text
    for command in ADMIN_COMMANDS:
        assert f"/{command}" not in text


async def test_help_shows_admin_commands_to_admins(bot: BotHarness) -> None:
    text = (await bot.send(ADMIN_ID, "/help"))[0].text
    assert "Admin commands" in text
    for command in ADMIN_COMMANDS:
        assert f"/{command} — " in text


async def test_admin_command_from_non_admin_looks_unknown(bot: BotHarness) -> None:
    refused = (await bot.send(USER, "/health"))[0].text
    unknown = (await bot.send(USER, "/nosuchcommand"))[0].text
    assert refused == unknown.replace("/nosuchcommand", "/health")
    admin = (await bot.send(ADMIN_ID, "/health"))[0].text
    assert f"Database schema version: {len(available_migrations())}" in admin


async def test_privacy_says_what_why_how_long_and_how_to_erase(bot: BotHarness) -> None:
    text = (await bot.send(USER, "/privacy"))[0].text
    for needle in ("What we store", "Why", "How long", "/mydata", "/delete_me", "version"):
        assert needle in text


async def test_language_picker_remembers_choice(bot: BotHarness) -> None:
    reply = (await bot.send(USER, "/language"))[0]
    assert "English" in reply.button_labels()
    await bot.press(USER, "English")
    assert bot.last(USER).text == "✅ Language set to English."
    assert bot.last(USER).edited
    user = await bot.services.users.get(USER)
    assert user is not None and user.language == "en"


async def test_cancel_outside_a_conversation(bot: BotHarness) -> None:
    assert "nothing to cancel" in (await bot.send(USER, "/cancel"))[0].text


async def test_unknown_command_and_stray_text_point_to_help(bot: BotHarness) -> None:
    assert "/help" in (await bot.send(USER, "/frobnicate <x>"))[0].text
    assert "/frobnicate" in bot.last(USER).text
    assert "/help" in (await bot.send(USER, "hello there"))[0].text


async def test_sticker_gets_a_prompt(bot: BotHarness) -> None:
    sticker = {"file_id": "s1", "file_unique_id": "s1", "width": 1, "height": 1, "is_animated": False,
               "is_video": False, "type": "regular"}  # fmt: skip
    replies = await bot.send(USER, None, sticker=sticker)
    assert "only read text" in replies[0].text


async def test_forged_button_data_changes_nothing(bot: BotHarness) -> None:
    await bot.send(USER, "/start")
    for data in ("lang:xx", "role:admin", "garbage", "lang:" + "a" * 60):
        await bot.press_data(USER, data)
    assert bot.alerts(USER) == ["This button has expired."] * 4
    user = await bot.services.users.get(USER)
    assert user is not None and user.language is None


async def test_commands_are_registered_per_language_and_for_admins(bot: BotHarness) -> None:
    default = bot.core.commands[(json.dumps({"type": "default"}), "")]
    assert [c["command"] for c in default] == list(PUBLIC_COMMANDS)
    admin_key = (json.dumps({"chat_id": ADMIN_ID, "type": "chat"}, sort_keys=True), "")
    assert [c["command"] for c in bot.core.commands[admin_key]] == list(PUBLIC_COMMANDS + ADMIN_COMMANDS)
    assert not bot.core.unknown_methods
