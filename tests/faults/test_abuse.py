"""Hostile users: admin actions from non-admins, random button data, markup and oversized text everywhere."""

from __future__ import annotations

import json
import random
import sqlite3
import string

import pytest

from bot.commands import ADMIN_COMMANDS
from tests.harness import ADMIN_ID, BotHarness
from tests.journeys import VACANCY_FORM, register, register_org

MALLORY = 6666
OWNER = 4001
APOLOGY = "Sorry, something went wrong"


def snapshot(bot: BotHarness) -> dict[str, list[tuple]]:
    """Every table's rows, minus the columns that record only that someone was seen."""
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            if table in {"processed_updates", "conversation_state", "user_data"}:
                continue
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})") if c[1] not in {"last_seen_at"}]
            out[table] = sorted(conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr)
        return out


@pytest.fixture
async def board(bot: BotHarness) -> BotHarness:
    await bot.services.seed_samples()
    await register_org(bot, OWNER)
    await bot.press(ADMIN_ID, "✅ Approve")
    await bot.send(OWNER, VACANCY_FORM)
    await bot.press(OWNER, "🚀 Publish")
    await register_org(bot, OWNER + 1, name="Pending Org")  # waits for an admin
    await register(bot, 7001)
    await bot.send(7001, "/start")
    return bot


async def test_admin_commands_and_buttons_from_a_non_admin_change_nothing(board: BotHarness) -> None:
    bot = board
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        (vacancy_id,) = conn.execute("SELECT id FROM vacancies WHERE title LIKE 'SOC Analyst <%'").fetchone()
        (org_id,) = conn.execute("SELECT id FROM organisations WHERE name = 'Pending Org'").fetchone()
    await bot.send(MALLORY, "/start")
    before = snapshot(bot)
    for command in ADMIN_COMMANDS:
        text = (await bot.send(MALLORY, f"/{command} vacancy {vacancy_id} spam"))[0].text
        assert f"I don't know the command /{command}" in text
    await bot.send(MALLORY, f"/block {OWNER}")
    for data in (f"org:a:{org_id}", f"org:r:{org_id}", f"mod:takedown:v:{vacancy_id}", f"mod:reject:v:{vacancy_id}",
                 f"mod:approve:v:{vacancy_id}", f"p:c:v:{vacancy_id}", f"p:x:v:{vacancy_id}", f"cand:{vacancy_id}",
                 f"cr:{vacancy_id}:7001", f"ca:{vacancy_id}:y"):  # fmt: skip
        await bot.press_data(MALLORY, data)
    assert snapshot(bot) == before
    assert not any(APOLOGY in m.text for m in bot.core.bot_messages(MALLORY))


async def test_ten_thousand_random_buttons_cause_no_error_and_no_change(board: BotHarness) -> None:
    bot = board
    errors: list[object] = []

    async def record(update: object, context: object) -> None:
        errors.append(context.error)  # type: ignore[attr-defined]

    bot.app.add_error_handler(record)
    rng = random.Random(20261127)
    verbs = ["role", "lang", "reg", "m", "v", "st", "del", "org", "orgf", "mod", "p", "pp", "pf", "rep", "cand",
             "cr", "ca", "dg2"]  # fmt: skip
    alphabet = string.ascii_letters + string.digits + ":-_.%/\\\"'<>&é🙂\u200b\u202e"
    await bot.send(MALLORY, "/start")
    before = snapshot(bot)
    for i in range(10_000):
        if i % 2:
            data = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        else:
            parts = [rng.choice(verbs)] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                                           for _ in range(rng.randint(1, 4))]  # fmt: skip
            data = ":".join(parts)
        data = data.encode()[:64].decode(errors="ignore") or "x"
        await bot.press_data(MALLORY, data)
    assert errors == []
    assert snapshot(bot) == before
    assert not any(APOLOGY in m.text for m in bot.core.bot_messages(MALLORY))


NASTY = [
    "<b>bold</b> & <script>alert(1)</script>",
    "🛡️🔥👩‍💻 emoji",
    "\u202eRTL override\u202c שלום مرحبا",
    "zero\u200bwidth\u200djoin\ufeff",
    "&lt; &amp; &#128737; &bogus;",
]


@pytest.mark.parametrize("text", NASTY)
async def test_hostile_text_in_free_text_fields_is_kept_literally(bot: BotHarness, text: str) -> None:
    user = 7100
    await bot.send(user, "/register")
    await bot.press(user, "✅ I accept")
    await bot.send(user, text)  # name
    await bot.press(user, "Serbia")
    await bot.send(user, text)  # city
    await bot.send(user, f"SIEM, {text}")  # skills: the nasty part is kept as free text
    await bot.press(user, "✅ Looks right")
    profile_text = bot.last(user).text
    assert "What is your level?" in profile_text
    await bot.send(OWNER, "/employer")
    await bot.send(OWNER, text)  # organisation name
    await bot.send(7200, f"/report vacancy 1 {text}")
    assert not [m for m in bot.core.journal if m[2] == 400], "Telegram refused something the bot sent"
    for user_id in (user, OWNER, 7200):
        assert not any(APOLOGY in m.text for m in bot.core.bot_messages(user_id))
    await bot.app.update_persistence()
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        (stored,) = conn.execute("SELECT data FROM user_data WHERE user_id = ?", (user,)).fetchone()
    form = json.loads(stored)["reg"]
    assert form["name"] == " ".join(text.split()) and form["city"] == " ".join(text.split())  # stored as typed


async def test_ten_thousand_characters_in_every_free_text_field_are_refused_with_the_limit(bot: BotHarness) -> None:
    huge = "A" * 10_000
    user = 7300
    await bot.send(user, "/register")
    await bot.press(user, "✅ I accept")
    assert "10000 characters; the limit is 64" in (await bot.send(user, huge))[0].text
    await bot.send(user, "Ana")
    await bot.press(user, "Serbia")
    assert "10000 characters; the limit is 64" in (await bot.send(user, huge))[0].text
    await bot.send(user, "Novi Sad")
    reply = (await bot.send(user, huge))[0].text
    assert "at least one skill" in reply or "longer than 64" in reply
    assert "whole number" in (await bot.send(user, "SIEM") and await bot.press(user, "✅ Looks right") and
                              await bot.press(user, "Junior") and await bot.send(user, huge))[0].text  # fmt: skip
    await bot.send(OWNER, "/employer")
    assert "10000 characters; the limit is 64" in (await bot.send(OWNER, huge))[0].text
    form = "/post_vacancy\nTitle: " + huge
    await register_org(bot, OWNER + 50)
    await bot.press(ADMIN_ID, "✅ Approve")
    assert "10000 characters; the limit is 120" in (await bot.send(OWNER + 50, form))[0].text
    assert not [m for m in bot.core.journal if m[2] == 400]
