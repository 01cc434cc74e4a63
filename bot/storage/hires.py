"""Reported hires and the answers to their 6- and 12-month check-ins (the retention loop)."""

from __future__ import annotations

from typing import Any

from bot.storage.db import Database

# The latest hire of each person: a newer report takes over the check-ins (an older job is not asked about again).
_LATEST = "NOT EXISTS (SELECT 1 FROM hires later WHERE later.user_id = h.user_id AND later.id > h.id)"


class HireRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, hire_id: int) -> dict[str, Any] | None:
        row = await self.db.fetch_one("SELECT * FROM hires WHERE id = ?", (hire_id,))
        return dict(row) if row else None

    async def latest(self, user_id: int) -> dict[str, Any] | None:
        row = await self.db.fetch_one("SELECT * FROM hires WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,))
        return dict(row) if row else None

    async def add(
        self, user_id: int, hired_at: str, place: str, source: str, level: str, vacancy_id: int | None
    ) -> int:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO hires (user_id, hired_at, place, source, place_from, level, vacancy_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (user_id, hired_at, place, source, source, level, vacancy_id),
            )
            return int(cur.lastrowid or 0)

    async def restate(self, hire_id: int, place: str, place_from: str, vacancy_id: int | None) -> None:
        """A second report of the same hire: its place as now stated, and the vacancy if it had none."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE hires SET place = ?, place_from = ?, vacancy_id = COALESCE(vacancy_id, ?) WHERE id = ?",
                (place, place_from, vacancy_id, hire_id),
            )

    async def due(self, six_before: str, twelve_before: str) -> list[dict[str, Any]]:
        """Latest hires of people not blocked that reached 6 months (before ``six_before``) or 12 months without
        that check-in asked; with the person's languages and the 6-month answer."""
        rows = await self.db.fetch_all(
            f"""
            SELECT h.*, u.language, u.telegram_language,
                   f6.hire_id IS NOT NULL AS asked_6, f6.place AS place_6, f12.hire_id IS NOT NULL AS asked_12
            FROM hires h
            JOIN users u ON u.telegram_id = h.user_id
            LEFT JOIN hire_followups f6 ON f6.hire_id = h.id AND f6.month = 6
            LEFT JOIN hire_followups f12 ON f12.hire_id = h.id AND f12.month = 12
            WHERE u.blocked = 0 AND {_LATEST}
              AND ((h.hired_at <= ? AND f6.hire_id IS NULL AND f12.hire_id IS NULL)
                   OR (h.hired_at <= ? AND f12.hire_id IS NULL))
            ORDER BY h.id
            """,
            (six_before, twelve_before),
        )
        return [dict(r) for r in rows]

    async def mark_asked(self, hire_id: int, user_id: int, month: int, at: str) -> bool:
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO hire_followups (hire_id, user_id, month, asked_at) VALUES (?, ?, ?, ?)",
                (hire_id, user_id, month, at),
            )
            return cur.rowcount == 1

    async def followup(self, hire_id: int, month: int) -> dict[str, Any] | None:
        """A check-in that was asked, with its hire's place and the 6-month answer (the place before month 12)."""
        row = await self.db.fetch_one(
            """
            SELECT f.*, h.place AS hire_place, h.hired_at,
                   (SELECT f6.place FROM hire_followups f6 WHERE f6.hire_id = f.hire_id AND f6.month = 6) AS place_6
            FROM hire_followups f JOIN hires h ON h.id = f.hire_id
            WHERE f.hire_id = ? AND f.month = ?
            """,
            (hire_id, month),
        )
        return dict(row) if row else None

    async def answer(self, hire_id: int, month: int, column: str, value: str, at: str) -> None:
        if column not in ("job", "place"):  # pragma: no cover - a programming error
            raise ValueError(column)
        async with self.db.transaction() as conn:
            await conn.execute(
                f"UPDATE hire_followups SET {column} = ?, answered_at = ? WHERE hire_id = ? AND month = ?",
                (value, at, hire_id, month),
            )

    async def retention_rows(self) -> list[tuple[str, str, str | None, str | None]]:
        """(place at hire, level at hire, 6-month place answer, 12-month place answer) for every hire, in one
        statement so that the figures come from one moment and add up (suppression relies on that)."""
        rows = await self.db.fetch_all(
            """
            SELECT h.place, h.level,
                   (SELECT f.place FROM hire_followups f WHERE f.hire_id = h.id AND f.month = 6),
                   (SELECT f.place FROM hire_followups f WHERE f.hire_id = h.id AND f.month = 12)
            FROM hires h ORDER BY h.id
            """
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]
