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
