"""The match index: live vacancies, open courses and every professional held as numpy arrays, scored in bulk.

``score_pair`` (``scoring.py``) is the readable reference for one pair. Here the same score is computed for whole
blocks at once: level + format + location from a small table of every (professional kind, vacancy kind), the
skill and language points as weighted matrix products over dense column codes, free-text requirements through
rapidfuzz exactly as ``score_pair`` matches them. The float32 sum is within 1e-4 of the exact one; rounding to a
tenth is decided the same way unless the sum lies within a hair of a half-tenth, and those few sums are recomputed
component by component with ``score_pair``'s own arithmetic and rounded by Python's ``sum`` and ``round``. So the
scores are ``score_pair``'s, exactly, and ``tests/unit/test_engine.py`` holds the index and its rankings to the
reference with hypothesis.

Nothing here does I/O. ``bot.services.matching`` loads the tables from storage, keeps them current from the
database's change feed, and answers the bot's questions with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.domain import ABROAD, Course, JobStatus, Level, Marked, Professional, Vacancy, Visibility, WorkFormat
from bot.matching.related import RELATED_CREDIT, default_relations
from bot.matching.scoring import (
    FREE_TEXT_CUTOFF,
    LOCATION_ABROAD_REMOTE,
    LOCATION_RELOCATE,
    LOCATION_SAME,
    MATCH_THRESHOLD,
    SALARY_PENALTY,
    WEIGHT_FORMAT,
    WEIGHT_LANGUAGES,
    WEIGHT_LEVEL,
    WEIGHT_LOCATION,
    WEIGHT_NICE,
    WEIGHT_REQUIRED,
    level_fit,
)
from bot.matching.taxonomy import default_taxonomy

LEVELS = tuple(Level)
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
FORMATS = tuple(WorkFormat)
FORMAT_BIT = {f: i for i, f in enumerate(FORMATS)}
STATUSES = tuple(JobStatus)
VISIBILITIES = tuple(Visibility)
LOOKING = (JobStatus.LOOKING, JobStatus.OPEN)  # who may be a candidate (``can_be_contacted``)
# WEIGHT_LEVEL * level_fit(pro, vacancy), indexed [pro rank, vacancy rank]: the very floats score_pair adds.
LEVEL_POINTS = np.array([[WEIGHT_LEVEL * level_fit(p, v) for v in LEVELS] for p in LEVELS], dtype=np.float64)
LOC_SAME = WEIGHT_LOCATION * LOCATION_SAME
LOC_ABROAD_REMOTE = WEIGHT_LOCATION * LOCATION_ABROAD_REMOTE
LOC_RELOCATE = WEIGHT_LOCATION * LOCATION_RELOCATE
LOC_NONE = WEIGHT_LOCATION * 0.0
# Sums are formed in float32, within 1e-4 of the exact value (a handful of products of at most 50 each). A sum
# that close to a half-tenth (2e-3 of a tenth) could round either way, so it is recomputed exactly, as score_pair
# does; anything farther rounds the same whichever way it was summed.
_HALF_TOLERANCE = 2e-3
# "Not relevant" (docs/matching.md): vacancies similar to a marked one rank as if they scored this much less
# (in tenths: 10 points), and similar means required skills overlapping at least this much (Jaccard), or the
# same organisation and role.
NOT_RELEVANT_PENALTY = 100
SIMILAR_JACCARD = 0.5


class Codes:
    """Strings (skill ids, languages, economies, free texts) numbered densely, in order of first sight."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.index: dict[str, int] = {}
        self.names: list[str] = []
        for name in names:
            self.code(name)

    def code(self, name: str) -> int:
        found = self.index.get(name)
        if found is None:
            found = self.index[name] = len(self.names)
            self.names.append(name)
        return found

    def get(self, name: str) -> int | None:
        return self.index.get(name)

    def __len__(self) -> int:
        return len(self.names)


class FreeTexts(Codes):
    """Free-text skills, casefolded, and which of them each wanted text matches (cached per wanted text)."""

    def __init__(self) -> None:
        super().__init__()
        self._ok: dict[str, np.ndarray] = {}

    def matching(self, wanted: str) -> np.ndarray:
        """Bool per registered text: ``fuzz.token_sort_ratio(wanted, text) >= FREE_TEXT_CUTOFF`` (both casefolded)."""
        known = self._ok.get(wanted)
        start = 0 if known is None else len(known)
        if start < len(self.names):
            fresh = np.zeros(len(self.names) - start, dtype=bool)
            # cdist narrows the field; each hit is confirmed by the very call score_pair makes
            ratios = process.cdist([wanted], self.names[start:], scorer=fuzz.token_sort_ratio, dtype=np.float64)[0]
            for i in np.flatnonzero(ratios >= FREE_TEXT_CUTOFF - 1):
                fresh[i] = fuzz.token_sort_ratio(wanted, self.names[start + i]) >= FREE_TEXT_CUTOFF
            known = fresh if known is None else np.concatenate([known, fresh])
            if len(self._ok) > 10_000:
                self._ok.clear()
            self._ok[wanted] = known
        assert known is not None
        return known


