"""Consent-based contact between organisations and professionals.

Employers see candidates only for an open vacancy of a verified organisation, only among professionals who are
looking and not hidden, and each candidate only as a token for that (vacancy, candidate) pair. A professional's
contact leaves the bot only after a second, explicit tap, and only to members who are not blocked of an
organisation that is still verified, about a vacancy that is still open. Every refusal looks the same from outside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain import JobStatus, OrgStatus, Profile, Vacancy, Visibility
from bot.matching.recommend import Candidate, recommend_candidates
from bot.matching.scoring import MATCH_THRESHOLD, score_pair
from bot.services.errors import FormError, NotAllowed
from bot.services.matching import MatchingService
from bot.services.organisations import OrganisationService
from bot.storage.contact import ContactRepository
from bot.storage.opportunities import OpportunityRepository
from bot.storage.posts import PostRepository
from bot.storage.profiles import ProfileRepository

LOOKING = (JobStatus.LOOKING, JobStatus.OPEN)
METHODS = ("username", "phone", "email")
_EMAIL = re.compile(r"[^@\s<>\"]{1,64}@[^@\s<>\"]{1,190}\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9]{6,16}")


@dataclass(frozen=True)
class CandidateCard:
    candidate: Candidate
    profile: Profile
    token: str


@dataclass(frozen=True)
class ContactTarget:
    """Who would receive a professional's contact, and about what: shown before anything is shared."""

    vacancy: Vacancy
    recipients: tuple[int, ...]


def can_be_contacted(profile: Profile) -> bool:
    """The one rule of who may be a candidate: looking or open to offers, not hidden, and not paused (a "Still
    looking?" left unanswered for 90 days, see ``bot/services/freshness.py``)."""
    return profile.visibility is not Visibility.HIDDEN and profile.status in LOOKING and not profile.paused


def validate_email(text: str) -> str:
    text = text.strip()
    if not _EMAIL.fullmatch(text):
        raise FormError("contact.error.email")
    return text


class ContactService:
    def __init__(
        self,
        orgs: OrganisationService,
        posts: PostRepository,
        opportunities: OpportunityRepository,
        profiles: ProfileRepository,
        repo: ContactRepository,
        matching: MatchingService,
    ) -> None:
        self.orgs = orgs
        self.posts = posts
        self.opportunities = opportunities
        self.profiles = profiles
        self.repo = repo
        self.matching = matching

    async def _live_vacancy(self, vacancy_id: int) -> Vacancy | None:
        """The vacancy if it is open, unexpired and its organisation verified (``Vacancy.open`` says all three)."""
        vacancy = await self.opportunities.vacancy(vacancy_id)
        return vacancy if vacancy is not None and vacancy.open else None

    async def _employer_vacancy(self, user_id: int, vacancy_id: int) -> Vacancy:
        vacancy = await self._live_vacancy(vacancy_id)
        if vacancy is None:
            raise NotAllowed
        await self.orgs.acting(user_id, vacancy.organisation_id, (OrgStatus.VERIFIED,))
        return vacancy

    async def candidates(self, user_id: int, vacancy_id: int, k: int = 10) -> tuple[Vacancy, list[CandidateCard]]:
        vacancy = await self._employer_vacancy(user_id, vacancy_id)
        # The index ranks everyone can_be_contacted admits; the profiles on its short list are then read again
        # and judged as they are now (a change after the index looked drops or reorders them, never slips by).
        ask = k
        while True:
            ranked = await self.matching.candidates_for(vacancy, ask)
            profiles = await self.profiles.get_many([r.id for r in ranked])
            contactable = [p for r in ranked if (p := profiles.get(r.id)) is not None and can_be_contacted(p)]
            found = recommend_candidates(vacancy, [p.for_matching() for p in contactable], k=k)
            if len(found) >= k or len(ranked) < ask:
                break
            ask *= 4
        tokens = await self.repo.tokens_for(vacancy.id, [c.professional.id for c in found])
        cards = [CandidateCard(c, profiles[c.professional.id], tokens[c.professional.id]) for c in found]
        return vacancy, cards

    async def request_contact(self, user_id: int, token: str) -> tuple[bool, Vacancy, int] | None:
        """(created, vacancy, professional) or None for every refusal alike: unknown token, a vacancy that is no
        longer open, an organisation no longer verified, a professional who no longer matches or is not looking."""
        pair = await self.repo.resolve(token)
        if pair is None:
            return None
        vacancy_id, professional_id = pair
        try:
            vacancy = await self._employer_vacancy(user_id, vacancy_id)
        except NotAllowed:
            return None
        profile = await self.profiles.get(professional_id)
        if profile is None or not can_be_contacted(profile):
            return None
        if score_pair(profile.for_matching(), vacancy).score < MATCH_THRESHOLD:
            return None
        created = await self.repo.create_request(vacancy_id, professional_id, user_id)
        return created, vacancy, professional_id

    async def request_target(self, professional_id: int, vacancy_id: int) -> ContactTarget | None:
        """Who asked (if they still may receive an answer) about a vacancy still open; None otherwise."""
        requester = await self.repo.pending_requester(vacancy_id, professional_id)
        vacancy = await self._live_vacancy(vacancy_id)
        if requester is None or vacancy is None:
            return None
        if requester not in await self.orgs.members(vacancy.organisation_id):
            return None
        return ContactTarget(vacancy, (requester,))

    async def interest_target(self, vacancy_id: int) -> ContactTarget | None:
        """None when the vacancy is no longer live; no recipients when nobody manages it in the bot (samples)."""
        vacancy = await self._live_vacancy(vacancy_id)
        if vacancy is None:
            return None
        return ContactTarget(vacancy, tuple(await self.orgs.members(vacancy.organisation_id)))

    async def decline(self, professional_id: int, vacancy_id: int) -> int | None:
        """The requester to tell, if there was a pending request."""
        requester = await self.repo.pending_requester(vacancy_id, professional_id)
        if requester is None or not await self.repo.answer(vacancy_id, professional_id, accepted=False):
            return None
        return requester

    async def share(self, professional_id: int, purpose: str, vacancy_id: int) -> ContactTarget | None:
        """The second tap: record the consent and return who receives the contact, all checked again now."""
        if await self.method(professional_id) is None:
            return None
        if purpose == "req":
            target = await self.request_target(professional_id, vacancy_id)
            if target is None or not await self.repo.answer(vacancy_id, professional_id, accepted=True):
                return None
            await self.repo.apply(professional_id, vacancy_id, "contacted")  # an application, already in contact
            return target
        target = await self.interest_target(vacancy_id)
        if target is None or not target.recipients:
            return None
        if not await self.profiles.record_interest(professional_id, vacancy_id):
            return None
        return target

    async def target(self, professional_id: int, purpose: str, vacancy_id: int) -> ContactTarget | None:
        if purpose == "req":
            return await self.request_target(professional_id, vacancy_id)
        return await self.interest_target(vacancy_id)

    async def already_interested(self, professional_id: int, vacancy_id: int) -> bool:
        return await self.repo.has_interest(professional_id, vacancy_id)

    async def method(self, professional_id: int) -> tuple[str, str] | None:
        return await self.repo.method(professional_id)

    async def set_method(self, professional_id: int, kind: str, value: str) -> bool:
        if kind not in METHODS or not value:
            return False
        if kind == "phone" and not _PHONE.fullmatch(value.replace(" ", "")):
            return False
        if kind == "email":
            value = validate_email(value)
        return await self.repo.set_method(professional_id, kind, value)
