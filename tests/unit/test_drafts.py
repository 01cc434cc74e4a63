"""A post draft goes to the persisted user data and back unchanged; a damaged one is dropped, not half-used."""

from __future__ import annotations

import json

import pytest

from bot.domain import Level, Vacancy, WorkFormat
from bot.services.drafts import PostDraft


def test_round_trip_through_json() -> None:
    draft = PostDraft("vacancy", 3, "Luka Bank", {"title": "SOC"}, asking="level", skipped=["role"])
    assert PostDraft.from_json(json.loads(json.dumps(draft.to_json()))) == draft


@pytest.mark.parametrize(
    "data", [None, [], "post", {"kind": "job", "org_id": 1, "org_name": "x"}, {"kind": "vacancy", "org": 1}]
)
def test_a_draft_of_another_shape_is_dropped(data: object) -> None:
    assert PostDraft.from_json(data) is None


def test_next_field_follows_the_form_and_skips_what_was_answered_or_skipped() -> None:
    draft = PostDraft("vacancy", 1, "x", {"title": "SOC"}, skipped=["role"])
    assert draft.next_field() is not None and draft.next_field().key == "required"  # type: ignore[union-attr]


def test_a_vacancy_becomes_the_values_the_form_would_have_parsed() -> None:
    vacancy = Vacancy(
        id=7, title="SOC", required=frozenset({"soc.siem"}), level=Level.SENIOR, work_format=WorkFormat.REMOTE,
        economy="ME", city="Bar", salary_min=1000, salary_max=1500, organisation="Luka Bank", organisation_id=2,
        deadline="2027-01-31", apply="https://example.org", role_id="incident_responder",
    )  # fmt: skip
    draft = PostDraft.of_vacancy(vacancy)
    assert (draft.kind, draft.org_id, draft.edit_of) == ("vacancy", 2, 7)
    assert draft.values["required"] == {"ids": ["soc.siem"], "free": []}
    assert draft.values["location"] == {"economy": "ME", "city": "Bar"}
    assert draft.values["salary"] == {"min": 1000, "max": 1500, "basis": None}
    assert draft.values["role"] == "incident_responder"
