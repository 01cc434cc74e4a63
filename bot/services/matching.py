"""The one matching engine the bot uses: an in-memory index kept current from the database's change feed.

At start (``Application.post_init``) the index is built from one snapshot in a worker thread; before every
question it reads the feed rows written since (one indexed query, usually empty) and reloads what they name:
a profile saved, a skill added, a status or visibility changed, an account erased; a vacancy or course
published, edited, closed, extended, removed; an organisation verified, suspended or closed. Expiry needs no
write: deadlines are compared with today's date when the index is asked.

The index only ranks. What a person is shown comes from ``score_pair`` on the objects themselves, so the
explanation is the reference one; ``tests/unit/test_engine.py`` checks that the ranking is too.

Answers for one person take a few milliseconds on the event loop; bulk work (a digest batch, the first
build) runs in a worker thread on copies of the rows it needs, so the loop is never held for long.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from bot.domain import Course, JobStatus, Level, Marked, Professional, Vacancy, Visibility, WorkFormat
from bot.matching.engine import (
    NOT_RELEVANT_PENALTY,
    Block,
    FreeTexts,
    MatchIndex,
    ProfessionalTable,
    VacancyTable,
    first_courses,
    score_blocks,
    similar_mask,
    vacancy_tie_ranks,
)
from bot.matching.recommend import _invert
from bot.matching.scoring import MATCH_THRESHOLD, Match, score_pair
from bot.matching.taxonomy import Taxonomy
from bot.storage.feedback import UserFeedback
from bot.storage.matching import MatchRepository, ProfessionalRow, Snapshot
from bot.storage.opportunities import LiveCourse, OpportunityRepository, today

log = logging.getLogger(__name__)

FULL_RELOAD_OVER = 20_000  # changed rows beyond which the index is rebuilt from a snapshot instead
FORGET_AFTER = timedelta(minutes=10)  # feed rows applied this long ago are deleted
FORGET_EVERY = 60.0  # seconds between such deletions
BLOCK_ROWS = 512  # professionals per score block in bulk work: (512 × vacancies) float64 temporaries
COURSES_SHOWN = 3  # a digest names the first three courses of a gap plan
ABROAD_CODE = 0  # Codebook numbers ABROAD first


@dataclass(frozen=True)
class Ranked:
    """A row of a ranking: the id and the score the index gave it (``score_pair``'s, rounded to 0.1)."""

    id: int
    score: float


@dataclass
class Figures:
    """Counts for /stats that would otherwise scan the skill tables: live demand and the professionals' supply."""

    vacancies_by_economy: dict[str, int]
    courses_by_economy: dict[str | None, int]
    demand: dict[str, int]  # skill → live vacancies requiring it
    econ_demand: list[tuple[str, str, int]]  # (economy, skill, live vacancies), sorted like GROUP BY
    econ_supply: dict[tuple[str, str], int]  # (economy, skill) → professionals holding it
    groups: list[tuple[str, str, str, str | None, int, str | None]]  # see ProfessionalTable.groups


def _put_professional(table: ProfessionalTable, p: ProfessionalRow) -> None:
    table.put(
        p.user_id, skills=p.skills, free_skills=p.free_skills, level=Level(p.level), economy=p.economy,
        languages=p.languages, work_formats=[WorkFormat(f) for f in p.work_formats], relocate=p.relocate,
        target_role=p.target_role, visibility=Visibility(p.visibility), status=JobStatus(p.status),
        hired_where=p.hired_where, created_at=p.created_at, source=p.source, salary_net_eur=p.salary_net_eur,
    )  # fmt: skip


_frozen = False


def _freeze_once() -> None:
    """After the first build (at start): what is alive now, the index above all, lives as long as the process, so
    keep it out of the full collections to come, which would otherwise walk it each time (100 ms and more at
    100,000 professionals, holding the event loop). Once per process: what a later freeze would catch includes
    garbage that could then never be collected."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _index_from(skill_ids: Iterable[str], snapshot: Snapshot) -> MatchIndex:
    index = MatchIndex(skill_ids)
    for p in snapshot.professionals:
        _put_professional(index.professionals, p)
    for v in snapshot.vacancies:
        index.vacancies.put(v)
    for c in snapshot.courses:
        index.courses.put(c.course, c.organisation_id, c.published_at)
    return index


class MatchingService:
    def __init__(self, repo: MatchRepository, opportunities: OpportunityRepository, taxonomy: Taxonomy) -> None:
        self.repo = repo
        self.opportunities = opportunities
        self.taxonomy = taxonomy
        self.index: MatchIndex | None = None
        self._seq = 0
        self._lock = asyncio.Lock()
        self._forgotten_at = 0.0

    # ------------------------------------------------------------------------------------------ keeping current
    async def start(self) -> None:
        """Build the index from a snapshot, in a worker thread; a no-op once built."""
        if self.index is not None:
            return
        async with self._lock:
            if self.index is None:
                await self._rebuild()

    async def _rebuild(self) -> None:
        started = time.perf_counter()
        skill_ids = list(self.taxonomy.skill_ids)

        def build() -> tuple[int, MatchIndex]:
            # Hundreds of thousands of short-lived rows: full collections in the middle of this would each walk
            # them all, holding the interpreter (and so the event loop) for a tenth of a second and more.
            enabled = gc.isenabled()
            gc.disable()
            try:
                snapshot = self.repo.snapshot()
                built = snapshot.seq, _index_from(skill_ids, snapshot)
                del snapshot  # its rows hold no cycles: freed here, before the collector is back
                _freeze_once()
                return built
            finally:
                if enabled:
                    gc.enable()

        self._seq, self.index = await asyncio.to_thread(build)
        log.info(
            "match index built in %.2f s: %d professionals, %d vacancies, %d courses",
            time.perf_counter() - started, len(self.index.professionals), len(self.index.vacancies.row_of),
            len(self.index.courses.row_of),
        )  # fmt: skip

    async def refresh(self) -> MatchIndex:
        """Apply the change feed; returns the current index."""
        await self.start()
        async with self._lock:
            changes = await self.repo.changes_since(self._seq)
            if changes:
                if len(changes) > FULL_RELOAD_OVER:
                    await self._rebuild()
                else:
                    await self._apply(changes)
            await self._forget()
        assert self.index is not None
        return self.index

    async def _apply(self, changes: list[tuple[int, str, int]]) -> None:
        index = self.index
        assert index is not None
        wanted: dict[str, set[int]] = {"professional": set(), "vacancy": set(), "course": set(), "organisation": set()}
        for _, kind, ident in changes:
            wanted[kind].add(ident)
        if wanted["professional"]:
            rows = await self.repo.professionals(sorted(wanted["professional"]))
            for p in rows:
                _put_professional(index.professionals, p)
            for gone in wanted["professional"] - {p.user_id for p in rows}:
                index.professionals.remove(gone)
        orgs = sorted(wanted["organisation"])
        vacancy_ids = wanted["vacancy"] | set(index.vacancies.of_organisations(orgs) if orgs else ())
        if vacancy_ids or orgs:
            live = await self.opportunities.live_vacancies(sorted(wanted["vacancy"]), orgs)
            for v in live:
                index.vacancies.put(v)
            for gone in vacancy_ids - {v.id for v in live}:
                index.vacancies.remove(gone)
        course_ids = wanted["course"] | set(index.courses.of_organisations(orgs) if orgs else ())
        if course_ids or orgs:
            courses = await self.opportunities.live_courses(sorted(wanted["course"]), orgs)
            for c in courses:
                index.courses.put(c.course, c.organisation_id, c.published_at)
            for gone in course_ids - {c.course.id for c in courses}:
                index.courses.remove(gone)
        self._seq = max(seq for seq, _, _ in changes)

    async def _forget(self) -> None:
        if time.monotonic() - self._forgotten_at < FORGET_EVERY:
            return
        self._forgotten_at = time.monotonic()
        before = (datetime.now(UTC) - FORGET_AFTER).isoformat(timespec="seconds")
        await self.repo.forget_changes(self._seq, before)

    # ------------------------------------------------------------------------------------------ one person
    async def vacancies_for(
        self, pro: Professional, k: int, threshold: float = MATCH_THRESHOLD, exclude: Iterable[int] = (),
        penalties: Mapping[int, int] | None = None,
    ) -> list[Match]:  # fmt: skip
        """``recommend_vacancies(pro, live vacancies, k, threshold)``, each explained by ``score_pair``; see
        ``MatchIndex.vacancies_for`` for ``exclude`` and ``penalties``."""
        index = await self.refresh()
        found = index.vacancies_for(pro, k, today(), threshold, exclude, penalties)
        return [_match(pro, v, tenths) for v, tenths in found]

    async def similar_to(self, marks: Sequence[Marked]) -> frozenset[int]:
        """Live vacancies similar to any of ``marks`` (vacancies marked not relevant; ``similar_mask``)."""
        if not marks:
            return frozenset()
        index = await self.refresh()
        table = index.vacancies
        mask = similar_mask(table, marks).any(axis=0)
        return frozenset(int(i) for i in table.ids[: table.top][mask & table.live(today())])

    async def candidates_for(self, vacancy: Vacancy, k: int, threshold: float = MATCH_THRESHOLD) -> list[Ranked]:
        """``recommend_candidates`` over everyone ``can_be_contacted`` admits: best first, then the lower id."""
        index = await self.refresh()
        return [Ranked(user_id, tenths / 10.0) for user_id, tenths in index.candidates_for(vacancy, k, threshold)]

    async def browse(
        self, economy: str | None = None, work_format: WorkFormat | None = None, level: Level | None = None,
        min_salary: int | None = None,
    ) -> list[Vacancy]:  # fmt: skip
        """Live vacancies, newest first, through the /vacancies filters (remote from the region fits any economy)."""
        return (await self.refresh()).browse(today(), economy, work_format, level, min_salary)

    async def courses(self) -> list[Course]:
        return (await self.refresh()).open_courses(today())

    async def courses_covering(self, skill_ids: Iterable[str]) -> list[Course]:
        """Live courses teaching at least one of ``skill_ids``: all that ``close_gap`` can ever choose from."""
        return (await self.refresh()).courses.covering(skill_ids, today())

    # ------------------------------------------------------------------------------------------ statistics
    async def figures(self) -> Figures:
        index = await self.refresh()
        day = today()
        codes = index.codes
        vac = index.vacancies
        live = np.flatnonzero(vac.live(day))
        econ_names = codes.economies.names
        skill_names = codes.skills.names
        width = len(codes.skills)
        required = vac.req[live, :width]
        vacancies_by: dict[str, int] = {}
        econ_demand: list[tuple[str, str, int]] = []
        for code in np.unique(vac.economy[live]):
            in_economy = vac.economy[live] == code
            vacancies_by[econ_names[code]] = int(in_economy.sum())
            counts = required[in_economy].sum(axis=0)
            econ_demand += [(econ_names[code], skill_names[c], int(counts[c])) for c in np.flatnonzero(counts)]
        econ_demand.sort(key=lambda row: (row[0], row[1]))
        totals = required.sum(axis=0)
        demand = {skill_names[c]: int(totals[c]) for c in np.flatnonzero(totals)}
        courses = index.courses
        courses_by: dict[str | None, int] = {}
        for r in np.flatnonzero(courses.live(day)):
            course = courses.objects[r]
            assert course is not None
            courses_by[course.economy] = courses_by.get(course.economy, 0) + 1
        pros = index.professionals
        supply = pros.supply  # (economies × skills) people, kept by the table as profiles change
        econ_supply: dict[tuple[str, str], int] = {}
        for code, c in zip(*np.nonzero(supply), strict=True):
            if c < width:
                econ_supply[(econ_names[code], skill_names[c])] = int(supply[code, c])
        return Figures(vacancies_by, courses_by, demand, econ_demand, econ_supply, pros.groups())

    # ------------------------------------------------------------------------------------------ digests
    async def digest_view(self) -> DigestView:
        roles = {role.id: role.skills for role in self.taxonomy.roles.values()}
        return DigestView(await self.refresh(), today(), roles)


def _match(pro: Professional, vacancy: Vacancy, tenths: int) -> Match:
    match = score_pair(pro, vacancy)
    if round(match.score * 10) != tenths:  # the property tests keep this from happening; say so if it does
        log.error("match index scored %s × vacancy %s as %s, score_pair as %s", pro.id, vacancy.id, tenths / 10,
                  match.score)  # fmt: skip
    return match


class DigestView:
    """The index as one digest run (or one preview) sees it, with the bulk answers it computes once per run.

    ``prepare`` does the heavy part for a batch of users in a worker thread, on copies of the rows it needs;
    the look-ups that ``bot.digest.compose`` makes afterwards are cheap.
    """

    def __init__(self, index: MatchIndex, day: str, roles: dict[str, Sequence[str]] | None = None) -> None:
        self.index = index
        self.day = day
        self.roles = roles or {}  # ECSF role → its skills: the gap of someone with no new match is their target's
        self._matches: dict[tuple[int, str], tuple[int, list[tuple[Vacancy, int]]]] = {}
        self._plans: dict[tuple[int, str], list[tuple[Course, frozenset[str]]]] = {}
        self._candidates: dict[int, tuple[str, np.ndarray]] = {}  # vacancy → (floor, sorted created_at of passers)
        self._lacking: dict[int, int] = {}
        self._newest: str | None = None

    def professional(self, user_id: int) -> Professional | None:
        return self.index.professionals.professional(user_id)

    def vacancy(self, vacancy_id: int) -> Vacancy | None:
        return self.index.vacancies.get(vacancy_id, self.day)

    def course(self, course_id: int) -> Course | None:
        table = self.index.courses
        row = table.row_of.get(course_id)
        if row is None or table.deadline[row] < self.day:
            return None
        return table.objects[row]

    # what prepare() computed --------------------------------------------------------------------------------
    def matches(self, user_id: int, since: str) -> tuple[int, list[tuple[Vacancy, int]]]:
        """(how many new live vacancies pass the threshold, the best ``k`` of them with their score in tenths);
        asked once per digest, so the answer is dropped as it is read (a run holds one batch's worth)."""
        return self._matches.pop((user_id, since), (0, []))  # (nothing for a profile made since the batch was read)

    def plan(self, user_id: int, since: str) -> list[tuple[Course, frozenset[str]]]:
        """The first courses ``close_gap`` picks (up to ``limit`` of ``prepare``) among those published since, for
        the skills the best new matches miss, or else the target role's; dropped as it is read."""
        return self._plans.pop((user_id, since), [])

    def candidates(self, vacancy_id: int, since: str) -> int:
        floor, created = self._candidates[vacancy_id]
        assert since >= floor
        return int(len(created) - np.searchsorted(created, since, side="right"))

    def lacking(self, course_id: int) -> int:
        return self._lacking[course_id]

    def anyone_new(self, since: str) -> bool:
        if self._newest is None:
            self._newest = self.index.professionals.newest()
        return self._newest > since

    async def prepare(
        self,
        professionals: Sequence[tuple[int, str]],
        vacancies: Sequence[tuple[int, str]],
        courses: Sequence[int],
        k: int,
        feedback: Mapping[int, UserFeedback] | None = None,
    ) -> None:
        """Compute, for a batch: the best ``k`` new matches of each (professional, since), leaving out what each
        hid or marked not relevant and ranking lower what is similar to the latter (``feedback``, user id → their
        marks, read for the whole batch at once); the new candidates of each (vacancy, since); how many
        professionals lack some skill of each course."""
        jobs = [
            self._match_job(professionals, k, COURSES_SHOWN, feedback or {}),
            self._candidate_job(vacancies),
            self._lacking_job(courses),
        ]
        for job in jobs:
            if job is not None:
                await asyncio.to_thread(job)

    def _match_job(  # type: ignore[no-untyped-def]
        self, wanted: Sequence[tuple[int, str]], k: int, courses_k: int, feedback: Mapping[int, UserFeedback]
    ):
        index = self.index
        pros, vac = index.professionals, index.vacancies
        todo = sorted(
            {(u, s) for u, s in wanted if (u, s) not in self._matches and u in pros.row_of}, key=lambda x: x[1]
        )
        for u, s in wanted:
            if u not in pros.row_of:
                self._matches[(u, s)] = (0, [])
        if not todo:
            return None
        live = np.flatnonzero(vac.live(self.day))
        published = vac.published[live].copy()
        times = _Times.of(published)
        ids = vac.ids[live].copy()
        objects = [vac.objects[r] for r in live]
        offer = self._course_offer(todo[0][1])
        width = len(index.codes.skills)
        # blocks in order of ``since``: each block scores only the vacancies newer than its oldest ``since``
        chunks = []
        for start in range(0, len(todo), BLOCK_ROWS):
            part = todo[start : start + BLOCK_ROWS]
            cols = np.flatnonzero(published > part[0][1])
            rows = pros.rows_of(u for u, _ in part)
            role_gaps = np.zeros((len(part), width), dtype=bool)
            for i, row in enumerate(rows):
                role = self.roles.get(pros.target.get(int(row), ""), ())
                held = pros.skills[row, :width] > 0
                for skill in role:
                    col = index.codes.skills.get(skill)
                    if col is not None and col < width and not held[col]:
                        role_gaps[i, col] = True
            marked = _feedback_masks(vac, live[cols], [feedback.get(u) for u, _ in part]) if len(cols) else None
            chunks.append(
                (part, pros.block(rows), cols, vac.block(live[cols]) if len(cols) else None, role_gaps, marked)
            )
        free = index.codes.free
        results, plans = self._matches, self._plans

        def job() -> None:
            for part, pro_block, cols, vac_block, role_gaps, marked in chunks:
                since = np.array([s for _, s in part], dtype=published.dtype)
                tops: list[list[int]] = [[] for _ in part]
                if vac_block is not None:
                    tenths = score_blocks(pro_block, vac_block, free, MATCH_THRESHOLD - 0.1).tenths
                    sub_published = published[cols]
                    ties = vacancy_tie_ranks(sub_published, ids[cols])
                    eligible = times.after(since, cols) & (tenths / 10.0 >= MATCH_THRESHOLD)
                    ranked = tenths.astype(np.int64)
                    if marked is not None:  # hidden and not relevant never return; similar ones rank lower
                        excluded, lowered = marked
                        eligible &= ~excluded
                        ranked = np.maximum(ranked - lowered * NOT_RELEVANT_PENALTY, 0)
                    keys = np.where(eligible, ranked * len(cols) + ties[None, :], -1)
                    counts = eligible.sum(axis=1)
                    best = _top_k_rows(keys, k)
                    for i, key in enumerate(part):
                        tops[i] = best[i] if counts[i] else []
                        results[key] = (int(counts[i]), [(objects[cols[j]], int(tenths[i, j])) for j in tops[i]])  # type: ignore[misc]
                else:
                    for key in part:
                        results[key] = (0, [])
                if offer is None or courses_k <= 0:
                    continue
                missing = _missing(pro_block, vac_block, tops, free, width) if vac_block is not None else None
                if missing is None:
                    missing = np.zeros((len(part), width), dtype=bool)
                    free_missing = np.zeros(len(part), dtype=bool)
                else:
                    missing, free_missing = missing
                # with nothing missing from the new matches, the target role's skills are the gap
                fallback = ~missing.any(axis=1) & ~free_missing
                missing[fallback] = role_gaps[fallback]
                for key, picks in zip(part, offer.plans(pro_block, missing, since, courses_k), strict=True):
                    plans[key] = picks

        return job

    def _course_offer(self, since: str) -> _CourseOffer | None:
        table = self.index.courses
        rows = np.flatnonzero(table.live(self.day) & (table.published[: table.top] > since))
        if not len(rows):
            return None
        codes = self.index.codes
        width = len(codes.skills)
        table.skills = table._widen(table.skills, width)
        courses = [table.objects[r] for r in rows]
        # close_gap's preference after coverage: free, in the region, in a language read, soonest start, lowest id
        order = sorted(range(len(rows)), key=lambda i: (_invert(courses[i].starts or "9999-12-31"), -courses[i].id))
        ranks = np.empty(len(rows), dtype=np.int64)
        ranks[order] = np.arange(len(rows))
        return _CourseOffer(
            courses=courses,  # type: ignore[arg-type]
            skills=table.skills[rows, :width].copy(),
            times=_Times.of(table.published[rows]),
            free=np.array([c.free for c in courses], dtype=bool),  # type: ignore[union-attr]
            economy=np.array([-1 if c.economy is None else codes.economies.code(c.economy) for c in courses]),  # type: ignore[union-attr]
            language=np.array([codes.langs.code(c.language) for c in courses]),  # type: ignore[union-attr]
            rank=ranks,
            skill_names=list(codes.skills.names[:width]),
        )

    def _candidate_job(self, wanted: Sequence[tuple[int, str]]):  # type: ignore[no-untyped-def]
        index = self.index
        pros, vac = index.professionals, index.vacancies
        floors: dict[int, str] = {}
        for vacancy_id, since in wanted:
            known = self._candidates.get(vacancy_id)
            if vacancy_id in vac.row_of and (known is None or since < known[0]):
                floors[vacancy_id] = min(since, floors.get(vacancy_id, since))
        for vacancy_id, _ in wanted:
            if vacancy_id not in vac.row_of:
                self._candidates[vacancy_id] = ("", np.zeros(0, dtype="U25"))
        if not floors:
            return None
        floor = min(floors.values())
        top = pros.top
        rows = np.flatnonzero(pros.contactable[:top] & (pros.created[:top] > floor))
        created = pros.created[rows].copy()
        pro_block = pros.block(rows)
        vacancy_ids = sorted(floors)
        vac_block = vac.block(np.array([vac.row_of[v] for v in vacancy_ids]))
        free = index.codes.free
        results = self._candidates

        def job() -> None:
            for start in range(0, len(vacancy_ids), 256):
                part = slice(start, start + 256)
                sub = Block(**{name: _cols(value, part) for name, value in vars(vac_block).items()})
                sub.free_ptr, sub.free_ids = _csr_slice(vac_block.free_ptr, vac_block.free_ids, part)
                tenths = score_blocks(pro_block, sub, free, MATCH_THRESHOLD - 0.1).tenths
                passing = tenths / 10.0 >= MATCH_THRESHOLD
                for j, vacancy_id in enumerate(vacancy_ids[part]):
                    results[vacancy_id] = (floor, np.sort(created[passing[:, j]]))

        return job

    def _lacking_job(self, wanted: Sequence[int]):  # type: ignore[no-untyped-def]
        index = self.index
        pros, courses = index.professionals, index.courses
        todo = sorted({c for c in wanted if c not in self._lacking})
        known = [c for c in todo if c in courses.row_of]
        for c in todo:
            if c not in courses.row_of:
                self._lacking[c] = 0
        if not known:
            return None
        width = len(index.codes.skills)
        courses.skills = courses._widen(courses.skills, width)
        course_skills = courses.skills[[courses.row_of[c] for c in known], :width].copy()
        needed = course_skills.sum(axis=1)
        pros.skills = pros._widen(pros.skills, width)
        skills, alive = pros.skills[: pros.top, :width], pros.alive[: pros.top].copy()
        results = self._lacking

        def job() -> None:
            lacking = np.zeros(len(known), dtype=np.int64)
            for start in range(0, len(alive), 8192):
                overlap = skills[start : start + 8192] @ course_skills.T
                lacking += ((overlap < needed[None, :]) & alive[start : start + 8192, None]).sum(axis=0)
            for c, n in zip(known, lacking, strict=True):
                results[c] = int(n)

        return job


def _feedback_masks(
    vac: VacancyTable, rows: np.ndarray, feedback: Sequence[UserFeedback | None]
) -> tuple[np.ndarray, np.ndarray] | None:
    """(people × ``rows``) bool masks: the vacancies each person hid or marked not relevant, and those similar to
    one they marked; None when nobody in the block said anything (the usual case: no extra work)."""
    said = [(i, f) for i, f in enumerate(feedback) if f is not None]
    if not said:
        return None
    excluded = np.zeros((len(feedback), len(rows)), dtype=bool)
    lowered = np.zeros((len(feedback), len(rows)), dtype=bool)
    ids = vac.ids[rows]
    marks = [m for _, f in said for m in f.not_relevant]
    similar = similar_mask(vac, marks)[:, rows]
    at = 0
    for i, f in said:
        excluded[i] = np.isin(ids, np.fromiter(f.excluded, dtype=np.int64))
        if f.not_relevant:
            lowered[i] = similar[at : at + len(f.not_relevant)].any(axis=0)
            at += len(f.not_relevant)
    return excluded, lowered


def _missing(
    pros: Block, vacs: Block, tops: list[list[int]], free: FreeTexts, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per professional: the required skill ids their best new matches miss, and whether a free-text requirement
    of those is missed too (then something is missing, though no course can teach it)."""
    missing = np.zeros((len(tops), width), dtype=bool)
    free_missing = np.zeros(len(tops), dtype=bool)
    held = pros.skills[:, :width] > 0
    for i, cols in enumerate(tops):
        if not cols:
            continue
        missing[i] = (vacs.skills[cols, :width] > 0).any(axis=0) & ~held[i]
        offered = pros.free_ids[pros.free_ptr[i] : pros.free_ptr[i + 1]]
        for j in cols:
            for wanted in vacs.free_ids[vacs.free_ptr[j] : vacs.free_ptr[j + 1]]:
                if not len(offered) or not free.matching(free.names[wanted])[offered].any():
                    free_missing[i] = True
    return missing, free_missing


def _top_k_rows(keys: np.ndarray, k: int) -> list[list[int]]:
    """``top_k`` of every row at once (keys distinct within a row; negative: not eligible), best first."""
    n, m = keys.shape
    if k <= 0 or not m:
        return [[] for _ in range(n)]
    best = np.argpartition(-keys, k - 1, axis=1)[:, :k] if m > k else np.tile(np.arange(m), (n, 1))
    best_keys = np.take_along_axis(keys, best, axis=1)
    order = np.argsort(-best_keys, axis=1, kind="stable")
    best, best_keys = np.take_along_axis(best, order, axis=1), np.take_along_axis(best_keys, order, axis=1)
    return [row[row_keys >= 0].tolist() for row, row_keys in zip(best, best_keys, strict=True)]


@dataclass(frozen=True)
class _Times:
    """ISO timestamps as ranks, so that "published after each person's ``since``" is one integer comparison over
    a whole block (comparing fixed-width strings pair by pair took a third of a digest batch's ranking)."""

    sorted_unique: np.ndarray
    code: np.ndarray  # each timestamp's position in ``sorted_unique``

    @classmethod
    def of(cls, times: np.ndarray) -> _Times:
        unique, code = np.unique(times, return_inverse=True)
        return cls(unique, code.reshape(-1))

    def after(self, since: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """(people × timestamps) bool: timestamp > since, for the timestamps ``cols`` (all when None)."""
        code = self.code if cols is None else self.code[cols]
        return code[None, :] >= np.searchsorted(self.sorted_unique, since, side="right")[:, None]


@dataclass
class _CourseOffer:
    """The live courses published since a run's oldest ``since``, encoded for ``first_courses``."""

    courses: list[Course]
    skills: np.ndarray  # (courses × skills) 0/1
    times: _Times  # when each was published
    free: np.ndarray
    economy: np.ndarray  # economy code, -1 online
    language: np.ndarray  # language code
    rank: np.ndarray  # rank by (start inverted, -id): higher is preferred on everything else equal
    skill_names: list[str]

    def plans(
        self, pros: Block, missing: np.ndarray, since: np.ndarray, limit: int
    ) -> list[list[tuple[Course, frozenset[str]]]]:
        n_courses = len(self.courses)
        eligible = self.times.after(since)
        in_region = (self.economy[None, :] == -1) | (
            (pros.economy[:, None] != ABROAD_CODE) & (self.economy[None, :] == pros.economy[:, None])
        )
        langs = pros.langs
        reads = np.zeros((len(since), n_courses), dtype=bool)
        known = self.language < langs.shape[1]
        reads[:, known] = langs[:, self.language[known]] > 0
        standing = ((self.free[None, :] * 4 + in_region * 2 + reads) * n_courses + self.rank[None, :]).astype(np.int64)
        picks = first_courses(missing, eligible, self.skills, standing, limit)
        return [
            [(self.courses[c], frozenset(self.skill_names[s] for s in covered)) for c, covered in person]
            for person in picks
        ]


def _cols(value: object, part: slice) -> object:
    """One field of a vacancy block, cut to the vacancies ``part`` (row-wise arrays; CSR fixed by the caller)."""
    if isinstance(value, np.ndarray) and value.ndim >= 1:
        return value[part]
    return value


def _csr_slice(ptr: np.ndarray, ids: np.ndarray, part: slice) -> tuple[np.ndarray, np.ndarray]:
    start, stop, _ = part.indices(len(ptr) - 1)
    return ptr[start : stop + 1] - ptr[start], ids[ptr[start] : ptr[stop]]


__all__ = ["DigestView", "Figures", "LiveCourse", "MatchIndex", "MatchingService", "Ranked"]
