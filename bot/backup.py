"""``python -m bot backup PATH`` and the daily backups: consistent copies of the live database, taken with SQLite's
online backup API.

The copy is made in one step inside one read transaction, so it is a single consistent snapshot while the bot
keeps writing (in WAL mode readers do not block the writer). Copying in several steps would restart whenever the
bot wrote in between, which during a digest is all the time. Restore: stop the bot, replace DATABASE_PATH with the
copy (and delete any ``-wal``/``-shm`` files beside it), start the bot.

Daily backups (``BACKUP_DIR``) are named ``bot-<UTC time>.sqlite3``, so names sort by age. A copy is written under
a ``.partial`` name, integrity-checked, and only then renamed: a file with the final name is always a good backup.
After a good one, all but the newest ``BACKUP_KEEP`` are deleted; a failed backup deletes nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

PREFIX, SUFFIX = "bot-", ".sqlite3"


class BackupFailed(RuntimeError):
    """The scheduled backup could not be taken or did not pass its integrity check."""


def backup(source: Path, destination: Path) -> dict[str, object]:
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists():
        destination.unlink()
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst, pages=-1)
        integrity = dst.execute("PRAGMA integrity_check").fetchone()[0]
        tables = [r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        counts = {name: dst.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables}
    finally:
        dst.close()
        src.close()
    return {"backup": str(destination), "bytes": destination.stat().st_size, "integrity": integrity, "rows": counts}


def backup_files(folder: Path) -> list[Path]:
    """The daily backups in ``folder``, oldest first."""
    return sorted(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())


def scheduled_backup(source: Path, folder: Path, keep: int, now: datetime | None = None) -> dict[str, object]:
    """Take one daily backup into ``folder``, check it, and keep the newest ``keep``; raise BackupFailed."""
    now = now or datetime.now(UTC)
    target = folder / f"{PREFIX}{now.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    try:
        result = backup(source, partial)
    except (OSError, sqlite3.Error) as exc:
        _discard(partial)
        raise BackupFailed(f"{type(exc).__name__}: {exc}") from exc
    if result["integrity"] != "ok":
        _discard(partial)
        raise BackupFailed(f"integrity check of the copy failed: {result['integrity']}")
    partial.replace(target)
    removed = prune(folder, keep)
    return {**result, "backup": str(target), "removed": [p.name for p in removed]}


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` daily backups; returns what was deleted."""
    old = backup_files(folder)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def newest_backup_age(folder: Path, now: datetime | None = None) -> float | None:
    """Seconds since the newest daily backup was taken (from its name), or None when there is none."""
    files = backup_files(folder)
    if not files:
        return None
    stamp = files[-1].name.removeprefix(PREFIX).removesuffix(SUFFIX)
    try:
        taken = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return ((now or datetime.now(UTC)) - taken).total_seconds()
