"""What the match index reads: one consistent snapshot to start from, then the change feed and the rows it names.

The feed (``match_changes``, migration 009) is written by triggers on every table matching reads, so the bot's own
writes, a script's, and the cascades of an erased account all reach the index the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.storage.db import Database
from bot.storage.opportunities import (
    _OPEN_COURSES,
    _OPEN_VACANCIES,
    LiveCourse,
    courses_from,
    today,
    vacancies_from,
)

_CHUNK = 5000
_PROFESSIONAL_COLUMNS = (
    "p.user_id, p.economy, p.level, p.languages, p.work_formats, p.relocate, p.target_role, p.visibility, p.status, "
    "p.hired_where, p.created_at, (SELECT s.code FROM user_sources s WHERE s.user_id = p.user_id) AS source, "
    "p.salary_net_eur"
)


@dataclass
class ProfessionalRow:
    """What matching knows of a professional: the ``professionals`` row and the skills in their order."""

    user_id: int
    economy: str
    level: str
    languages: tuple[str, ...]
    work_formats: tuple[str, ...]
    relocate: bool
    target_role: str | None
    visibility: str
    status: str
    hired_where: str | None
    created_at: str
    source: str | None = None  # the partner link they came through (insights count people per source)
    salary_net_eur: int | None = None  # expected net EUR a month (the salary fit of the score)
    skills: list[str] = field(default_factory=list)
    free_skills: list[str] = field(default_factory=list)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(",") if v)


def _professional(row: Sequence[Any]) -> ProfessionalRow:
    user_id, economy, level, languages, formats, relocate, target, visibility, status, hired, created, source = row[:12]
    return ProfessionalRow(
        user_id, economy, level, _split(languages), _split(formats), bool(relocate), target, visibility, status,
        hired, created, source, salary_net_eur=row[12],
    )  # fmt: skip


def _with_skills(rows: list[ProfessionalRow], skills: Iterator[Sequence[Any]]) -> list[ProfessionalRow]:
    by_id = {p.user_id: p for p in rows}
    for user_id, skill_id, free_text in skills:
        p = by_id.get(user_id)
        if p is None:
            continue
        if skill_id:
            p.skills.append(skill_id)
        else:
            p.free_skills.append(free_text)
    return rows


@dataclass
class Snapshot:
    """Everything the index starts from, read in one transaction, and the feed position it corresponds to."""

    seq: int
    professionals: list[ProfessionalRow]
    vacancies: list[Any]  # Vacancy
    courses: list[LiveCourse]


def read_snapshot(path: Path) -> Snapshot:
    """Blocking: read on a connection of its own, in one read transaction (run it in a worker thread)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("BEGIN")
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM match_changes").fetchone()[0]
        # the feed position first: a change committed after it is replayed, which is harmless
        pros = [_professional(r) for r in conn.execute(f"SELECT {_PROFESSIONAL_COLUMNS} FROM professionals p")]
        skills = conn.execute("SELECT user_id, skill_id, free_text FROM professional_skills ORDER BY user_id, position")
        _with_skills(pros, skills)
        conn.row_factory = sqlite3.Row
        day = today()
        rows = conn.execute(_OPEN_VACANCIES, (day,)).fetchall()
        skills = conn.execute(
            "SELECT s.vacancy_id, s.kind, s.skill_id, s.free_text FROM vacancy_skills s "
            "JOIN vacancies v ON v.id = s.vacancy_id WHERE v.status = 'open' AND v.deadline >= ?",
            (day,),
        ).fetchall()
        vacancies = vacancies_from(rows, skills, day)
        course_rows = conn.execute(_OPEN_COURSES, (day,)).fetchall()
        course_skills = conn.execute(
            "SELECT cs.course_id, cs.skill_id FROM course_skills cs JOIN courses c ON c.id = cs.course_id "
            "WHERE c.status = 'open' AND c.deadline >= ?",
            (day,),
        ).fetchall()
        courses = courses_from(course_rows, course_skills)
        conn.execute("COMMIT")
        return Snapshot(seq, pros, vacancies, courses)
    finally:
        conn.close()


class MatchRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def snapshot(self) -> Snapshot:
        return read_snapshot(self.db.path)

    async def changes_since(self, seq: int) -> list[tuple[int, str, int]]:
        rows = await self.db.fetch_all("SELECT seq, kind, id FROM match_changes WHERE seq > ? ORDER BY seq", (seq,))
        return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def forget_changes(self, upto: int, before: str) -> None:
        """Drop feed rows already applied (seq ≤ ``upto``) that are older than ``before``: the few minutes in
        between let a second process on the same file (a deployment overlapping the old one) read them too."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "DELETE FROM match_changes WHERE seq <= ? AND changed_at < ? "
                "AND seq < (SELECT MAX(seq) FROM match_changes)",  # the newest row stays: seq must only grow
                (upto, before),
            )

    async def professionals(self, user_ids: Sequence[int]) -> list[ProfessionalRow]:
        """The professionals among ``user_ids`` as they are now; the others no longer have a profile."""
        out: list[ProfessionalRow] = []
        ids = list(user_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = [
                _professional(tuple(r))
                for r in await self.db.fetch_all(
                    f"SELECT {_PROFESSIONAL_COLUMNS} FROM professionals p WHERE p.user_id IN ({marks})", chunk
                )
            ]
            skills = await self.db.fetch_all(
                f"SELECT user_id, skill_id, free_text FROM professional_skills WHERE user_id IN ({marks}) "
                "ORDER BY user_id, position",
                chunk,
            )
            out += _with_skills(rows, iter(tuple(s) for s in skills))
        return out