class _Columns:
    """Row storage that grows: rows are reused after removal; matrices widen as codes are added."""

    def __init__(self) -> None:
        self.cap = 0
        self.top = 0  # rows ever used: [0, top)
        self.free_rows: list[int] = []
        self.row_of: dict[int, int] = {}
        self.version = 0  # bumped by every change, for caches built from the arrays
        # row → FreeTexts codes of its free-text skills (professionals) or requirements (vacancies)
        self.free_codes: dict[int, np.ndarray] = {}
        self._csr_cache: tuple[int, np.ndarray, np.ndarray] | None = None

    def _set_free(self, row: int, texts: Sequence[str], free: FreeTexts) -> None:
        self.free_codes.pop(row, None)
        if texts:
            self.free_codes[row] = np.array([free.code(t.casefold()) for t in texts], dtype=np.int64)

    def _free_csr(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The free-text codes of ``rows`` (all rows ever used when None, cached until the table changes) as
        the CSR pointers and ids a ``Block`` carries."""
        empty = np.zeros(0, dtype=np.int64)
        if rows is not None:
            return _csr([self.free_codes.get(int(r), empty) for r in rows])
        cached = self._csr_cache
        if cached is None or cached[0] != self.version:
            ptr, ids = _csr([self.free_codes.get(r, empty) for r in range(self.top)])
            self._csr_cache = cached = (self.version, ptr, ids)
        return cached[1], cached[2]

    def _alloc(self, key: int) -> int:
        row = self.row_of.get(key)
        if row is not None:
            return row
        if self.free_rows:
            row = self.free_rows.pop()
        else:
            if self.top == self.cap:
                self._grow(max(64, self.cap * 2))
            row = self.top
            self.top += 1
        self.row_of[key] = row
        return row

    def _grow(self, cap: int) -> None:
        for name, value in list(vars(self).items()):
            if isinstance(value, np.ndarray) and value.shape[0] == self.cap:
                grown = np.zeros((cap, *value.shape[1:]), dtype=value.dtype)
                grown[: self.cap] = value
                setattr(self, name, grown)
        self.cap = cap

    @staticmethod
    def _widen(matrix: np.ndarray, width: int) -> np.ndarray:
        if matrix.shape[1] >= width:
            return matrix
        wider = np.zeros((matrix.shape[0], max(width, matrix.shape[1] * 2, 8)), dtype=matrix.dtype)
        wider[:, : matrix.shape[1]] = matrix
        return wider

    @staticmethod
    def _text(array: np.ndarray, value: str) -> np.ndarray:
        """A fixed-width string array wide enough for ``value``."""
        if len(value) > array.dtype.itemsize // 4:
            return array.astype(f"U{max(len(value), 2 * (array.dtype.itemsize // 4))}")
        return array


@dataclass
class Block:
    """Encoded professionals or vacancies, the operands of one score computation."""

    skills: np.ndarray  # (n, S) float32 0/1: held skills, or required skills for vacancies
    langs: np.ndarray  # (n, L) float32 0/1
    level: np.ndarray  # (n,) rank
    economy: np.ndarray  # (n,) economy code
    free_ptr: np.ndarray  # (n + 1,) CSR pointers into free_ids
    free_ids: np.ndarray  # FreeTexts codes: held free skills, or free-text requirements
    # professionals only
    near: np.ndarray | None = None  # (n, S) float32 0/1: skills not held but related to a held one
    formats: np.ndarray | None = None  # (n,) bitmask of FORMAT_BIT
    relocate: np.ndarray | None = None  # (n,) bool
    salary: np.ndarray | None = None  # (n,) float64: expected net EUR a month, nan when not given
    # vacancies only
    nice: np.ndarray | None = None  # (n, S) float32 0/1: nice-to-have skills that are not also required
    req_total: np.ndarray | None = None  # (n,) float64: required ids + free-text requirements
    nice_total: np.ndarray | None = None
    lang_total: np.ndarray | None = None
    fmt: np.ndarray | None = None  # (n,) FORMAT_BIT of the work format
    remote: np.ndarray | None = None  # (n,) bool: remote from the whole region
    salary_max: np.ndarray | None = None  # (n,) float64: top of the salary range, nan when none is given

    def __len__(self) -> int:
        return len(self.level)


def _csr(rows: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    if len(rows):
        np.cumsum([len(r) for r in rows], out=ptr[1:])
    ids = np.concatenate([r for r in rows if len(r)]) if ptr[-1] else np.zeros(0, dtype=np.int64)
    return ptr, ids.astype(np.int64, copy=False)


class ProfessionalTable(_Columns):
    """Every professional (whatever their status): what scoring, candidates, digests and insights need."""

    def __init__(self, codes: Codebook) -> None:
        super().__init__()
        self.codes = codes
        self.ids = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=bool)
        self.skills = np.zeros((0, 8), dtype=np.float32)
        self.near = np.zeros((0, 8), dtype=np.float32)
        self.langs = np.zeros((0, 8), dtype=np.float32)
        self.level = np.zeros(0, dtype=np.int8)
        self.formats = np.zeros(0, dtype=np.uint8)
        self.economy = np.zeros(0, dtype=np.int16)
        self.relocate = np.zeros(0, dtype=bool)
        self.salary = np.zeros(0, dtype=np.float64)  # expected net EUR a month; nan: not given
        self.status = np.zeros(0, dtype=np.int8)
        self.visibility = np.zeros(0, dtype=np.int8)
        self.contactable = np.zeros(0, dtype=bool)  # can_be_contacted: not hidden, looking or open
        self.hired = np.zeros(0, dtype=np.int16)  # codes.hired; 0 is None
        self.source = np.zeros(0, dtype=np.int32)  # codes.sources; 0 is None
        self.created = np.zeros(0, dtype="U25")
        # (economy × skill) professionals, kept up to date by put and remove: the insights' supply
        self.supply = np.zeros((8, 8), dtype=np.int64)
        self.free: dict[int, tuple[str, ...]] = {}  # row → free-text skills as typed
        self.target: dict[int, str] = {}  # row → target ECSF role
        self._rank_cache: tuple[int, np.ndarray] | None = None

    def put(
        self, user_id: int, *, skills: Iterable[str], free_skills: Sequence[str], level: Level, economy: str,
        languages: Iterable[str], work_formats: Iterable[WorkFormat], relocate: bool, target_role: str | None,
        visibility: Visibility, status: JobStatus, hired_where: str | None, created_at: str, source: str | None = None,
        salary_net_eur: int | None = None,
    ) -> None:  # fmt: skip
        codes = self.codes
        skills = frozenset(skills)
        skill_cols = [codes.skills.code(s) for s in skills]
        near_cols = [codes.skills.code(s) for s in default_relations().related_to(skills)]
        lang_cols = [codes.langs.code(lang) for lang in languages]
        economy_code = codes.economies.code(economy)
        self.skills = self._widen(self.skills, len(codes.skills))
        self.near = self._widen(self.near, len(codes.skills))
        self.langs = self._widen(self.langs, len(codes.langs))
        self.created = self._text(self.created, created_at)
        self._count_supply(self.row_of.get(user_id), -1)
        row = self._alloc(user_id)
        self.ids[row] = user_id
        self.alive[row] = True
        self.skills[row] = 0
        self.skills[row, skill_cols] = 1
        self.near[row] = 0
        self.near[row, near_cols] = 1
        self.langs[row] = 0
        self.langs[row, lang_cols] = 1
        self.level[row] = LEVEL_RANK[level]
        self.formats[row] = sum(1 << FORMAT_BIT[f] for f in set(work_formats))
        self.economy[row] = economy_code
        self.relocate[row] = relocate
        self.salary[row] = np.nan if salary_net_eur is None else salary_net_eur
        self.status[row] = STATUSES.index(status)
        self.visibility[row] = VISIBILITIES.index(visibility)
        self.contactable[row] = visibility is not Visibility.HIDDEN and status in LOOKING
        self.hired[row] = 0 if hired_where is None else codes.hired.code(hired_where)
        self.source[row] = 0 if source is None else codes.sources.code(source)
        self.created[row] = created_at
        self._count_supply(row, +1)
        self.free.pop(row, None)
        if free_skills:
            self.free[row] = tuple(free_skills)
        self._set_free(row, free_skills, codes.free)
        self.target.pop(row, None)
        if target_role:
            self.target[row] = target_role
        self.version += 1

    def _count_supply(self, row: int | None, sign: int) -> None:
        if row is None or not self.alive[row]:
            return
        width = self.skills.shape[1]
        if self.supply.shape[0] <= self.economy[row] or self.supply.shape[1] < width:
            grown = np.zeros((max(self.supply.shape[0], len(self.codes.economies) + 8), max(width, 8)), np.int64)
            grown[: self.supply.shape[0], : self.supply.shape[1]] = self.supply
            self.supply = grown
        self.supply[self.economy[row], :width] += sign * self.skills[row].astype(np.int64)

    def groups(self) -> list[tuple[str, str, str, str | None, int, str | None]]:
        """(economy, level, status, hired_where, people, source) for every combination held, in the order SQL's
        GROUP BY over those columns gives them (NULL first)."""
        top = self.top
        alive = self.alive[:top]
        codes = self.codes
        n_eco, n_hired, n_src = len(codes.economies), len(codes.hired), len(codes.sources)
        key = self.economy[:top][alive].astype(np.int64)
        for values, size in ((self.level, len(LEVELS)), (self.status, len(STATUSES)), (self.hired, n_hired),
                             (self.source, n_src)):  # fmt: skip
            key = key * size + values[:top][alive]
        found, counts = np.unique(key, return_counts=True)
        out = []
        for value, count in zip(found.tolist(), counts.tolist(), strict=True):
            value, source = divmod(value, n_src)
            value, hired = divmod(value, n_hired)
            value, status = divmod(value, len(STATUSES))
            economy, level = divmod(value, len(LEVELS))
            assert economy < n_eco
            out.append((
                codes.economies.names[economy], LEVELS[level].value, STATUSES[status].value,
                codes.hired.names[hired] or None, count, codes.sources.names[source] or None,
            ))  # fmt: skip
        return sorted(out, key=lambda g: tuple((v is not None, v) for v in (*g[:4], g[5])))

    def remove(self, user_id: int) -> None:
        row = self.row_of.get(user_id)
        if row is None:
            return
        self._count_supply(row, -1)
        del self.row_of[user_id]
        self.alive[row] = False
        self.contactable[row] = False
        self.skills[row] = 0
        self.near[row] = 0
        self.free.pop(row, None)
        self.free_codes.pop(row, None)
        self.target.pop(row, None)
        self.free_rows.append(row)
        self.version += 1

    def __contains__(self, user_id: int) -> bool:
        return user_id in self.row_of

    def __len__(self) -> int:
        return len(self.row_of)

    def professional(self, user_id: int) -> Professional | None:
        """The person as ``score_pair`` takes them, rebuilt from the arrays."""
        row = self.row_of.get(user_id)
        if row is None:
            return None
        codes = self.codes
        return Professional(
            id=user_id,
            skills=frozenset(codes.skills.names[c] for c in np.flatnonzero(self.skills[row])),
            level=LEVELS[self.level[row]],
            economy=codes.economies.names[self.economy[row]],
            languages=frozenset(codes.langs.names[c] for c in np.flatnonzero(self.langs[row])),
            work_formats=frozenset(f for f in FORMATS if self.formats[row] >> FORMAT_BIT[f] & 1),
            relocate=bool(self.relocate[row]),
            free_skills=self.free.get(row, ()),
            target_role=self.target.get(row),
            visible=VISIBILITIES[self.visibility[row]] is not Visibility.HIDDEN,
            salary_net_eur=None if np.isnan(self.salary[row]) else int(self.salary[row]),
        )

    def block(self, rows: np.ndarray | None = None) -> Block:
        """The rows (all rows ever used when None) as a scoring operand; a copy only when rows are chosen."""
        width_s, width_l = len(self.codes.skills), len(self.codes.langs)
        self.skills = self._widen(self.skills, width_s)
        self.near = self._widen(self.near, width_s)
        self.langs = self._widen(self.langs, width_l)
        if rows is None:
            top = self.top
            ptr, ids = self._free_csr()
            return Block(
                skills=self.skills[:top, :width_s], langs=self.langs[:top, :width_l], level=self.level[:top],
                economy=self.economy[:top], free_ptr=ptr, free_ids=ids, near=self.near[:top, :width_s],
                formats=self.formats[:top], relocate=self.relocate[:top], salary=self.salary[:top],
            )  # fmt: skip
        ptr, ids = self._free_csr(rows)
        return Block(
            skills=self.skills[rows, :width_s], langs=self.langs[rows, :width_l], level=self.level[rows],
            economy=self.economy[rows], free_ptr=ptr, free_ids=ids, near=self.near[rows, :width_s],
            formats=self.formats[rows], relocate=self.relocate[rows], salary=self.salary[rows],
        )  # fmt: skip

    def id_ranks(self) -> np.ndarray:
        """Each row's rank by user id (ascending), for ties broken by id; cached until the table changes."""
        cached = self._rank_cache
        if cached is None or cached[0] != self.version:
            self._rank_cache = cached = (self.version, rank_of(self.ids[: self.top]))
        return cached[1]

    def newest(self) -> str:
        """The latest ``created_at`` of anyone in the table ("" when empty)."""
        created = self.created[: self.top][self.alive[: self.top]]
        return str(np.sort(created)[-1]) if len(created) else ""

    def rows_of(self, user_ids: Iterable[int]) -> np.ndarray:
        return np.array([self.row_of[u] for u in user_ids if u in self.row_of], dtype=np.int64)


class _PostTable(_Columns):
    """What vacancies and courses share: rows keyed by post id, their organisation, when published, the deadline,
    and the objects to show; a post is live while loaded and its deadline has not passed."""

    def __init__(self, codes: Codebook) -> None:
        super().__init__()
        self.codes = codes
        self.ids = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=bool)
        self.org = np.zeros(0, dtype=np.int64)
        self.published = np.zeros(0, dtype="U25")
        self.deadline = np.zeros(0, dtype="U10")
        self.objects: list[Vacancy | Course | None] = []
        self._order_cache: tuple[int, np.ndarray] | None = None

    def _place(self, post: Vacancy | Course, organisation_id: int, published_at: str) -> int:
        """The post's row (reused or new), with the fields every post has set; the subclass fills in the rest."""
        self.published = self._text(self.published, published_at)
        self.deadline = self._text(self.deadline, post.deadline)
        row = self._alloc(post.id)
        while len(self.objects) < self.cap:
            self.objects.append(None)
        self.ids[row] = post.id
        self.alive[row] = True
        self.org[row] = organisation_id
        self.published[row] = published_at
        self.deadline[row] = post.deadline
        self.objects[row] = post
        return row

    def remove(self, post_id: int) -> None:
        row = self.row_of.pop(post_id, None)
        if row is None:
            return
        self.alive[row] = False
        self.objects[row] = None
        self.free_codes.pop(row, None)
        self.free_rows.append(row)
        self.version += 1

    def of_organisations(self, org_ids: Iterable[int]) -> list[int]:
        wanted = np.fromiter(org_ids, dtype=np.int64)
        rows = np.flatnonzero(self.alive[: self.top] & np.isin(self.org[: self.top], wanted))
        return [int(self.ids[r]) for r in rows]

    def live(self, today: str) -> np.ndarray:
        """Bool per row: loaded as live and the deadline not passed yet."""
        return self.alive[: self.top] & (self.deadline[: self.top] >= today)


