"""Applications: what became of "I'm interested" and of accepted contact requests.

A professional sees their applications and statuses; the organisation moves each applicant along a pipeline
(seen when first listed, then contacted, interviewing, offer, hired or declined); the professional hears of
every change. Applicants appear to the organisation through the same opaque per-vacancy tokens as candidates,
and only to members who are not blocked of the verified organisation that owns the vacancy.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import ECONOMIES, OrgStatus, PostStatus, Profile, Vacancy
from bot.services.errors import NotAllowed
from bot.services.hires import HireService
from bot.services.organisations import OrganisationService
from bot.services.professionals import ProfessionalService
from bot.storage.contact import ContactRepository
from bot.storage.opportunities import OpportunityRepository
from bot.storage.posts import PostRepository

STATUSES = ("sent", "seen", "contacted", "interviewing", "offer", "hired", "declined", "closed")
# What an organisation may set; "sent", "seen" and "closed" follow from what happens, not from a button.
MOVES = ("contacted", "interviewing", "offer", "hired", "declined")
FINAL = ("hired", "declined")


@dataclass(frozen=True)
class Application:
    vacancy_id: int
    title: str
    organisation: str
    status: str
    updated_at: str


@dataclass(frozen=True)
class Applicant:
    profile: Profile
    status: str
    token: str


@dataclass(frozen=True)
class Moved:
    vacancy: Vacancy
    professional_id: int
    status: str


class ApplicationService:
    def __init__(
        self,
        orgs: OrganisationService,
        posts: PostRepository,
        opportunities: OpportunityRepository,
        professionals: ProfessionalService,
        repo: ContactRepository,
        hires: HireService,
    ) -> None:
        self.orgs = orgs
        self.posts = posts
        self.opportunities = opportunities
        self.professionals = professionals
        self.repo = repo
        self.hires = hires

    async def mine(self, user_id: int) -> list[Application]:
        """The professional's applications, newest change first; a closed vacancy's open ones read "closed"."""
        out = []
        for row in await self.repo.applications_of(user_id):
            status = str(row["status"])
            if row["post_status"] != PostStatus.OPEN.value and status not in FINAL:
                status = "closed"
            out.append(
                Application(
                    int(row["vacancy_id"]), str(row["title"]), str(row["organisation"]), status, str(row["updated_at"])
                )
            )
        return out

    async def _vacancy_of_member(self, user_id: int, vacancy_id: int) -> Vacancy:
        """A vacancy of the actor's verified organisation that an admin has not removed."""
        post = await self.posts.post("vacancy", vacancy_id)
        if post is None or post.status is PostStatus.REMOVED:
            raise NotAllowed
        await self.orgs.acting(user_id, post.organisation_id, (OrgStatus.VERIFIED,))
        vacancy = await self.opportunities.vacancy(vacancy_id)
        if vacancy is None:
            raise NotAllowed
        return vacancy

    async def pipeline(self, user_id: int, vacancy_id: int) -> tuple[Vacancy, list[Applicant]]:
        """The applicants of a vacancy; listing them marks new ones as seen."""
        vacancy = await self._vacancy_of_member(user_id, vacancy_id)
        applicants = await self.repo.applicants(vacancy_id)
        new = [u for u, status in applicants if status == "sent"]
        await self.repo.set_application_status(vacancy_id, new, "seen")
        tokens = await self.repo.tokens_for(vacancy_id, [u for u, _ in applicants])
        out = []
        for user, status in applicants:
            profile = await self.professionals.get(user)
            if profile is not None:
                out.append(Applicant(profile, "seen" if status == "sent" else status, tokens[user]))
        return vacancy, out

    async def move(self, user_id: int, token: str, status: str) -> Moved | None:
        """Move one applicant; None for every refusal alike (unknown token, not an applicant, not a move)."""
        pair = await self.repo.resolve(token)
        if pair is None or status not in MOVES:
            return None
        vacancy_id, professional = pair
        try:
            vacancy = await self._vacancy_of_member(user_id, vacancy_id)
        except NotAllowed:
            return None
        current = await self.repo.application_status(vacancy_id, professional)
        if current is None or current == status:
            return None
        await self.repo.set_application_status(vacancy_id, [professional], status)
        if status == "hired":  # the organisation reports the hire: recorded where the vacancy is, until the
            # professional says otherwise (they are asked); their status follows
            place = vacancy.economy if vacancy.economy in ECONOMIES else "region"
            await self.hires.report(professional, place, "employer", vacancy_id)
        return Moved(vacancy, professional, status)

    async def counts(self, vacancy_ids: list[int]) -> dict[int, int]:
        return await self.repo.count_applicants(vacancy_ids)
