"""Vacancies and courses as their organisations manage them: writing the forms, status, deadlines, reminders."""

from __future__ import annotations

from typing import Any

import aiosqlite

from bot.domain import PostRef, PostStatus
from bot.storage.db import Database
from bot.storage.users import utc_now

TABLES = {"vacancy": "vacancies", "course": "courses"}
_REF_COLUMNS = "id, organisation_id, title, status, deadline, hold_reason, created_by"


def _ref(kind: str, row: Any) -> PostRef:
    return PostRef(
        kind=kind,
        id=row["id"],
        organisation_id=row["organisation_id"],
        title=row["title"],
        status=PostStatus(row["status"]),
        deadline=row["deadline"],
        hold_reason=row["hold_reason"],
        created_by=row["created_by"],
    )


def _vacancy_fields(v: dict[str, Any]) -> tuple[Any, ...]:
    """The columns a vacancy form sets, in the order both INSERT and UPDATE use."""
    salary = v.get("salary") or {}
    return (
        v["title"],
        v.get("role"),
        v["level"],
        v["type"],
        v["format"],
        v["location"]["economy"],
        v["location"]["city"],
        int(v["remote_region"]),
        salary.get("min"),
        salary.get("max"),
        salary.get("basis"),  # "gross", "net", or None when the post did not say
        ",".join(v["languages"]),
        v["deadline"],
        v["apply"],
        v.get("description", ""),
    )


async def _insert_vacancy_skills(conn: aiosqlite.Connection, vacancy_id: int, v: dict[str, Any]) -> None:
    rows = []
    for kind in ("required", "nice"):
        skills = v.get(kind) or {"ids": [], "free": []}
        rows += [(vacancy_id, kind, s, None) for s in skills["ids"]]
        rows += [(vacancy_id, kind, None, f) for f in skills["free"]]
    await conn.executemany(
        "INSERT INTO vacancy_skills (vacancy_id, kind, skill_id, free_text) VALUES (?, ?, ?, ?)", rows
    )


class PostRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create_vacancy(
        self, org_id: int, user_id: int, v: dict[str, Any], status: PostStatus, hold: str | None
    ) -> int:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO vacancies (title, role_id, level, employment_type, work_format, economy, city, "
                "remote_from_region, salary_min, salary_max, salary_basis, languages, deadline, apply, description, "
                "status, hold_reason, organisation_id, published_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_vacancy_fields(v), status.value, hold, org_id, utc_now(), user_id),
            )
            vacancy_id = int(cur.lastrowid or 0)
            await _insert_vacancy_skills(conn, vacancy_id, v)
        return vacancy_id

    async def create_course(
        self, org_id: int, user_id: int, c: dict[str, Any], status: PostStatus, hold: str | None
    ) -> int:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO courses (organisation_id, title, provider_name, level, format, economy, city, language, "
                "starts, duration, cost_eur, link, deadline, status, published_at, created_by, hold_reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    org_id,
                    c["title"],
                    c["provider"],
                    c["level"],
                    c["format"],
                    c["location"]["economy"],
                    c["location"]["city"],
                    c["language"][0],
                    c["starts"],
                    c["duration"],
                    c["cost"],
                    c["link"],
                    c["deadline"],
                    status.value,
                    utc_now(),
                    user_id,
                    hold,
                ),
            )
            course_id = int(cur.lastrowid or 0)
            await conn.executemany(
                "INSERT INTO course_skills (course_id, skill_id) VALUES (?, ?)",
                [(course_id, s) for s in c["skills"]["ids"]],
            )
        return course_id

    async def replace_vacancy(self, vacancy_id: int, v: dict[str, Any], status: PostStatus, hold: str | None) -> bool:
        """An edit: the new version replaces the old one under the same id, in one transaction.

        The status is checked again inside the transaction: an admin's takedown between the preview and Publish
        wins, and False comes back.
        """
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE vacancies SET title = ?, role_id = ?, level = ?, employment_type = ?, work_format = ?, "
                "economy = ?, city = ?, remote_from_region = ?, salary_min = ?, salary_max = ?, salary_basis = ?, "
                "languages = ?, deadline = ?, apply = ?, description = ?, status = ?, hold_reason = ? "
                "WHERE id = ? AND status IN ('open', 'pending', 'held')",
                (*_vacancy_fields(v), status.value, hold, vacancy_id),
            )
            if cur.rowcount != 1:
                return False
            await conn.execute("DELETE FROM vacancy_skills WHERE vacancy_id = ?", (vacancy_id,))
            await _insert_vacancy_skills(conn, vacancy_id, v)
        return True

    async def post(self, kind: str, post_id: int) -> PostRef | None:
        row = await self.db.fetch_one(f"SELECT {_REF_COLUMNS} FROM {TABLES[kind]} WHERE id = ?", (post_id,))
        return _ref(kind, row) if row else None

    async def posts_of(self, org_ids: list[int]) -> list[PostRef]:
        if not org_ids:
            return []
        marks = ",".join("?" * len(org_ids))
        out = []
        for kind, table in TABLES.items():
            rows = await self.db.fetch_all(
                f"SELECT {_REF_COLUMNS} FROM {table} "
                f"WHERE organisation_id IN ({marks}) AND status != 'removed' ORDER BY id DESC",
                org_ids,
            )
            out += [_ref(kind, r) for r in rows]
        return out

    async def set_status(self, kind: str, post_id: int, status: PostStatus, only_from: tuple[PostStatus, ...]) -> bool:
        """Move a post to ``status`` only if it is in one of ``only_from`` now; False when it was not."""
        marks = ",".join("?" * len(only_from))
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                f"UPDATE {TABLES[kind]} SET status = ?, hold_reason = NULL WHERE id = ? AND status IN ({marks})",
                (status.value, post_id, *(s.value for s in only_from)),
            )
            return cur.rowcount == 1

    async def set_deadline(self, kind: str, post_id: int, deadline: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(f"UPDATE {TABLES[kind]} SET deadline = ? WHERE id = ?", (deadline, post_id))
            if kind == "vacancy":
                await conn.execute("UPDATE vacancies SET reminded = 0 WHERE id = ?", (post_id,))

    async def count_open_vacancies(self, org_id: int) -> int:
        row = await self.db.fetch_one(
            "SELECT COUNT(*) FROM vacancies WHERE organisation_id = ? AND status IN ('open', 'pending', 'held')",
            (org_id,),
        )
        return int(row[0]) if row else 0

    async def count_posts_since(self, user_id: int, since: str) -> int:
        row = await self.db.fetch_one(
            "SELECT (SELECT COUNT(*) FROM vacancies WHERE created_by = ? AND published_at >= ?) + "
            "(SELECT COUNT(*) FROM courses WHERE created_by = ? AND published_at >= ?)",
            (user_id, since, user_id, since),
        )
        return int(row[0]) if row else 0

    async def held_posts(self) -> list[PostRef]:
        out = []
        for kind, table in TABLES.items():
            rows = await self.db.fetch_all(f"SELECT {_REF_COLUMNS} FROM {table} WHERE status = 'held' ORDER BY id")
            out += [_ref(kind, r) for r in rows]
        return out

    async def vacancies_due_for_reminder(self, until: str) -> list[PostRef]:
        rows = await self.db.fetch_all(
            f"SELECT {_REF_COLUMNS} FROM vacancies v WHERE status = 'open' AND reminded = 0 AND deadline <= ? "
            "AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = v.organisation_id AND o.status = 'verified')",
            (until,),
        )
        return [_ref("vacancy", r) for r in rows]

    async def mark_reminded(self, vacancy_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE vacancies SET reminded = 1 WHERE id = ?", (vacancy_id,))
