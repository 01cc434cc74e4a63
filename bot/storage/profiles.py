"""Professionals' profiles, their skills and digest schedules; and every user's data rights: export and erasure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.domain import DigestSchedule, JobStatus, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.storage.db import Database
from bot.storage.users import utc_now

#: What /mydata shows instead of someone else's Telegram id (the employer who asked, the colleague who joined):
#: the right to one's own data is not a way to learn other people's accounts.
OTHER_USER = "another user"


@dataclass(frozen=True)
class UserRows:
    """The rows of one table that are about a user, and the /mydata section they are exported under.

    ``columns`` are the table's columns that hold a Telegram user id, whether or not a foreign key says so; a row
    belongs to the user when any of them is the user. ``where`` replaces that condition when rows also reach the
    user another way (``?1`` is the user's id); ``select`` adds derived columns; ``single`` tables hold at most one
    row per user and are exported as an object.
    """

    table: str
    columns: tuple[str, ...]
    section: str
    single: bool = False
    where: str = ""
    select: str = "*"
    order: str = "rowid"

    def sql(self) -> str:
        where = self.where or " OR ".join(f"{column} = ?1" for column in self.columns)
        return f"SELECT {self.select} FROM {self.table} WHERE {where} ORDER BY {self.order}"

    def shown(self, row: dict[str, Any], user_id: int) -> dict[str, Any]:
        """The row as exported: other people's Telegram ids in the user-id columns are masked."""
        for column in self.columns:
            if row.get(column) not in (None, user_id):
                row[column] = OTHER_USER
        return row


#: Every place the schema keeps a user's Telegram id: the one list that /mydata exports and that
#: tests/integration/test_data_rights.py checks against the live schema (foreign keys to users and to
#: professionals(user_id), plus the id columns without a foreign key). A new table that references users fails
#: that test until it is added here or to NO_USER_ROWS with a reason.
USER_ROWS: tuple[UserRows, ...] = (
    UserRows("users", ("telegram_id",), "user", single=True),
    UserRows("professionals", ("user_id",), "profile", single=True),
    UserRows("professional_skills", ("user_id",), "skills", order="position"),
    UserRows("digest_schedules", ("user_id",), "digest_schedule", single=True),
    UserRows("interests", ("user_id",), "interests"),
    UserRows("match_feedback", ("user_id",), "match_feedback"),
    UserRows("candidate_tokens", ("user_id",), "candidate_tokens"),
    UserRows("contact_requests", ("user_id", "requested_by"), "contact_requests"),
    # Organisations the user created or belongs to, in full: what they typed, its status, and their role.
    UserRows(
        "organisations",
        ("created_by",),
        "organisations",
        where="created_by = ?1 OR id IN (SELECT organisation_id FROM organisation_members WHERE user_id = ?1)",
        select="*, (SELECT role FROM organisation_members m WHERE m.organisation_id = organisations.id "
        "AND m.user_id = ?1) AS your_role",
        order="id",
    ),
    UserRows("organisation_members", ("user_id",), "memberships"),
    UserRows("invites", ("created_by", "used_by"), "invites"),
    UserRows("vacancies", ("created_by",), "vacancies_posted", order="id"),
    UserRows("courses", ("created_by",), "courses_posted", order="id"),
    UserRows("reports", ("reported_by",), "reports_filed", order="id"),
    # admin_id has no foreign key (the log outlives an admin); a block is logged against its target as 'user:<id>'.
    UserRows(
        "admin_actions", ("admin_id",), "admin_actions", where="admin_id = ?1 OR target = 'user:' || ?1", order="id"
    ),
    UserRows("digest_ledger", ("user_id",), "digest_ledger", order="period"),
    UserRows("conversation_state", ("user_id",), "conversation_state"),
    UserRows("user_data", ("user_id",), "form_drafts"),
    # The partner link the user first came through, and the source codes they made as an admin.
    UserRows("user_sources", ("user_id",), "came_through", single=True),
    UserRows("sources", ("created_by",), "sources_created", order="created_at"),
    # Hires the user reported (or their organisation did), and their answers to the 6- and 12-month check-ins.
    UserRows("hires", ("user_id",), "hires", order="id"),
    UserRows("hire_followups", ("user_id",), "hire_followups", order="hire_id, month"),
)

#: Tables left out of /mydata on purpose, and why: none of them holds a user id.
NO_USER_ROWS: dict[str, str] = {
    "chat_data": "never written: the persistence keeps no chat data (store_data chat_data=False)",
    "processed_updates": "update ids and times only, for replay protection; no user column",
    "leases": "which process runs digests; no user column",
    "digest_runs": "one row per digest run, not per user; the per-user rows are in digest_ledger",
    "vacancy_skills": "what a vacancy asks for, not about a person; the vacancy is in vacancies_posted",
    "course_skills": "what a course teaches, not about a person; the course is in courses_posted",
    "share_codes": "a post's link code and when it went to the channel; no user column",
    "match_changes": "which profiles and posts changed, for the in-memory match index; a row names a profile by its "
    "user id only until the index has applied it and ten minutes have passed",
}

# Organisations in which the user is the last member who is not blocked: erasing the user leaves nobody to
# answer for their posts, read the consents sent to them, or keep the contact details current.
_LEFT_ALONE = """
    SELECT o.id, o.name FROM organisation_members m JOIN organisations o ON o.id = m.organisation_id
    WHERE m.user_id = ?1 AND o.status != 'closed' AND NOT EXISTS (
        SELECT 1 FROM organisation_members other JOIN users u ON u.telegram_id = other.user_id
        WHERE other.organisation_id = o.id AND other.user_id != ?1 AND u.blocked = 0
    )
    ORDER BY o.id
"""


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

    async def get_many(self, user_ids: list[int]) -> dict[int, Profile]:
        """The profiles among ``user_ids`` (two queries, whatever their number; keep it to a page's worth)."""
        if not user_ids:
            return {}
        marks = ",".join("?" * len(user_ids))
        rows = await self.db.fetch_all(f"SELECT * FROM professionals WHERE user_id IN ({marks})", user_ids)
        skill_rows = await self.db.fetch_all(
            f"SELECT user_id, skill_id, free_text FROM professional_skills WHERE user_id IN ({marks}) "
            "ORDER BY user_id, position",
            user_ids,
        )
        by_user: dict[int, list[SkillEntry]] = {}
        for s in skill_rows:
            by_user.setdefault(s["user_id"], []).append(SkillEntry(s["skill_id"], s["free_text"]))
        return {r["user_id"]: self._to_profile(r, by_user.get(r["user_id"], [])) for r in rows}

    @staticmethod
    def _to_profile(row: aiosqlite.Row, skills: list[SkillEntry]) -> Profile:
        return Profile(
            user_id=row["user_id"], display_name=row["display_name"], economy=row["economy"], city=row["city"],
            level=Level(row["level"]), years=row["years"], languages=tuple(_split(row["languages"])),
            work_formats=tuple(WorkFormat(f) for f in _split(row["work_formats"])), relocate=bool(row["relocate"]),
            target_role=row["target_role"], visibility=Visibility(row["visibility"]), skills=tuple(skills),
            status=JobStatus(row["status"]), hired_where=row["hired_where"], created_at=row["created_at"],
            updated_at=row["updated_at"], paused=row["paused_at"] is not None, salary_net_eur=row["salary_net_eur"],
        )  # fmt: skip

    async def save(self, profile: Profile, schedule: DigestSchedule | None = None) -> None:
        """Create or replace the profile and its skills (and the digest schedule) in one transaction.

        Status, ``hired_where`` and ``hired_at`` are taken from ``profile`` only when the profile is created; after
        that only ``set_status`` changes them. An edit form is filled from the profile when /edit starts and may be
        saved much later, so letting it write them back would undo a /status made meanwhile, or drop where the
        person was hired (the forms do not carry it) and with it the retention figures.
        """
        now = utc_now()
        hired_at = now if profile.status is JobStatus.HIRED else None
        async with self.db.transaction() as conn:
            await conn.execute(
                """
                INSERT INTO professionals (user_id, display_name, economy, city, level, years, languages,
                    work_formats, relocate, target_role, visibility, status, hired_where, hired_at, created_at,
                    updated_at, salary_net_eur)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    display_name = excluded.display_name, economy = excluded.economy, city = excluded.city,
                    level = excluded.level, years = excluded.years, languages = excluded.languages,
                    work_formats = excluded.work_formats, relocate = excluded.relocate,
                    target_role = excluded.target_role, visibility = excluded.visibility,
                    updated_at = excluded.updated_at, salary_net_eur = excluded.salary_net_eur
                """,
                (
                    profile.user_id, profile.display_name, profile.economy, profile.city, profile.level.value,
                    profile.years, ",".join(profile.languages), ",".join(f.value for f in profile.work_formats),
                    int(profile.relocate), profile.target_role, profile.visibility.value, profile.status.value,
                    profile.hired_where, hired_at, now, now, profile.salary_net_eur,
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
        """Every row held about the user, section by section (see USER_ROWS), for /mydata."""
        out: dict[str, Any] = {}
        for spec in USER_ROWS:
            rows = [spec.shown(dict(r), user_id) for r in await self.db.fetch_all(spec.sql(), (user_id,))]
            out[spec.section] = (rows[0] if rows else None) if spec.single else rows
        return out

    async def organisations_left_alone(self, user_id: int) -> list[str]:
        """Names of the organisations that erasing the user would leave with no active member (see ``erase``)."""
        return [row["name"] for row in await self.db.fetch_all(_LEFT_ALONE, (user_id,))]

    async def erase(self, user_id: int) -> list[int]:
        """Delete the user (foreign keys cascade to every row about them) and close what only they still ran.

        An organisation whose last active member leaves is closed in the same transaction: its open, pending and
        held posts are closed so nobody keeps sending consents into the void, its e-mail and website (typed by its
        people, now gone) are cleared, and its unused invite codes are dropped so that nobody can join the shell.
        Returns the ids of the organisations closed.
        """
        async with self.db.transaction() as conn:
            closing = [row[0] for row in await (await conn.execute(_LEFT_ALONE, (user_id,))).fetchall()]
            if closing:
                marks = ",".join("?" * len(closing))
                for table in ("vacancies", "courses"):
                    await conn.execute(
                        f"UPDATE {table} SET status = 'closed' "
                        f"WHERE organisation_id IN ({marks}) AND status IN ('open', 'pending', 'held')",
                        closing,
                    )
                await conn.execute(
                    f"UPDATE organisations SET status = 'closed', email = '', website = '' WHERE id IN ({marks})",
                    closing,
                )
                await conn.execute(
                    f"DELETE FROM invites WHERE organisation_id IN ({marks}) AND used_by IS NULL", closing
                )
            await conn.execute("DELETE FROM users WHERE telegram_id = ?", (user_id,))
        return closing
