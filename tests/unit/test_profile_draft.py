"""A registration draft goes to the persisted user data and back unchanged; a damaged one is dropped, not half-used;
a saved profile becomes a draft and back without losing what the form does not ask (status, where hired)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.domain import DigestSchedule, JobStatus, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.services.drafts import CityQuestion, ProfileDraft
from bot.services.errors import FormError
from tests.harness import BotHarness
from tests.journeys import register, rows

PROFILE = Profile(
    user_id=42,
    display_name="Besa",
    economy="AL",
    city="Durrës",
    level=Level.JUNIOR,
    years=1,
    languages=("sq", "en"),
    work_formats=(WorkFormat.REMOTE, WorkFormat.HYBRID),
    relocate=True,
    target_role="digital_forensics_investigator",
    visibility=Visibility.HIDDEN,
    skills=(SkillEntry("dfir.forensics"), SkillEntry(free_text="analiza malvera")),
    status=JobStatus.HIRED,
    hired_where="abroad",
)
SCHEDULE = DigestSchedule(weekday=3, hour=17, timezone="Europe/Tirane", paused=True)


APOLOGY = "Sorry, something went wrong"
USER = 4242


def half_filled() -> ProfileDraft:
    return ProfileDraft(
        step="city",
        history=["consent", "name", "economy"],
        consent_at="2026-11-02T10:00:00+00:00",
        name="Ana",
        economy="RS",
        city_pending=CityQuestion(typed="Podgorica", city="Podgorica", economy="ME"),
        skills=[SkillEntry("soc.siem"), SkillEntry(free_text="Wazuh")],
    )


def through_json(draft: ProfileDraft) -> ProfileDraft | None:
    return ProfileDraft.from_json(json.loads(json.dumps(draft.to_json())))


@pytest.mark.parametrize("draft", [ProfileDraft(), half_filled(), ProfileDraft.of_profile(PROFILE, SCHEDULE)])
def test_round_trip_through_plain_json(draft: ProfileDraft) -> None:
    assert through_json(draft) == draft


def test_the_json_is_plain_and_keeps_the_untyped_forms_shape() -> None:
    data = json.loads(json.dumps(half_filled().to_json()))
    assert data["skills"] == [["soc.siem", None], [None, "Wazuh"]]
    assert data["city_pending"] == {"typed": "Podgorica", "city": "Podgorica", "economy": "ME"}
    assert data["digest"] == {"weekday": 0, "hour": 9, "paused": False}


def test_a_form_the_untyped_version_wrote_half_way_is_read() -> None:
    old = {"mode": "new", "history": ["consent", "name"], "step": "economy", "consent_at": "2026-11-01", "name": "Ana"}
    draft = ProfileDraft.from_json(old)
    assert draft is not None and (draft.step, draft.name, draft.economy, draft.skills) == ("economy", "Ana", None, [])


def valid() -> dict[str, Any]:
    return ProfileDraft.of_profile(PROFILE, SCHEDULE).to_json()


def changed(**values: object) -> dict[str, Any]:
    return {**valid(), **values}


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "reg",
        {},
        {"kind": "vacancy", "org_id": 1, "org_name": "Luka Bank", "values": {}},  # another form's draft
        changed(mode="register"),
        changed(surprise=1),
        changed(step="nowhere"),
        changed(history="consent"),
        changed(history=["consent", "elsewhere"]),
        changed(editing="yes"),
        changed(name=None),
        changed(economy="DE"),
        changed(city=7),
        changed(city_pending={"typed": "Bar"}),
        changed(city_pending={"typed": "Bar", "city": "Bar", "economy": "ME", "extra": 1}),
        changed(city_pending="Bar"),
        changed(skills=[["soc.siem"]]),
        changed(skills=[[None, None]]),
        changed(skills=[[1, None]]),
        changed(skills={"soc.siem": None}),
        changed(level="guru"),
        changed(level=1),
        changed(years="3"),
        changed(years=True),
        changed(years=-1),
        changed(years=51),
        changed(languages=["xx"]),
        changed(languages="en"),
        changed(formats=["office"]),
        changed(relocate="no"),
        changed(target_role=["soc"]),
        changed(visibility="everyone"),
        changed(status="retired"),
        changed(hired_where=1),
        changed(digest={"weekday": 7, "hour": 9, "paused": False}),
        changed(digest={"weekday": 0, "hour": 24, "paused": False}),
        changed(digest={"weekday": 0, "hour": "9", "paused": False}),
        changed(digest={"weekday": 0, "hour": 9, "paused": 0}),
        changed(digest={"weekday": 0, "hour": 9, "paused": False, "timezone": "UTC"}),
        changed(digest=None),
    ],
)
def test_a_damaged_or_foreign_shape_is_dropped(data: object) -> None:
    assert ProfileDraft.from_json(data) is None


def test_a_profile_becomes_the_edit_form_and_back_keeping_status_and_where_hired() -> None:
    draft = ProfileDraft.of_profile(PROFILE, SCHEDULE)
    assert (draft.mode, draft.editing, draft.hired_where) == ("edit", True, "abroad")
    assert draft.to_profile(PROFILE.user_id) == PROFILE
    assert draft.to_schedule(SCHEDULE.timezone) == SCHEDULE
    stored = through_json(draft)
    assert stored is not None and stored.to_profile(PROFILE.user_id) == PROFILE


def test_without_a_schedule_the_draft_has_the_default_digest() -> None:
    assert ProfileDraft.of_profile(PROFILE, None).to_schedule("Europe/Belgrade") == DigestSchedule()


@pytest.mark.parametrize("missing", ["name", "economy", "level", "years"])
def test_a_draft_without_an_answer_is_no_profile_even_for_the_summary(missing: str) -> None:
    data = valid()
    del data[missing]
    draft = ProfileDraft.from_json(data)
    assert draft is not None
    with pytest.raises(FormError) as caught:
        draft.to_profile(1, complete=False)
    assert caught.value.key == "form.error.incomplete"


@pytest.mark.parametrize("emptied", ["skills", "languages", "formats"])
def test_an_emptied_list_shows_in_the_summary_but_is_not_saved(emptied: str) -> None:
    draft = ProfileDraft.from_json(changed(**{emptied: []}))
    assert draft is not None
    assert getattr(draft.to_profile(1, complete=False), {"formats": "work_formats"}.get(emptied, emptied)) == ()
    with pytest.raises(FormError):
        draft.to_profile(1)


def test_a_name_past_its_limit_is_refused_with_the_limit() -> None:
    draft = ProfileDraft.of_profile(PROFILE, SCHEDULE)
    draft.name = "A" * 65
    with pytest.raises(FormError) as caught:
        draft.to_profile(1)
    assert caught.value.key == "form.error.too_long"


# ---------------------------------------------------------------------------- in the conversation
async def test_a_damaged_registration_draft_starts_the_registration_again(bot: BotHarness) -> None:
    await bot.send(USER, "/register")
    await bot.press(USER, "✅ I accept")
    await bot.send(USER, "Ana")
    bot.app.user_data[USER]["reg"]["skills"] = "SIEM"  # e.g. written by hand, or by a version that is gone
    await bot.press(USER, "Serbia")
    assert "Before we start" in bot.last(USER).text
    assert not any(APOLOGY in m.text for m in bot.core.bot_messages(USER))
    await bot.press(USER, "✅ I accept")
    assert "What name" in bot.last(USER).text


async def test_a_damaged_edit_draft_opens_the_edit_menu_of_the_saved_profile_again(bot: BotHarness) -> None:
    await register(bot, USER)
    await bot.send(USER, "/edit")
    await bot.press(USER, "City")
    bot.app.user_data[USER]["reg"] = {"kind": "vacancy"}  # another form's shape
    await bot.send(USER, "Budva")
    assert "What would you like to change?" in bot.last(USER).text
    await bot.press(USER, "City")
    await bot.send(USER, "Budva")
    await bot.press(USER, "💾 Save")
    assert "profile is updated" in bot.last(USER).text
    assert rows(bot, "SELECT city FROM professionals WHERE user_id = ?", USER) == [("Budva",)]
