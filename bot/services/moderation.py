"""What admins do: verify organisations, decide held and reported posts, block and unblock users.

Every method checks that the actor is an admin and logs what was done; each action moves a post only from the
statuses it is meant for, so a stale or forged button cannot reopen what its organisation closed.
"""

from __future__ import annotations

from typing import Any

from bot.domain import Organisation, OrgStatus, PostRef, PostStatus
from bot.services.errors import NotAllowed
from bot.storage.moderation import ModerationRepository
from bot.storage.organisations import OrganisationRepository
from bot.storage.posts import PostRepository

ACTIONS = ("approve", "dismiss", "reject", "takedown")
MAX_REASON = 500


class ModerationService:
    def __init__(
        self,
        orgs: OrganisationRepository,
        posts: PostRepository,
        repo: ModerationRepository,
        admin_ids: frozenset[int],
    ) -> None:
        self.orgs = orgs
        self.posts = posts
        self.repo = repo
        self.admin_ids = admin_ids

    def _check(self, admin_id: int) -> None:
        if admin_id not in self.admin_ids:
            raise NotAllowed

    async def decide_organisation(self, admin_id: int, org_id: int, approve: bool) -> Organisation | None:
        """None when the organisation is unknown or already decided."""
        self._check(admin_id)
        org = await self.orgs.get(org_id)
        if org is None or org.status is not OrgStatus.PENDING:
            return None
        await self.orgs.set_status(org_id, OrgStatus.VERIFIED if approve else OrgStatus.REJECTED)
        await self.repo.log_admin(admin_id, "approve_org" if approve else "reject_org", f"organisation:{org_id}")
        return await self.orgs.get(org_id)

    async def queue(self, admin_id: int) -> tuple[list[Organisation], list[PostRef], list[dict[str, Any]]]:
        self._check(admin_id)
        return await self.orgs.pending(), await self.posts.held_posts(), await self.repo.open_reports()

    async def report(self, user_id: int, kind: str, post_id: int, reason: str = "") -> bool | None:
        """True: a new report for the admins; False: this user already reported it and it is still open; None:
        no such post that anyone can see (pending, held and removed posts read like unknown ones)."""
        post = await self.posts.post(kind, post_id) if kind in ("vacancy", "course") else None
        org = await self.orgs.get(post.organisation_id) if post else None
        if post is None or post.status is not PostStatus.OPEN or org is None or org.status is not OrgStatus.VERIFIED:
            return None
        if await self.repo.has_open_report(kind, post_id, user_id):
            return False
        await self.repo.add_report(kind, post_id, user_id, reason[:300])
        return True

    async def moderate(self, admin_id: int, kind: str, post_id: int, action: str, reason: str = "") -> PostRef | None:
        """approve: a held post goes live (or waits for its organisation's verification); dismiss: the reports are
        resolved and the post keeps the status it has; reject / takedown: removed for good.

        None when the post is unknown or not in a status the action applies to (already decided).
        """
        self._check(admin_id)
        post = await self.posts.post(kind, post_id)
        if post is None or action not in ACTIONS:
            return None
        if action == "approve":
            org = await self.orgs.get(post.organisation_id)
            live = org is not None and org.status is OrgStatus.VERIFIED
            target = PostStatus.OPEN if live else PostStatus.PENDING
            if not await self.posts.set_status(kind, post_id, target, only_from=(PostStatus.HELD,)):
                return None
        elif action in ("reject", "takedown"):
            others = tuple(s for s in PostStatus if s is not PostStatus.REMOVED)
            if not await self.posts.set_status(kind, post_id, PostStatus.REMOVED, only_from=others):
                return None
        await self.repo.resolve_reports(kind, post_id)
        await self.repo.log_admin(admin_id, action, f"{kind}:{post_id}", reason[:MAX_REASON])
        return post

    async def block(self, admin_id: int, user_id: int) -> bool:
        """False when the bot has never seen ``user_id``: nothing to block."""
        self._check(admin_id)
        if not await self.repo.block_user(user_id):
            return False
        await self.repo.log_admin(admin_id, "block_user", f"user:{user_id}")
        return True

    async def unblock(self, admin_id: int, user_id: int) -> bool:
        self._check(admin_id)
        if not await self.repo.unblock_user(user_id):
            return False
        await self.repo.log_admin(admin_id, "unblock_user", f"user:{user_id}")
        return True
