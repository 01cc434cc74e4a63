"""Posting and managing vacancies and courses: the form's last checks, quotas, close, extend, edit, reminders.

Every method takes the acting user's id and checks the post's current status and the user's standing in its
organisation here, whatever button was pressed: a post an admin removed stays removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.domain import Organisation, OrgStatus, PostRef, PostStatus, Vacancy
from bot.matching.normalize import SkillNormalizer
from bot.matching.taxonomy import Taxonomy
from bot.services.errors import FormError, NotAllowed
from bot.services.forms import FormContext, apply_defaults, missing_required, red_flags
from bot.services.organisations import MAY_POST, OrganisationService
from bot.storage.opportunities import OpportunityRepository
from bot.storage.posts import PostRepository

EXTEND_DAYS = 30
REMIND_DAYS_BEFORE = 3
# A post its organisation may still change: not closed by them, not removed by an admin.
LIVE = (PostStatus.OPEN, PostStatus.PENDING, PostStatus.HELD)
KIND_OF_ORG = {"vacancy": "employer", "course": "provider"}


@dataclass(frozen=True)
class Published:
    kind: str
    id: int
    status: PostStatus  # open, pending (organisation not verified yet) or held (red flag)
    reasons: tuple[str, ...]


class PostService:
    def __init__(
        self,
        orgs: OrganisationService,
        posts: PostRepository,
        opportunities: OpportunityRepository,
        taxonomy: Taxonomy,
        normalizer: SkillNormalizer,
        max_open_vacancies: int,
        max_posts_per_day: int,
    ) -> None:
        self.orgs = orgs
        self.repo = posts
        self.opportunities = opportunities
        self.taxonomy = taxonomy
        self.normalizer = normalizer
        self.max_open_vacancies = max_open_vacancies
        self.max_posts_per_day = max_posts_per_day

    def form_context(self, today: date | None = None) -> FormContext:
        return FormContext(self.taxonomy, self.normalizer, today or datetime.now(UTC).date())

    async def check_quota(self, user_id: int, org: Organisation, kind: str) -> str | None:
        """The catalogue key of the quota reached, or None."""
        since = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
        if await self.repo.count_posts_since(user_id, since) >= self.max_posts_per_day:
            return "post.quota_daily"
        if kind == "vacancy" and await self.repo.count_open_vacancies(org.id) >= self.max_open_vacancies:
            return "post.quota_open"
        return None

    def complete(self, kind: str, values: dict[str, Any], org: Organisation) -> dict[str, Any]:
        missing = missing_required(kind, values)
        if missing:
            raise FormError("post.error.missing", fields=", ".join(missing))
        return apply_defaults(kind, values, self.form_context(), org.name)

    async def publish(
        self, user_id: int, org_id: int, kind: str, values: dict[str, Any], edit_of: int | None = None
    ) -> Published:
        org = await self.orgs.acting(user_id, org_id, MAY_POST)
        if org.kind != KIND_OF_ORG.get(kind):
            raise NotAllowed
        full = self.complete(kind, values, org)
        reasons = red_flags(full, org.name)
        if reasons:
            status = PostStatus.HELD
        else:
            status = PostStatus.OPEN if org.status is OrgStatus.VERIFIED else PostStatus.PENDING
        hold = ",".join(reasons) or None
        if edit_of is not None:
            post = await self.own_post(user_id, kind, edit_of)
            if kind != "vacancy" or post.organisation_id != org.id:
                raise NotAllowed
            if not await self.repo.replace_vacancy(edit_of, full, status, hold):
                raise NotAllowed  # removed or closed between the preview and Publish
            return Published(kind, edit_of, status, tuple(reasons))
        quota = await self.check_quota(user_id, org, kind)
        if quota:
            raise FormError(quota, daily=self.max_posts_per_day, open=self.max_open_vacancies)
        create = self.repo.create_vacancy if kind == "vacancy" else self.repo.create_course
        post_id = await create(org.id, user_id, full, status, hold)
        return Published(kind, post_id, status, tuple(reasons))

    async def own_post(self, user_id: int, kind: str, post_id: int, statuses: tuple[PostStatus, ...] = LIVE) -> PostRef:
        """The post, if its status is one of ``statuses`` and the user may act for its organisation."""
        post = await self.repo.post(kind, post_id)
        if post is None or post.status not in statuses:
            raise NotAllowed
        await self.orgs.acting(user_id, post.organisation_id, MAY_POST)
        return post

    async def my_posts(self, user_id: int) -> list[PostRef]:
        return await self.repo.posts_of([o.id for o in await self.orgs.of_user(user_id)])

    async def close(self, user_id: int, kind: str, post_id: int) -> PostRef:
        post = await self.own_post(user_id, kind, post_id)
        if not await self.repo.set_status(kind, post_id, PostStatus.CLOSED, only_from=LIVE):
            raise NotAllowed
        return post

    async def extend(self, user_id: int, kind: str, post_id: int) -> str:
        post = await self.own_post(user_id, kind, post_id)
        base = max(date.fromisoformat(post.deadline), datetime.now(UTC).date())
        deadline = (base + timedelta(days=EXTEND_DAYS)).isoformat()
        await self.repo.set_deadline(kind, post_id, deadline)
        return deadline

    async def vacancy_for_edit(self, user_id: int, vacancy_id: int) -> Vacancy:
        await self.own_post(user_id, "vacancy", vacancy_id)
        vacancy = await self.opportunities.vacancy(vacancy_id)
        if vacancy is None:
            raise NotAllowed
        return vacancy

    async def members_of(self, post: PostRef) -> list[int]:
        return await self.orgs.members(post.organisation_id)

    async def due_reminders(self, today: date | None = None) -> list[PostRef]:
        today = today or datetime.now(UTC).date()
        until = (today + timedelta(days=REMIND_DAYS_BEFORE)).isoformat()
        return [p for p in await self.repo.vacancies_due_for_reminder(until) if p.deadline >= today.isoformat()]

    async def mark_reminded(self, post: PostRef) -> None:
        await self.repo.mark_reminded(post.id)