class VacancyTable(_PostTable):
    """Vacancies that were live when loaded (open, of a verified organisation, deadline not passed).

    Expiry is a matter of the date, not of a write, so ``live(today)`` masks the rows whose deadline has passed.
    """

    def __init__(self, codes: Codebook) -> None:
        super().__init__(codes)
        self.req = np.zeros((0, 8), dtype=np.float32)
        self.nice = np.zeros((0, 8), dtype=np.float32)
        self.langs = np.zeros((0, 8), dtype=np.float32)
        self.req_total = np.zeros(0, dtype=np.float64)
        self.nice_total = np.zeros(0, dtype=np.float64)
        self.lang_total = np.zeros(0, dtype=np.float64)
        self.level = np.zeros(0, dtype=np.int8)
        self.fmt = np.zeros(0, dtype=np.int8)
        self.economy = np.zeros(0, dtype=np.int16)
        self.remote = np.zeros(0, dtype=bool)  # remote work from anywhere in the region
        self.region_wide = np.zeros(0, dtype=bool)  # remote_from_region, whatever the format (the browse filter)
        self.salary_max = np.zeros(0, dtype=np.float64)  # nan: no top given (scoring's salary fit)
        self.salary_reach = np.zeros(0, dtype=np.float64)  # the top, else the minimum; nan: none (browse filter)

    def put(self, v: Vacancy) -> None:
        codes = self.codes
        req_cols = [codes.skills.code(s) for s in v.required]
        nice_cols = [codes.skills.code(s) for s in v.nice - v.required]
        lang_cols = [codes.langs.code(lang) for lang in v.languages]
        self.req = self._widen(self.req, len(codes.skills))
        self.nice = self._widen(self.nice, len(codes.skills))
        self.langs = self._widen(self.langs, len(codes.langs))
        row = self._place(v, v.organisation_id, v.published_at)
        for matrix, cols in ((self.req, req_cols), (self.nice, nice_cols), (self.langs, lang_cols)):
            matrix[row] = 0
            matrix[row, cols] = 1
        self.req_total[row] = len(v.required) + len(v.free_required)
        self.nice_total[row] = len(nice_cols)
        self.lang_total[row] = len(v.languages)
        self.level[row] = LEVEL_RANK[v.level]
        self.fmt[row] = FORMAT_BIT[v.work_format]
        self.economy[row] = codes.economies.code(v.economy)
        self.remote[row] = v.work_format is WorkFormat.REMOTE and v.remote_from_region
        self.region_wide[row] = v.remote_from_region
        self.salary_max[row] = np.nan if v.salary_max is None else v.salary_max
        reach = v.salary_max if v.salary_max is not None else v.salary_min
        self.salary_reach[row] = np.nan if reach is None else reach
        self._set_free(row, v.free_required, codes.free)
        self.version += 1

    def get(self, vacancy_id: int, today: str) -> Vacancy | None:
        row = self.row_of.get(vacancy_id)
        if row is None or self.deadline[row] < today:
            return None
        return self.objects[row]

    def newest_first(self) -> np.ndarray:
        """Rows in the order ``open_vacancies`` lists them: published_at descending, then id descending."""
        cached = self._order_cache
        if cached is None or cached[0] != self.version:
            top = self.top
            # ascending by published_at, then id; reversed: newest first, the higher id first on equal times
            order = np.lexsort((self.ids[:top], self.published[:top]))[::-1]
            self._order_cache = cached = (self.version, order)
        return cached[1]

    def tie_ranks(self) -> np.ndarray:
        """Each row's rank in (published_at, id) ascending order: on equal scores the higher rank is shown first."""
        order = self.newest_first()[::-1]
        ranks = np.empty(len(order), dtype=np.int64)
        ranks[order] = np.arange(len(order))
        return ranks

    def block(self, rows: np.ndarray | None = None) -> Block:
        """The rows (all rows ever used, as views, when None; dead and expired ones are the caller's to mask)."""
        width_s, width_l = len(self.codes.skills), len(self.codes.langs)
        self.req = self._widen(self.req, width_s)
        self.nice = self._widen(self.nice, width_s)
        self.langs = self._widen(self.langs, width_l)
        pick: slice | np.ndarray = slice(0, self.top) if rows is None else rows
        ptr, ids = self._free_csr(rows)
        return Block(
            skills=self.req[pick, :width_s], langs=self.langs[pick, :width_l], level=self.level[pick],
            economy=self.economy[pick], free_ptr=ptr, free_ids=ids, nice=self.nice[pick, :width_s],
            req_total=self.req_total[pick], nice_total=self.nice_total[pick], lang_total=self.lang_total[pick],
            fmt=self.fmt[pick], remote=self.remote[pick], salary_max=self.salary_max[pick],
        )  # fmt: skip


