"""``python -m bot backup PATH``: a consistent copy of the live database, taken with SQLite's online backup API.

The backup reads page by page while the bot keeps writing; SQLite restarts the copy if a write lands in the
middle, so the result is one consistent snapshot. Restore: stop the bot, replace DATABASE_PATH with the copy
(and delete any ``-wal``/``-shm`` files beside it), start the bot.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup(source: Path, destination: Path) -> dict[str, object]:
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists():
        destination.unlink()
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst, pages=512)
        integrity = dst.execute("PRAGMA integrity_check").fetchone()[0]
        tables = [r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        counts = {name: dst.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables}
    finally:
        dst.close()
        src.close()
    return {"backup": str(destination), "bytes": destination.stat().st_size, "integrity": integrity, "rows": counts}
