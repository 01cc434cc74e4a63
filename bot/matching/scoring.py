"""How well a professional fits a vacancy: a score from 0 to 100 with the reasons behind it.

The rules (see docs/matching.md): required skills weigh most, then nice-to-have skills, level fit, work format,
location (remote from the region, or relocation within it) and languages. ``score_pair`` is the reference;
``MatchIndex`` computes the very same numbers for many pairs at once as one matrix product over skill ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from bot.domain import ABROAD, ECONOMIES, Level, Professional, Vacancy, WorkFormat

WEIGHT_REQUIRED = 50.0
WEIGHT_NICE = 15.0
WEIGHT_LEVEL = 15.0
WEIGHT_FORMAT = 6.0
WEIGHT_LOCATION = 6.0
WEIGHT_LANGUAGES = 8.0
MATCH_THRESHOLD = 60.0
FREE_TEXT_CUTOFF = 90.0

# Professional's level minus the vacancy's: exact fit is best; one step over is fine, under is a stretch.
LEVEL_FIT = {0: 1.0, 1: 0.7, -1: 0.5}
OVERQUALIFIED_FIT = 0.3
LOCATION_SAME = 1.0
LOCATION_RELOCATE = 0.7
LOCATION_ABROAD_REMOTE = 0.5
_LOCATIONS = (*ECONOMIES, ABROAD)


def level_fit(pro_level: Level, vacancy_level: Level) -> float:
    gap = pro_level.rank - vacancy_level.rank
    if gap in LEVEL_FIT:
        return LEVEL_FIT[gap]
    return OVERQUALIFIED_FIT if gap > 1 else 0.0


def location_fit(economy: str, relocate: bool, vacancy: Vacancy) -> float:
    if vacancy.work_format is WorkFormat.REMOTE and vacancy.remote_from_region:
        return LOCATION_SAME if economy != ABROAD else LOCATION_ABROAD_REMOTE
    if economy == vacancy.economy:
        return LOCATION_SAME
    return LOCATION_RELOCATE if relocate else 0.0


def _free_text_matches(wanted: Sequence[str], offered: Sequence[str]) -> list[str]:
    return [
        w for w in wanted if any(fuzz.token_sort_ratio(w.casefold(), o.casefold()) >= FREE_TEXT_CUTOFF for o in offered)
    ]


@dataclass(frozen=True)
class Match:
    vacancy: Vacancy
    score: float
    matched_required: tuple[str, ...]
    missing_required: tuple[str, ...]
    matched_nice: tuple[str, ...]
    components: dict[str, float] = field(default_factory=dict)

    @property
    def required_total(self) -> int:
        return len(self.matched_required) + len(self.missing_required)


def score_pair(pro: Professional, vacancy: Vacancy) -> Match:
    """The reference scoring of one pair, with its explanation. Skill lists hold ids or free-text leftovers."""
    matched_req = sorted(pro.skills & vacancy.required)
    missing_req = sorted(vacancy.required - pro.skills)
    matched_free = _free_text_matches(vacancy.free_required, pro.free_skills)
    missing_free = [w for w in vacancy.free_required if w not in matched_free]
    required_total = len(vacancy.required) + len(vacancy.free_required)
    required = (
        WEIGHT_REQUIRED * (len(matched_req) + len(matched_free)) / required_total if required_total else WEIGHT_REQUIRED
    )
    nice_only = vacancy.nice - vacancy.required
    matched_nice = sorted(pro.skills & nice_only)
    nice = WEIGHT_NICE * len(matched_nice) / len(nice_only) if nice_only else WEIGHT_NICE
    level = WEIGHT_LEVEL * level_fit(pro.level, vacancy.level)
    work_format = WEIGHT_FORMAT if vacancy.work_format in pro.work_formats else 0.0
    location = WEIGHT_LOCATION * location_fit(pro.economy, pro.relocate, vacancy)
    spoken = len(pro.languages & vacancy.languages)
    languages = WEIGHT_LANGUAGES * spoken / len(vacancy.languages) if vacancy.languages else WEIGHT_LANGUAGES
    components = {
        "required": required, "nice": nice, "level": level, "format": work_format,
        "location": location, "languages": languages,
    }  # fmt: skip
    return Match(
        vacancy=vacancy,
        score=round(sum(components.values()), 1),
        matched_required=(*matched_req, *matched_free),
        missing_required=(*missing_req, *missing_free),
        matched_nice=tuple(matched_nice),
        components=components,
    )


class MatchIndex:
    """Vacancies encoded as a matrix, so scoring many professionals is one float32 matrix product.

    Each professional becomes a row of 0/1 features (skills, level, formats, location, languages); each vacancy a
    row of the points each feature earns there. Their dot product is exactly ``score_pair`` for id skills;
    vacancies with free-text requirements are rescored with ``score_pair``.
    """

    def __init__(self, skill_ids: Sequence[str], vacancies: Sequence[Vacancy], languages: Sequence[str] = ()) -> None:
        self.vacancies = list(vacancies)
        self.skill_col = {s: i for i, s in enumerate(skill_ids)}
        langs = sorted({*languages, *(lang for v in self.vacancies for lang in v.languages)})
        self.lang_col = {lang: i for i, lang in enumerate(langs)}
        n_skills = len(self.skill_col)
        self._bias = n_skills
        self._level = self._bias + 1
        self._format = self._level + len(Level)
        self._location = self._format + len(WorkFormat)
        self._language = self._location + 2 * len(_LOCATIONS)
        self.width = self._language + len(self.lang_col)
        self.matrix = self._encode_vacancies()
        self.free_text = np.array([bool(v.free_required) for v in self.vacancies])
        # Newest first on (near) ties: a bonus far below the 0.1 rounding of reported scores.
        order = sorted(range(len(self.vacancies)), key=lambda i: self.vacancies[i].published_at)
        self.recency = np.zeros(len(self.vacancies), dtype=np.float32)
        self.recency[order] = np.arange(len(order), dtype=np.float32) / max(len(order), 1) * 1e-3

    def _encode_vacancies(self) -> np.ndarray:
        matrix = np.zeros((len(self.vacancies), self.width), dtype=np.float32)
        for row, v in enumerate(self.vacancies):
            required_total = len(v.required) + len(v.free_required)
            for skill in v.required:
                matrix[row, self.skill_col[skill]] = WEIGHT_REQUIRED / required_total
            nice_only = v.nice - v.required
            for skill in nice_only:
                matrix[row, self.skill_col[skill]] = WEIGHT_NICE / len(nice_only)
            bias = 0.0 if required_total else WEIGHT_REQUIRED
            bias += 0.0 if nice_only else WEIGHT_NICE
            bias += 0.0 if v.languages else WEIGHT_LANGUAGES
            matrix[row, self._bias] = bias
            for level in Level:
                matrix[row, self._level + level.rank] = WEIGHT_LEVEL * level_fit(level, v.level)
            matrix[row, self._format + list(WorkFormat).index(v.work_format)] = WEIGHT_FORMAT
            for i, economy in enumerate(_LOCATIONS):
                for relocate in (False, True):
                    col = self._location + 2 * i + int(relocate)
                    matrix[row, col] = WEIGHT_LOCATION * location_fit(economy, relocate, v)
            for lang in v.languages:
                matrix[row, self._language + self.lang_col[lang]] = WEIGHT_LANGUAGES / len(v.languages)
        return matrix

    def encode_professionals(self, pros: Sequence[Professional]) -> np.ndarray:
        rows = np.zeros((len(pros), self.width), dtype=np.float32)
        formats = list(WorkFormat)
        for row, p in enumerate(pros):
            for skill in p.skills:
                col = self.skill_col.get(skill)
                if col is not None:
                    rows[row, col] = 1.0
            rows[row, self._bias] = 1.0
            rows[row, self._level + p.level.rank] = 1.0
            for fmt in p.work_formats:
                rows[row, self._format + formats.index(fmt)] = 1.0
            rows[row, self._location + 2 * _LOCATIONS.index(p.economy) + int(p.relocate)] = 1.0
            for lang in p.languages:
                col = self.lang_col.get(lang)
                if col is not None:
                    rows[row, self._language + col] = 1.0
        return rows

    def scores(self, encoded: np.ndarray) -> np.ndarray:
        """Scores of every encoded professional (rows) against every vacancy (columns)."""
        return encoded @ self.matrix.T

    def top_k(self, encoded: np.ndarray, k: int, threshold: float = MATCH_THRESHOLD,
              chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """Per professional, the indices and scores of the k best vacancies (index -1 where fewer pass)."""
        n, m = encoded.shape[0], len(self.vacancies)
        k = min(k, m)
        top_idx = np.full((n, k), -1, dtype=np.int32)
        top_score = np.zeros((n, k), dtype=np.float32)
        if k == 0:
            return top_idx, top_score
        closed = np.array([not v.open for v in self.vacancies])
        for start in range(0, n, chunk):
            block = self.scores(encoded[start : start + chunk])
            block += self.recency
            block[:, closed] = -1.0
            rows, cols, ranks = _select_top(block, k, threshold)
            top_idx[start + rows, ranks] = cols
            top_score[start + rows, ranks] = np.round(block[rows, cols] - self.recency[cols], 1)
        return top_idx, top_score


_BLOCK = 32


def _select_top(block: np.ndarray, k: int, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The k best entries ≥ threshold of each row, as (row, column, rank) triples.

    A full per-row partition of thousands of columns is the slow part, so first bound it cheaply: split the
    columns into blocks of 32; the k-th largest block maximum is a lower bound of the row's k-th largest score,
    since k different blocks each hold a value at least that large. Only the few entries above the bound are sorted.
    """
    n, m = block.shape
    n_blocks = -(-m // _BLOCK)
    if n_blocks > k:
        padded = block
        if m % _BLOCK:
            padded = np.full((n, n_blocks * _BLOCK), -np.inf, dtype=block.dtype)
            padded[:, :m] = block
        maxima = padded.reshape(n, n_blocks, _BLOCK).max(axis=2)
        bound = np.partition(maxima, n_blocks - k, axis=1)[:, n_blocks - k]
        bound = np.maximum(bound, threshold)
    else:
        bound = np.full(n, threshold, dtype=block.dtype)
    rows, cols = np.nonzero(block >= bound[:, None])
    values = block[rows, cols]
    order = np.lexsort((-values, rows))
    rows, cols = rows[order], cols[order]
    first = np.searchsorted(rows, np.arange(n))
    ranks = np.arange(len(rows)) - first[rows]
    keep = ranks < k
    return rows[keep], cols[keep], ranks[keep]
