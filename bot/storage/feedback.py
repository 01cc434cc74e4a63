"""What professionals said about vacancies they were shown: saved, hidden, not relevant (with a reason).

One row per (professional, vacancy) in ``match_feedback`` (migration 007): the latest word wins, so a vacancy is
saved, hidden or not relevant, never two at once. Rankings read the rows of many people at once
(``for_users``): a digest batch asks once per batch, never once per person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from bot.domain import Level, Marked
from bot.storage.db import Database

Kind = Literal["saved", "hidden", "not_relevant"]
Reason = Literal["", "skills", "level", "location", "salary", "other"]
REASONS: tuple[Reason, ...] = ("skills", "level", "location", "salary", "other")
_CHUNK = 5000  # ids per IN (...) list, well under SQLite's limit on bound parameters

# A vacancy anybody may see now: open, before its deadline, of a verified organisation.
_LIVE = (
    "JOIN vacancies v ON v.id = f.vacancy_id JOIN organisations o ON o.id = v.organisation_id "
    "WHERE v.status = 'open' AND v.deadline >= ? AND o.status = 'verified'"
)


@dataclass(frozen=True)
class UserFeedback:
    """What a ranking for one person leaves out (hidden and not relevant) and pushes down (similar to a mark)."""

    excluded: frozenset[int] = frozenset()
    not_relevant: tuple[Marked, ...] = field(default=())


NO_FEEDBACK = UserFeedback()


class FeedbackRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def is_professional(self, user_id: int) -> bool:
        return await self.db.fetch_one("SELECT 1 FROM professionals WHERE user_id = ?", (user_id,)) is not None

    async def get(self, user_id: int, vacancy_id: int) -> tuple[Kind, str] | None:
        row = await self.db.fetch_one(
            "SELECT kind, reason FROM match_feedback WHERE user_id = ? AND vacancy_id = ?", (user_id, vacancy_id)
        )
        return (row[0], row[1]) if row else None

    async def kinds(self, user_id: int, vacancy_ids: Sequence[int]) -> dict[int, Kind]:
        """The feedback kind of each of ``vacancy_ids`` that has one (to label a page of buttons)."""
        if not vacancy_ids:
            return {}
        marks = ",".join("?" * len(vacancy_ids))
        rows = await self.db.fetch_all(
            f"SELECT vacancy_id, kind FROM match_feedback WHERE user_id = ? AND vacancy_id IN ({marks})",
            (user_id, *vacancy_ids),
        )
        return {r[0]: r[1] for r in rows}

    async def put(self, user_id: int, vacancy_id: int, kind: Kind, reason: Reason, now: str) -> None:
        """Set the one row of (user, vacancy): the latest word replaces the one before."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO match_feedback (user_id, vacancy_id, kind, reason, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id, vacancy_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, "
                "created_at = excluded.created_at",
                (user_id, vacancy_id, kind, reason, now),
            )

    async def clear(self, user_id: int, vacancy_id: int, kinds: Sequence[Kind]) -> bool:
        """Delete the row if it is one of ``kinds``; whether there was one."""
        marks = ",".join("?" * len(kinds))
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                f"DELETE FROM match_feedback WHERE user_id = ? AND vacancy_id = ? AND kind IN ({marks})",
                (user_id, vacancy_id, *kinds),
            )
            return cur.rowcount > 0

    async def saved_live(self, user_id: int, today: str) -> list[int]:
        """The user's saved vacancies that anybody may still see, the latest saved first."""
        rows = await self.db.fetch_all(
            f"SELECT f.vacancy_id FROM match_feedback f {_LIVE} AND f.user_id = ? AND f.kind = 'saved' "
            "ORDER BY f.created_at DESC, f.vacancy_id DESC",
            (today, user_id),
        )
        return [r[0] for r in rows]

    async def for_users(self, user_ids: Sequence[int]) -> dict[int, UserFeedback]:
        """Hidden and not-relevant marks of many users in a few queries (two per 5,000 users and one per 5,000
        marked vacancies); users without any are left out."""
        excluded: dict[int, set[int]] = {}
        marked: dict[int, list[tuple[int, str]]] = {}  # user → (vacancy, reason)
        ids = list(dict.fromkeys(user_ids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = await self.db.fetch_all(
                f"SELECT user_id, vacancy_id, kind, reason FROM match_feedback WHERE user_id IN ({marks}) "
                "AND kind IN ('hidden', 'not_relevant') ORDER BY user_id, vacancy_id",
                chunk,
            )
            for user_id, vacancy_id, kind, reason in rows:
                excluded.setdefault(user_id, set()).add(vacancy_id)
                if kind == "not_relevant":
                    marked.setdefault(user_id, []).append((vacancy_id, reason))
        posts = await self._marked(sorted({v for vs in marked.values() for v, _ in vs}))
        return {
            user_id: UserFeedback(
                frozenset(vacancies),
                tuple(replace(posts[v], reason=reason) for v, reason in marked.get(user_id, ()) if v in posts),
            )
            for user_id, vacancies in excluded.items()
        }

    async def _marked(self, vacancy_ids: list[int]) -> dict[int, Marked]:
        found: dict[int, Marked] = {}
        for start in range(0, len(vacancy_ids), _CHUNK):
            chunk = vacancy_ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            posts = await self.db.fetch_all(
                "SELECT id, organisation_id, role_id, level, economy, remote_from_region, "
                f"COALESCE(salary_max, salary_min) FROM vacancies WHERE id IN ({marks})",
                chunk,
            )
            skills = await self.db.fetch_all(
                f"SELECT vacancy_id, skill_id FROM vacancy_skills WHERE vacancy_id IN ({marks}) "
                "AND kind = 'required' AND skill_id IS NOT NULL",
                chunk,
            )
            required: dict[int, set[str]] = {}
            for vacancy_id, skill_id in skills:
                required.setdefault(vacancy_id, set()).add(skill_id)
            for vacancy_id, organisation_id, role_id, level, economy, region_wide, salary_top in posts:
                found[vacancy_id] = Marked(
                    vacancy_id, organisation_id, role_id, frozenset(required.get(vacancy_id, ())),
                    level=Level(level), economy=economy, region_wide=bool(region_wide), salary_top=salary_top,
                )  # fmt: skip
        return found
