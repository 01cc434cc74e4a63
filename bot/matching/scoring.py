"""How well a professional fits a vacancy: a score from 0 to 100 with the reasons behind it.

The rules (see docs/matching.md): required skills weigh most (a missing one related to a held skill earns
``RELATED_CREDIT`` of it, see ``bot/matching/related.py``), then nice-to-have skills, level fit, work format,
location (remote from the region, or relocation within it) and languages. ``score_pair`` is the reference, kept
readable; the match index (``bot/matching/engine.py``) computes the very same numbers for many pairs at once,
and ``tests/unit/test_engine.py`` holds it to this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.domain import ABROAD, Level, Professional, Vacancy, WorkFormat
from bot.matching.related import RELATED_CREDIT, default_relations
from bot.matching.salary import Fit, salary_fit

WEIGHT_REQUIRED = 50.0
WEIGHT_NICE = 15.0
WEIGHT_LEVEL = 15.0
WEIGHT_FORMAT = 6.0
WEIGHT_LOCATION = 6.0
WEIGHT_LANGUAGES = 8.0
# Taken off when the vacancy's range certainly stays under the net salary the professional expects (salary.py);
# no salary data, or a range that may reach it, changes nothing.
SALARY_PENALTY = 10.0
MATCH_THRESHOLD = 60.0
FREE_TEXT_CUTOFF = 90.0

# Professional's level minus the vacancy's: exact fit is best; one step over is fine, under is a stretch.
LEVEL_FIT = {0: 1.0, 1: 0.7, -1: 0.5}
OVERQUALIFIED_FIT = 0.3
LOCATION_SAME = 1.0
LOCATION_RELOCATE = 0.7
LOCATION_ABROAD_REMOTE = 0.5


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
    # missing required skills counted as related, each with the held skill that relates it: (wanted, held)
    related_required: tuple[tuple[str, str], ...] = ()

    @property
    def required_total(self) -> int:
        return len(self.matched_required) + len(self.missing_required)


def score_pair(pro: Professional, vacancy: Vacancy) -> Match:
    """The reference scoring of one pair, with its explanation. Skill lists hold ids or free-text leftovers."""
    matched_req = sorted(pro.skills & vacancy.required)
    missing_req = sorted(vacancy.required - pro.skills)
    matched_free = _free_text_matches(vacancy.free_required, pro.free_skills)
    missing_free = [w for w in vacancy.free_required if w not in matched_free]
    relations = default_relations()
    related = [(s, bridge) for s in missing_req if (bridge := relations.bridge(pro.skills, s)) is not None]
    required_total = len(vacancy.required) + len(vacancy.free_required)
    held = len(matched_req) + len(matched_free) + RELATED_CREDIT * len(related)
    required = WEIGHT_REQUIRED * held / required_total if required_total else WEIGHT_REQUIRED
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
    # last, so that the sum of the other components is formed as before and a 0.0 here leaves it unchanged
    components["salary"] = -SALARY_PENALTY if salary_fit(pro.salary_net_eur, vacancy) is Fit.BELOW else 0.0
    return Match(
        vacancy=vacancy,
        score=round(sum(components.values()), 1),
        matched_required=(*matched_req, *matched_free),
        missing_required=(*missing_req, *missing_free),
        matched_nice=tuple(matched_nice),
        components=components,
        related_required=tuple(related),
    )
