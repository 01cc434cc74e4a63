"""Organisations: registering, membership, invitations, and the one check every organisation action goes through.

Authorisation is judged here, on the current state, never on what a button says: an action for an organisation
needs a member who is not blocked (blocked users never reach a handler, and their memberships count for nothing)
of an organisation whose status allows it.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from bot.domain import Organisation, OrgStatus
from bot.services.errors import FormError, NotAllowed
from bot.storage.organisations import OrganisationRepository

SECTORS = ("government", "finance", "telecom", "energy", "it_services", "education", "other")
INVITE_DAYS = 7
# Statuses in which an organisation may still write and manage its own posts (they reach nobody until verified).
MAY_POST = (OrgStatus.PENDING, OrgStatus.VERIFIED)


class OrganisationService:
    def __init__(self, orgs: OrganisationRepository) -> None:
        self.repo = orgs

    async def register(self, user_id: int, kind: str, values: dict[str, str]) -> Organisation:
        if kind not in ("employer", "provider") or values.get("sector") not in SECTORS:
            raise FormError("form.error.incomplete")
        return await self.repo.create(user_id, kind, values)

    async def of_user(
        self, user_id: int, kind: str | None = None, statuses: tuple[OrgStatus, ...] = MAY_POST
    ) -> list[Organisation]:
        return [org for org, _ in await self.repo.for_user(user_id, kind) if org.status in statuses]

    async def get(self, org_id: int) -> Organisation | None:
        return await self.repo.get(org_id)

    async def acting(self, user_id: int, org_id: int, statuses: tuple[OrgStatus, ...]) -> Organisation:
        """The organisation ``user_id`` acts for, if they are a member who is not blocked and its status is one of
        ``statuses``; otherwise NotAllowed."""
        org = await self.repo.get(org_id)
        if org is None or org.status not in statuses or user_id not in await self.repo.active_members(org_id):
            raise NotAllowed
        return org

    async def members(self, org_id: int) -> list[int]:
        """Who hears about the organisation's posts: its members who are not blocked."""
        return await self.repo.active_members(org_id)

    async def invite(self, user_id: int, org_id: int) -> str:
        org = await self.acting(user_id, org_id, (OrgStatus.VERIFIED,))
        if (org.id, "owner") not in [(o.id, role) for o, role in await self.repo.for_user(user_id)]:
            raise NotAllowed
        code = secrets.token_urlsafe(9)
        await self.repo.create_invite(org_id, user_id, code)
        return code

    async def join(self, user_id: int, code: str, now: datetime | None = None) -> Organisation | None:
        """Codes work once, for INVITE_DAYS, while their author is not blocked and the organisation is verified."""
        issued_after = ((now or datetime.now(UTC)) - timedelta(days=INVITE_DAYS)).isoformat(timespec="seconds")
        return await self.repo.use_invite(code.strip(), user_id, issued_after)
