"""Storage on a real temporary SQLite file: pragmas, migrations, refusal of newer files, concurrent writers."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.domain import Role
from bot.storage.db import Database, DatabaseTooNewError, available_migrations
from bot.storage.users import UserRepository


async def test_connect_sets_pragmas_and_applies_migrations(tmp_path: Path) -> None:
    db = Database(tmp_path / "nested" / "dir" / "bot.sqlite3")
    await db.connect()
    try:
        assert (await db.fetch_one("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetch_one("PRAGMA foreign_keys"))[0] == 1
        assert (await db.fetch_one("PRAGMA busy_timeout"))[0] == 5000
        assert (await db.fetch_one("PRAGMA synchronous"))[0] == 1  # NORMAL
        assert await db.schema_version() == len(available_migrations())
        tables = {r[0] for r in await db.fetch_all("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"users", "conversation_state", "user_data"} <= tables
    finally:
        await db.close()


async def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    for _ in range(2):
        db = Database(path)
        await db.connect()
        assert await db.schema_version() == len(available_migrations())
        await db.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    db = Database(path)
    with pytest.raises(DatabaseTooNewError, match="schema version 999"):
        await db.connect()
    await db.close()


async def test_failed_transaction_rolls_back_everything(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    users = UserRepository(db)
    await users.touch(1, "A", "en")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute("UPDATE users SET first_name = 'changed' WHERE telegram_id = 1")
            await conn.execute("INSERT INTO users (telegram_id, created_at, last_seen_at) VALUES (1, 'x', 'x')")
    user = await users.get(1)
    assert user is not None and user.first_name == "A"
    await db.close()


async def test_concurrent_writers_never_see_database_is_locked(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    first, second = Database(path), Database(path)
    await first.connect()
    await second.connect()
    repos = [UserRepository(first), UserRepository(second)]

    async def writer(n: int) -> None:
        repo = repos[n % 2]
        for i in range(40):
            await repo.touch(n * 1000 + i, f"user{n}-{i}", "en")
            await repo.add_role(n * 1000 + i, Role.PROFESSIONAL)

    await asyncio.gather(*(writer(n) for n in range(10)))
    row = await first.fetch_one("SELECT COUNT(*), SUM(roles = 'professional') FROM users")
    assert tuple(row) == (400, 400)
    await first.close()
    await second.close()


async def test_deleting_a_user_cascades(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    users = UserRepository(db)
    await users.touch(7, "A", "en")
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO user_data (user_id, data) VALUES (7, '{}')")
        await conn.execute("INSERT INTO conversation_state (name, key, user_id, state) VALUES ('c', '[7, 7]', 7, '1')")
    await users.delete(7)
    for table in ("users", "user_data", "conversation_state"):
        assert (await db.fetch_one(f"SELECT COUNT(*) FROM {table}"))[0] == 0
    await db.close()