class CourseTable(_PostTable):
    """Open courses of verified organisations, deadline masked by date like vacancies."""

    def __init__(self, codes: Codebook) -> None:
        super().__init__(codes)
        self.skills = np.zeros((0, 8), dtype=np.float32)

    def put(self, course: Course, organisation_id: int, published_at: str) -> None:
        cols = [self.codes.skills.code(s) for s in course.skills]
        self.skills = self._widen(self.skills, len(self.codes.skills))
        row = self._place(course, organisation_id, published_at)
        self.skills[row] = 0
        self.skills[row, cols] = 1
        self.version += 1

    def in_order(self) -> np.ndarray:
        """Rows in the order ``open_courses`` lists them: by start date, then id."""
        cached = self._order_cache
        if cached is None or cached[0] != self.version:
            top = self.top
            starts = np.array([c.starts if c is not None else "" for c in self.objects[:top]], dtype=str)
            self._order_cache = cached = (self.version, np.lexsort((self.ids[:top], starts)))
        return cached[1]

    def covering(self, skill_ids: Iterable[str], today: str, since: str | None = None) -> list[Course]:
        """Live courses that teach at least one of ``skill_ids`` (published after ``since``, if given), in
        ``open_courses`` order."""
        cols = [c for c in (self.codes.skills.get(s) for s in skill_ids) if c is not None]
        if not cols:
            return []
        self.skills = self._widen(self.skills, len(self.codes.skills))
        useful = self.live(today) & self.skills[: self.top, cols].any(axis=1)
        if since is not None:
            useful &= self.published[: self.top] > since
        order = self.in_order()
        return [self.objects[r] for r in order[useful[order]]]  # type: ignore[misc]


