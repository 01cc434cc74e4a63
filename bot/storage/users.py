"""The users table: who talks to the bot, in which language, with which roles and consent."""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from bot.domain import Role, User
from bot.storage.db import Database


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _to_user(row: aiosqlite.Row) -> User:
    return User(
        telegram_id=row["telegram_id"],
        first_name=row["first_name"],
        language=row["language"],
        telegram_language=row["telegram_language"],
        roles=frozenset(Role(r) for r in row["roles"].split(",") if r),
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
        consent_version=row["consent_version"],
        consent_at=row["consent_at"],
        active=bool(row["active"]),
        blocked=bool(row["blocked"]),
    )


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, telegram_id: int) -> User | None:
        row = await self.db.fetch_one("SELECT * FROM users WHERE telegram_id = ?", (telegram_id,))
        return _to_user(row) if row else None

    async def touch(self, telegram_id: int, first_name: str, telegram_language: str | None) -> User:
        """Record that the user was seen, creating the row on first contact; returns the fresh row."""
        now = utc_now()
        async with self.db.transaction() as conn:
            await conn.execute(
                """
                INSERT INTO users (telegram_id, first_name, telegram_language, created_at, last_seen_at, active)
                VALUES (?, ?, ?, ?, ?, 1)
                ON CONFLICT (telegram_id) DO UPDATE SET
                    first_name = excluded.first_name,
                    telegram_language = excluded.telegram_language,
                    last_seen_at = excluded.last_seen_at,
                    active = 1
                """,
                (telegram_id, first_name, telegram_language, now, now),
            )
        user = await self.get(telegram_id)
        assert user is not None
        return user

    async def claim_update(self, update_id: int) -> bool:
        """True the first time an update id is seen; False for a replay."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO processed_updates (update_id, handled_at) VALUES (?, ?)", (update_id, utc_now())
            )
            return cur.rowcount == 1

    async def forget_updates_before(self, iso_time: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM processed_updates WHERE handled_at < ?", (iso_time,))

    async def set_language(self, telegram_id: int, language: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE users SET language = ? WHERE telegram_id = ?", (language, telegram_id))

    async def add_role(self, telegram_id: int, role: Role) -> None:
        user = await self.get(telegram_id)
        if user is None or role in user.roles:
            return
        roles = ",".join(sorted({*user.roles, role}))
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE users SET roles = ? WHERE telegram_id = ?", (roles, telegram_id))

    async def mark_inactive(self, telegram_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE users SET active = 0 WHERE telegram_id = ?", (telegram_id,))

    async def delete(self, telegram_id: int) -> None:
        """Erase the user; foreign keys cascade to everything that references them."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM users WHERE telegram_id = ?", (telegram_id,))
