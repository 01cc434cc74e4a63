"""Feedback in the match index: what "similar" means, penalties that only reorder, and the digest's bulk path
agreeing with the one-person path on exclusions and penalties."""

from __future__ import annotations

from dataclasses import replace

from bot.domain import JobStatus, Level, Marked, Professional, Vacancy, Visibility, WorkFormat
from bot.matching.engine import NOT_RELEVANT_PENALTY, MatchIndex, similar_mask
from bot.matching.scoring import MATCH_THRESHOLD, score_pair
from bot.services.matching import DigestView
from bot.storage.feedback import UserFeedback

TODAY = "2026-11-05"
PUBLISHED = "2026-11-03T10:00:00+00:00"


def vacancy(ident: int, required: set[str], org: int = 1, role: str | None = None, **kw: object) -> Vacancy:
    fields = {"level": Level.MID, "work_format": WorkFormat.HYBRID, "economy": "ME", **kw}
    return Vacancy(
        id=ident, title=f"V{ident}", required=frozenset(required), languages=frozenset({"en"}),
        published_at=PUBLISHED, organisation_id=org, role_id=role, deadline="2027-01-01", **fields,  # type: ignore[arg-type]
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
    mask = similar_mask(table, [mark(1, "incident-responder", {"soc.siem", "soc.logs"})])
    assert similar(table, mask) == {1, 2, 5}
    assert not similar_mask(table, [mark(9, None, set())]).any()  # no role, no skills: similar to nothing
    # a marked vacancy's skill the index never saw still counts in the union: {siem, x} vs {siem, edr} is 1/3
    assert not similar_mask(table, [mark(9, None, {"soc.siem", "not.in.index"})])[0][table.row_of[4]]


def mark(org: int, role: str | None, required: set[str], **reason: object) -> Marked:
    return Marked(0, org, role, frozenset(required), **reason)  # type: ignore[arg-type]


def similar(table: object, mask: object) -> set[int]:
    return {int(table.ids[r]) for r in mask[0].nonzero()[0]}  # type: ignore[attr-defined,index]


def test_the_reason_given_widens_similar_to_what_it_points_at() -> None:
    index = index_of(
        vacancy(1, {"soc.siem"}, org=2, level=Level.SENIOR),  # shares SIEM, senior
        vacancy(2, {"cti.hunting"}, org=2, level=Level.SENIOR),  # senior, nothing shared
        vacancy(3, {"cti.hunting"}, org=2, economy="RS"),  # in Serbia, on site or hybrid
        vacancy(4, {"cti.hunting"}, org=2, economy="RS", remote_from_region=True),  # open to the whole region
        vacancy(5, {"cti.hunting"}, org=2, salary_min=900, salary_max=1200),
        vacancy(6, {"cti.hunting"}, org=2, salary_min=2000, salary_max=2600),
        vacancy(7, {"cti.hunting"}, org=2),  # no pay given
    )
    table = index.vacancies
    marked = {"soc.siem", "soc.logs", "dfir.ir"}  # Jaccard with vacancy 1 is 1/3: not similar by skills alone
    assert similar(table, similar_mask(table, [mark(1, None, marked, reason="skills")])) == set()
    by_level = mark(1, None, marked, reason="level", level=Level.SENIOR)
    assert similar(table, similar_mask(table, [by_level])) == {1}  # the same level, and a skill in common
    by_place = mark(1, None, marked, reason="location", economy="RS")
    assert similar(table, similar_mask(table, [by_place])) == {3}  # not the post open to the whole region
    by_pay = mark(1, None, marked, reason="salary", salary_top=1500)
    assert similar(table, similar_mask(table, [by_pay])) == {5}  # pays no more; unknown pay is not lowered
    assert not similar_mask(table, [mark(1, None, marked, reason="location", economy="RS", region_wide=True)]).any()


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
    similar = similar_mask(table, [marked]).any(axis=0) & table.live(TODAY)
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
