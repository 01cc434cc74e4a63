"""Professionals' profiles, their skills and digest schedules."""

from __future__ import annotations

from typing import Any

import aiosqlite

from bot.domain import DigestSchedule, JobStatus, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.storage.db import Database
from bot.storage.users import utc_now


def _split(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


class ProfileRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> Profile | None:
        row = await self.db.fetch_one("SELECT * FROM professionals WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        skills = await self.db.fetch_all(
            "SELECT skill_id, free_text FROM professional_skills WHERE user_id = ? ORDER BY position", (user_id,)
        )
        return self._to_profile(row, [SkillEntry(s["skill_id"], s["free_text"]) for s in skills])

    async def all_profiles(self) -> list[Profile]:
        rows = await self.db.fetch_all("SELECT * FROM professionals ORDER BY user_id")
        skill_rows = await self.db.fetch_all(
            "SELECT user_id, skill_id, free_text FROM professional_skills ORDER BY user_id, position"
        )
        by_user: dict[int, list[SkillEntry]] = {}
        for s in skill_rows:
            by_user.setdefault(s["user_id"], []).append(SkillEntry(s["skill_id"], s["free_text"]))
        return [self._to_profile(r, by_user.get(r["user_id"], [])) for r in rows]

    @staticmethod
    def _to_profile(row: aiosqlite.Row, skills: list[SkillEntry]) -> Profile:
        return Profile(
            user_id=row["user_id"], display_name=row["display_name"], economy=row["economy"], city=row["city"],
            level=Level(row["level"]), years=row["years"], languages=tuple(_split(row["languages"])),
            work_formats=tuple(WorkFormat(f) for f in _split(row["work_formats"])), relocate=bool(row["relocate"]),
            target_role=row["target_role"], visibility=Visibility(row["visibility"]), skills=tuple(skills),
            status=JobStatus(row["status"]), hired_where=row["hired_where"], created_at=row["created_at"],
            updated_at=row["updated_at"],
        )  # fmt: skip

    async def save(self, profile: Profile, schedule: DigestSchedule | None = None) -> None:
        """Create or replace the profile and its skills (and the digest schedule) in one transaction."""
        now = utc_now()
        async with self.db.transaction() as conn:
            await conn.execute(
                """
                INSERT INTO professionals (user_id, display_name, economy, city, level, years, languages,
                    work_formats, relocate, target_role, visibility, status, hired_where, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    display_name = excluded.display_name, economy = excluded.economy, city = excluded.city,
                    level = excluded.level, years = excluded.years, languages = excluded.languages,
                    work_formats = excluded.work_formats, relocate = excluded.relocate,
                    target_role = excluded.target_role, visibility = excluded.visibility,
                    status = excluded.status, hired_where = excluded.hired_where, updated_at = excluded.updated_at
                """,
                (
                    profile.user_id, profile.display_name, profile.economy, profile.city, profile.level.value,
                    profile.years, ",".join(profile.languages), ",".join(f.value for f in profile.work_formats),
                    int(profile.relocate), profile.target_role, profile.visibility.value, profile.status.value,
                    profile.hired_where, now, now,
                ),
            )  # fmt: skip
            await conn.execute("DELETE FROM professional_skills WHERE user_id = ?", (profile.user_id,))
            await conn.executemany(
                "INSERT INTO professional_skills (user_id, position, skill_id, free_text) VALUES (?, ?, ?, ?)",
                [(profile.user_id, i, s.skill_id, s.free_text) for i, s in enumerate(profile.skills)],
            )
            if schedule is not None:
                await self._save_schedule(conn, profile.user_id, schedule)

    async def save_schedule(self, user_id: int, schedule: DigestSchedule) -> None:
        async with self.db.transaction() as conn:
            await self._save_schedule(conn, user_id, schedule)

    @staticmethod
    async def _save_schedule(conn: aiosqlite.Connection, user_id: int, schedule: DigestSchedule) -> None:
        await conn.execute(
            """
            INSERT INTO digest_schedules (user_id, weekday, hour, timezone, paused) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET weekday = excluded.weekday, hour = excluded.hour,
                timezone = excluded.timezone, paused = excluded.paused
            """,
            (user_id, schedule.weekday, schedule.hour, schedule.timezone, int(schedule.paused)),
        )

    async def schedule(self, user_id: int) -> DigestSchedule | None:
        row = await self.db.fetch_one("SELECT * FROM digest_schedules WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return DigestSchedule(row["weekday"], row["hour"], row["timezone"], bool(row["paused"]))

    async def set_status(self, user_id: int, status: JobStatus, hired_where: str | None = None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE professionals SET status = ?, hired_where = ?, hired_at = ?, updated_at = ? WHERE user_id = ?",
                (status.value, hired_where, utc_now() if status is JobStatus.HIRED else None, utc_now(), user_id),
            )
            if status is JobStatus.HIRED:
                await conn.execute("UPDATE digest_schedules SET paused = 1 WHERE user_id = ?", (user_id,))

    async def record_interest(self, user_id: int, vacancy_id: int) -> bool:
        """Returns False when the interest was already recorded."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO interests (user_id, vacancy_id, created_at) VALUES (?, ?, ?)",
                (user_id, vacancy_id, utc_now()),
            )
            return cur.rowcount == 1

    async def export(self, user_id: int) -> dict[str, Any]:
        """Every row held about the user, table by table, for /mydata."""
        tables = {
            "user": "SELECT * FROM users WHERE telegram_id = ?",
            "profile": "SELECT * FROM professionals WHERE user_id = ?",
            "skills": "SELECT position, skill_id, free_text FROM professional_skills "
            "WHERE user_id = ? ORDER BY position",
            "digest_schedule": "SELECT weekday, hour, timezone, paused FROM digest_schedules WHERE user_id = ?",
            "interests": "SELECT vacancy_id, created_at FROM interests WHERE user_id = ?",
            "organisations": "SELECT o.id, o.name, m.role FROM organisation_members m "
            "JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = ?",
            "conversation_state": "SELECT name, state FROM conversation_state WHERE user_id = ?",
            "form_drafts": "SELECT data FROM user_data WHERE user_id = ?",
        }
        out: dict[str, Any] = {}
        for name, sql in tables.items():
            rows = [dict(r) for r in await self.db.fetch_all(sql, (user_id,))]
            out[name] = rows[0] if name in {"user", "profile", "digest_schedule"} and rows else rows
        return out
