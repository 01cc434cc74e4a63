"""Supply and demand of skills across the region, for the people who plan training: figures, CSV, charts.

Privacy by aggregation: no report names or identifies a person, and a count of 1–4 people is never shown, nor can it
be worked out by subtracting shown figures from each other. Every count of people goes through one
``suppress`` call (``bot/services/suppression.py``, rule in ``docs/insights.md``) together with every sum the
outputs let a reader form: the total against each breakdown (economy, level, status), the number hired against
hires in the region and abroad, each skill's supply against the per-economy supply in the chart, the total
against the professionals each partner source brought (and each source's people against its professionals), and
the retention figures' totals against their economies and levels, and hires against those still in the region.
Hidden counts read ``x`` in text, CSV and charts alike, whatever their size, so the marker tells nothing either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.domain import ECONOMIES, Level
from bot.matching.taxonomy import Taxonomy
from bot.services.hires import PUBLISHED as RETENTION_FIGURES
from bot.services.hires import HireService, retention_cells, retention_key
from bot.services.matching import MatchingService
from bot.services.reach import source_cells
from bot.services.suppression import MIN_PEOPLE, Relation, suppress
from bot.storage.db import Database
from bot.storage.insights import InsightsRepository
from bot.storage.reach import ReachRepository

__all__ = ["MIN_PEOPLE", "SUPPRESSED", "Insights", "InsightsService", "Table", "people"]

TOP_SKILLS = 15
TOP_PER_ECONOMY = 5
SUPPRESSED = "x"  # one marker for every hidden count, small or hidden to protect a small one
REGION = (*ECONOMIES, "abroad")

CellKey = tuple[str, ...]


def people(count: int) -> int | str:
    """A count of people that takes part in no published sum, as it may be shown (0 is nobody, so it is shown)."""
    return count if count == 0 or count >= MIN_PEOPLE else SUPPRESSED


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
    # raw numbers for the charts; hidden counts of people are None
    demand_supply: list[tuple[str, int, int | None, int]]  # (skill id, demand, supply or None, courses)
    per_economy: dict[str, list[tuple[str, int, int | None]]]
    # the retention loop's totals: hires in the region, in the region at 6 and 12 months, came back from abroad
    retention: dict[str, int | str] = field(default_factory=dict)


class InsightsService:
    def __init__(self, db: Database, taxonomy: Taxonomy, matching: MatchingService, hires: HireService) -> None:
        self.db = db
        self.taxonomy = taxonomy
        self.matching = matching
        self.hires = hires
        self.repo = InsightsRepository(db)
        self.reach = ReachRepository(db)

    async def compute(self) -> Insights:
        # Live demand (vacancies, their required skills, per economy) and the professionals' supply per economy and
        # skill come from the match index, which holds them already; a skill's supply is the sum of its supply per
        # economy (everyone has one economy), so the chart's per-economy supply and the table's add up exactly.
        # The breakdowns of professionals (economy, level, status, where hired, partner source) come from the index
        # too, from one moment, so that totals and parts add up (suppression relies on that).
        figures = await self.matching.figures()
        groups = figures.groups
        vacancies_by = figures.vacancies_by_economy
        courses_by: dict[str, int] = {}
        for economy, count in figures.courses_by_economy.items():
            courses_by[economy or "online"] = courses_by.get(economy or "online", 0) + count
        demand = figures.demand
        teaching = await self.repo.teaching()
        econ_demand = figures.econ_demand
        econ_supply = figures.econ_supply
        supply: dict[str, int] = {}
        for (_, skill), count in econ_supply.items():
            supply[skill] = supply.get(skill, 0) + count
        digest_counts = await self.repo.last_digest_counts()

        top = sorted(demand, key=lambda s: (-demand[s], s))[:TOP_SKILLS]
        per_economy_shown: dict[str, list[tuple[str, int]]] = {}
        for economy, skill, count in econ_demand:
            per_economy_shown.setdefault(economy, []).append((skill, count))
        for economy in per_economy_shown:
            per_economy_shown[economy] = sorted(per_economy_shown[economy], key=lambda x: (-x[1], x[0]))[
                :TOP_PER_ECONOMY
            ]

        cells, relations, unpublished = _people_cells(groups, supply, econ_supply, top, per_economy_shown)
        sources = await self.reach.sources()
        more_cells, more_relations, more_unpublished = source_cells(
            groups, await self.reach.people_without_profile(), sources
        )
        cells, relations, unpublished = cells | more_cells, relations + more_relations, unpublished | more_unpublished
        more_cells, more_relations, more_unpublished = retention_cells(await self.hires.retention_rows())
        cells, relations, unpublished = cells | more_cells, relations + more_relations, unpublished | more_unpublished
        hidden = suppress(cells, relations, unpublished=unpublished)

        def shown(key: CellKey) -> int | str:
            return SUPPRESSED if key in hidden else cells[key]

        def drawn(key: CellKey) -> int | None:
            return None if key in hidden else cells[key]

        def breakdown(dimension: str) -> list[list[int | str]]:
            return [[key[1], shown(key)] for key in sorted(k for k in cells if k[0] == dimension)]

        name = lambda s: self.taxonomy.skills[s].name if s in self.taxonomy.skills else s  # noqa: E731
        tables = {
            "professionals_by_economy": Table(
                "professionals_by_economy", ["economy", "professionals"], breakdown("economy")
            ),
            "professionals_by_level": Table("professionals_by_level", ["level", "professionals"], breakdown("level")),
            "professionals_by_status": Table(
                "professionals_by_status", ["status", "professionals"], breakdown("status")
            ),
            "opportunities_by_economy": Table(
                "opportunities_by_economy",
                ["economy", "open_vacancies", "open_courses"],
                [[e, vacancies_by.get(e, 0), courses_by.get(e, 0)] for e in (*ECONOMIES, "online")],
            ),
            "skills_demand_supply": Table(
                "skills_demand_supply",
                ["skill_id", "skill", "open_vacancies_requiring", "professionals_with", "open_courses_teaching"],
                [[s, name(s), demand[s], shown(("supply", s)), teaching.get(s, 0)] for s in top],
            ),
            "retention": Table(
                "retention",
                ["hired_in", "professionals"],
                [["region", shown(("hired_in", "region"))], ["abroad", shown(("hired_in", "abroad"))]],
            ),
            "retention_by_economy": _retention_table("economy", (*ECONOMIES, "all"), shown),
            "retention_by_level": _retention_table("level", (*(level.value for level in Level), "all"), shown),
            "sources": Table(
                "sources",
                ["code", "source", "people", "professionals"],
                [[s.code, s.name, shown(("source_people", s.code)), shown(("source_pros", s.code))] for s in sources],
            ),
            "digest_reach": Table(
                "digest_reach", ["state", "users"], [[st, people(n)] for st, n in sorted(digest_counts.items())]
            ),
        }
        per_economy = {
            economy: [(skill, count, drawn(("economy_supply", economy, skill))) for skill, count in entries]
            for economy, entries in per_economy_shown.items()
        }
        return Insights(
            professionals=shown(("professionals",)),
            returnees=shown(("economy", "abroad")) if ("economy", "abroad") in cells else 0,
            hires_region=shown(("hired_in", "region")),
            hires_abroad=shown(("hired_in", "abroad")),
            open_vacancies=sum(vacancies_by.values()),
            open_courses=sum(courses_by.values()),
            digest={k: people(v) for k, v in digest_counts.items()},
            tables=tables,
            demand_supply=[(s, demand[s], drawn(("supply", s)), teaching.get(s, 0)) for s in top],
            per_economy=per_economy,
            retention={m: shown(retention_key(m, "all", "all")) for m in RETENTION_FIGURES},
        )


RETENTION_HEADER = ["hires_in_region", "in_region_after_6_months", "in_region_after_12_months", "came_back_from_abroad"]


def _retention_table(dimension: str, values: Sequence[str], shown: Any) -> Table:
    """One row per economy (or level) and one for all: the retention figures as published (``x`` when hidden)."""
    rows: list[list[int | str]] = []
    for value in values:
        group = ("all", "all") if value == "all" else (dimension, value)
        rows.append([value, *(shown(retention_key(m, *group)) for m in RETENTION_FIGURES)])
    return Table(f"retention_by_{dimension}", [dimension, *RETENTION_HEADER], rows)


def _people_cells(
    groups: Sequence[Sequence[Any]],
    supply: Mapping[str, int],
    econ_supply: Mapping[tuple[str, str], int],
    top: Sequence[str],
    per_economy_shown: Mapping[str, Sequence[tuple[str, int]]],
) -> tuple[dict[CellKey, int], list[Relation[CellKey]], set[CellKey]]:
    """Every count of people the outputs publish, every sum a reader can form from them, and the unshown parts.

    Listing the sums here, next to the counts, is what makes suppression complete: a sum left out is a subtraction
    nobody guards. Digest reach is left out on purpose: its states have no published total.
    """
    cells: dict[CellKey, int] = {("professionals",): 0}
    hires: dict[str | None, int] = {}
    for economy, level, status, hired_where, count, *_ in groups:
        cells[("professionals",)] += count
        for key in (("economy", economy), ("level", level), ("status", status)):
            cells[key] = cells.get(key, 0) + count
        if status == "hired":
            hires[hired_where] = hires.get(hired_where, 0) + count
    relations = [
        Relation(("professionals",), tuple(k for k in cells if k[0] == dimension))
        for dimension in ("economy", "level", "status")
    ]
    # Hires in the region and abroad are parts of "hired", with the hires of no stated place, which are not shown.
    # With nobody hired all are 0 and there is nothing to guard.
    region, abroad, unstated = ("hired_in", "region"), ("hired_in", "abroad"), ("hired_in", "unstated")
    cells[region], cells[abroad] = hires.get("region", 0), hires.get("abroad", 0)
    unpublished: set[CellKey] = set()
    if ("status", "hired") in cells:
        cells[unstated] = cells[("status", "hired")] - cells[region] - cells[abroad]
        unpublished.add(unstated)
        relations.append(Relation(("status", "hired"), (region, abroad, unstated)))
    # A skill's supply in the table is the sum of its supply per economy, some of which the chart draws.
    for skill in top:
        cells[("supply", skill)] = supply.get(skill, 0)
    drawn_parts: dict[str, list[CellKey]] = {}
    for economy, entries in per_economy_shown.items():
        for skill, _ in entries:
            key = ("economy_supply", economy, skill)
            cells[key] = econ_supply.get((economy, skill), 0)
            drawn_parts.setdefault(skill, []).append(key)
    for skill, parts in drawn_parts.items():
        if skill in top:
            undrawn = ("economy_supply", "undrawn", skill)  # economies the chart does not draw for this skill
            cells[undrawn] = cells[("supply", skill)] - sum(cells[k] for k in parts)
            unpublished.add(undrawn)
            relations.append(Relation(("supply", skill), (*parts, undrawn)))
    return cells, relations, unpublished
