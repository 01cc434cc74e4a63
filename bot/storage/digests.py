"""The digest ledger and the run lease: what makes digests arrive once, and only from one process."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.storage.db import Database
from bot.storage.users import utc_now


def lease_owner(token: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{token}"


def _holder_is_dead(owner: str) -> bool:
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# Active users who get digests: professionals, and members of verified organisations; with the schedule columns
# (NULL without a schedule row) and, for those without one, the economy whose time zone applies. A paused profile
# ("Still looking?" unanswered for 90 days, bot/services/freshness.py) gets none until its person is back.
_RECIPIENTS = """
    SELECT u.telegram_id AS user_id, s.weekday, s.hour, s.timezone, s.paused,
           CASE WHEN s.user_id IS NULL THEN p.economy END AS economy
    FROM users u
    LEFT JOIN digest_schedules s ON s.user_id = u.telegram_id
    LEFT JOIN professionals p ON p.user_id = u.telegram_id
    WHERE u.active = 1 AND u.blocked = 0 AND p.paused_at IS NULL AND (
        p.user_id IS NOT NULL OR EXISTS (
            SELECT 1 FROM organisation_members m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id = u.telegram_id AND o.status = 'verified'))
"""
# One text per schedule group, the same in SQL and in Python (``_group_key``), to pick groups with an IN list.
_GROUP_KEY = (
    "(ifnull(weekday, '-') || '|' || ifnull(hour, '-') || '|' || ifnull(timezone, '-') || '|' "
    "|| ifnull(paused, '-') || '|' || ifnull(economy, '-'))"
)


def _group_key(group: dict) -> str:
    columns = ("weekday", "hour", "timezone", "paused", "economy")
    return "|".join("-" if group[k] is None else str(group[k]) for k in columns)


class DigestRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def acquire_lease(self, owner: str, now: datetime, seconds: float) -> bool:
        """Take or renew the digest lease; False when another live process holds an unexpired one.

        Owners are "host:pid:token": a lease left by a dead process on this host (kill -9) is taken over at once
        instead of after it expires.
        """
        expires = (now + timedelta(seconds=seconds)).isoformat()
        async with self.db.transaction() as conn:
            row = await (await conn.execute("SELECT owner, expires_at FROM leases WHERE name = 'digest'")).fetchone()
            if row is not None and row[0] != owner and row[1] > now.isoformat() and not _holder_is_dead(row[0]):
                return False
            await conn.execute(
                "INSERT INTO leases (name, owner, expires_at) VALUES ('digest', ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at",
                (owner, expires),
            )
        return True

    async def release_lease(self, owner: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM leases WHERE name = 'digest' AND owner = ?", (owner,))

    async def start_run(self, run_id: str, trigger: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO digest_runs (run_id, started_at, trigger) VALUES (?, ?, ?)", (run_id, utc_now(), trigger)
            )

    async def finish_run(self, run_id: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE digest_runs SET finished_at = ? WHERE run_id = ?", (utc_now(), run_id))

    async def enqueue(self, run_id: str, items: Iterable[tuple[int, str]]) -> int:
        """Insert a pending row per (user, period) not seen before; returns how many were new.

        In transactions of a few thousand rows, so that a run enqueuing everyone holds the writer only briefly at
        a time."""
        now = utc_now()
        rows = [(user, period, run_id, now, now) for user, period in items]
        new = 0
        for start in range(0, len(rows), 5000):
            async with self.db.transaction() as conn:
                before = conn.total_changes
                await conn.executemany(
                    "INSERT OR IGNORE INTO digest_ledger (user_id, period, run_id, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    rows[start : start + 5000],
                )
                new += conn.total_changes - before
        return new

    async def adopt_pending(self, run_id: str) -> None:
        """Rows left pending by an interrupted run are finished, and counted, by this one."""
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE digest_ledger SET run_id = ? WHERE state = 'pending'", (run_id,))

    async def schedule_groups(self) -> list[dict]:
        """Who gets digests (active users who are professionals or members of a verified organisation), grouped
        by the schedule that applies to them: (weekday, hour, timezone, paused; NULL without a schedule row) and,
        for those without one, the economy whose time zone they get. A few hundred rows, whatever the users."""
        rows = await self.db.fetch_all_bulk(
            f"SELECT weekday, hour, timezone, paused, economy, COUNT(*) AS people FROM ({_RECIPIENTS}) "
            "GROUP BY weekday, hour, timezone, paused, economy"
        )
        return [dict(r) for r in rows]

    async def due_without_row(self, groups: list[tuple[dict, str]]) -> list[tuple[int, str]]:
        """(user, period) for the recipients of each (group, period) who have no ledger row for that period yet."""
        by_period: dict[str, list[str]] = {}
        for group, period in groups:
            by_period.setdefault(period, []).append(_group_key(group))
        found: list[tuple[int, str]] = []
        for period, keys in by_period.items():
            rows = await self.db.fetch_all_bulk(
                f"SELECT user_id FROM ({_RECIPIENTS}) r WHERE {_GROUP_KEY} IN (SELECT value FROM json_each(?)) "
                "AND NOT EXISTS (SELECT 1 FROM digest_ledger l WHERE l.user_id = r.user_id AND l.period = ?)",
                (json.dumps(keys), period),
            )
            found += [(r[0], period) for r in rows]
        return found

    async def languages(self, user_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
        """User → (chosen language, Telegram's language) for a batch of users."""
        marks = ",".join("?" * len(user_ids))
        rows = await self.db.fetch_all(
            f"SELECT telegram_id, language, telegram_language FROM users WHERE telegram_id IN ({marks})", user_ids
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    async def org_posts(self, user_id: int | None = None) -> list[tuple[int, str, int]]:
        """(member user id, "vacancy"/"course", post id) for the open posts of verified organisations (of one
        member only, when ``user_id`` is given)."""
        member = "" if user_id is None else "AND m.user_id = ?"
        rows = await self.db.fetch_all_bulk(
            f"""
            SELECT m.user_id, 'vacancy' AS kind, v.id FROM organisation_members m
              JOIN organisations o ON o.id = m.organisation_id AND o.status = 'verified'
              JOIN vacancies v ON v.organisation_id = o.id AND v.status = 'open' {member}
            UNION ALL
            SELECT m.user_id, 'course' AS kind, c.id FROM organisation_members m
              JOIN organisations o ON o.id = m.organisation_id AND o.status = 'verified'
              JOIN courses c ON c.organisation_id = o.id AND c.status = 'open' {member}
            """,
            () if user_id is None else (user_id, user_id),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def pending_after(self, after: tuple[int, str] | None, limit: int) -> list[tuple[int, str]]:
        """Pending rows in delivery order after the row ``after`` (a (user, period) this call returned), so that
        a run can read the next batch while the one before is still being delivered."""
        if after is None:
            return await self.pending(limit)
        rows = await self.db.fetch_all(
            "SELECT l.user_id, l.period FROM digest_ledger l, "
            "(SELECT created_at, user_id, period FROM digest_ledger WHERE user_id = ? AND period = ?) a "
            "WHERE l.state = 'pending' AND (l.created_at, l.user_id, l.period) > (a.created_at, a.user_id, a.period) "
            "ORDER BY l.created_at, l.user_id, l.period LIMIT ?",
            (*after, limit),
        )
        return [(r[0], r[1]) for r in rows]

    async def pending(self, limit: int = 1000) -> list[tuple[int, str]]:
        rows = await self.db.fetch_all(
            "SELECT user_id, period FROM digest_ledger WHERE state = 'pending' ORDER BY created_at, user_id, period "
            "LIMIT ?",
            (limit,),
        )
        return [(r["user_id"], r["period"]) for r in rows]

    async def mark(self, user_id: int, period: str, state: str, messages: int = 0, error: str | None = None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE digest_ledger SET state = ?, messages = messages + ?, error = ?, updated_at = ?, "
                "attempts = attempts + (? = 'sending') WHERE user_id = ? AND period = ?",
                (state, messages, error, utc_now(), state, user_id, period),
            )

    async def recover_interrupted(self) -> int:
        """Rows left in 'sending' by a process that died mid-send may have been delivered: never resend them."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE digest_ledger SET state = 'uncertain', error = 'interrupted while sending', updated_at = ? "
                "WHERE state = 'sending'",
                (utc_now(),),
            )
            return cur.rowcount

    async def mark_many(self, marks: list[tuple[int, str, str, int, str | None]]) -> None:
        """Several ``mark``s, (user, period, state, messages, error) each, in one transaction and in order."""
        now = utc_now()
        async with self.db.transaction() as conn:
            await conn.executemany(
                "UPDATE digest_ledger SET state = ?, messages = messages + ?, error = ?, updated_at = ?, "
                "attempts = attempts + (? = 'sending') WHERE user_id = ? AND period = ?",
                [(state, messages, error, now, state, user, period) for user, period, state, messages, error in marks],
            )

    async def last_sent_many(self, user_ids: list[int]) -> dict[int, str]:
        """``last_sent_at`` for a batch of users in one query; users never sent anything are left out."""
        marks = ",".join("?" * len(user_ids))
        rows = await self.db.fetch_all(
            f"SELECT user_id, MAX(updated_at) FROM digest_ledger WHERE user_id IN ({marks}) "
            "AND state IN ('sent', 'empty') GROUP BY user_id",
            user_ids,
        )
        return {r[0]: r[1] for r in rows if r[1]}

    async def last_sent_at(self, user_id: int) -> str | None:
        row = await self.db.fetch_one(
            "SELECT MAX(updated_at) FROM digest_ledger WHERE user_id = ? AND state IN ('sent', 'empty')", (user_id,)
        )
        return row[0] if row and row[0] else None

    async def counts(self, run_id: str | None = None) -> dict[str, int]:
        if run_id is None:
            row = await self.db.fetch_one("SELECT run_id FROM digest_runs ORDER BY started_at DESC, rowid DESC LIMIT 1")
            if row is None:
                return {}
            run_id = row[0]
        rows = await self.db.fetch_all(
            "SELECT state, COUNT(*) AS n FROM digest_ledger WHERE run_id = ? GROUP BY state", (run_id,)
        )
        return {r["state"]: r["n"] for r in rows}

    async def last_run(self) -> dict | None:
        row = await self.db.fetch_one("SELECT * FROM digest_runs ORDER BY started_at DESC, rowid DESC LIMIT 1")
        return dict(row) if row else None
