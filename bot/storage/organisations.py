"""Organisations, their members and invitations; posts written by them; reports, contact requests, admin log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.storage.db import Database
from bot.storage.users import utc_now


@dataclass(frozen=True)
class Organisation:
    id: int
    kind: str
    name: str
    economy: str
    sector: str
    website: str
    email: str
    status: str
    created_by: int | None


@dataclass(frozen=True)
class PostRef:
    kind: str  # "vacancy" or "course"
    id: int
    organisation_id: int
    title: str
    status: str
    deadline: str
    hold_reason: str | None
    created_by: int | None


def _org(row: Any) -> Organisation:
    return Organisation(
        row["id"], row["kind"], row["name"], row["economy"], row["sector"], row["website"], row["email"],
        row["status"], row["created_by"],
    )  # fmt: skip


def _vacancy_fields(v: dict[str, Any]) -> tuple[Any, ...]:
    """The columns a vacancy form sets, in the order both INSERT and UPDATE use."""
    salary = v.get("salary") or {}
    return (
        v["title"], v.get("role"), v["level"], v["type"], v["format"], v["location"]["economy"],
        v["location"]["city"], int(v["remote_region"]), salary.get("min"), salary.get("max"),
        ",".join(v["languages"]), v["deadline"], v["apply"], v.get("description", ""),
    )  # fmt: skip


async def _insert_vacancy_skills(conn: aiosqlite.Connection, vacancy_id: int, v: dict[str, Any]) -> None:
    rows = []
    for kind in ("required", "nice"):
        skills = v.get(kind) or {"ids": [], "free": []}
        rows += [(vacancy_id, kind, s, None) for s in skills["ids"]]
        rows += [(vacancy_id, kind, None, f) for f in skills["free"]]
    await conn.executemany(
        "INSERT INTO vacancy_skills (vacancy_id, kind, skill_id, free_text) VALUES (?, ?, ?, ?)", rows
    )


class OrganisationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, user_id: int, kind: str, values: dict[str, str]) -> Organisation:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO organisations (kind, name, economy, sector, website, email, status, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                (kind, values["name"], values["economy"], values["sector"], values.get("website", ""),
                 values.get("email", ""), user_id, utc_now()),
            )  # fmt: skip
            org_id = int(cur.lastrowid or 0)
            await conn.execute(
                "INSERT INTO organisation_members (organisation_id, user_id, role) VALUES (?, ?, 'owner')",
                (org_id, user_id),
            )
        org = await self.get(org_id)
        assert org is not None
        return org

    async def get(self, org_id: int) -> Organisation | None:
        row = await self.db.fetch_one("SELECT * FROM organisations WHERE id = ?", (org_id,))
        return _org(row) if row else None

    async def for_user(self, user_id: int, kind: str | None = None) -> list[tuple[Organisation, str]]:
        rows = await self.db.fetch_all(
            "SELECT o.*, m.role AS member_role FROM organisation_members m JOIN organisations o "
            "ON o.id = m.organisation_id WHERE m.user_id = ? AND (? IS NULL OR o.kind = ?) ORDER BY o.id",
            (user_id, kind, kind),
        )
        return [(_org(r), r["member_role"]) for r in rows]

    async def pending(self) -> list[Organisation]:
        return [
            _org(r) for r in await self.db.fetch_all("SELECT * FROM organisations WHERE status = 'pending' ORDER BY id")
        ]

    async def set_status(self, org_id: int, status: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE organisations SET status = ? WHERE id = ?", (status, org_id))
            if status == "verified":  # posts waiting for verification go live, unless held for a red flag
                for table in ("vacancies", "courses"):
                    await conn.execute(
                        f"UPDATE {table} SET status = 'open' WHERE organisation_id = ? AND status = 'pending'",
                        (org_id,),
                    )

    async def members(self, org_id: int) -> list[int]:
        rows = await self.db.fetch_all("SELECT user_id FROM organisation_members WHERE organisation_id = ?", (org_id,))
        return [r["user_id"] for r in rows]

    async def create_invite(self, org_id: int, user_id: int, code: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO invites (code, organisation_id, created_by, created_at) VALUES (?, ?, ?, ?)",
                (code, org_id, user_id, utc_now()),
            )

    async def use_invite(self, code: str, user_id: int) -> Organisation | None:
        """Join the organisation behind an unused code; the code is spent in the same transaction."""
        async with self.db.transaction() as conn:
            row = await (
                await conn.execute("SELECT organisation_id FROM invites WHERE code = ? AND used_by IS NULL", (code,))
            ).fetchone()
            if row is None:
                return None
            await conn.execute("UPDATE invites SET used_by = ? WHERE code = ?", (user_id, code))
            await conn.execute(
                "INSERT OR IGNORE INTO organisation_members (organisation_id, user_id, role) VALUES (?, ?, 'member')",
                (row[0], user_id),
            )
        return await self.get(row[0])

    # ------------------------------------------------------------------ posts
    async def create_vacancy(self, org_id: int, user_id: int, v: dict[str, Any], status: str, hold: str | None) -> int:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO vacancies (title, role_id, level, employment_type, work_format, economy, city, "
                "remote_from_region, salary_min, salary_max, languages, deadline, apply, description, status, "
                "hold_reason, organisation_id, published_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_vacancy_fields(v), status, hold, org_id, utc_now(), user_id),
            )
            vacancy_id = int(cur.lastrowid or 0)
            await _insert_vacancy_skills(conn, vacancy_id, v)
        return vacancy_id

    async def create_course(self, org_id: int, user_id: int, c: dict[str, Any], status: str, hold: str | None) -> int:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO courses (organisation_id, title, provider_name, level, format, economy, city, language, "
                "starts, duration, cost_eur, link, deadline, status, published_at, created_by, hold_reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (org_id, c["title"], c["provider"], c["level"], c["format"], c["location"]["economy"],
                 c["location"]["city"], c["language"][0], c["starts"], c["duration"], c["cost"], c["link"],
                 c["deadline"], status, utc_now(), user_id, hold),
            )  # fmt: skip
            course_id = int(cur.lastrowid or 0)
            await conn.executemany(
                "INSERT INTO course_skills (course_id, skill_id) VALUES (?, ?)",
                [(course_id, s) for s in c["skills"]["ids"]],
            )
        return course_id

    async def replace_vacancy(self, vacancy_id: int, v: dict[str, Any], status: str, hold: str | None) -> None:
        """An edit: the new version replaces the old one under the same id, in one transaction."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE vacancies SET title = ?, role_id = ?, level = ?, employment_type = ?, work_format = ?, "
                "economy = ?, city = ?, remote_from_region = ?, salary_min = ?, salary_max = ?, languages = ?, "
                "deadline = ?, apply = ?, description = ?, status = ?, hold_reason = ? WHERE id = ?",
                (*_vacancy_fields(v), status, hold, vacancy_id),
            )
            await conn.execute("DELETE FROM vacancy_skills WHERE vacancy_id = ?", (vacancy_id,))
            await _insert_vacancy_skills(conn, vacancy_id, v)

    async def post(self, kind: str, post_id: int) -> PostRef | None:
        table = "vacancies" if kind == "vacancy" else "courses"
        row = await self.db.fetch_one(
            f"SELECT id, organisation_id, title, status, deadline, hold_reason, created_by FROM {table} WHERE id = ?",
            (post_id,),
        )
        if row is None:
            return None
        return PostRef(kind, row["id"], row["organisation_id"], row["title"], row["status"], row["deadline"],
                       row["hold_reason"], row["created_by"])  # fmt: skip

    async def posts_of(self, org_ids: list[int]) -> list[PostRef]:
        if not org_ids:
            return []
        marks = ",".join("?" * len(org_ids))
        out = []
        for kind, table in (("vacancy", "vacancies"), ("course", "courses")):
            rows = await self.db.fetch_all(
                f"SELECT id, organisation_id, title, status, deadline, hold_reason, created_by FROM {table} "
                f"WHERE organisation_id IN ({marks}) AND status != 'removed' ORDER BY id DESC",
                org_ids,
            )
            out += [PostRef(kind, r["id"], r["organisation_id"], r["title"], r["status"], r["deadline"],
                            r["hold_reason"], r["created_by"]) for r in rows]  # fmt: skip
        return out

    async def set_post(self, kind: str, post_id: int, status: str | None = None, deadline: str | None = None) -> None:
        table = "vacancies" if kind == "vacancy" else "courses"
        async with self.db.transaction() as conn:
            if status is not None:
                await conn.execute(f"UPDATE {table} SET status = ?, hold_reason = NULL WHERE id = ?", (status, post_id))
            if deadline is not None:
                await conn.execute(f"UPDATE {table} SET deadline = ? WHERE id = ?", (deadline, post_id))
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
        for kind, table in (("vacancy", "vacancies"), ("course", "courses")):
            rows = await self.db.fetch_all(
                f"SELECT id, organisation_id, title, status, deadline, hold_reason, created_by FROM {table} "
                "WHERE status = 'held' ORDER BY id"
            )
            out += [PostRef(kind, r["id"], r["organisation_id"], r["title"], r["status"], r["deadline"],
                            r["hold_reason"], r["created_by"]) for r in rows]  # fmt: skip
        return out

    async def vacancies_due_for_reminder(self, until: str) -> list[PostRef]:
        rows = await self.db.fetch_all(
            "SELECT id, organisation_id, title, status, deadline, hold_reason, created_by FROM vacancies "
            "WHERE status = 'open' AND reminded = 0 AND deadline <= ?",
            (until,),
        )
        return [PostRef("vacancy", r["id"], r["organisation_id"], r["title"], r["status"], r["deadline"],
                        r["hold_reason"], r["created_by"]) for r in rows]  # fmt: skip

    async def mark_reminded(self, vacancy_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE vacancies SET reminded = 1 WHERE id = ?", (vacancy_id,))

    # ------------------------------------------------------------------ reports, contacts, admin log
    async def add_report(self, kind: str, post_id: int, user_id: int, reason: str) -> int:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO reports (post_kind, post_id, reported_by, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                (kind, post_id, user_id, reason, utc_now()),
            )
            return int(cur.lastrowid or 0)

    async def open_reports(self) -> list[dict[str, Any]]:
        return [dict(r) for r in await self.db.fetch_all("SELECT * FROM reports WHERE resolved = 0 ORDER BY id")]

    async def resolve_reports(self, kind: str, post_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE reports SET resolved = 1 WHERE post_kind = ? AND post_id = ?", (kind, post_id))

    async def contact_request(self, vacancy_id: int, user_id: int, requested_by: int) -> bool:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO contact_requests (vacancy_id, user_id, requested_by, created_at) "
                "VALUES (?, ?, ?, ?)",
                (vacancy_id, user_id, requested_by, utc_now()),
            )
            return cur.rowcount == 1

    async def answer_contact(self, vacancy_id: int, user_id: int, accepted: bool) -> int | None:
        """Record the answer once; returns who asked, or None if there was no pending request."""
        async with self.db.transaction() as conn:
            row = await (
                await conn.execute(
                    "SELECT requested_by FROM contact_requests "
                    "WHERE vacancy_id = ? AND user_id = ? AND status = 'pending'",
                    (vacancy_id, user_id),
                )
            ).fetchone()
            if row is None:
                return None
            await conn.execute(
                "UPDATE contact_requests SET status = ?, answered_at = ? WHERE vacancy_id = ? AND user_id = ?",
                ("accepted" if accepted else "declined", utc_now(), vacancy_id, user_id),
            )
            return int(row[0]) if row[0] is not None else 0

    async def log_admin(self, admin_id: int, action: str, target: str, reason: str = "") -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO admin_actions (admin_id, action, target, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                (admin_id, action, target, reason, utc_now()),
            )

    async def block_user(self, user_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE users SET blocked = 1 WHERE telegram_id = ?", (user_id,))
            await conn.execute(
                "UPDATE vacancies SET status = 'removed' WHERE created_by = ? AND status != 'closed'", (user_id,)
            )
            await conn.execute(
                "UPDATE courses SET status = 'removed' WHERE created_by = ? AND status != 'closed'", (user_id,)
            )
