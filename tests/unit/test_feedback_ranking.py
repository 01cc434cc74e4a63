"""Feedback in the match index: what "similar" means, penalties that only reorder, and the digest's bulk path
agreeing with the one-person path on exclusions and penalties."""

from __future__ import annotations

from dataclasses import replace

from bot.domain import JobStatus, Level, Professional, Vacancy, Visibility, WorkFormat
from bot.matching.engine import NOT_RELEVANT_PENALTY, MatchIndex, similar_mask
from bot.matching.scoring import MATCH_THRESHOLD, score_pair
from bot.services.matching import DigestView
from bot.storage.feedback import Marked, UserFeedback

TODAY = "2026-11-05"
PUBLISHED = "2026-11-03T10:00:00+00:00"


def vacancy(ident: int, required: set[str], org: int = 1, role: str | None = None, **kw: object) -> Vacancy:
    return Vacancy(
        id=ident, title=f"V{ident}", required=frozenset(required), level=Level.MID, work_format=WorkFormat.HYBRID,
        economy="ME", languages=frozenset({"en"}), published_at=PUBLISHED, organisation_id=org, role_id=role,
        deadline="2027-01-01", **kw,  # type: ignore[arg-type]
    )  # fmt: skip


PRO = Professional(
    id=7, skills=frozenset({"soc.siem", "soc.logs", "dfir.ir", "soc.monitoring"}), level=Level.MID, economy="ME",
    languages=frozenset({"en"}), work_formats=frozenset({WorkFormat.HYBRID}), relocate=False,
)  # fmt: skip


def index_of(*vacancies: Vacancy) -> MatchIndex:
    index = MatchIndex(["soc.siem", "soc.logs", "dfir.ir", "soc.monitoring", "cti.hunting", "soc.edr"])
    for v in vacancies:
        index.vacancies.put(v)
    return index


def test_similar_is_same_organisation_and_role_or_required_skills_half_shared() -> None:
    index = index_of(
        vacancy(1, {"soc.siem", "soc.logs"}, org=1, role="incident-responder"),
        vacancy(2, {"cti.hunting"}, org=1, role="incident-responder"),  # same organisation and role
        vacancy(3, {"cti.hunting"}, org=2, role="incident-responder"),  # same role elsewhere: not similar
        vacancy(4, {"soc.siem", "soc.edr"}, org=2),  # Jaccard 1/3 with vacancy 1
        vacancy(5, {"soc.siem", "soc.logs", "soc.edr", "dfir.ir"}, org=2),  # Jaccard exactly 0.5
        vacancy(6, set(), org=2, free_required=("SIEM",)),  # free text never makes it similar
    )
    table = index.vacancies
    mask = similar_mask(table, [(1, "incident-responder", {"soc.siem", "soc.logs"})])
    similar = {int(table.ids[r]) for r in mask[0].nonzero()[0]}
    assert similar == {1, 2, 5}
    assert not similar_mask(table, [(9, None, set())]).any()  # no role, no skills: similar to nothing
    # a marked vacancy's skill the index never saw still counts in the union: {siem, x} vs {siem, edr} is 1/3
    assert not similar_mask(table, [(9, None, {"soc.siem", "not.in.index"})])[0][table.row_of[4]]