@dataclass
class Codebook:
    """The column codes the tables share, so that their blocks multiply."""

    skills: Codes
    langs: Codes
    economies: Codes
    free: FreeTexts
    hired: Codes
    sources: Codes

    @classmethod
    def create(cls, skill_ids: Iterable[str] = ()) -> Codebook:
        # every taxonomy skill has a column from the start: related skills are coded when a professional is put,
        # and a column appearing later would leave other tables' matrices narrower than the codebook
        skills = Codes([*skill_ids, *default_taxonomy().skill_ids])
        return cls(skills, Codes(), Codes([ABROAD]), FreeTexts(), Codes([""]), Codes([""]))


# ---------------------------------------------------------------------------------------------------- scoring
def _free_matched(pros: Block, vacs: Block, free: FreeTexts) -> np.ndarray | None:
    """(n, m) count of each vacancy's free-text requirements that each professional's free skills meet."""
    if not len(vacs.free_ids) or not len(pros.free_ids):
        return None
    out = np.zeros((len(pros), len(vacs)), dtype=np.float32)
    held_rows = np.repeat(np.arange(len(pros)), np.diff(pros.free_ptr))
    for col in np.flatnonzero(np.diff(vacs.free_ptr)):
        for wanted in vacs.free_ids[vacs.free_ptr[col] : vacs.free_ptr[col + 1]]:
            hits = free.matching(free.names[wanted])[pros.free_ids]  # covers every text registered so far
            rows = np.unique(held_rows[hits])
            out[rows, col] += 1.0
    return out


def _salary_below(pros: Block, vacs: Block) -> np.ndarray | None:
    """(n, m) bool: the range's top certainly under the expected net salary (``salary_fit`` is BELOW exactly
    then, whatever the basis: net pay never exceeds gross); None when nobody in the block could be below."""
    if pros.salary is None or vacs.salary_max is None:
        return None
    expected, top = np.nanmax(pros.salary, initial=-np.inf), np.nanmin(vacs.salary_max, initial=np.inf)
    if not top < expected:  # no range under anyone's expectation: skip the (n, m) comparison
        return None
    with np.errstate(invalid="ignore"):
        below = vacs.salary_max[None, :] < pros.salary[:, None]  # nan on either side compares False
    return below if below.any() else None


