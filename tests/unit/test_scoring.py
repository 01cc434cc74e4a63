"""Scoring, ranking and recommendations: exact figures, so a changed weight or cut-off fails a test."""

from __future__ import annotations

import random

import pytest

from bench.matching import index_of, synthetic, top_10
from bot.domain import ABROAD, Course, Level, Professional, Vacancy, WorkFormat
from bot.matching.engine import MatchIndex, score_blocks
from bot.matching.recommend import close_gap, next_role, recommend_candidates, recommend_vacancies
from bot.matching.scoring import MATCH_THRESHOLD, level_fit, score_pair
from bot.matching.taxonomy import default_taxonomy

ARTA = Professional(
    id=1, skills=frozenset({"soc.siem", "soc.logs", "dfir.ir", "edu.scripting"}), level=Level.MID, economy="AL",
    languages=frozenset({"sq", "en"}), work_formats=frozenset({WorkFormat.HYBRID, WorkFormat.REMOTE}),
)  # fmt: skip
SOC_L2 = Vacancy(
    id=10, title="SOC analyst L2", required=frozenset({"soc.siem", "soc.logs", "dfir.ir", "soc.edr"}),
    nice=frozenset({"cti.intel", "edu.scripting"}), level=Level.MID, work_format=WorkFormat.HYBRID, economy="AL",
    languages=frozenset({"sq", "en"}), published_at="2026-11-01",
)  # fmt: skip


def test_worked_example_from_the_docs() -> None:
    match = score_pair(ARTA, SOC_L2)
    assert match.components == {
        "required": 43.75, "nice": 7.5, "level": 15.0, "format": 6.0, "location": 6.0, "languages": 8.0,
        "salary": 0.0,
    }  # fmt: skip
    assert match.score == 86.2
    assert match.matched_required == ("dfir.ir", "soc.logs", "soc.siem")
    assert match.missing_required == ("soc.edr",)
    assert match.related_required == (("soc.edr", "soc.logs"),)  # same category as EDR, first by id
    assert match.matched_nice == ("edu.scripting",)


def test_level_fit_table() -> None:
    assert [level_fit(p, Level.MID) for p in Level] == [0.0, 0.5, 1.0, 0.7, 0.3]


@pytest.mark.parametrize(
    ("economy", "relocate", "vacancy_changes", "location_points"),
    [
        ("AL", False, {}, 6.0),
        ("RS", False, {}, 0.0),
        ("RS", True, {}, 4.2),
        (ABROAD, True, {}, 4.2),
        ("ME", False, {"work_format": WorkFormat.REMOTE, "remote_from_region": True}, 6.0),
        (ABROAD, False, {"work_format": WorkFormat.REMOTE, "remote_from_region": True}, 3.0),
        ("ME", False, {"work_format": WorkFormat.REMOTE, "remote_from_region": False}, 0.0),
    ],
)
def test_location_rules(economy: str, relocate: bool, vacancy_changes: dict, location_points: float) -> None:
    pro = Professional(**{**ARTA.__dict__, "economy": economy, "relocate": relocate})
    vacancy = Vacancy(**{**SOC_L2.__dict__, **vacancy_changes})
    assert score_pair(pro, vacancy).components["location"] == pytest.approx(location_points)


def test_format_and_languages() -> None:
    onsite = Vacancy(**{**SOC_L2.__dict__, "work_format": WorkFormat.ONSITE, "languages": frozenset({"sq", "mk"})})
    match = score_pair(ARTA, onsite)
    assert match.components["format"] == 0.0
    assert match.components["languages"] == 4.0


def test_free_text_requirements_are_compared_fuzzily() -> None:
    pro = Professional(**{**ARTA.__dict__, "free_skills": ("Splunk SOAR playbook development",)})
    vacancy = Vacancy(**{**SOC_L2.__dict__, "free_required": ("splunk soar playbook developement", "COBOL")})
    match = score_pair(pro, vacancy)
    assert "splunk soar playbook developement" in match.matched_required
    assert "COBOL" in match.missing_required
    assert match.components["required"] == pytest.approx(50 * (4 + 0.5) / 6)  # EDR counts half: related to SIEM


def test_threshold_is_applied() -> None:
    unrelated = frozenset({"soc.siem", "off.ad", "off.web", "off.exploit"})  # none of the off.* relate to Arta's
    weak = Vacancy(**{**SOC_L2.__dict__, "id": 11, "required": unrelated})
    assert score_pair(ARTA, weak).score == 55.0
    assert MATCH_THRESHOLD == 60.0
    assert [m.vacancy.id for m in recommend_vacancies(ARTA, [weak, SOC_L2])] == [10]


