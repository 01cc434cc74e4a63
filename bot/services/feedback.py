"""Feedback on matches: save, hide, "not relevant" (with an optional reason), undo, and the /saved list.

Every press is judged here on the current state, whatever the button says: only a registered professional gives
feedback, only on a vacancy anybody may see now (open, before its deadline, of a verified organisation); undo,
unsave and a reason only touch a row the professional already has. Rankings then read the marks: hidden and not
relevant vacancies never come back (/matches, digests, /vacancies), and vacancies similar to one marked not
relevant rank lower (``MatchIndex.vacancies_for``'s penalties, docs/matching.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.domain import Vacancy
from bot.services.errors import NotAllowed
from bot.services.matching import MatchingService
from bot.storage.feedback import NO_FEEDBACK, REASONS, FeedbackRepository, Kind, Reason, UserFeedback
from bot.storage.opportunities import OpportunityRepository, today
from bot.storage.users import utc_now

SAVED_PAGE = 5


@dataclass(frozen=True)
class SavedPage:
    vacancies: list[Vacancy]
    page: int
    pages: int
    total: int


class FeedbackService:
    def __init__(
        self,
        repo: FeedbackRepository,
        opportunities: OpportunityRepository,
        matching: MatchingService,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.repo = repo
        self.opportunities = opportunities
        self.matching = matching
        self.clock = clock

    async def _professional(self, user_id: int) -> None:
        if not await self.repo.is_professional(user_id):
            raise NotAllowed("profile.none")

    async def _live(self, user_id: int, vacancy_id: int) -> Vacancy:
        """The vacancy, if the user is a professional and anybody may see it now; else NotAllowed with the
        catalogue key of the answer (nothing else is said: a held or removed post is simply "no longer open")."""
        await self._professional(user_id)
        vacancy = await self.opportunities.vacancy(vacancy_id)
        if vacancy is None or not vacancy.open:
            raise NotAllowed("vacancy.gone")
        return vacancy

    async def is_professional(self, user_id: int) -> bool:
        return await self.repo.is_professional(user_id)

    async def toggle_save(self, user_id: int, vacancy_id: int) -> tuple[Vacancy, bool]:
        """Save the vacancy, or unsave it if it is saved; returns whether it is saved now. Saving replaces a
        hide or a "not relevant" of the same vacancy (an old digest still shows its buttons): the latest word wins."""
        vacancy = await self._live(user_id, vacancy_id)
        if await self.repo.clear(user_id, vacancy_id, ("saved",)):
            return vacancy, False
        await self.repo.put(user_id, vacancy_id, "saved", "", self.clock())
        return vacancy, True

    async def save(self, user_id: int, vacancy_id: int) -> Vacancy:
        """Save, whatever was there: a digest's "💾 n" cannot show the current state, so it never unsaves."""
        vacancy = await self._live(user_id, vacancy_id)
        await self.repo.put(user_id, vacancy_id, "saved", "", self.clock())
        return vacancy

    async def hide(self, user_id: int, vacancy_id: int) -> Vacancy:
        vacancy = await self._live(user_id, vacancy_id)
        await self.repo.put(user_id, vacancy_id, "hidden", "", self.clock())
        return vacancy

    async def not_relevant(self, user_id: int, vacancy_id: int) -> Vacancy:
        """Marked without a reason yet; ``set_reason`` adds one if the professional picks it."""
        vacancy = await self._live(user_id, vacancy_id)
        current = await self.repo.get(user_id, vacancy_id)
        reason: Reason = current[1] if current and current[0] == "not_relevant" else ""  # type: ignore[assignment]
        await self.repo.put(user_id, vacancy_id, "not_relevant", reason, self.clock())
        return vacancy

    async def set_reason(self, user_id: int, vacancy_id: int, reason: str) -> Vacancy:
        """The reason for an existing "not relevant" ("skip": none); a reason for anything else is refused."""
        vacancy = await self._live(user_id, vacancy_id)
        current = await self.repo.get(user_id, vacancy_id)
        if current is None or current[0] != "not_relevant":
            raise NotAllowed("button.expired")
        chosen: Reason = reason if reason in REASONS else ""  # type: ignore[assignment]
        await self.repo.put(user_id, vacancy_id, "not_relevant", chosen, self.clock())
        return vacancy

    async def undo(self, user_id: int, vacancy_id: int) -> Vacancy | None:
        """Take back a hide or a "not relevant": the vacancy may come back in rankings. The user's own row only
        (the vacancy may have closed since); returns the vacancy if it is still live."""
        await self._professional(user_id)
        if not await self.repo.clear(user_id, vacancy_id, ("hidden", "not_relevant")):
            raise NotAllowed("button.expired")
        vacancy = await self.opportunities.vacancy(vacancy_id)
        return vacancy if vacancy is not None and vacancy.open else None

    async def unsave(self, user_id: int, vacancy_id: int) -> bool:
        await self._professional(user_id)
        return await self.repo.clear(user_id, vacancy_id, ("saved",))

    async def kinds(self, user_id: int, vacancy_ids: Sequence[int]) -> dict[int, Kind]:
        return await self.repo.kinds(user_id, vacancy_ids)

    async def of_user(self, user_id: int) -> UserFeedback:
        return (await self.repo.for_users([user_id])).get(user_id, NO_FEEDBACK)

    async def marks_of(self, user_ids: Sequence[int]) -> dict[int, UserFeedback]:
        """Hidden and not-relevant marks of a digest batch, in a few queries for the whole batch."""
        return await self.repo.for_users(user_ids)

    async def saved(self, user_id: int, page: int) -> SavedPage:
        """A page of the professional's saved vacancies that are still live, the latest saved first."""
        await self._professional(user_id)
        day = today()
        ids = await self.repo.saved_live(user_id, day)
        pages = max(1, -(-len(ids) // SAVED_PAGE))
        page = max(0, min(page, pages - 1))
        index = await self.matching.refresh()
        shown: list[Vacancy] = []
        for vacancy_id in ids[page * SAVED_PAGE : (page + 1) * SAVED_PAGE]:
            vacancy = index.vacancies.get(vacancy_id, day) or await self.opportunities.vacancy(vacancy_id)
            if vacancy is not None:
                shown.append(vacancy)
        return SavedPage(shown, page, pages, len(ids))
