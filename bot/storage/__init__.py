"""Everything that speaks SQL lives in this package; the rest of the bot sees domain objects."""

from bot.storage.db import Database, DatabaseTooNewError

__all__ = ["Database", "DatabaseTooNewError"]
