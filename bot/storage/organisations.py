"""Organisations, their members and invitations."""

from __future__ import annotations

from typing import Any

from bot.domain import Organisation, OrgStatus
from bot.storage.db import Database
from bot.storage.users import utc_now


def _org(row: Any) -> Organisation:
    return Organisation(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        economy=row["economy"],
        sector=row["sector"],
        website=row["website"],
        email=row["email"],
        status=OrgStatus(row["status"]),
        created_by=row["created_by"],
    )


class OrganisationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, user_id: int, kind: str, values: dict[str, str]) -> Organisation:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO organisations (kind, name, economy, sector, website, email, status, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                (
                    kind,
                    values["name"],
                    values["economy"],
                    values["sector"],
                    values.get("website", ""),
                    values.get("email", ""),
                    user_id,
                    utc_now(),
                ),
            )
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
        """The user's organisations with their role, whatever the organisation's status."""
        rows = await self.db.fetch_all(
            "SELECT o.*, m.role AS member_role FROM organisation_members m JOIN organisations o "
            "ON o.id = m.organisation_id WHERE m.user_id = ? AND (? IS NULL OR o.kind = ?) ORDER BY o.id",
            (user_id, kind, kind),
        )
        return [(_org(r), r["member_role"]) for r in rows]

    async def pending(self) -> list[Organisation]:
        rows = await self.db.fetch_all("SELECT * FROM organisations WHERE status = 'pending' ORDER BY id")
        return [_org(r) for r in rows]

    async def set_status(self, org_id: int, status: OrgStatus) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE organisations SET status = ? WHERE id = ?", (status.value, org_id))
            if status is OrgStatus.VERIFIED:  # posts waiting for verification go live, unless held for a red flag
                for table in ("vacancies", "courses"):
                    await conn.execute(
                        f"UPDATE {table} SET status = 'open' WHERE organisation_id = ? AND status = 'pending'",
                        (org_id,),
                    )

    async def active_members(self, org_id: int) -> list[int]:
        """Members who are not blocked: the only ones who may act for the organisation or hear from it."""
        rows = await self.db.fetch_all(
            "SELECT m.user_id FROM organisation_members m JOIN users u ON u.telegram_id = m.user_id "
            "WHERE m.organisation_id = ? AND u.blocked = 0 ORDER BY m.user_id",
            (org_id,),
        )
        return [r["user_id"] for r in rows]

    async def create_invite(self, org_id: int, user_id: int, code: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO invites (code, organisation_id, created_by, created_at) VALUES (?, ?, ?, ?)",
                (code, org_id, user_id, utc_now()),
            )

    async def use_invite(self, code: str, user_id: int, issued_after: str) -> Organisation | None:
        """Join through an unused code issued after ``issued_after`` by a member who is not blocked, of a verified
        organisation; the code is spent in the same transaction."""
        async with self.db.transaction() as conn:
            row = await (
                await conn.execute(
                    "SELECT i.organisation_id FROM invites i "
                    "JOIN organisations o ON o.id = i.organisation_id AND o.status = 'verified' "
                    "JOIN organisation_members m ON m.organisation_id = i.organisation_id AND m.user_id = i.created_by "
                    "JOIN users u ON u.telegram_id = i.created_by AND u.blocked = 0 "
                    "WHERE i.code = ? AND i.used_by IS NULL AND i.created_at >= ?",
                    (code, issued_after),
                )
            ).fetchone()
            if row is None:
                return None
            await conn.execute("UPDATE invites SET used_by = ? WHERE code = ?", (user_id, code))
            await conn.execute(
                "INSERT OR IGNORE INTO organisation_members (organisation_id, user_id, role) VALUES (?, ?, 'member')",
                (row[0], user_id),
            )
        return await self.get(row[0])
