"""Reports, the admins' log, and blocking a user with everything a block must reach."""

from __future__ import annotations

from typing import Any

from bot.storage.db import Database
from bot.storage.users import utc_now


class ModerationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_report(self, kind: str, post_id: int, user_id: int, reason: str) -> int:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO reports (post_kind, post_id, reported_by, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                (kind, post_id, user_id, reason, utc_now()),
            )
            return int(cur.lastrowid or 0)

    async def has_open_report(self, kind: str, post_id: int, user_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM reports WHERE post_kind = ? AND post_id = ? AND reported_by = ? AND resolved = 0",
            (kind, post_id, user_id),
        )
        return row is not None

    async def open_reports(self) -> list[dict[str, Any]]:
        return [dict(r) for r in await self.db.fetch_all("SELECT * FROM reports WHERE resolved = 0 ORDER BY id")]

    async def resolve_reports(self, kind: str, post_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE reports SET resolved = 1 WHERE post_kind = ? AND post_id = ?", (kind, post_id))

    async def log_admin(self, admin_id: int, action: str, target: str, reason: str = "") -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO admin_actions (admin_id, action, target, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                (admin_id, action, target, reason, utc_now()),
            )

    async def block_user(self, user_id: int) -> bool:
        """Block everywhere at once; False (and nothing changed) when the bot has never seen this user.

        In one transaction: the user's posts are removed, their unused invites deleted, every pending contact
        request they made or received cancelled, and each verified organisation left with no member who is not
        blocked is suspended (its posts then reach nobody). Membership rows stay, so /unblock can undo the block;
        every organisation check counts only members who are not blocked.
        """
        async with self.db.transaction() as conn:
            cur = await conn.execute("UPDATE users SET blocked = 1 WHERE telegram_id = ?", (user_id,))
            if cur.rowcount != 1:
                return False
            for table in ("vacancies", "courses"):
                await conn.execute(
                    f"UPDATE {table} SET status = 'removed' WHERE created_by = ? AND status != 'closed'", (user_id,)
                )
            await conn.execute("DELETE FROM invites WHERE created_by = ? AND used_by IS NULL", (user_id,))
            await conn.execute(
                "UPDATE contact_requests SET status = 'cancelled', answered_at = ? "
                "WHERE status = 'pending' AND (requested_by = ? OR user_id = ?)",
                (utc_now(), user_id, user_id),
            )
            await conn.execute(
                "UPDATE organisations SET status = 'suspended' WHERE status = 'verified' "
                "AND id IN (SELECT organisation_id FROM organisation_members WHERE user_id = ?) "
                "AND NOT EXISTS (SELECT 1 FROM organisation_members m JOIN users u ON u.telegram_id = m.user_id "
                "WHERE m.organisation_id = organisations.id AND u.blocked = 0)",
                (user_id,),
            )
        return True

    async def unblock_user(self, user_id: int) -> bool:
        """Lift a block; organisations suspended because of it are verified again. Removed posts stay removed."""
        async with self.db.transaction() as conn:
            cur = await conn.execute("UPDATE users SET blocked = 0 WHERE telegram_id = ? AND blocked = 1", (user_id,))
            if cur.rowcount != 1:
                return False
            await conn.execute(
                "UPDATE organisations SET status = 'verified' WHERE status = 'suspended' "
                "AND id IN (SELECT organisation_id FROM organisation_members WHERE user_id = ?)",
                (user_id,),
            )
        return True
