"""Freshness of looking profiles: who to ask "Still looking?", and whose unanswered question pauses them."""

from __future__ import annotations

from typing import Any

from bot.storage.db import Database

# Professionals whom employers may find (looking or open), not paused, of users an admin has not blocked.
_LOOKING = (
    "FROM professionals p JOIN users u ON u.telegram_id = p.user_id "
    "WHERE p.status IN ('looking', 'open') AND p.paused_at IS NULL AND u.blocked = 0"
)


class FreshnessRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def to_ask(self, seen_before: str) -> list[dict[str, Any]]:
        """Last seen before ``seen_before`` and not asked since they were last seen."""
        rows = await self.db.fetch_all(
            f"SELECT p.user_id, u.language, u.telegram_language {_LOOKING} AND u.last_seen_at < ? "
            "AND (p.still_looking_asked_at IS NULL OR p.still_looking_asked_at < u.last_seen_at) "
            "ORDER BY u.last_seen_at, p.user_id",
            (seen_before,),
        )
        return [dict(r) for r in rows]

    async def mark_asked(self, user_id: int, at: str | None) -> None:
        """When the question went out; None: answered."""
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE professionals SET still_looking_asked_at = ? WHERE user_id = ?", (at, user_id))

    async def pause_due(self, seen_before: str, asked_before: str, at: str) -> list[dict[str, Any]]:
        """Pause those last seen before ``seen_before`` who were asked before ``asked_before`` and have not been
        back since; returns them (with their languages), paused at ``at``."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                f"SELECT p.user_id, u.language, u.telegram_language {_LOOKING} AND u.last_seen_at < ? "
                "AND p.still_looking_asked_at >= u.last_seen_at AND p.still_looking_asked_at <= ? "
                "ORDER BY p.user_id",
                (seen_before, asked_before),
            )
            names = ("user_id", "language", "telegram_language")
            rows = [dict(zip(names, r, strict=True)) for r in await cur.fetchall()]
            await conn.executemany(
                "UPDATE professionals SET paused_at = ? WHERE user_id = ? AND paused_at IS NULL",
                [(at, r["user_id"]) for r in rows],
            )
        return rows
