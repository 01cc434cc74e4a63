"""What a professional can do next: matching vacancies, gap-closing courses, the next role, browsing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from bot.domain import Course, Level, Profile, Vacancy, WorkFormat
from bot.matching.engine import NOT_RELEVANT_PENALTY
from bot.matching.recommend import GapPlan, RoleHint, close_gap, next_role
from bot.matching.scoring import Match
from bot.matching.taxonomy import Taxonomy
from bot.services.matching import MatchingService
from bot.storage.feedback import NO_FEEDBACK, FeedbackRepository, UserFeedback
from bot.storage.opportunities import OpportunityRepository
from bot.storage.profiles import ProfileRepository

MATCHES_SHOWN = 20
GAP_FROM_TOP_MATCHES = 5


@dataclass
class MatchView:
    match: Match
    planner: Callable[[], GapPlan] = field(repr=False)
    lowered: bool = False  # ranked lower: similar to a vacancy the professional marked not relevant

    @cached_property
    def plan(self) -> GapPlan:
        """Courses for this vacancy's missing required skills; worked out when first shown (one page at a time)."""
        return self.planner()


@dataclass(frozen=True)
class VacancyFilter:
    economy: str | None = None
    work_format: WorkFormat | None = None
    level: Level | None = None
    # at least this many EUR a month: the range's top (its minimum when only that is given) reaches it, whether
    # the range is gross or net (the card says which); a vacancy that gives no salary is left out
    min_salary: int | None = None

    def accepts(self, v: Vacancy) -> bool:
        reach = v.salary_max if v.salary_max is not None else v.salary_min
        return (
            (self.economy is None or v.economy == self.economy or v.remote_from_region)
            and (self.work_format is None or v.work_format is self.work_format)
            and (self.level is None or v.level is self.level)
            and (self.min_salary is None or (reach is not None and reach >= self.min_salary))
        )


class OpportunityService:
    def __init__(
        self,
        profiles: ProfileRepository,
        repo: OpportunityRepository,
        taxonomy: Taxonomy,
        matching: MatchingService,
        feedback: FeedbackRepository | None = None,
    ) -> None:
        self.profiles = profiles
        self.repo = repo
        self.taxonomy = taxonomy
        self.matching = matching
        self.feedback = feedback

    async def _feedback(self, user_id: int) -> UserFeedback:
        if self.feedback is None:
            return NO_FEEDBACK
        return (await self.feedback.for_users([user_id])).get(user_id, NO_FEEDBACK)

    async def matches(self, profile: Profile) -> list[MatchView]:
        """The best live vacancies for the profile as it is now (``recommend_vacancies``, through the index),
        without those the professional hid or marked not relevant, those similar to the latter ranked lower."""
        said = await self._feedback(profile.user_id)
        similar = await self.matching.similar_to(said.not_relevant)
        matches = await self.matching.vacancies_for(
            profile.for_matching(), k=MATCHES_SHOWN, exclude=said.excluded,
            penalties=dict.fromkeys(similar, NOT_RELEVANT_PENALTY),
        )  # fmt: skip
        wanted = {s for m in matches for s in m.missing_required}
        courses = await self.matching.courses_covering(wanted)  # the only courses close_gap can choose
        return [MatchView(m, self._planner(m, courses, profile), m.vacancy.id in similar) for m in matches]

    @staticmethod
    def _planner(match: Match, courses: list[Course], profile: Profile) -> Callable[[], GapPlan]:
        return lambda: close_gap(match.missing_required, courses, profile.languages, profile.economy)

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
        courses = await self.matching.courses_covering(missing)
        return close_gap(missing, courses, profile.languages, profile.economy), source

    def next_role(self, profile: Profile) -> RoleHint | None:
        return next_role(profile.for_matching(), self.taxonomy.roles.values())

    async def browse(self, filters: VacancyFilter) -> list[Vacancy]:
        """Live vacancies newest first, as ``filters.accepts`` would keep them (the index applies the same rule)."""
        return await self.matching.browse(filters.economy, filters.work_format, filters.level, filters.min_salary)

    async def browse_for(self, user_id: int, filters: VacancyFilter) -> list[Vacancy]:
        """``browse`` as ``user_id`` sees it: without the vacancies they hid or marked not relevant."""
        found = await self.browse(filters)
        excluded = (await self._feedback(user_id)).excluded
        return [v for v in found if v.id not in excluded] if excluded else found

    async def vacancy(self, vacancy_id: int) -> Vacancy | None:
        return await self.repo.vacancy(vacancy_id)

    async def courses(self) -> list[Course]:
        return await self.matching.courses()
