"""Organisations, posts and their moderation, and the consent-based contact between employers and professionals.

Every method that changes something takes the acting user's id and checks, here on the server, that they may:
button data only says what was pressed, never who is allowed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.domain import Profile, Vacancy
from bot.matching.normalize import SkillNormalizer
from bot.matching.recommend import Candidate, recommend_candidates
from bot.matching.taxonomy import Taxonomy
from bot.services.forms import FormContext, apply_defaults, missing_required, red_flags
from bot.services.professionals import FormError
from bot.storage.opportunities import OpportunityRepository
from bot.storage.organisations import Organisation, OrganisationRepository, PostRef
from bot.storage.profiles import ProfileRepository

SECTORS = ("government", "finance", "telecom", "energy", "it_services", "education", "other")
MAX_OPEN_VACANCIES = 20
MAX_POSTS_PER_DAY = 10
EXTEND_DAYS = 30
REMIND_DAYS_BEFORE = 3


class NotAllowed(Exception):
    """The acting user may not do this; nothing was changed."""


@dataclass(frozen=True)
class Published:
    kind: str
    id: int
    status: str  # open, pending (organisation not verified yet) or held (red flag)
    reasons: tuple[str, ...]


class PostService:
    def __init__(
        self,
        orgs: OrganisationRepository,
        opportunities: OpportunityRepository,
        profiles: ProfileRepository,
        taxonomy: Taxonomy,
        normalizer: SkillNormalizer,
        admin_ids: frozenset[int],
        max_open_vacancies: int = MAX_OPEN_VACANCIES,
        max_posts_per_day: int = MAX_POSTS_PER_DAY,
    ) -> None:
        self.orgs = orgs
        self.opportunities = opportunities
        self.profiles = profiles
        self.taxonomy = taxonomy
        self.normalizer = normalizer
        self.admin_ids = admin_ids
        self.max_open_vacancies = max_open_vacancies
        self.max_posts_per_day = max_posts_per_day

    def form_context(self, today: date | None = None) -> FormContext:
        return FormContext(self.taxonomy, self.normalizer, today or datetime.now(UTC).date())

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admin_ids

    # ------------------------------------------------------------------ organisations
    async def register_organisation(self, user_id: int, kind: str, values: dict[str, str]) -> Organisation:
        if kind not in ("employer", "provider") or values.get("sector") not in SECTORS:
            raise FormError("form.error.incomplete")
        return await self.orgs.create(user_id, kind, values)

    async def organisations_of(self, user_id: int, kind: str | None = None) -> list[Organisation]:
        return [org for org, _ in await self.orgs.for_user(user_id, kind)]

    async def decide_organisation(self, admin_id: int, org_id: int, approve: bool) -> Organisation | None:
        if not self.is_admin(admin_id):
            raise NotAllowed
        org = await self.orgs.get(org_id)
        if org is None or org.status != "pending":
            return None
        await self.orgs.set_status(org_id, "verified" if approve else "rejected")
        await self.orgs.log_admin(admin_id, "approve_org" if approve else "reject_org", f"organisation:{org_id}")
        return await self.orgs.get(org_id)

    async def pending(self, admin_id: int) -> tuple[list[Organisation], list[PostRef], list[dict[str, Any]]]:
        if not self.is_admin(admin_id):
            raise NotAllowed
        return await self.orgs.pending(), await self.orgs.held_posts(), await self.orgs.open_reports()

    async def invite(self, user_id: int, org_id: int) -> str:
        if (org_id, "owner") not in [(o.id, role) for o, role in await self.orgs.for_user(user_id)]:
            raise NotAllowed
        code = secrets.token_urlsafe(9)
        await self.orgs.create_invite(org_id, user_id, code)
        return code

    async def join(self, user_id: int, code: str) -> Organisation | None:
        return await self.orgs.use_invite(code.strip(), user_id)

    # ------------------------------------------------------------------ posting
    async def check_quota(self, user_id: int, org: Organisation, kind: str) -> str | None:
        """The catalogue key of the quota reached, or None."""
        since = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
        if await self.orgs.count_posts_since(user_id, since) >= self.max_posts_per_day:
            return "post.quota_daily"
        if kind == "vacancy" and await self.orgs.count_open_vacancies(org.id) >= self.max_open_vacancies:
            return "post.quota_open"
        return None

    def complete(self, kind: str, values: dict[str, Any], org: Organisation) -> dict[str, Any]:
        missing = missing_required(kind, values)
        if missing:
            raise FormError("post.error.missing", fields=", ".join(missing))
        return apply_defaults(kind, values, self.form_context(), org.name)

    async def publish(self, user_id: int, org_id: int, kind: str, values: dict[str, Any],
                      edit_of: int | None = None) -> Published:  # fmt: skip
        org = await self._member_org(user_id, org_id)
        full = self.complete(kind, values, org)
        reasons = red_flags(full, org.name)
        status = "held" if reasons else ("open" if org.status == "verified" else "pending")
        hold = ",".join(reasons) or None
        if edit_of is not None:
            post = await self._own_post(user_id, kind, edit_of)
            if kind != "vacancy" or post.organisation_id != org.id:
                raise NotAllowed
            await self.orgs.replace_vacancy(edit_of, full, status, hold)
            return Published(kind, edit_of, status, tuple(reasons))
        quota = await self.check_quota(user_id, org, kind)
        if quota:
            raise FormError(quota, daily=self.max_posts_per_day, open=self.max_open_vacancies)
        create = self.orgs.create_vacancy if kind == "vacancy" else self.orgs.create_course
        post_id = await create(org.id, user_id, full, status, hold)
        return Published(kind, post_id, status, tuple(reasons))

    async def _member_org(self, user_id: int, org_id: int) -> Organisation:
        for org, _ in await self.orgs.for_user(user_id):
            if org.id == org_id and org.status != "rejected":
                return org
        raise NotAllowed

    async def _own_post(self, user_id: int, kind: str, post_id: int) -> PostRef:
        post = await self.orgs.post(kind, post_id)
        if post is None:
            raise NotAllowed
        if post.organisation_id not in [o.id for o in await self.organisations_of(user_id)]:
            raise NotAllowed
        return post

    async def my_posts(self, user_id: int) -> list[PostRef]:
        return await self.orgs.posts_of([o.id for o in await self.organisations_of(user_id)])

    async def close(self, user_id: int, kind: str, post_id: int) -> PostRef:
        post = await self._own_post(user_id, kind, post_id)
        await self.orgs.set_post(kind, post_id, status="closed")
        return post

    async def extend(self, user_id: int, kind: str, post_id: int) -> str:
        post = await self._own_post(user_id, kind, post_id)
        base = max(date.fromisoformat(post.deadline), datetime.now(UTC).date())
        deadline = (base + timedelta(days=EXTEND_DAYS)).isoformat()
        await self.orgs.set_post(kind, post_id, deadline=deadline)
        return deadline

    async def vacancy_for_edit(self, user_id: int, vacancy_id: int) -> Vacancy:
        await self._own_post(user_id, "vacancy", vacancy_id)
        vacancy = await self.opportunities.vacancy(vacancy_id)
        if vacancy is None:
            raise NotAllowed
        return vacancy

    # ------------------------------------------------------------------ moderation
    async def report(self, user_id: int, kind: str, post_id: int, reason: str = "") -> int | None:
        if kind not in ("vacancy", "course") or await self.orgs.post(kind, post_id) is None:
            return None
        return await self.orgs.add_report(kind, post_id, user_id, reason[:300])

    async def moderate(self, admin_id: int, kind: str, post_id: int, action: str, reason: str = "") -> PostRef | None:
        """approve (a held post goes live), reject or takedown (removed); every call checked and logged."""
        if not self.is_admin(admin_id):
            raise NotAllowed
        post = await self.orgs.post(kind, post_id)
        if post is None or action not in ("approve", "reject", "takedown"):
            return None
        org = await self.orgs.get(post.organisation_id)
        if action == "approve":
            status = "open" if org is not None and org.status == "verified" else "pending"
        else:
            status = "removed"
        await self.orgs.set_post(kind, post_id, status=status)
        await self.orgs.resolve_reports(kind, post_id)
        await self.orgs.log_admin(admin_id, action, f"{kind}:{post_id}", reason)
        return post

    async def block(self, admin_id: int, user_id: int) -> None:
        if not self.is_admin(admin_id):
            raise NotAllowed
        await self.orgs.block_user(user_id)
        await self.orgs.log_admin(admin_id, "block_user", f"user:{user_id}")

    async def owners_of(self, post: PostRef) -> list[int]:
        return await self.orgs.members(post.organisation_id)

    # ------------------------------------------------------------------ candidates and contact
    async def candidates(
        self, user_id: int, vacancy_id: int, k: int = 10
    ) -> tuple[Vacancy, list[tuple[Candidate, Profile]]]:
        vacancy = await self.vacancy_for_edit(user_id, vacancy_id)
        profiles = {p.user_id: p for p in await self.profiles.all_profiles()}
        found = recommend_candidates(vacancy, [p.for_matching() for p in profiles.values()], k=k)
        return vacancy, [(c, profiles[c.professional.id]) for c in found]

    async def request_contact(self, user_id: int, vacancy_id: int, professional_id: int) -> bool | None:
        """None: the professional is not a visible candidate; False: already asked."""
        await self.vacancy_for_edit(user_id, vacancy_id)
        profile = await self.profiles.get(professional_id)
        if profile is None or not profile.for_matching().visible:
            return None
        return await self.orgs.contact_request(vacancy_id, professional_id, user_id)

    async def answer_contact(self, professional_id: int, vacancy_id: int, accept: bool) -> int | None:
        return await self.orgs.answer_contact(vacancy_id, professional_id, accept)

    async def vacancy_owners(self, vacancy_id: int) -> list[int]:
        post = await self.orgs.post("vacancy", vacancy_id)
        return await self.orgs.members(post.organisation_id) if post else []

    async def due_reminders(self, today: date | None = None) -> list[PostRef]:
        today = today or datetime.now(UTC).date()
        until = (today + timedelta(days=REMIND_DAYS_BEFORE)).isoformat()
        return [p for p in await self.orgs.vacancies_due_for_reminder(until) if p.deadline >= today.isoformat()]