def test_ties_go_to_the_newest_and_closed_are_skipped() -> None:
    older = Vacancy(**{**SOC_L2.__dict__, "id": 20, "published_at": "2026-10-01"})
    newer = Vacancy(**{**SOC_L2.__dict__, "id": 21, "published_at": "2026-11-20"})
    closed = Vacancy(**{**SOC_L2.__dict__, "id": 22, "published_at": "2026-11-25", "open": False})
    assert [m.vacancy.id for m in recommend_vacancies(ARTA, [older, closed, newer])] == [21, 20]
    index = MatchIndex(default_taxonomy().skill_ids)
    for v in (older, newer):  # the index holds live vacancies only: a closed one is never put in
        index.vacancies.put(Vacancy(**{**v.__dict__, "deadline": "2099-12-31"}))
    assert [(v.id, t) for v, t in index.vacancies_for(ARTA, 3, "2026-11-27")] == [(21, 862), (20, 862)]


def test_index_scores_equal_reference_scores() -> None:
    pros, vacs = synthetic(200, 150, seed=3)
    vacs = [Vacancy(**{**v.__dict__, "deadline": "2099-12-31"}) for v in vacs]
    index = index_of(pros, vacs)
    tenths = score_blocks(index.professionals.block(), index.vacancies.block(), index.codes.free).tenths
    rng = random.Random(5)
    for _ in range(400):
        p, v = rng.randrange(len(pros)), rng.randrange(len(vacs))
        assert tenths[p, v] / 10.0 == score_pair(pros[p], vacs[v]).score  # exactly, not approximately


def test_index_top_10_equals_brute_force() -> None:
    pros, vacs = synthetic(120, 700, seed=11)
    vacs = [Vacancy(**{**v.__dict__, "deadline": "2099-12-31"}) for v in vacs]
    index = index_of(pros, vacs)
    rows, tenths = top_10(index, block_rows=50)
    listed = sorted(vacs, key=lambda v: (v.published_at, v.id), reverse=True)  # as open_vacancies lists them
    for row, pro in enumerate(pros):
        expected = recommend_vacancies(pro, listed, k=10)
        assert [vacs[i].id for i in rows[row] if i >= 0] == [m.vacancy.id for m in expected]
        assert [t / 10 for t in tenths[row] if t >= 0] == [m.score for m in expected]


def test_candidates_respect_visibility() -> None:
    hidden = Professional(**{**ARTA.__dict__, "id": 2, "visible": False})
    other = Professional(**{**ARTA.__dict__, "id": 3, "skills": frozenset({"soc.siem"})})
    found = recommend_candidates(SOC_L2, [hidden, ARTA, other], threshold=0)
    assert [c.professional.id for c in found] == [1, 3]


def _course(i: int, skills: set[str], **kw: object) -> Course:
    return Course(id=i, title=f"Course {i}", provider="P", skills=frozenset(skills), **kw)  # type: ignore[arg-type]


def test_gap_cover_takes_widest_course_first_then_preferences() -> None:
    missing = {"soc.edr", "cti.intel", "soc.soar"}
    courses = [
        _course(1, {"soc.edr"}, free=True),
        _course(2, {"soc.edr", "cti.intel"}, free=False),
        _course(3, {"soc.soar"}, free=False, language="en", starts="2027-03-01"),
        _course(4, {"soc.soar"}, free=True, language="mk", starts="2027-05-01"),
        _course(5, {"soc.soar"}, free=True, language="sq", starts="2027-06-01"),
        _course(6, {"soc.soar"}, free=True, language="sq", starts="2027-02-01"),
    ]
    plan = close_gap(missing, courses, languages=["sq"], economy="AL")
    assert [c.id for c, _ in plan.courses] == [2, 6]
    assert plan.uncovered == frozenset()


def test_gap_cover_prefers_in_region_and_reports_what_is_left() -> None:
    courses = [
        _course(1, {"soc.edr"}, free=True, economy="RS"),
        _course(2, {"soc.edr"}, free=True, economy="AL"),
    ]
    plan = close_gap({"soc.edr", "ot.energy"}, courses, economy="AL")
    assert [c.id for c, _ in plan.courses] == [2]
    assert plan.uncovered == frozenset({"ot.energy"})


def test_next_role_is_the_closest_unfinished_profile_or_the_target() -> None:
    roles = default_taxonomy().roles.values()
    hint = next_role(ARTA, roles)
    assert hint is not None and hint.role.id == "incident_responder"
    assert set(hint.missing) == {"soc.monitoring", "soc.edr", "dfir.forensics", "cti.intel", "dfir.crisis"}
    targeted = next_role(Professional(**{**ARTA.__dict__, "target_role": "pentester"}), roles)
    assert targeted is not None and targeted.role.id == "pentester" and targeted.have == ("edu.scripting",)


def test_top_k_handles_fewer_vacancies_than_k() -> None:
    index = MatchIndex(default_taxonomy().skill_ids)
    index.vacancies.put(Vacancy(**{**SOC_L2.__dict__, "deadline": "2099-12-31"}))
    assert [(v.id, t) for v, t in index.vacancies_for(ARTA, 10, "2026-11-27")] == [(10, 862)]
