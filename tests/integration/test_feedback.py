"""Feedback on matches through the real bot: save and /saved, hide (and undo), "not relevant" with a reason that
ranks similar vacancies lower, digest items with their own buttons, forged presses, /mydata."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta

from bot.digest.deliver import DigestRunner
from bot.domain import DigestSchedule, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.keyboards import Feedback, FeedbackReason, SavedList
from fakebotapi import Seen
from tests.harness import BotHarness
from tests.integration.test_digests import SOC, Clock, add_professionals, digests_received, fresh_samples
from tests.journeys import EMPLOYER, PRO, VACANCY_FORM, rows, verified_employer

TITLE = "SOC Analyst <Tier 2>"


def form(title: str, *, skills: str | None = None, role: str | None = "keep", fmt: str = "hybrid") -> str:
    """VACANCY_FORM with another title, and optionally other required skills (no nice-to-have), no role, or
    another work format."""
    text = VACANCY_FORM.replace(f"Title: {TITLE}", f"Title: {title}").replace(
        "Work format: hybrid", f"Work format: {fmt}"
    )
    if skills is not None:
        text = text.replace("Required skills: SIEM, log analysis, incident response, SOC", f"Required skills: {skills}")
        text = text.replace("Nice to have: EDR\n", "")
    if role is None:
        text = text.replace("Role: Cyber Incident Responder\n", "")
    return text


async def publish(bot: BotHarness, text: str, user: int = EMPLOYER) -> int:
    await bot.send(user, text)
    await bot.press(user, "🚀 Publish")
    title = re.search(r"Title: (.*)", text).group(1)  # type: ignore[union-attr]
    ((vacancy_id,),) = rows(bot, "SELECT id FROM vacancies WHERE title = ?", title)
    return vacancy_id


async def professional(bot: BotHarness, user: int = PRO) -> None:
    """A registered professional who fits VACANCY_FORM: SOC skills, mid-level, in Montenegro, hybrid work only
    (saved as the registration form saves it; the form itself has its own tests)."""
    bot.core.add_user(user, first_name=f"P{user}")
    await bot.services.users.touch(user, f"P{user}", "en")
    profile = Profile(
        user_id=user, display_name=f"P{user}", economy="ME", city="Podgorica", level=Level.MID, years=4,
        languages=("cnr", "en"), work_formats=(WorkFormat.HYBRID,), relocate=True, target_role=None,
        visibility=Visibility.ANONYMOUS, skills=tuple(SkillEntry(s) for s in SOC),
    )  # fmt: skip
    await bot.services.professionals.profiles.save(profile, DigestSchedule(timezone="Europe/Podgorica"))


def feedback_rows(bot: BotHarness, user: int = PRO) -> list[tuple]:
    return rows(bot, "SELECT vacancy_id, kind, reason FROM match_feedback WHERE user_id = ? ORDER BY vacancy_id", user)


async def match_titles(bot: BotHarness, user: int = PRO) -> list[str]:
    """The titles /matches pages through, in order (the card's bold first line after the header)."""
    first = (await bot.send(user, "/matches"))[-1]
    if "No open vacancy matches" in first.text:
        return []
    total = int(re.search(r"Match 1 of (\d+)", first.text).group(1))  # type: ignore[union-attr]
    titles = [first.text.split("\n")[1].split(" — ")[0]]
    for _ in range(total - 1):
        await bot.press(user, "Next ▶️")
        titles.append(bot.last(user).text.split("\n")[1].split(" — ")[0])
    return titles


async def press_on(bot: BotHarness, user: int, data: str, message_id: int) -> list[Seen]:
    """Press ``data`` on one given message (the harness presses on the newest)."""
    return await bot._feed(bot.core.user_presses_data(user, data, message_id), user)


def card_of(bot: BotHarness, user: int, needle: str) -> Seen:
    return next(m for m in reversed(bot.core.bot_messages(user)) if needle in m.text)


async def test_save_then_saved_lists_it_then_unsave(bot: BotHarness) -> None:
    await verified_employer(bot)
    vacancy = await publish(bot, VACANCY_FORM)
    await professional(bot)
    card = (await bot.send(PRO, "/matches"))[-1]
    assert [b["text"] for b in card.buttons[1]] == ["💾 Save", "🙈 Hide", "👎 Not relevant"]
    assert "no saved vacancies" in (await bot.send(PRO, "/saved"))[-1].text
    await press_on(bot, PRO, Feedback("s", vacancy, "m", 0).pack(), card.message_id)
    assert bot.alerts(PRO)[-1] == "Saved. /saved lists your saved vacancies."
    assert "✅ Saved" in card_of(bot, PRO, "Match 1 of").button_labels()
    assert feedback_rows(bot) == [(vacancy, "saved", "")]
    listed = (await bot.send(PRO, "/saved"))[-1]
    assert "Your saved vacancies</b> (1, still open)" in listed.html and "1. " in listed.text and TITLE in listed.text
    assert listed.button_labels() == [f"1. {TITLE}", "✖ Unsave 1"]
    await bot.press(PRO, f"1. {TITLE}")  # opens the card, which knows it is saved
    assert "✅ Saved" in bot.last(PRO).button_labels()
    await press_on(bot, PRO, SavedList(0, vacancy).pack(), listed.message_id)
    assert bot.alerts(PRO)[-1] == "Removed from your saved vacancies."
    assert "no saved vacancies" in card_of(bot, PRO, "saved vacancies").text
    assert feedback_rows(bot) == []
    # a save of a vacancy that closed: refused, and /saved never lists a closed one
    await bot.press_data(PRO, Feedback("s", vacancy, "d", 0).pack())
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.execute("UPDATE vacancies SET status = 'closed' WHERE id = ?", (vacancy,))
    assert "no saved vacancies" in (await bot.send(PRO, "/saved"))[-1].text
    await bot.press_data(PRO, Feedback("s", vacancy, "d", 0).pack())
    assert bot.alerts(PRO)[-1] == "This vacancy is no longer open."
    assert "/saved" in (await bot.send(PRO, "/help"))[-1].text


async def test_hidden_from_a_match_card_is_gone_from_matches_and_vacancies_until_undone(bot: BotHarness) -> None:
    await verified_employer(bot)
    first = await publish(bot, VACANCY_FORM)
    await publish(bot, form("Incident Responder"))
    await professional(bot)
    order = await match_titles(bot)
    assert sorted(order) == ["Incident Responder", TITLE]
    page = order.index(TITLE)
    card = (await bot.send(PRO, "/matches"))[-1]
    for _ in range(page):
        await bot.press(PRO, "Next ▶️")
    card = bot.last(PRO)
    assert TITLE in card.text
    await press_on(bot, PRO, Feedback("h", first, "m", page).pack(), card.message_id)
    confirmation = bot.last(PRO)
    assert f"Hidden: {TITLE}" in confirmation.text and confirmation.button_labels() == ["↩️ Undo"]
    assert TITLE not in card_of(bot, PRO, "Match 1 of 1").text  # the card moved on to what is left
    assert feedback_rows(bot) == [(first, "hidden", "")]
    assert await match_titles(bot) == ["Incident Responder"]
    browse = (await bot.send(PRO, "/vacancies"))[-1]
    assert "Incident Responder" in browse.text and TITLE not in browse.text
    await press_on(bot, PRO, Feedback("u", first, "c", 0).pack(), confirmation.message_id)
    assert f"Undone: {TITLE} can appear" in card_of(bot, PRO, "Undone").text
    assert feedback_rows(bot) == []
    assert sorted(await match_titles(bot)) == ["Incident Responder", TITLE]
    await bot.press_data(PRO, Feedback("u", first, "c", 0).pack())  # a second undo: nothing to undo
    assert bot.alerts(PRO)[-1] == "This button has expired."


async def test_not_relevant_with_a_reason_ranks_a_similar_vacancy_lower(bot: BotHarness) -> None:
    await verified_employer(bot)
    marked = await publish(bot, VACANCY_FORM)
    # similar to the marked one: same organisation and role (its skills overlap only 2 of 5: Jaccard 0.4)
    await publish(bot, form("Hunter Same Role", skills="SIEM, log analysis, threat hunting"))
    # not similar: no role, the same skills; on site, so 6 points below the one above
    await publish(bot, form("Hunter No Role", skills="SIEM, log analysis, threat hunting", role=None, fmt="onsite"))
    await professional(bot)
    before = await match_titles(bot)
    assert sorted(before) == ["Hunter No Role", "Hunter Same Role", TITLE]
    assert before.index("Hunter Same Role") < before.index("Hunter No Role")  # 6 points ahead: the work format
    await bot.send(PRO, "/matches")
    for _ in range(before.index(TITLE)):
        await bot.press(PRO, "Next ▶️")
    card = bot.last(PRO)
    assert TITLE in card.text
    await press_on(bot, PRO, Feedback("n", marked, "m", before.index(TITLE)).pack(), card.message_id)
    question = bot.last(PRO)
    assert f"You won't see {TITLE} again" in question.text
    assert question.button_labels() == ["Skills", "Level", "Location", "Salary", "Other", "Skip", "↩️ Undo"]
    assert feedback_rows(bot) == [(marked, "not_relevant", "")]
    await bot.press(PRO, "Skills")
    assert f"noted for {TITLE}: Skills" in card_of(bot, PRO, "Thanks").text
    assert feedback_rows(bot) == [(marked, "not_relevant", "skills")]
    assert await match_titles(bot) == ["Hunter No Role", "Hunter Same Role"]
    lowered = card_of(bot, PRO, "Match 2 of 2")
    assert (
        "Hunter Same Role" in lowered.text
        and "Ranked lower: similar to a vacancy you marked not relevant" in lowered.text
    )
    top = (await bot.send(PRO, "/matches"))[-1]
    assert "Hunter No Role" in top.text and "Ranked lower" not in top.text
    # a reason for a vacancy that is not marked not relevant changes nothing
    other = rows(bot, "SELECT id FROM vacancies WHERE title = 'Hunter No Role'")[0][0]
    await bot.press_data(PRO, FeedbackReason(other, "salary").pack())
    assert bot.alerts(PRO)[-1] == "This button has expired."
    assert feedback_rows(bot) == [(marked, "not_relevant", "skills")]


async def test_a_digest_item_hidden_never_returns(bot: BotHarness) -> None:
    now = datetime.now(UTC)
    await add_professionals(bot, range(100, 101))
    await fresh_samples(bot, now - timedelta(hours=2))
    clock = Clock(now)
    runner = DigestRunner(bot.services, bot.app.bot, clock=clock)  # type: ignore[arg-type]
    await runner.run("now")
    (text,) = digests_received(bot, 100)
    digest = bot.core.bot_messages(100)[-1]
    first = re.search(r"^1\. (.+?) — ", text, re.M).group(1)  # type: ignore[union-attr]
    second = re.search(r"^2\. (.+?) — ", text, re.M).group(1)  # type: ignore[union-attr]
    assert digest.button_labels()[:6] == ["💾 1", "🙈 1", "👎 1", "💾 2", "🙈 2", "👎 2"]
    assert "Buttons below, by number" in text
    ((hidden,),) = rows(bot, "SELECT id FROM vacancies WHERE title = ?", first)
    await bot.press(100, "🙈 1")
    assert f"Hidden: {first}" in bot.last(100).text
    assert rows(bot, "SELECT vacancy_id, kind FROM match_feedback WHERE user_id = 100") == [(hidden, "hidden")]
    digest = next(m for m in bot.core.bot_messages(100) if m.message_id == digest.message_id)
    assert "🙈 1" not in digest.button_labels() and "🙈 2" in digest.button_labels()  # that item's row is gone
    await bot.press(100, "💾 2")
    assert "✅ 2" in next(m for m in bot.core.bot_messages(100) if m.message_id == digest.message_id).button_labels()

    # A week later every sample vacancy looks new again (re-published), and an employer publishes another one:
    # the next digest has them all, except the hidden one.
    await verified_employer(bot)
    await publish(bot, VACANCY_FORM)
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        again = (now + timedelta(days=6)).isoformat(timespec="seconds")
        conn.execute("UPDATE vacancies SET published_at = ?", (again,))  # (the new one too: seconds may tie)
    clock.now = now + timedelta(days=7)
    await runner.run("now")
    later = digests_received(bot, 100)[-1]
    assert len(digests_received(bot, 100)) == 2
    assert first not in later and second in later and TITLE in later
    # without the hidden mark the same digest would have carried it: the exclusion is what keeps it out
    data = await runner._load(100)
    data.feedback = None
    since = (now + timedelta(days=5)).isoformat(timespec="seconds")
    unfiltered = await runner.compose_for(100, "en", data, since)
    assert unfiltered is not None and first in "".join(unfiltered.parts)


async def test_forged_feedback_changes_nothing_and_mydata_has_the_rows(bot: BotHarness) -> None:
    await verified_employer(bot)
    vacancy = await publish(bot, VACANCY_FORM)
    await professional(bot)
    await bot.send(PRO, "/matches")
    await bot.press(PRO, "💾 Save")
    before = rows(bot, "SELECT * FROM match_feedback")
    stranger, employer = 8701, EMPLOYER
    bot.core.add_user(stranger, first_name="Stevo")
    for user in (stranger, employer):
        forged = [Feedback("s", vacancy, "m", 0), Feedback("h", vacancy, "g", 1), Feedback("n", vacancy, "d", 0)]
        forged += [Feedback("u", vacancy, "c", 0), FeedbackReason(vacancy, "skills"), SavedList(0, vacancy)]
        for data in forged:
            await bot.press_data(user, data.pack())
            assert TITLE not in " ".join(m.text for m in bot.core.bot_messages(user)[-1:]) or user == employer
        assert "no profile yet" in (await bot.send(user, "/saved"))[-1].text
    assert rows(bot, "SELECT * FROM match_feedback") == before
    # another professional cannot unsave or undo PRO's rows: their own rows only
    await professional(bot, PRO + 1)
    await bot.press_data(PRO + 1, SavedList(0, vacancy).pack())
    await bot.press_data(PRO + 1, Feedback("u", vacancy, "c", 0).pack())
    assert rows(bot, "SELECT * FROM match_feedback") == before
    # a vacancy id that does not exist, and one of a held post: refused
    await bot.press_data(PRO, Feedback("h", 999_999, "d", 0).pack())
    assert bot.alerts(PRO)[-1] == "This vacancy is no longer open."
    assert rows(bot, "SELECT * FROM match_feedback") == before

    data = json.loads(await bot.services.professionals.export(PRO))
    assert [(r["vacancy_id"], r["kind"]) for r in data["match_feedback"]] == [(vacancy, "saved")]
    assert (await bot.send(PRO, "/mydata"))[-1].document is not None


async def test_digest_preview_carries_the_buttons(bot: BotHarness) -> None:
    """What the demo shows: /digest → Preview has the same buttons as the weekly digest, and they work."""
    await add_professionals(bot, range(100, 101))
    await fresh_samples(bot, datetime.now(UTC) - timedelta(hours=2))
    await bot.send(100, "/digest")
    await bot.press(100, "👀 Preview now")
    preview = bot.last(100)
    assert "1. " in preview.text and preview.button_labels()[:3] == ["💾 1", "🙈 1", "👎 1"]
    await bot.press(100, "💾 1")
    assert rows(bot, "SELECT kind FROM match_feedback WHERE user_id = 100") == [("saved",)]
    assert "✅ 1" in bot.last(100).button_labels()
    await bot.press(100, "✅ 1")  # pressed again (or on an older digest that still says 💾 1): it stays saved
    assert rows(bot, "SELECT kind FROM match_feedback WHERE user_id = 100") == [("saved",)]


async def test_not_relevant_for_its_location_ranks_other_posts_there_lower(bot: BotHarness) -> None:
    await verified_employer(bot)
    marked = await publish(bot, VACANCY_FORM)  # Montenegro, Podgorica
    hunters = "SIEM, log analysis, threat hunting"  # 2 of 5 skills shared with the marked one: not similar by skills
    await publish(bot, form("Local Hunter", skills=hunters, role=None))
    belgrade = form("Belgrade Hunter", skills=hunters, role=None)
    await publish(bot, belgrade.replace("Location: Montenegro, Podgorica", "Location: Serbia, Belgrade"))
    await professional(bot)  # in Montenegro, would relocate: a post at home scores 1.8 points more
    before = await match_titles(bot)
    assert before.index("Local Hunter") < before.index("Belgrade Hunter")
    await bot.press_data(PRO, Feedback("n", marked, "d", 0).pack())
    await bot.press(PRO, "Location")
    assert feedback_rows(bot) == [(marked, "not_relevant", "location")]
    assert await match_titles(bot) == ["Belgrade Hunter", "Local Hunter"]  # the other post in Montenegro went down