def _static_points(n_economies: int) -> np.ndarray:
    """Level + format + location points, [professional kind, vacancy kind] (see ``_kinds``), for every kind."""
    found = _STATIC.get(n_economies)
    if found is None:
        e = np.arange(n_economies)
        pro_level, pro_formats, pro_economy, relocate = np.meshgrid(
            np.arange(len(LEVELS)), np.arange(8), e, np.arange(2), indexing="ij"
        )
        vac_level, vac_format, vac_economy, remote = np.meshgrid(
            np.arange(len(LEVELS)), np.arange(len(FORMATS)), e, np.arange(2), indexing="ij"
        )
        p = [a.reshape(-1)[:, None] for a in (pro_level, pro_formats, pro_economy, relocate)]
        v = [a.reshape(-1)[None, :] for a in (vac_level, vac_format, vac_economy, remote)]
        found = _components(p[0], p[1], p[2], p[3].astype(bool), v[0], v[1], v[2], v[3].astype(bool))
        found = (found[0] + found[1] + found[2]).astype(np.float32)
        _STATIC[n_economies] = found
    return found


_STATIC: dict[int, np.ndarray] = {}


def _components(
    pro_level: np.ndarray, pro_formats: np.ndarray, pro_economy: np.ndarray, relocate: np.ndarray,
    vac_level: np.ndarray, vac_format: np.ndarray, vac_economy: np.ndarray, remote: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Level, format and location points, each the very float ``score_pair`` computes (broadcast together)."""
    level = LEVEL_POINTS[pro_level, vac_level]
    fmt = np.where((pro_formats >> vac_format) & 1, WEIGHT_FORMAT, 0.0)
    here = np.where(pro_economy == vac_economy, LOC_SAME, np.where(relocate, LOC_RELOCATE, LOC_NONE))
    location = np.where(remote, np.where(pro_economy == ABROAD_CODE, LOC_ABROAD_REMOTE, LOC_SAME), here)
    return level, fmt, location


ABROAD_CODE = 0  # Codebook numbers ABROAD first


def _kinds(pros: Block, vacs: Block, n_economies: int) -> tuple[np.ndarray, np.ndarray]:
    assert pros.formats is not None and pros.relocate is not None and vacs.fmt is not None and vacs.remote is not None
    pro = ((pros.level.astype(np.int64) * 8 + pros.formats) * n_economies + pros.economy) * 2 + pros.relocate
    vac = ((vacs.level.astype(np.int64) * len(FORMATS) + vacs.fmt) * n_economies + vacs.economy) * 2 + vacs.remote
    return pro, vac


@dataclass
class Scores:
    """Scores of a (professionals × vacancies) block as integers in tenths: 837 is 83.7, ``score_pair``'s value."""

    tenths: np.ndarray  # (n, m) int32

    def passing(self, threshold: float = MATCH_THRESHOLD) -> np.ndarray:
        return self.tenths / 10.0 >= threshold


def score_blocks(pros: Block, vacs: Block, free: FreeTexts, relevant_from: float = -np.inf) -> Scores:
    """Every professional of ``pros`` against every vacancy of ``vacs``, as ``score_pair`` would score them.

    The sum is formed the fastest way, in float32; only sums within a hair of a half-tenth could round differently
    from ``score_pair``'s, and those are recomputed component by component, exactly as ``score_pair`` does, and
    rounded by Python. Sums below ``relevant_from`` skip that check: pass the threshold (less a tenth) when only
    passing scores matter.
    """
    assert vacs.req_total is not None and vacs.nice is not None and vacs.nice_total is not None
    assert vacs.lang_total is not None and vacs.fmt is not None and vacs.remote is not None
    assert pros.formats is not None and pros.relocate is not None and pros.near is not None
    req_total, nice_total, lang_total = vacs.req_total, vacs.nice_total, vacs.lang_total
    with np.errstate(divide="ignore", invalid="ignore"):
        per_required = np.where(req_total > 0, WEIGHT_REQUIRED / req_total, 0.0).astype(np.float32)
        per_nice = np.where(nice_total > 0, WEIGHT_NICE / nice_total, 0.0).astype(np.float32)
        per_language = np.where(lang_total > 0, WEIGHT_LANGUAGES / lang_total, 0.0).astype(np.float32)
    fixed = (
        np.where(req_total > 0, 0.0, WEIGHT_REQUIRED) + np.where(nice_total > 0, 0.0, WEIGHT_NICE)
        + np.where(lang_total > 0, 0.0, WEIGHT_LANGUAGES)
    ).astype(np.float32)  # fmt: skip
    n_economies = int(max(pros.economy.max(initial=0), vacs.economy.max(initial=0))) + 1
    pro_kind, vac_kind = _kinds(pros, vacs, n_economies)
    # level + format + location by look-up; the skill and language points as two weighted matrix products
    total = _static_points(n_economies)[pro_kind[:, None], vac_kind[None, :]]  # a fresh (n, m) float32
    total += fixed[None, :]
    total += pros.skills @ (vacs.skills * per_required[:, None] + vacs.nice * per_nice[:, None]).T
    total += pros.near @ (vacs.skills * (per_required * np.float32(RELATED_CREDIT))[:, None]).T
    total += pros.langs @ (vacs.langs * per_language[:, None]).T
    free_matched = _free_matched(pros, vacs, free)
    if free_matched is not None:
        total += free_matched * per_required[None, :]
    below = _salary_below(pros, vacs)
    if below is not None:
        total -= below * np.float32(SALARY_PENALTY)
    x10 = total * np.float32(10.0)
    tenths = np.rint(x10)
    x10 -= tenths
    np.abs(x10, out=x10)
    near = np.abs(x10 - np.float32(0.5)) < _HALF_TOLERANCE
    if relevant_from > -np.inf:
        near &= total >= relevant_from
    if near.any():
        rows, cols = np.nonzero(near)
        held, langs = pros.skills[rows], pros.langs[rows]
        k = np.einsum("ij,ij->i", held, vacs.skills[cols]).astype(np.float64)
        if free_matched is not None:
            k += free_matched[rows, cols]
        k += RELATED_CREDIT * np.einsum("ij,ij->i", pros.near[rows], vacs.skills[cols]).astype(np.float64)
        nice_k = np.einsum("ij,ij->i", held, vacs.nice[cols]).astype(np.float64)
        spoken = np.einsum("ij,ij->i", langs, vacs.langs[cols]).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            # score_pair's own arithmetic, operation for operation, for these few pairs
            required = np.where(req_total[cols] > 0, WEIGHT_REQUIRED * k / req_total[cols], WEIGHT_REQUIRED)
            nice = np.where(nice_total[cols] > 0, WEIGHT_NICE * nice_k / nice_total[cols], WEIGHT_NICE)
            languages = np.where(lang_total[cols] > 0, WEIGHT_LANGUAGES * spoken / lang_total[cols], WEIGHT_LANGUAGES)
        level, fmt, location = _components(
            pros.level[rows].astype(np.intp), pros.formats[rows], pros.economy[rows], pros.relocate[rows],
            vacs.level[cols].astype(np.intp), vacs.fmt[cols].astype(np.uint8), vacs.economy[cols], vacs.remote[cols],
        )  # fmt: skip
        salary = np.where(below[rows, cols], -SALARY_PENALTY, 0.0) if below is not None else np.zeros(len(rows))
        # in score_pair's order of components, salary last
        stacked = np.stack([required, nice, level, fmt, location, languages, salary], axis=1)
        unique, inverse = _unique_rows(stacked)
        # score_pair's last step: Python's sum over the components' floats, then round to one decimal
        exact = np.array([round(sum(row), 1) for row in unique.tolist()], dtype=np.float64)
        tenths[rows, cols] = np.rint(exact * 10.0)[inverse.reshape(-1)]
    return Scores(tenths.astype(np.int32))


def _unique_rows(stacked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(stacked, axis=0, return_inverse=True)``, fast: each column takes few distinct values, so the
    rows are numbered column by column into one int64 key and only that key is sorted (a lexicographic sort of
    float rows took most of a digest batch's time once related skills made exact half-tenths common)."""
    key = np.zeros(len(stacked), dtype=np.int64)
    for column in stacked.T:
        values, codes = np.unique(column, return_inverse=True)
        if key.max(initial=0) >= np.iinfo(np.int64).max // (len(values) + 1):
            return np.unique(stacked, axis=0, return_inverse=True)  # too many combinations for one key
        key = key * len(values) + codes.reshape(-1)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return stacked[first], inverse.reshape(-1)


def first_courses(
    missing: np.ndarray, eligible: np.ndarray, course_skills: np.ndarray, standing: np.ndarray, limit: int
) -> list[list[tuple[int, np.ndarray]]]:
    """``close_gap``'s first ``limit`` steps for many people at once.

    ``missing`` (people × skills, bool) is what each lacks; ``eligible`` (people × courses) the courses each may
    take; ``course_skills`` (courses × skills, 0/1); ``standing`` (people × courses, int64) each course's
    preference for each person after coverage, distinct per person (see ``DigestView``). Returns, per person,
    (course column, the skill columns it covers) in the order ``close_gap`` picks them.
    """
    n = missing.shape[0]
    left = missing.astype(np.float32)
    pool = eligible.copy()
    span = np.int64(standing.max(initial=0) + 1)
    picks: list[list[tuple[int, np.ndarray]]] = [[] for _ in range(n)]
    rows = np.arange(n)
    for _ in range(limit):
        cover = left @ course_skills.T  # skills each course would cover now
        keys = np.where(pool & (cover > 0), cover.astype(np.int64) * span + standing, -1)
        if not keys.size:
            break
        best = keys.argmax(axis=1)
        found = keys[rows, best] >= 0
        if not found.any():
            break
        who = np.flatnonzero(found)
        chosen = best[who]
        covered = (left[who] > 0) & (course_skills[chosen] > 0)  # one step for everyone at once
        left[who] *= ~covered
        pool[who, chosen] = False
        for i, course, mask in zip(who.tolist(), chosen.tolist(), covered, strict=True):
            picks[i].append((course, np.flatnonzero(mask)))
    return picks


def top_k(keys: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest non-negative keys of a 1-d array, largest first (keys are distinct)."""
    eligible = np.flatnonzero(keys >= 0)
    if len(eligible) > k:
        part = np.argpartition(-keys[eligible], k - 1)[:k]
        eligible = eligible[part]
    return eligible[np.argsort(-keys[eligible], kind="stable")]


def similar_mask(table: VacancyTable, marks: Sequence[Marked]) -> np.ndarray:
    """(marks × table rows) bool: which rows are "similar" to each vacancy a professional said is not relevant.

    Always: the same organisation and the same role (both given), or required taxonomy skills with a Jaccard index
    of at least ``SIMILAR_JACCARD`` (free-text requirements do not count). The reason given adds what it points
    at: "level", the same level with a required skill in common; "location", the same economy unless the post is
    open to the whole region (remote ones included); "salary", a known top of the range no higher. Rows that are
    not live are the caller's to mask (docs/matching.md, "Feedback")."""
    top = table.top
    out = np.zeros((len(marks), top), dtype=bool)
    if not len(marks) or not top:
        return out
    width = len(table.codes.skills)
    table.req = table._widen(table.req, width)
    required = table.req[:top, :width] > 0
    sizes = required.sum(axis=1)
    roles = np.array([(v.role_id or "") if v is not None else "" for v in table.objects[:top]], dtype=object)
    for i, mark in enumerate(marks):
        if mark.role_id:
            out[i] = (table.org[:top] == mark.organisation_id) & (roles == mark.role_id)
        wanted = set(mark.required)
        cols = [c for c in (table.codes.skills.get(s) for s in wanted) if c is not None and c < width]
        shared = required[:, cols].sum(axis=1) if cols else np.zeros(top, dtype=np.int64)
        if wanted:
            union = sizes + len(wanted) - shared
            out[i] |= (union > 0) & (shared >= SIMILAR_JACCARD * union)
        if mark.reason == "level" and mark.level is not None:
            out[i] |= (table.level[:top] == LEVEL_RANK[mark.level]) & (shared > 0)
        elif mark.reason == "location" and mark.economy and not mark.region_wide:
            code = table.codes.economies.get(mark.economy)
            out[i] |= (table.economy[:top] == code) & ~table.region_wide[:top]
        elif mark.reason == "salary" and mark.salary_top is not None:
            with np.errstate(invalid="ignore"):
                out[i] |= table.salary_reach[:top] <= mark.salary_top  # nan (no pay given) compares False
    return out


def rank_of(values: np.ndarray) -> np.ndarray:
    """Each value's rank in ascending order (0 for the smallest); values must be distinct."""
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[np.argsort(values, kind="stable")] = np.arange(len(values))
    return ranks


def vacancy_tie_ranks(published: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Rank of each vacancy in (published_at, id) ascending order: on equal scores the higher rank goes first."""
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[np.lexsort((ids, published))] = np.arange(len(ids))
    return ranks


class MatchIndex:
    """Live vacancies, open courses and every professional, sharing one codebook; the rankings the bot shows."""

    def __init__(self, skill_ids: Iterable[str] = ()) -> None:
        self.codes = Codebook.create(skill_ids)
        self.professionals = ProfessionalTable(self.codes)
        self.vacancies = VacancyTable(self.codes)
        self.courses = CourseTable(self.codes)

    def encode(self, pro: Professional) -> Block:
        """A professional who need not be in the index (or may have changed since): encoded on the spot."""
        table = ProfessionalTable(self.codes)
        table.put(
            pro.id, skills=pro.skills, free_skills=pro.free_skills, level=pro.level, economy=pro.economy,
            languages=pro.languages, work_formats=pro.work_formats, relocate=pro.relocate,
            target_role=pro.target_role, visibility=Visibility.ANONYMOUS, status=JobStatus.LOOKING,
            hired_where=None, created_at="", salary_net_eur=pro.salary_net_eur,
        )  # fmt: skip
        return table.block(np.array([0]))

    def encode_vacancy(self, vacancy: Vacancy) -> Block:
        table = VacancyTable(self.codes)
        table.put(vacancy)
        return table.block(np.array([0]))

    def vacancies_for(
        self, pro: Professional, k: int, today: str, threshold: float = MATCH_THRESHOLD, exclude: Iterable[int] = (),
        penalties: Mapping[int, int] | None = None,
    ) -> list[tuple[Vacancy, int]]:  # fmt: skip
        """``recommend_vacancies(pro, live vacancies, k, threshold)``: (vacancy, score in tenths), best first,
        newest first on equal scores, then the higher id.

        ``penalties`` (vacancy id → tenths) rank a vacancy as if it scored that much less, never below 0; whether
        it passes the threshold, and the score returned, stay ``score_pair``'s (see ``similar_mask``)."""
        table = self.vacancies
        live = table.live(today)
        skip = np.fromiter(set(exclude), dtype=np.int64)
        if len(skip):
            live &= ~np.isin(table.ids[: table.top], skip)
        if k <= 0 or not live.any():
            return []
        tenths = score_blocks(self.encode(pro), table.block(), self.codes.free, threshold - 0.1).tenths[0]
        passing = live & (tenths / 10.0 >= threshold)
        ranked = tenths.astype(np.int64)
        for vacancy_id, amount in (penalties or {}).items():
            row = table.row_of.get(vacancy_id)
            if row is not None:
                ranked[row] = max(ranked[row] - amount, 0)
        keys = np.where(passing, ranked * table.top + table.tie_ranks(), -1)
        return [(table.objects[i], int(tenths[i])) for i in top_k(keys, k)]  # type: ignore[misc]

    def candidates_for(self, vacancy: Vacancy, k: int, threshold: float = MATCH_THRESHOLD) -> list[tuple[int, int]]:
        """``recommend_candidates`` over the professionals ``can_be_contacted`` admits (looking or open, not
        hidden): (user id, score in tenths), best first, then the lower id."""
        table = self.professionals
        top = table.top
        if k <= 0 or not len(table):
            return []
        tenths = score_blocks(table.block(), self.encode_vacancy(vacancy), self.codes.free, threshold - 0.1).tenths
        tenths = tenths[:, 0]
        eligible = table.contactable[:top] & (tenths / 10.0 >= threshold)
        keys = np.where(eligible, tenths.astype(np.int64) * top + (top - 1 - table.id_ranks()), -1)
        return [(int(table.ids[i]), int(tenths[i])) for i in top_k(keys, k)]

    def browse(
        self, today: str, economy: str | None = None, work_format: WorkFormat | None = None, level: Level | None = None,
        min_salary: int | None = None,
    ) -> list[Vacancy]:  # fmt: skip
        """Live vacancies, newest first, kept as ``VacancyFilter.accepts`` keeps them."""
        table = self.vacancies
        top = table.top
        keep = table.live(today)
        if economy is not None:
            code = self.codes.economies.get(economy)
            same = table.economy[:top] == code if code is not None else np.zeros(top, dtype=bool)
            keep = keep & (same | table.region_wide[:top])
        if work_format is not None:
            keep = keep & (table.fmt[:top] == FORMAT_BIT[work_format])
        if level is not None:
            keep = keep & (table.level[:top] == LEVEL_RANK[level])
        if min_salary is not None:
            with np.errstate(invalid="ignore"):
                keep = keep & (table.salary_reach[:top] >= min_salary)  # nan (no salary given) is left out
        order = table.newest_first()
        return [table.objects[r] for r in order[keep[order]]]  # type: ignore[misc]

    def open_courses(self, today: str) -> list[Course]:
        table = self.courses
        live = table.live(today)
        order = table.in_order()
        return [table.objects[r] for r in order[live[order]]]  # type: ignore[misc]
