"""Organisations, vacancies and courses as the matching side sees them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from bot.domain import Course, Level, SalaryBasis, Vacancy, WorkFormat
from bot.storage.db import Database
from bot.storage.users import utc_now


def today() -> str:
    return datetime.now(UTC).date().isoformat()


_OPEN_VACANCIES = """
    SELECT v.*, o.name AS organisation_name, o.status AS organisation_status
    FROM vacancies v JOIN organisations o ON o.id = v.organisation_id
    WHERE v.status = 'open' AND o.status = 'verified' AND v.deadline >= ?
"""


def _live(row: aiosqlite.Row, today_iso: str) -> bool:
    """Open, before its deadline, of a verified organisation: only then does a vacancy reach anyone."""
    return row["status"] == "open" and row["deadline"] >= today_iso and row["organisation_status"] == "verified"


_OPEN_COURSES = """
    SELECT c.* FROM courses c JOIN organisations o ON o.id = c.organisation_id
    WHERE c.status = 'open' AND o.status = 'verified' AND c.deadline >= ?
"""
_CHUNK = 5000  # ids per IN (...) list, well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class LiveCourse:
    """An open course of a verified organisation, with what the digest and the match index also need."""

    course: Course
    organisation_id: int
    published_at: str


def vacancies_from(rows: Iterable[Any], skills: Iterable[Any], today_iso: str) -> list[Vacancy]:
    """Vacancies from their rows (joined with the organisation's name and status) and their skill rows."""
    by_vacancy: dict[int, dict[str, list[str]]] = {}
    for s in skills:
        slot = by_vacancy.setdefault(
            s["vacancy_id"], {"required": [], "nice": [], "free_required": [], "free_nice": []}
        )
        if s["skill_id"]:
            slot[s["kind"]].append(s["skill_id"])
        else:
            slot["free_" + s["kind"]].append(s["free_text"])
    out = []
    for r in rows:
        slot = by_vacancy.get(r["id"], {})
        out.append(
            Vacancy(
                id=r["id"], title=r["title"], required=frozenset(slot.get("required", [])),
                nice=frozenset(slot.get("nice", [])), level=Level(r["level"]),
                work_format=WorkFormat(r["work_format"]), economy=r["economy"],
                remote_from_region=bool(r["remote_from_region"]), languages=frozenset(r["languages"].split(",")),
                free_required=tuple(slot.get("free_required", [])), published_at=r["published_at"],
                open=_live(r, today_iso), organisation=r["organisation_name"],
                organisation_id=r["organisation_id"], city=r["city"], employment_type=r["employment_type"],
                role_id=r["role_id"], salary_min=r["salary_min"], salary_max=r["salary_max"],
                salary_basis=SalaryBasis(r["salary_basis"]) if r["salary_basis"] else None,
                deadline=r["deadline"], apply=r["apply"], description=r["description"],
                free_nice=tuple(slot.get("free_nice", [])),
            )
        )  # fmt: skip
    return out


def courses_from(rows: Iterable[Any], skills: Iterable[Any]) -> list[LiveCourse]:
    by_course: dict[int, set[str]] = {}
    for s in skills:
        by_course.setdefault(s["course_id"], set()).add(s["skill_id"])
    return [
        LiveCourse(
            Course(
                id=r["id"], title=r["title"], provider=r["provider_name"], skills=frozenset(by_course.get(r["id"], ())),
                free=r["cost_eur"] == 0, economy=r["economy"], language=r["language"], starts=r["starts"],
                link=r["link"], level=r["level"], format=r["format"], cost_eur=r["cost_eur"],
                duration=r["duration"], deadline=r["deadline"],
            ),
            r["organisation_id"],
            r["published_at"],
        )
        for r in rows
    ]  # fmt: skip


class OpportunityRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def open_vacancies(self, on: str | None = None) -> list[Vacancy]:
        rows = await self.db.fetch_all(_OPEN_VACANCIES + " ORDER BY v.published_at DESC, v.id DESC", (on or today(),))
        return await self._with_skills(rows)

    async def vacancy(self, vacancy_id: int) -> Vacancy | None:
        rows = await self.db.fetch_all(
            "SELECT v.*, o.name AS organisation_name, o.status AS organisation_status FROM vacancies v "
            "JOIN organisations o ON o.id = v.organisation_id WHERE v.id = ?",
            (vacancy_id,),
        )
        found = await self._with_skills(rows)
        return found[0] if found else None

    async def _with_skills(self, rows: list[aiosqlite.Row]) -> list[Vacancy]:
        if not rows:
            return []
        skills: list[aiosqlite.Row] = []
        ids = [r["id"] for r in rows]
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            skills += await self.db.fetch_all(
                f"SELECT vacancy_id, kind, skill_id, free_text FROM vacancy_skills WHERE vacancy_id IN ({marks})",
                chunk,
            )
        return vacancies_from(rows, skills, today())

    async def live_vacancies(self, ids: Sequence[int] = (), org_ids: Sequence[int] = ()) -> list[Vacancy]:
        """The vacancies among ``ids``, or of the organisations ``org_ids``, that are live now (open, deadline not
        passed, organisation verified); what the match index reloads after a change."""
        found: list[aiosqlite.Row] = []
        for column, values in (("v.id", list(ids)), ("v.organisation_id", list(org_ids))):
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                found += await self.db.fetch_all(
                    _OPEN_VACANCIES + f" AND {column} IN ({','.join('?' * len(chunk))})", (today(), *chunk)
                )
        return await self._with_skills(found)

    async def live_courses(self, ids: Sequence[int] = (), org_ids: Sequence[int] = ()) -> list[LiveCourse]:
        """Like ``live_vacancies``, for courses: each with its organisation and publication time."""
        found: list[aiosqlite.Row] = []
        for column, values in (("c.id", list(ids)), ("c.organisation_id", list(org_ids))):
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                found += await self.db.fetch_all(
                    _OPEN_COURSES + f" AND {column} IN ({','.join('?' * len(chunk))})", (today(), *chunk)
                )
        skills: list[aiosqlite.Row] = []
        course_ids = [r["id"] for r in found]
        for start in range(0, len(course_ids), _CHUNK):
            chunk = course_ids[start : start + _CHUNK]
            skills += await self.db.fetch_all(
                f"SELECT course_id, skill_id FROM course_skills WHERE course_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        return courses_from(found, skills)

    async def open_courses(self, on: str | None = None) -> list[Course]:
        rows = await self.db.fetch_all(_OPEN_COURSES + " ORDER BY c.starts, c.id", (on or today(),))
        if not rows:
            return []
        skills = await self.db.fetch_all(
            "SELECT cs.course_id, cs.skill_id FROM course_skills cs JOIN courses c ON c.id = cs.course_id "
            "JOIN organisations o ON o.id = c.organisation_id "
            "WHERE c.status = 'open' AND o.status = 'verified' AND c.deadline >= ?",
            (on or today(),),
        )
        return [live.course for live in courses_from(rows, skills)]

    async def load_samples(self, doc: dict[str, Any]) -> dict[str, int]:
        """Insert the sample organisations, vacancies and courses of ``seed_data``; idempotent by name/title."""
        counts = {"organisations": 0, "vacancies": 0, "courses": 0}
        now = utc_now()
        async with self.db.transaction() as conn:
            org_ids: dict[str, int] = {}
            for org in doc.get("organisations", []):
                row = await (
                    await conn.execute("SELECT id FROM organisations WHERE name = ?", (org["name"],))
                ).fetchone()
                if row:
                    org_ids[org["key"]] = row[0]
                    continue
                cur = await conn.execute(
                    "INSERT INTO organisations (kind, name, economy, sector, website, email, status, is_sample, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, 'verified', 1, ?)",
                    (org["kind"], org["name"], org["economy"], org["sector"], org.get("website", ""),
                     org.get("email", ""), now),
                )  # fmt: skip
                org_ids[org["key"]] = int(cur.lastrowid or 0)
                counts["organisations"] += 1
            for v in doc.get("vacancies", []):
                oid = org_ids[v["organisation"]]
                exists = await (
                    await conn.execute(
                        "SELECT 1 FROM vacancies WHERE organisation_id = ? AND title = ?", (oid, v["title"])
                    )
                ).fetchone()
                if exists:
                    continue
                cur = await conn.execute(
                    "INSERT INTO vacancies (organisation_id, title, role_id, level, employment_type, work_format, "
                    "economy, city, remote_from_region, salary_min, salary_max, languages, deadline, apply, "
                    "description, status, published_at, salary_basis) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                    (oid, v["title"], v.get("role"), v["level"], v.get("type", "full_time"), v["work_format"],
                     v["economy"], v.get("city", ""), int(v.get("remote_from_region", False)), v.get("salary_min"),
                     v.get("salary_max"), ",".join(v["languages"]), v["deadline"], v["apply"],
                     v.get("description", ""), v.get("published_at", now), v.get("salary_basis")),
                )  # fmt: skip
                await self._insert_vacancy_skills(conn, int(cur.lastrowid or 0), v["required"], v.get("nice", []))
                counts["vacancies"] += 1
            for c in doc.get("courses", []):
                oid = org_ids[c["organisation"]]
                exists = await (
                    await conn.execute(
                        "SELECT 1 FROM courses WHERE organisation_id = ? AND title = ?", (oid, c["title"])
                    )
                ).fetchone()
                if exists:
                    continue
                cur = await conn.execute(
                    "INSERT INTO courses (organisation_id, title, provider_name, level, format, economy, city, "
                    "language, starts, duration, cost_eur, link, deadline, status, published_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
                    (oid, c["title"], c["provider"], c["level"], c["format"], c.get("economy"), c.get("city", ""),
                     c["language"], c.get("starts", ""), c.get("duration", ""), c.get("cost_eur", 0),
                     c.get("link", ""), c["deadline"], c.get("published_at", now)),
                )  # fmt: skip
                await conn.executemany(
                    "INSERT INTO course_skills (course_id, skill_id) VALUES (?, ?)",
                    [(cur.lastrowid, s) for s in c["skills"]],
                )
                counts["courses"] += 1
        return counts

    @staticmethod
    async def _insert_vacancy_skills(
        conn: aiosqlite.Connection, vacancy_id: int, required: Iterable[str], nice: Iterable[str]
    ) -> None:
        await conn.executemany(
            "INSERT INTO vacancy_skills (vacancy_id, kind, skill_id) VALUES (?, ?, ?)",
            [(vacancy_id, "required", s) for s in required] + [(vacancy_id, "nice", s) for s in nice],
        )
