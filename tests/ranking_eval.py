"""nDCG@5 of the bot's rankings against graded judgments (tests/data/ranking_judgments.json).

The judgments were written by hand before the related-skill credit was tuned (their notes give the grading
rule). The rankings come from the match index the bot runs (``MatchIndex.vacancies_for`` for /matches,
``candidates_for`` for /candidates), so a change to scoring shows here exactly as users would see it.

    python -m tests.ranking_eval          # one JSON line: ndcg_at_5 for /matches and /candidates, top-3 check
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from bot.domain import Level, Professional, Vacancy, WorkFormat
from bot.matching.engine import MatchIndex
from bot.matching.related import shares_or_relates
from bot.matching.taxonomy import default_taxonomy

JUDGMENTS = Path(__file__).parent / "data" / "ranking_judgments.json"
K = 5
TODAY = "2026-01-01"


@dataclass(frozen=True)
class Judged:
    vacancies: dict[str, Vacancy]
    professionals: dict[str, Professional]
    judgments: dict[str, dict[str, int]]  # vacancy → professional → grade
    pro_judgments: dict[str, dict[str, int]]  # professional → vacancy → grade


def load(path: Path = JUDGMENTS) -> Judged:
    doc = json.loads(path.read_text(encoding="utf-8"))
    vacancies = {
        v["id"]: Vacancy(
            id=n,
            title=v["title"],
            required=frozenset(v["required"]),
            nice=frozenset(v["nice"]),
            level=Level(v["level"]),
            work_format=WorkFormat(v["work_format"]),
            economy=v["economy"],
            remote_from_region=v["remote_from_region"],
            languages=frozenset(),
            published_at="2025-12-01",
            deadline="2026-12-31",
        )
        for n, v in enumerate(doc["vacancies"], start=1)
    }
    professionals = {
        p["id"]: Professional(
            id=n,
            skills=frozenset(p["skills"]),
            level=Level(p["level"]),
            economy=p["economy"],
            work_formats=frozenset(WorkFormat(f) for f in p["work_formats"]),
            relocate=p["relocate"],
        )
        for n, p in enumerate(doc["professionals"], start=1)
    }
    return Judged(vacancies, professionals, doc["judgments"], doc["pro_judgments"])


def ndcg(ranked_grades: list[int], all_grades: list[int], k: int = K) -> float:
    """Exponential gain (2^grade − 1), log2 discount; unjudged items shown count as grade 0."""

    def dcg(grades: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(all_grades, reverse=True))
    return dcg(ranked_grades) / ideal if ideal else 1.0


def evaluate(judged: Judged | None = None) -> dict[str, object]:
    judged = judged or load()
    index = MatchIndex(default_taxonomy().skill_ids)
    for v in judged.vacancies.values():
        index.vacancies.put(v)
    for p in judged.professionals.values():
        index.professionals.put(
            p.id,
            skills=p.skills,
            free_skills=(),
            level=p.level,
            economy=p.economy,
            languages=p.languages,
            work_formats=p.work_formats,
            relocate=p.relocate,
            target_role=None,
            visibility="anonymous",
            status="looking",
            hired_where=None,
            created_at="2025-01-01",
        )
    vacancy_key = {v.id: key for key, v in judged.vacancies.items()}
    pro_key = {p.id: key for key, p in judged.professionals.items()}

    pro_side = []
    top3_without_skill: list[str] = []
    for key, grades in judged.pro_judgments.items():
        pro = judged.professionals[key]
        shown = index.vacancies_for(pro, K, TODAY)
        pro_side.append(ndcg([grades.get(vacancy_key[v.id], 0) for v, _ in shown], list(grades.values())))
    for key, pro in judged.professionals.items():
        for v, _ in index.vacancies_for(pro, 3, TODAY):
            if not shares_or_relates(pro.skills, v.required | v.nice):
                top3_without_skill.append(f"{key}/{vacancy_key[v.id]}")

    vacancy_side = []
    for key, grades in judged.judgments.items():
        shown = index.candidates_for(judged.vacancies[key], K)
        vacancy_side.append(ndcg([grades.get(pro_key[i], 0) for i, _ in shown], list(grades.values())))
    return {
        "ndcg_at_5_matches": round(sum(pro_side) / len(pro_side), 3),
        "ndcg_at_5_candidates": round(sum(vacancy_side) / len(vacancy_side), 3),
        "professionals_judged": len(pro_side),
        "vacancies_judged": len(vacancy_side),
        "top3_without_shared_or_related_skill": top3_without_skill,
    }


if __name__ == "__main__":
    print(json.dumps(evaluate()))
