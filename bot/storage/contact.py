"""Consent-based contact: candidate tokens shown to employers, and contact requests with their answers."""

from __future__ import annotations

import secrets

from bot.storage.db import Database
from bot.storage.users import utc_now


class ContactRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def tokens_for(self, vacancy_id: int, user_ids: list[int]) -> dict[int, str]:
        """One opaque token per (vacancy, professional), made on first use and the same afterwards.

        A token reveals nothing about the person: it is random and only this table maps it back to the pair.
        """
        if not user_ids:
            return {}
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO candidate_tokens (token, vacancy_id, user_id, created_at) VALUES (?, ?, ?, ?)",
                [(secrets.token_urlsafe(9), vacancy_id, u, utc_now()) for u in user_ids],
            )
            marks = ",".join("?" * len(user_ids))
            rows = await (
                await conn.execute(
                    f"SELECT user_id, token FROM candidate_tokens WHERE vacancy_id = ? AND user_id IN ({marks})",
                    (vacancy_id, *user_ids),
                )
            ).fetchall()
        return {int(r[0]): str(r[1]) for r in rows}

    async def resolve(self, token: str) -> tuple[int, int] | None:
        row = await self.db.fetch_one("SELECT vacancy_id, user_id FROM candidate_tokens WHERE token = ?", (token,))
        return (int(row["vacancy_id"]), int(row["user_id"])) if row else None

    async def create_request(self, vacancy_id: int, user_id: int, requested_by: int) -> bool:
        """False when this professional was already asked about this vacancy."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO contact_requests (vacancy_id, user_id, requested_by, created_at) "
                "VALUES (?, ?, ?, ?)",
                (vacancy_id, user_id, requested_by, utc_now()),
            )
            return cur.rowcount == 1

    async def pending_requester(self, vacancy_id: int, user_id: int) -> int | None:
        row = await self.db.fetch_one(
            "SELECT requested_by FROM contact_requests WHERE vacancy_id = ? AND user_id = ? AND status = 'pending'",
            (vacancy_id, user_id),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def answer(self, vacancy_id: int, user_id: int, accepted: bool) -> bool:
        """Record the answer once; False when there was no pending request any more."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE contact_requests SET status = ?, answered_at = ? "
                "WHERE vacancy_id = ? AND user_id = ? AND status = 'pending'",
                ("accepted" if accepted else "declined", utc_now(), vacancy_id, user_id),
            )
            return cur.rowcount == 1

    async def set_method(self, user_id: int, kind: str, value: str) -> bool:
        """How the professional wants to be reached ('username', 'phone' or 'email'); False without a profile."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE professionals SET contact_kind = ?, contact_value = ? WHERE user_id = ?", (kind, value, user_id)
            )
            return cur.rowcount == 1

    async def method(self, user_id: int) -> tuple[str, str] | None:
        row = await self.db.fetch_one(
            "SELECT contact_kind, contact_value FROM professionals WHERE user_id = ? AND contact_kind IS NOT NULL",
            (user_id,),
        )
        return (str(row[0]), str(row[1])) if row else None

    async def has_interest(self, user_id: int, vacancy_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM interests WHERE user_id = ? AND vacancy_id = ?", (user_id, vacancy_id)
        )
        return row is not None

    # ------------------------------------------------------------------ applications
    async def apply(self, user_id: int, vacancy_id: int, status: str) -> None:
        """Record an application (or raise it to ``status`` if it exists in an earlier one)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO interests (user_id, vacancy_id, created_at, status, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id, vacancy_id) DO UPDATE SET status = excluded.status, "
                "updated_at = excluded.updated_at WHERE interests.status IN ('sent', 'seen')",
                (user_id, vacancy_id, utc_now(), status, utc_now()),
            )

    async def applications_of(self, user_id: int) -> list[dict[str, object]]:
        rows = await self.db.fetch_all(
            "SELECT i.vacancy_id, i.status, i.created_at, COALESCE(i.updated_at, i.created_at) AS updated_at, "
            "v.title, v.status AS post_status, v.deadline, o.name AS organisation "
            "FROM interests i JOIN vacancies v ON v.id = i.vacancy_id JOIN organisations o ON o.id = v.organisation_id "
            "WHERE i.user_id = ? ORDER BY COALESCE(i.updated_at, i.created_at) DESC, i.vacancy_id DESC",
            (user_id,),
        )
        return [dict(r) for r in rows]

    async def applicants(self, vacancy_id: int) -> list[tuple[int, str]]:
        rows = await self.db.fetch_all(
            "SELECT user_id, status FROM interests WHERE vacancy_id = ? ORDER BY created_at, user_id", (vacancy_id,)
        )
        return [(int(r["user_id"]), str(r["status"])) for r in rows]

    async def application_status(self, vacancy_id: int, user_id: int) -> str | None:
        row = await self.db.fetch_one(
            "SELECT status FROM interests WHERE vacancy_id = ? AND user_id = ?", (vacancy_id, user_id)
        )
        return str(row[0]) if row else None

    async def set_application_status(self, vacancy_id: int, user_ids: list[int], status: str) -> None:
        if not user_ids:
            return
        marks = ",".join("?" * len(user_ids))
        async with self.db.transaction() as conn:
            await conn.execute(
                f"UPDATE interests SET status = ?, updated_at = ? WHERE vacancy_id = ? AND user_id IN ({marks})",
                (status, utc_now(), vacancy_id, *user_ids),
            )

    async def count_applicants(self, vacancy_ids: list[int]) -> dict[int, int]:
        if not vacancy_ids:
            return {}
        marks = ",".join("?" * len(vacancy_ids))
        rows = await self.db.fetch_all(
            f"SELECT vacancy_id, COUNT(*) FROM interests WHERE vacancy_id IN ({marks}) GROUP BY vacancy_id",
            vacancy_ids,
        )
        return {int(r[0]): int(r[1]) for r in rows}
