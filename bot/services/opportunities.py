"""What a professional can do next: matching vacancies, gap-closing courses, the next role, browsing."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Course, Level, Profile, Vacancy, WorkFormat
from bot.matching.recommend import GapPlan, RoleHint, close_gap, next_role, recommend_vacancies
from bot.matching.scoring import Match
from bot.matching.taxonomy import Taxonomy
from bot.storage.opportunities import OpportunityRepository
from bot.storage.profiles import ProfileRepository

MATCHES_SHOWN = 20
GAP_FROM_TOP_MATCHES = 5


@dataclass(frozen=True)
class MatchView:
    match: Match
    plan: GapPlan  # courses for this vacancy's missing required skills


@dataclass(frozen=True)
class VacancyFilter:
    economy: str | None = None
    work_format: WorkFormat | None = None
    level: Level | None = None

    def accepts(self, v: Vacancy) -> bool:
        return (
            (self.economy is None or v.economy == self.economy or v.remote_from_region)
            and (self.work_format is None or v.work_format is self.work_format)
            and (self.level is None or v.level is self.level)
        )


class OpportunityService:
    def __init__(self, profiles: ProfileRepository, repo: OpportunityRepository, taxonomy: Taxonomy) -> None:
        self.profiles = profiles
        self.repo = repo
        self.taxonomy = taxonomy

    async def matches(self, profile: Profile) -> list[MatchView]:
        pro = profile.for_matching()
        matches = recommend_vacancies(pro, await self.repo.open_vacancies(), k=MATCHES_SHOWN)
        courses = await self.repo.open_courses()
        return [
            MatchView(m, close_gap(m.missing_required, courses, profile.languages, profile.economy)) for m in matches
        ]

    async def gap_courses(self, profile: Profile) -> tuple[GapPlan, str]:
        """Courses for the gaps of the best matches, or of the target role; the second value says which."""
        views = await self.matches(profile)
        missing = {
            s for v in views[:GAP_FROM_TOP_MATCHES] for s in v.match.missing_required if s in self.taxonomy.skills
        }
        source = "matches"
        if not missing:
            hint = self.next_role(profile)
            missing = set(hint.missing) if hint else set()
            source = "role"
        courses = await self.repo.open_courses()
        return close_gap(missing, courses, profile.languages, profile.economy), source

    def next_role(self, profile: Profile) -> RoleHint | None:
        return next_role(profile.for_matching(), self.taxonomy.roles.values())

    async def browse(self, filters: VacancyFilter) -> list[Vacancy]:
        return [v for v in await self.repo.open_vacancies() if filters.accepts(v)]

    async def vacancy(self, vacancy_id: int) -> Vacancy | None:
        return await self.repo.vacancy(vacancy_id)

    async def courses(self) -> list[Course]:
        return await self.repo.open_courses()
