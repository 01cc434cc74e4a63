"""The board's promises against forged buttons and changed circumstances: one test per audit finding (D1–D16).

Every press here is one a Telegram client can send whatever the bot showed; what counts is the current state.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from tests.harness import ADMIN_ID, BotHarness
from tests.journeys import VACANCY_FORM, register, register_org, rows, verified_employer

EMPLOYER = 4001
COLLEAGUE = 4002
STRANGER = 4003
PUPPET = 4004
PRO = 4100
OTHER_PRO = 4101
EXPIRED = "This button has expired."


async def publish(bot: BotHarness, user: int = EMPLOYER, form: str = VACANCY_FORM) -> int:
    await bot.send(user, form)
    await bot.press(user, "🚀 Publish")
    return rows(bot, "SELECT MAX(id) FROM vacancies")[0][0]


async def professional(bot: BotHarness, user: int = PRO, visibility: str = "visible", username: str = "") -> None:
    bot.core.add_user(user, first_name=f"Pro{user}", username=username or None)
    await register(bot, user, visibility=visibility)


def every_button(bot: BotHarness, user: int) -> list[str]:
    return [b["callback_data"] for m in bot.core.bot_messages(user) for row in m.buttons for b in row]


async def list_candidates(bot: BotHarness, user: int, vacancy: int) -> list[str]:
    """What the employer is shown when they press the vacancy under /candidates (forged if need be)."""
    return [m.text for m in await bot.press_data(user, f"cand:{vacancy}")]


# ---------------------------------------------------------------------------- D1
async def test_d1_unverified_rejected_and_held_organisations_see_no_candidate_and_get_no_contact(
    bot: BotHarness,
) -> None:
    await professional(bot, PRO, "anonymous", username="secret_handle")
    await register_org(bot, EMPLOYER, name="Totally Legit Ministry")  # never approved
    pending = await publish(bot)
    assert await list_candidates(bot, EMPLOYER, pending) == []
    assert bot.alerts(EMPLOYER)[-1] == EXPIRED
    await bot.press_data(EMPLOYER, f"cr:{pending}:{PRO}")  # the old button shape, with the id
    assert rows(bot, "SELECT COUNT(*) FROM contact_requests") == [(0,)]

    await bot.press(ADMIN_ID, "❌ Reject")
    assert await list_candidates(bot, EMPLOYER, pending) == []

    await verified_employer(bot, COLLEAGUE)
    held = await publish(bot, COLLEAGUE, VACANCY_FORM + "\nDescription: pay a registration fee, then WhatsApp us")
    assert rows(bot, "SELECT status FROM vacancies WHERE id = ?", held) == [("held",)]
    assert await list_candidates(bot, COLLEAGUE, held) == []
    assert not any(
        "secret_handle" in m.html for m in bot.core.bot_messages(EMPLOYER) + bot.core.bot_messages(COLLEAGUE)
    )
    assert all("would like to contact you" not in m.text for m in bot.core.bot_messages(PRO))


# ---------------------------------------------------------------------------- D2, D5
async def test_d2_d5_candidate_buttons_carry_an_opaque_token_bound_to_one_vacancy(bot: BotHarness) -> None:
    await professional(bot, PRO, "anonymous")
    await verified_employer(bot)
    vacancy = await publish(bot)
    shown = await list_candidates(bot, EMPLOYER, vacancy)
    assert any("Anonymous professional" in text for text in shown)
    assert not any(", —" in text for text in shown)  # no city to show: the economy alone, no empty slot
    assert all(str(PRO) not in data for data in every_button(bot, EMPLOYER))
    token = next(d for d in every_button(bot, EMPLOYER) if d.startswith("cr:"))

    # the token means nothing for another vacancy, and made-up tokens, ids or other people get one answer
    await professional(bot, OTHER_PRO, "visible")
    await bot.send(OTHER_PRO, "/status")
    await bot.press(OTHER_PRO, "⏸ Not looking")
    for forged in (f"cr:{vacancy}:{OTHER_PRO}", f"cr:{vacancy}:6199", "cr:AAAAAAAAAAAA", f"cr:{token[3:]}x", "cr:"):
        await bot.press_data(EMPLOYER, forged)
        assert bot.alerts(EMPLOYER)[-1] == EXPIRED, forged
    assert rows(bot, "SELECT COUNT(*) FROM contact_requests") == [(0,)]
    assert all("would like to contact you" not in m.text for m in bot.core.bot_messages(OTHER_PRO))

    await bot.press_data(EMPLOYER, token)
    assert "Request sent" in bot.alerts(EMPLOYER)[-1]
    assert rows(bot, "SELECT vacancy_id, user_id, status FROM contact_requests") == [(vacancy, PRO, "pending")]


# ---------------------------------------------------------------------------- D3
async def test_d3_a_takedown_or_rejection_cannot_be_undone_by_editing(bot: BotHarness) -> None:
    await verified_employer(bot)
    vacancy = await publish(bot)
    await bot.press_data(ADMIN_ID, f"mod:takedown:v:{vacancy}")
    assert rows(bot, "SELECT status FROM vacancies") == [("removed",)]
    await bot.press_data(EMPLOYER, f"p:e:v:{vacancy}")
    assert bot.alerts(EMPLOYER)[-1] == EXPIRED
    assert not bot.last(EMPLOYER).buttons  # no preview, so no Publish to press

    second = await publish(bot)
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "✏️ Edit")  # a preview of the live post is open …
    await bot.send(ADMIN_ID, f"/reject vacancy {second} scam")  # … when an admin rejects it
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT id, status FROM vacancies ORDER BY id") == [(vacancy, "removed"), (second, "removed")]


# ---------------------------------------------------------------------------- D4
async def test_d4_a_block_reaches_invites_requests_interest_and_colleagues(bot: BotHarness) -> None:
    await verified_employer(bot)
    code = (await bot.send(EMPLOYER, "/invite"))[0].text.split("/join ")[1].split()[0]
    await bot.send(COLLEAGUE, f"/join {code}")
    spare = (await bot.send(EMPLOYER, "/invite"))[0].text.split("/join ")[1].split()[0]
    blocked_post = await publish(bot)
    colleague_post = await publish(bot, COLLEAGUE)
    await professional(bot, PRO, "visible", username="pro_handle")
    await list_candidates(bot, EMPLOYER, colleague_post)
    await bot.press(EMPLOYER, "📇 Request contact")  # pending when the block comes

    await bot.send(ADMIN_ID, f"/block {EMPLOYER}")
    assert "is blocked" in bot.last(ADMIN_ID).text
    assert rows(bot, "SELECT status FROM contact_requests") == [("cancelled",)]
    await bot.press(PRO, "✅ Continue")
    assert bot.alerts(PRO)[-1] == EXPIRED
    assert "join" not in (await bot.send(PUPPET, f"/join {spare}"))[0].text.lower() or rows(
        bot, "SELECT COUNT(*) FROM organisation_members WHERE user_id = ?", PUPPET
    ) == [(0,)]
    assert rows(bot, "SELECT COUNT(*) FROM organisation_members WHERE user_id = ?", PUPPET) == [(0,)]

    # the colleague can neither revive the blocked author's post nor pass interest on to them
    await bot.press_data(COLLEAGUE, f"p:e:v:{blocked_post}")
    assert bot.alerts(COLLEAGUE)[-1] == EXPIRED
    before = len(bot.core.bot_messages(EMPLOYER))
    await bot.send(PRO, "/matches")
    await bot.press(PRO, "🙋 I'm interested")
    await bot.press(PRO, "💬 My Telegram @pro_handle")
    await bot.press(PRO, "✅ Share")
    assert "is interested" in bot.last(COLLEAGUE).text
    assert len(bot.core.bot_messages(EMPLOYER)) == before
    assert rows(bot, "SELECT status FROM vacancies ORDER BY id") == [("removed",), ("open",)]

    # when nobody unblocked is left, the organisation is suspended; unblocking lifts that, removed posts stay
    await bot.send(ADMIN_ID, f"/block {COLLEAGUE}")
    assert rows(bot, "SELECT status FROM organisations") == [("suspended",)]
    assert "No open vacancy matches" in (await bot.send(PRO, "/matches"))[0].text
    await bot.send(ADMIN_ID, f"/unblock {COLLEAGUE}")
    assert rows(bot, "SELECT status FROM organisations") == [("verified",)]
    assert rows(bot, "SELECT status FROM vacancies ORDER BY id") == [("removed",), ("removed",)]


async def test_d4_invite_codes_expire_after_seven_days(bot: BotHarness) -> None:
    await verified_employer(bot)
    code = (await bot.send(EMPLOYER, "/invite"))[0].text.split("/join ")[1].split()[0]
    eight_days_ago = (datetime.now(UTC) - timedelta(days=8)).isoformat(timespec="seconds")
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.execute("UPDATE invites SET created_at = ?", (eight_days_ago,))
    assert "expired" in (await bot.send(COLLEAGUE, f"/join {code}"))[0].text
    assert rows(bot, "SELECT COUNT(*) FROM organisation_members") == [(1,)]


# ---------------------------------------------------------------------------- D7
async def test_d7_interest_shows_what_would_be_shared_and_respects_visibility(bot: BotHarness) -> None:
    await verified_employer(bot)
    await publish(bot)
    await professional(bot, PRO, "hidden", username="hana_secret")
    await bot.send(PRO, "/matches")
    await bot.press(PRO, "🙋 I'm interested")
    card = bot.last(PRO)
    assert "Luka Bank" in card.text and "Anonymous professional" in card.text
    assert "Podgorica" not in card.text and "Visibility" not in card.text and "Digest" not in card.text
    assert rows(bot, "SELECT COUNT(*) FROM interests") == [(0,)]
    assert all("hana_secret" not in m.html for m in bot.core.bot_messages(EMPLOYER))
    await bot.press(PRO, "✉️ An e-mail address")
    assert "does not look like an e-mail" in (await bot.send(PRO, "hana at example"))[0].text
    await bot.send(PRO, "hana@example.org")
    assert "E-mail: hana@example.org" in bot.last(PRO).text
    await bot.press(PRO, "✅ Share")
    received = bot.last(EMPLOYER)
    assert "Anonymous professional" in received.text and "hana@example.org" in received.text
    assert (
        "Ana <Admin>" not in received.text and "Podgorica" not in received.text and "hana_secret" not in received.html
    )


async def test_d7_a_phone_number_is_the_presser_s_own(bot: BotHarness) -> None:
    await verified_employer(bot)
    vacancy = await publish(bot)
    await professional(bot, PRO, "visible")
    await list_candidates(bot, EMPLOYER, vacancy)
    await bot.press(EMPLOYER, "📇 Request contact")
    await bot.press(PRO, "✅ Continue")
    assert "My Telegram @" not in " ".join(bot.last(PRO).button_labels())  # no username: not offered
    await bot.press(PRO, "📱 My phone number")
    assert "someone else's contact" in (await bot.share_contact(PRO, "+38267000111", own=False))[0].text
    await bot.share_contact(PRO, "+38267000111")
    await bot.press(PRO, "✅ Share")
    assert "+38267000111" in bot.last(EMPLOYER).text
    assert rows(bot, "SELECT status FROM contact_requests") == [("accepted",)]


# ---------------------------------------------------------------------------- D9
async def test_d9_dismissing_a_report_keeps_the_status_the_post_has(bot: BotHarness) -> None:
    await verified_employer(bot)
    vacancy = await publish(bot)
    await bot.send(STRANGER, f"/report vacancy {vacancy} suspicious")
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "🔒 Close")
    await bot.send(ADMIN_ID, "/pending")
    await bot.press(ADMIN_ID, "✅ Keep (dismiss report)")
    assert rows(bot, "SELECT status FROM vacancies") == [("closed",)]
    assert rows(bot, "SELECT resolved FROM reports") == [(1,)]
    assert all("approved" not in m.text for m in bot.core.bot_messages(EMPLOYER))
    await bot.press_data(ADMIN_ID, f"mod:approve:v:{vacancy}")  # approve is for held posts only
    assert rows(bot, "SELECT status FROM vacancies") == [("closed",)]


# ---------------------------------------------------------------------------- D10
async def test_d10_a_post_too_long_to_preview_names_the_field_and_keeps_the_form(bot: BotHarness) -> None:
    await verified_employer(bot)
    form = VACANCY_FORM.replace("Title: SOC Analyst <Tier 2>", "Title: " + "T" * 120)
    reply = (await bot.send(EMPLOYER, form + "\nDescription: " + "word " * 799))[0].text
    assert "Shorten Description" in reply
    await bot.send(EMPLOYER, "Description: A short description.")
    assert "Preview" in bot.last(EMPLOYER).text
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT description FROM vacancies") == [("A short description.",)]


# ---------------------------------------------------------------------------- D11
async def test_d11_digit_like_and_huge_ids_are_refused_without_an_error(bot: BotHarness) -> None:
    errors: list[object] = []

    async def record(update: object, context: object) -> None:
        errors.append(context.error)  # type: ignore[attr-defined]

    bot.app.add_error_handler(record)
    huge = "9" * 30
    for text in ("/report vacancy ² spam", f"/report vacancy {huge} spam", "/report vacancy ٣ x"):
        assert "/report vacancy" in (await bot.send(STRANGER, text))[0].text
    for text in (f"/block {huge}", "/block ²", f"/reject vacancy {huge} x", f"/unblock {huge}"):
        await bot.send(ADMIN_ID, text)
    for data in ("m:d:²", "rep:v:²", "cand:²", "v:-:-:-:²", f"m:d:{huge}", f"m:i:{huge}", f"rep:v:{huge}",
                 f"cand:{huge}", f"p:c:v:{huge}", f"p:e:v:{huge}", f"ca:{huge}:y", "m:p:１"):  # fmt: skip
        await bot.press_data(STRANGER, data)
        assert bot.alerts(STRANGER)[-1] == EXPIRED, data
    for data in (f"org:a:{huge}", f"mod:takedown:v:{huge}", "org:a:²"):
        await bot.press_data(ADMIN_ID, data)
    assert errors == []


# ---------------------------------------------------------------------------- D14
async def test_d14_block_unknown_unblock_and_the_blocked_keep_their_data_rights(bot: BotHarness) -> None:
    assert "never used the bot" in (await bot.send(ADMIN_ID, "/block 8999"))[0].text
    assert rows(bot, "SELECT COUNT(*) FROM users WHERE telegram_id = 8999") == [(0,)]
    await professional(bot, PRO, "visible")
    await bot.send(ADMIN_ID, f"/block {PRO}")
    assert await bot.send(PRO, "/help") == []
    assert "Privacy notice" in (await bot.send(PRO, "/privacy"))[0].text
    export = (await bot.send(PRO, "/mydata"))[0]
    assert export.document is not None
    assert json.loads(bot.core.files[export.document["file_id"]])["user"]["blocked"] == 1
    await bot.send(ADMIN_ID, f"/unblock {PRO}")
    assert "unblocked" in bot.last(ADMIN_ID).text
    assert (await bot.send(PRO, "/help"))[0].text
    await bot.send(ADMIN_ID, f"/block {PRO}")
    await bot.send(PRO, "/delete_me")
    await bot.press(PRO, "🗑 Yes, erase everything")
    assert rows(bot, "SELECT COUNT(*) FROM users WHERE telegram_id = ?", PRO) == [(0,)]


# ---------------------------------------------------------------------------- D15
async def test_d15_personal_commands_answer_in_private_chats_only(bot: BotHarness) -> None:
    await professional(bot, PRO, "hidden")
    group = -100777
    bot.core.add_user(group, first_name="Group")
    for command in ("/mydata", "/profile", "/candidates", "/stats", "/matches"):
        update = bot.core.user_sends(PRO, command, chat={"id": group, "type": "supergroup", "title": "CERT chat"})
        await bot._feed(update, group)
    said = [m.text for m in bot.core.bot_messages(group)]
    assert said and all("private chat" in text for text in said)
    assert not any(m.document for m in bot.core.bot_messages(group))
    assert all("Ana" not in text for text in said)


# ---------------------------------------------------------------------------- D16
async def test_d16_hired_and_not_looking_professionals_are_not_candidates(bot: BotHarness) -> None:
    await verified_employer(bot)
    vacancy = await publish(bot)
    await professional(bot, PRO, "visible")
    await list_candidates(bot, EMPLOYER, vacancy)
    token = next(d for d in every_button(bot, EMPLOYER) if d.startswith("cr:"))
    await bot.send(PRO, "/status")
    await bot.press(PRO, "🎉 I found a job")
    await bot.press(PRO, "In the Western Balkans")
    shown = await list_candidates(bot, EMPLOYER, vacancy)
    assert len(shown) == 1 and shown[0].startswith("No registered professional matches “SOC Analyst <Tier 2>”")
    await bot.press_data(EMPLOYER, token)  # a token from before the hire
    assert bot.alerts(EMPLOYER)[-1] == EXPIRED
    assert rows(bot, "SELECT COUNT(*) FROM contact_requests") == [(0,)]
