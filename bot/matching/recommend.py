"""What to show a person: the best vacancies, the best candidates, the courses that close a gap, the next role."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.domain import ABROAD, Course, Professional, Vacancy
from bot.matching.scoring import MATCH_THRESHOLD, Match, score_pair
from bot.matching.taxonomy import Role


def recommend_vacancies(
    pro: Professional, vacancies: Iterable[Vacancy], k: int = 10, threshold: float = MATCH_THRESHOLD
) -> list[Match]:
    """The k best open vacancies scoring at least ``threshold``; newest first on equal scores."""
    matches = [m for v in vacancies if v.open and (m := score_pair(pro, v)).score >= threshold]
    matches.sort(key=lambda m: m.vacancy.published_at, reverse=True)
    matches.sort(key=lambda m: m.score, reverse=True)
    return matches[:k]


@dataclass(frozen=True)
class Candidate:
    professional: Professional
    match: Match


def recommend_candidates(
    vacancy: Vacancy, pros: Iterable[Professional], k: int = 10, threshold: float = MATCH_THRESHOLD
) -> list[Candidate]:
    """The k best professionals for a vacancy, only among those whose owners let employers see them."""
    found = [Candidate(p, m) for p in pros if p.visible and (m := score_pair(p, vacancy)).score >= threshold]
    found.sort(key=lambda c: (-c.match.score, c.professional.id))
    return found[:k]


@dataclass(frozen=True)
class GapPlan:
    courses: tuple[tuple[Course, frozenset[str]], ...]  # each course with the missing skills it covers
    uncovered: frozenset[str]


def close_gap(
    missing: Iterable[str],
    courses: Sequence[Course],
    languages: Iterable[str] = ("en",),
    economy: str | None = None,
    limit: int | None = None,
) -> GapPlan:
    """Greedy set cover of the missing skills: each step takes the course covering most of what is left.

    Among courses covering as much, prefer free, then in the region (the person's economy or online), then in a
    language the person reads, then the soonest start. ``limit`` stops after that many courses (a digest shows
    three); ``uncovered`` is then what those leave.
    """
    left = set(missing)
    spoken = set(languages)
    chosen: list[tuple[Course, frozenset[str]]] = []
    # everything in the preference but the coverage is fixed for the call: work it out once per course
    pool = [(c, _standing(c, spoken, economy)) for c in courses if not left.isdisjoint(c.skills)]
    while left and pool and (limit is None or len(chosen) < limit):
        best = max(range(len(pool)), key=lambda i: (len(pool[i][0].skills & left), pool[i][1]))
        course = pool.pop(best)[0]
        covered = frozenset(course.skills & left)
        if not covered:
            break
        chosen.append((course, covered))
        left -= covered
    return GapPlan(tuple(chosen), frozenset(left))


def _standing(course: Course, spoken: set[str], economy: str | None) -> tuple:
    in_region = course.economy is None or (economy not in (None, ABROAD) and course.economy == economy)
    return (
        int(course.free), int(in_region), int(course.language in spoken), _invert(course.starts or "9999-12-31"),
        -course.id,
    )  # fmt: skip


@lru_cache(maxsize=4096)
def _invert(iso_date: str) -> str:
    """Sort key that makes an earlier ISO date compare greater, for use inside ``max``."""
    return "".join(chr(0x10FFFF - ord(c)) for c in iso_date)


@dataclass(frozen=True)
class RoleHint:
    role: Role
    have: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def coverage(self) -> float:
        return len(self.have) / len(self.role.skills) if self.role.skills else 0.0


def next_role(pro: Professional, roles: Iterable[Role]) -> RoleHint | None:
    """The person's target ECSF role if set, else the closest one they have not fully reached yet."""
    hints = [
        RoleHint(r, tuple(s for s in r.skills if s in pro.skills), tuple(s for s in r.skills if s not in pro.skills))
        for r in roles
    ]
    if not hints:
        return None
    if pro.target_role:
        target = next((h for h in hints if h.role.id == pro.target_role), None)
        if target is not None:
            return target
    open_hints = [h for h in hints if h.missing] or hints
    return max(open_hints, key=lambda h: (h.coverage, -len(h.missing), h.role.id))
