"""Who has been away long enough to be told, and then erased, under the 24-month rule in /privacy."""

from __future__ import annotations

from bot.storage.db import Database


class RetentionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def to_notify(self, seen_before: str) -> list[dict]:
        """Users last seen before ``seen_before`` who hold no notice since they were last seen."""
        rows = await self.db.fetch_all(
            "SELECT telegram_id, language, telegram_language, last_seen_at FROM users "
            "WHERE last_seen_at < ? AND (inactivity_notice_at IS NULL OR inactivity_notice_at < last_seen_at) "
            "ORDER BY last_seen_at, telegram_id",
            (seen_before,),
        )
        return [dict(row) for row in rows]

    async def record_notice(self, user_id: int, at: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE users SET inactivity_notice_at = ? WHERE telegram_id = ?", (at, user_id))

    async def to_erase(self, seen_before: str, noticed_before: str) -> list[int]:
        """Users last seen before ``seen_before`` who were told before ``noticed_before`` and have not been back."""
        rows = await self.db.fetch_all(
            "SELECT telegram_id FROM users WHERE last_seen_at < ? AND inactivity_notice_at >= last_seen_at "
            "AND inactivity_notice_at <= ? ORDER BY last_seen_at, telegram_id",
            (seen_before, noticed_before),
        )
        return [row[0] for row in rows]