def test_penalties_reorder_but_keep_the_threshold_and_the_scores() -> None:
    best = vacancy(1, {"soc.siem", "soc.logs", "dfir.ir", "soc.monitoring"})
    second = vacancy(2, {"soc.siem", "soc.logs", "dfir.ir", "cti.hunting"})
    third = vacancy(3, {"soc.siem", "soc.logs", "cti.hunting", "soc.edr"})
    index = index_of(best, second, third)
    plain = index.vacancies_for(PRO, 10, TODAY)
    assert [v.id for v, _ in plain] == [1, 2, 3]
    lowered = index.vacancies_for(PRO, 10, TODAY, penalties={1: NOT_RELEVANT_PENALTY})
    scores = {v.id: tenths for v, tenths in lowered}
    assert {v.id: round(score_pair(PRO, v).score * 10) for v in (best, second, third)} == scores  # unchanged
    expected = sorted(scores, key=lambda i: -(scores[i] - (NOT_RELEVANT_PENALTY if i == 1 else 0)))
    assert [v.id for v, _ in lowered] == expected and expected[0] != 1
    # a penalty never pushes a passing vacancy out, nor lets a failing one in
    assert {v.id for v, _ in index.vacancies_for(PRO, 10, TODAY, penalties={1: 10_000, 3: 10_000})} == {1, 2, 3}
    failing = replace(
        vacancy(4, {"grc.iso27001", "off.web"}), level=Level.LEAD, work_format=WorkFormat.ONSITE,
        languages=frozenset({"sq"}),
    )  # fmt: skip
    index.vacancies.put(failing)
    assert score_pair(PRO, failing).score < MATCH_THRESHOLD
    assert 4 not in {v.id for v, _ in index.vacancies_for(PRO, 10, TODAY, penalties={4: -500})}


async def test_digest_ranking_applies_the_same_exclusions_and_penalties_as_matches() -> None:
    vacancies = [
        vacancy(1, {"soc.siem", "soc.logs", "dfir.ir", "soc.monitoring"}, org=1, role="r"),
        vacancy(2, {"soc.siem", "soc.logs", "dfir.ir", "cti.hunting"}, org=1, role="r"),
        vacancy(3, {"soc.siem", "soc.logs", "dfir.ir", "soc.edr"}, org=2),
        vacancy(4, {"soc.siem", "soc.logs", "cti.hunting", "soc.edr"}, org=3),
        vacancy(5, {"soc.siem", "dfir.ir", "soc.monitoring"}, org=3),
    ]
    index = index_of(*vacancies)
    index.professionals.put(
        PRO.id, skills=PRO.skills, free_skills=(), level=PRO.level, economy=PRO.economy, languages=PRO.languages,
        work_formats=PRO.work_formats, relocate=False, target_role=None, visibility=Visibility.ANONYMOUS,
        status=JobStatus.LOOKING, hired_where=None, created_at="2026-01-01T00:00:00+00:00",
    )  # fmt: skip
    marked = Marked(1, 1, "r", frozenset({"soc.siem", "soc.logs", "dfir.ir", "soc.monitoring"}))
    said = UserFeedback(frozenset({1, 5}), (marked,))
    view = DigestView(index, TODAY)
    since = "2026-11-01T00:00:00+00:00"
    await view.prepare([(PRO.id, since)], [], [], 5, {PRO.id: said})
    count, best = view.matches(PRO.id, since)
    table = index.vacancies
    similar = similar_mask(table, [(1, "r", marked.required)]).any(axis=0) & table.live(TODAY)
    penalties = {int(table.ids[r]): NOT_RELEVANT_PENALTY for r in similar.nonzero()[0]}
    assert penalties.keys() >= {1, 2, 3}  # 2: same organisation and role; 3: three of five skills shared
    one = index.vacancies_for(PRO, 5, TODAY, exclude=said.excluded, penalties=penalties)
    assert [(v.id, tenths) for v, tenths in best] == [(v.id, tenths) for v, tenths in one]
    assert {v.id for v, _ in best}.isdisjoint({1, 5}) and count == len(one)
    # and both are the reference: score_pair's score less the penalty, newest then the higher id on ties
    passing = [v for v in vacancies if v.id not in said.excluded and score_pair(PRO, v).score >= MATCH_THRESHOLD]
    reference = sorted(
        passing, key=lambda v: (round(score_pair(PRO, v).score * 10) - penalties.get(v.id, 0), v.id), reverse=True
    )
    assert [v.id for v, _ in best] == [v.id for v in reference]
