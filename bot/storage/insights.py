"""The aggregate queries behind the insights that the match index does not answer."""

from __future__ import annotations

from bot.storage.db import Database


class InsightsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def teaching(self) -> dict[str, int]:
        """Skill → open, unexpired courses teaching it."""
        return {
            r[0]: r[1]
            for r in await self.db.fetch_all(
                "SELECT cs.skill_id, COUNT(DISTINCT c.id) FROM course_skills cs JOIN courses c ON c.id = cs.course_id "
                "WHERE c.status = 'open' AND c.deadline >= date('now') GROUP BY cs.skill_id"
            )
        }

    async def last_digest_counts(self) -> dict[str, int]:
        """How the last digest run ended, by ledger state."""
        last_run = await self.db.fetch_one(
            "SELECT run_id FROM digest_runs ORDER BY started_at DESC, rowid DESC LIMIT 1"
        )
        if not last_run:
            return {}
        return {
            r[0]: r[1]
            for r in await self.db.fetch_all(
                "SELECT state, COUNT(*) FROM digest_ledger WHERE run_id = ? GROUP BY state", (last_run[0],)
            )
        }
