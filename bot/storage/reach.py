"""Reach: posts' link codes (written by the 008 migration's triggers), the channel ledger, partners' source codes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.db import Database
from bot.storage.users import utc_now


@dataclass(frozen=True)
class Source:
    code: str
    name: str
    created_at: str


class ReachRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ posts' link codes
    async def post_of_code(self, code: str) -> tuple[str, int] | None:
        row = await self.db.fetch_one("SELECT post_kind, post_id FROM share_codes WHERE code = ?", (code,))
        return (row["post_kind"], row["post_id"]) if row else None

    async def codes_of(self, posts: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The link code of each (kind, id); a post created before its trigger existed got one in the migration."""
        out: dict[tuple[str, int], str] = {}
        for kind in ("vacancy", "course"):
            ids = [post_id for k, post_id in posts if k == kind]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = await self.db.fetch_all(
                    f"SELECT post_id, code FROM share_codes WHERE post_kind = ? AND post_id IN ({marks})",
                    (kind, *chunk),
                )
                out.update({(kind, r["post_id"]): r["code"] for r in rows})
        return out

    async def open_posts_of(self, org_id: int) -> list[tuple[str, int]]:
        rows = await self.db.fetch_all(
            "SELECT 'vacancy', id FROM vacancies WHERE organisation_id = ?1 AND status = 'open' "
            "UNION ALL SELECT 'course', id FROM courses WHERE organisation_id = ?1 AND status = 'open' ORDER BY 2",
            (org_id,),
        )
        return [(r[0], r[1]) for r in rows]

    async def claim_announcement(self, kind: str, post_id: int) -> bool:
        """True once per post: the caller sends it to the channel; every later call gets False."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE share_codes SET announced_at = ? WHERE post_kind = ? AND post_id = ? AND announced_at IS NULL",
                (utc_now(), kind, post_id),
            )
            return cur.rowcount == 1

    # ------------------------------------------------------------------ partners' source codes
    async def create_source(self, code: str, name: str, admin_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO sources (code, name, created_by, created_at) VALUES (?, ?, "
                "(SELECT telegram_id FROM users WHERE telegram_id = ?), ?)",
                (code, name, admin_id, utc_now()),
            )

    async def sources(self) -> list[Source]:
        rows = await self.db.fetch_all("SELECT code, name, created_at FROM sources ORDER BY created_at, code")
        return [Source(r["code"], r["name"], r["created_at"]) for r in rows]

    async def record_source(self, user_id: int, code: str) -> bool:
        """First touch only: True when this is the person's first source and the code exists."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO user_sources (user_id, code, created_at) "
                "SELECT ?, code, ? FROM sources WHERE code = ? AND EXISTS (SELECT 1 FROM users WHERE telegram_id = ?)",
                (user_id, utc_now(), code, user_id),
            )
            return cur.rowcount == 1

    async def people_without_profile(self) -> dict[str, int]:
        """Per source code: the people who came through it and have no professional profile (the insights' part
        that is never shown: people = professionals + these)."""
        rows = await self.db.fetch_all(
            "SELECT s.code, COUNT(u.user_id) FROM sources s LEFT JOIN user_sources u ON u.code = s.code "
            "AND NOT EXISTS (SELECT 1 FROM professionals p WHERE p.user_id = u.user_id) GROUP BY s.code"
        )
        return {r[0]: r[1] for r in rows}
