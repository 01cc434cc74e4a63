"""One SQLite file behind aiosqlite, with the pragmas and the single-writer discipline SQLite needs.

SQLite allows one writer at a time; funnelling every write through one connection and an ``asyncio.Lock``
with ``BEGIN IMMEDIATE`` means writers queue inside the process instead of failing with "database is locked".
Reads use a second connection: a read left open on the writer's connection would pin an old snapshot, and
SQLite refuses at once (no busy wait) to upgrade a stale snapshot to a write.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_RE = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class DatabaseTooNewError(RuntimeError):
    """The file was written by a newer version of the bot; running older code on it could corrupt it."""


def available_migrations() -> list[tuple[int, str, str]]:
    """Numbered SQL files shipped with the package, in order: (version, name, sql)."""
    found = []
    for entry in resources.files("bot.storage.migrations").iterdir():
        match = _MIGRATION_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (version, name, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration numbering has a gap or duplicate at {name}")
    return found


class Database:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        # One statement at a time on the reader, so each read starts a fresh snapshot and sees every commit.
        self._read_lock = asyncio.Lock()
        # Long reads (a digest run's bulk queries) get a connection of their own, so they hold up no one's reads.
        self._bulk: aiosqlite.Connection | None = None
        self._bulk_lock = asyncio.Lock()
        self._probes = 0

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not connected")
        return self._conn

    @property
    def reader(self) -> aiosqlite.Connection:
        if self._reader is None:
            raise RuntimeError("database is not connected")
        return self._reader

    async def connect(self) -> None:
        if self._conn is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = await self._open()
            await self._conn.execute("PRAGMA journal_mode=WAL")
            await self.migrate()
            self._reader = await self._open()
        except BaseException:
            await self.close()
            raise

    async def _open(self) -> aiosqlite.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction means what we say.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for pragma in ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", "PRAGMA synchronous=NORMAL"):
            await conn.execute(pragma)
        return conn

    async def close(self) -> None:
        for conn in (self._bulk, self._reader, self._conn):
            if conn is not None:
                await conn.close()
        self._conn = self._reader = self._bulk = None

    async def schema_version(self) -> int:
        async with (self._reader or self.conn).execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply pending migrations, each in its own all-or-nothing transaction."""
        migrations = available_migrations()
        latest = migrations[-1][0] if migrations else 0
        current = await self.schema_version()
        if current > latest:
            raise DatabaseTooNewError(
                f"database {self.path} has schema version {current}, this code knows up to {latest}: "
                "upgrade the bot or restore a backup"
            )
        for version, name, sql in migrations:
            if version <= current:
                continue
            log.info("applying migration %s", name)
            async with self.transaction() as conn:
                for statement in split_sql(sql):
                    await conn.execute(statement)
                # user_version cannot be bound as a parameter; the value is our own integer.
                await conn.execute(f"PRAGMA user_version={version}")
        return await self.schema_version()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: one at a time in this process, and taken eagerly so it cannot deadlock later."""
        async with self._write_lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                # SQLite rolls back by itself on some errors (a full disk); rolling back again would hide them.
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    async def check_writable(self) -> None:
        """Raise unless the file takes a write now: one committed row in ``leases`` (name 'health'), so a read-only
        remount, a full disk or a file that went away shows here as it would in any other write."""
        self._probes += 1  # a row that differs every time: SQLite skips writing a row rewritten unchanged
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT INTO leases (name, owner, expires_at) VALUES ('health', ?, strftime('%Y-%m-%dT%H:%M:%f')) "
                "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at",
                (f"pid {os.getpid()} probe {self._probes}",),
            )

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._read_lock, self.reader.execute(sql, tuple(params)) as cur:
            return await cur.fetchone()

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self._read_lock, self.reader.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    async def fetch_all_bulk(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """A read that may take a while (hundreds of milliseconds over every user), on its own connection: WAL
        lets it run beside the short reads of people's updates instead of ahead of them."""
        async with self._bulk_lock:
            if self._bulk is None:
                self.conn  # noqa: B018 - raises when the database is not connected
                self._bulk = await self._open()
            async with self._bulk.execute(sql, tuple(params)) as cur:
                return list(await cur.fetchall())


def split_sql(script: str) -> list[str]:
    """Split a migration into statements; ``executescript`` would COMMIT behind our back and break atomicity."""
    statements, buf = [], []
    for line in script.splitlines():
        stripped = line.strip()
        if stripped.startswith("--") or not stripped:
            continue
        buf.append(line)
        if stripped.endswith(";") and sqlite_complete("\n".join(buf)):
            statements.append("\n".join(buf))
            buf = []
    if buf and "".join(buf).strip():
        statements.append("\n".join(buf))
    return statements


def sqlite_complete(sql: str) -> bool:
    import sqlite3

    return sqlite3.complete_statement(sql)
