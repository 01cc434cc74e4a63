"""Freshness: a looking profile nobody has heard from in 60 days is asked "Still looking?"; left unanswered, it is
paused once the person has been away 90 days (and never sooner than 30 days after the question).

Paused means: not a candidate for any employer (``can_be_contacted``) and no digest. Any update from the person
— a message, a command, a button, the answer itself — un-pauses the profile at once: it moves
``users.last_seen_at`` on, and a trigger (migration 011) clears the pause in the same write. A question counts as
answered by any such activity too: it is unanswered only while it is newer than ``last_seen_at``.

``clock`` is the service's "now": a test sets it to walk days ahead; the daily job calls the service and never
reads time itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.services.hires import Clock, iso, utc_clock
from bot.storage.freshness import FreshnessRepository

ASK_AFTER = timedelta(days=60)
PAUSE_AFTER = timedelta(days=90)
ANSWER_WINDOW = timedelta(days=30)  # between the question and the pause, however late the question went out


@dataclass(frozen=True)
class Person:
    user_id: int
    language: str | None
    telegram_language: str | None


class FreshnessService:
    def __init__(self, repo: FreshnessRepository, clock: Clock = utc_clock) -> None:
        self.repo = repo
        self.clock = clock

    async def to_ask(self) -> list[Person]:
        """Looking (or open to offers), not paused, away 60 days, and not asked since they were last seen."""
        rows = await self.repo.to_ask(iso(self.clock() - ASK_AFTER))
        return [Person(r["user_id"], r["language"], r["telegram_language"]) for r in rows]

    async def mark_asked(self, user_id: int) -> None:
        """Recorded whether or not the message could be delivered: who blocked the bot is paused all the same."""
        await self.repo.mark_asked(user_id, iso(self.clock()))

    async def answered(self, user_id: int) -> None:
        """The question was answered with its buttons (any other activity counts through ``last_seen_at``)."""
        await self.repo.mark_asked(user_id, None)

    async def pause_due(self) -> list[Person]:
        """Pause everyone away 90 days who was asked at least 30 days ago and has not been back; returns them."""
        now = self.clock()
        rows = await self.repo.pause_due(iso(now - PAUSE_AFTER), iso(now - ANSWER_WINDOW), iso(now))
        return [Person(r["user_id"], r["language"], r["telegram_language"]) for r in rows]
