"""Supply and demand of skills across the region, for the people who plan training: figures, CSV, charts.

Privacy by aggregation: any figure that counts people and is below five is reported as "<5", in text, CSV and
charts alike, and no report names or identifies a person.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from bot.domain import ECONOMIES
from bot.matching.taxonomy import Taxonomy
from bot.storage.db import Database

MIN_PEOPLE = 5
TOP_SKILLS = 15
SUPPRESSED = "<5"
REGION = (*ECONOMIES, "abroad")


def people(count: int) -> int | str:
    """A count of people as it may be shown."""
    return count if count >= MIN_PEOPLE else SUPPRESSED


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[list[int | str]] = field(default_factory=list)

    def to_csv(self) -> bytes:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buf.getvalue().encode()


@dataclass
class Insights:
    professionals: int | str
    returnees: int | str
    hires_region: int | str
    hires_abroad: int | str
    open_vacancies: int
    open_courses: int
    digest: dict[str, int | str]
    tables: dict[str, Table]
    # raw numbers for the charts; people counts below the threshold are already zeroed
    demand_supply: list[tuple[str, int, int | None, int]]  # (skill id, demand, supply or None, courses)
    per_economy: dict[str, list[tuple[str, int, int | None]]]


class InsightsService:
    def __init__(self, db: Database, taxonomy: Taxonomy) -> None:
        self.db = db
        self.taxonomy = taxonomy

    async def _count(self, sql: str, params: tuple = ()) -> int:
        row = await self.db.fetch_one(sql, params)
        return int(row[0]) if row and row[0] is not None else 0

    async def compute(self) -> Insights:
        db = self.db
        total = await self._count("SELECT COUNT(*) FROM professionals")
        returnees = await self._count("SELECT COUNT(*) FROM professionals WHERE economy = 'abroad'")
        hires = {
            r[0]: r[1]
            for r in await db.fetch_all(
                "SELECT hired_where, COUNT(*) FROM professionals WHERE status = 'hired' GROUP BY hired_where"
            )
        }
        open_v = "v.status = 'open' AND v.deadline >= date('now') AND o.status = 'verified'"
        vacancies_by = {
            r[0]: r[1]
            for r in await db.fetch_all(
                f"SELECT v.economy, COUNT(*) FROM vacancies v JOIN organisations o ON o.id = v.organisation_id "
                f"WHERE {open_v} GROUP BY v.economy"
            )
        }
        courses_by = {
            r[0] or "online": r[1]
            for r in await db.fetch_all(
                "SELECT c.economy, COUNT(*) FROM courses c JOIN organisations o ON o.id = c.organisation_id "
                "WHERE c.status = 'open' AND c.deadline >= date('now') AND o.status = 'verified' GROUP BY c.economy"
            )
        }
        demand = {
            r[0]: r[1]
            for r in await db.fetch_all(
                "SELECT s.skill_id, COUNT(DISTINCT v.id) FROM vacancy_skills s "
                "JOIN vacancies v ON v.id = s.vacancy_id JOIN organisations o ON o.id = v.organisation_id "
                f"WHERE s.kind = 'required' AND s.skill_id IS NOT NULL AND {open_v} GROUP BY s.skill_id"
            )
        }
        supply = {
            r[0]: r[1]
            for r in await db.fetch_all(
                "SELECT skill_id, COUNT(DISTINCT user_id) FROM professional_skills WHERE skill_id IS NOT NULL "
                "GROUP BY skill_id"
            )
        }
        teaching = {
            r[0]: r[1]
            for r in await db.fetch_all(
                "SELECT cs.skill_id, COUNT(DISTINCT c.id) FROM course_skills cs JOIN courses c ON c.id = cs.course_id "
                "WHERE c.status = 'open' AND c.deadline >= date('now') GROUP BY cs.skill_id"
            )
        }
        by_economy_pro = await db.fetch_all("SELECT economy, COUNT(*) FROM professionals GROUP BY economy")
        by_level = await db.fetch_all("SELECT level, COUNT(*) FROM professionals GROUP BY level")
        by_status = await db.fetch_all("SELECT status, COUNT(*) FROM professionals GROUP BY status")
        econ_demand = await db.fetch_all(
            f"SELECT v.economy, s.skill_id, COUNT(DISTINCT v.id) FROM vacancy_skills s "
            f"JOIN vacancies v ON v.id = s.vacancy_id JOIN organisations o ON o.id = v.organisation_id "
            f"WHERE s.kind = 'required' AND s.skill_id IS NOT NULL AND {open_v} GROUP BY v.economy, s.skill_id"
        )
        econ_supply = {
            (r[0], r[1]): r[2]
            for r in await db.fetch_all(
                "SELECT p.economy, s.skill_id, COUNT(*) FROM professional_skills s "
                "JOIN professionals p ON p.user_id = s.user_id WHERE s.skill_id IS NOT NULL "
                "GROUP BY p.economy, s.skill_id"
            )
        }
        last_run = await db.fetch_one("SELECT run_id FROM digest_runs ORDER BY started_at DESC, rowid DESC LIMIT 1")
        digest_counts: dict[str, int] = {}
        if last_run:
            digest_counts = {
                r[0]: r[1]
                for r in await db.fetch_all(
                    "SELECT state, COUNT(*) FROM digest_ledger WHERE run_id = ? GROUP BY state", (last_run[0],)
                )
            }

        top = sorted(demand, key=lambda s: (-demand[s], s))[:TOP_SKILLS]
        name = lambda s: self.taxonomy.skills[s].name if s in self.taxonomy.skills else s  # noqa: E731
        tables = {
            "professionals_by_economy": Table(
                "professionals_by_economy",
                ["economy", "professionals"],
                [[e, people(n)] for e, n in sorted(tuple(r) for r in by_economy_pro)],
            ),
            "professionals_by_level": Table(
                "professionals_by_level",
                ["level", "professionals"],
                [[lv, people(n)] for lv, n in sorted(tuple(r) for r in by_level)],
            ),
            "professionals_by_status": Table(
                "professionals_by_status",
                ["status", "professionals"],
                [[st, people(n)] for st, n in sorted(tuple(r) for r in by_status)],
            ),
            "opportunities_by_economy": Table(
                "opportunities_by_economy",
                ["economy", "open_vacancies", "open_courses"],
                [[e, vacancies_by.get(e, 0), courses_by.get(e, 0)] for e in (*ECONOMIES, "online")],
            ),
            "skills_demand_supply": Table(
                "skills_demand_supply",
                ["skill_id", "skill", "open_vacancies_requiring", "professionals_with", "open_courses_teaching"],
                [[s, name(s), demand[s], people(supply.get(s, 0)), teaching.get(s, 0)] for s in top],
            ),
            "retention": Table(
                "retention",
                ["hired_in", "professionals"],
                [["region", people(hires.get("region", 0))], ["abroad", people(hires.get("abroad", 0))]],
            ),
            "digest_reach": Table(
                "digest_reach", ["state", "users"], [[st, people(n)] for st, n in sorted(digest_counts.items())]
            ),
        }
        visible = lambda n: n if n >= MIN_PEOPLE else None  # noqa: E731
        per_economy: dict[str, list[tuple[str, int, int | None]]] = {}
        for economy, skill, count in econ_demand:
            per_economy.setdefault(economy, []).append((skill, count, visible(econ_supply.get((economy, skill), 0))))
        for economy in per_economy:
            per_economy[economy] = sorted(per_economy[economy], key=lambda x: (-x[1], x[0]))[:5]
        return Insights(
            professionals=people(total),
            returnees=people(returnees),
            hires_region=people(hires.get("region", 0)),
            hires_abroad=people(hires.get("abroad", 0)),
            open_vacancies=sum(vacancies_by.values()),
            open_courses=sum(courses_by.values()),
            digest={k: people(v) for k, v in digest_counts.items()},
            tables=tables,
            demand_supply=[(s, demand[s], visible(supply.get(s, 0)), teaching.get(s, 0)) for s in top],
            per_economy=per_economy,
        )
