"""Reach: shareable links to posts, partners' source codes, inline search, and what may go to the channel.

A post's link carries an opaque random code stored with the post (``share_codes``), never its id, and opens only
what anybody may see at that moment: an open post, before its deadline, of a verified organisation. The same
rule decides what inline mode lists, what the Share button shares and what is announced in the channel, so a
post taken down, closed or held never travels, whatever link or button someone kept.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import cache

from bot.domain import ECONOMIES, Course, Vacancy
from bot.i18n import catalogues, raw_message
from bot.matching.normalize import SkillNormalizer
from bot.matching.text import plain
from bot.services.errors import FormError, NotAllowed
from bot.services.matching import MatchingService
from bot.services.suppression import Relation
from bot.storage.opportunities import OpportunityRepository
from bot.storage.reach import ReachRepository, Source

SOURCE_PREFIX = "src_"
START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what Telegram carries in t.me/<bot>?start=…
MAX_SOURCE_NAME = 64
INLINE_RESULTS = 20


def deep_link(bot_username: str, payload: str) -> str:
    """``https://t.me/<bot>?start=<payload>``: opens the bot and sends ``/start <payload>`` when tapped."""
    if not START_PAYLOAD.fullmatch(payload):
        raise ValueError(f"not a start payload: {payload!r}")
    return f"https://t.me/{bot_username}?start={payload}"


@dataclass(frozen=True)
class SharedPost:
    """A post anybody may see now, with its link code; exactly one of ``vacancy`` and ``course`` is set."""

    kind: str
    code: str
    vacancy: Vacancy | None = None
    course: Course | None = None

    @property
    def id(self) -> int:
        return self.vacancy.id if self.vacancy else self.course.id  # type: ignore[union-attr]

    @property
    def title(self) -> str:
        return self.vacancy.title if self.vacancy else self.course.title  # type: ignore[union-attr]


@cache
def _economy_names(code: str | None) -> str:
    """An economy's name in every catalogue (``plain``), so a search in any language finds its posts."""
    if code not in ECONOMIES:
        return "online"
    names = {plain(raw_message(lang, f"economy.{code}")) for lang, cat in catalogues().items()
             if f"economy.{code}" in cat.keys}  # fmt: skip
    return " ".join(sorted(names))


class ReachService:
    def __init__(
        self,
        repo: ReachRepository,
        opportunities: OpportunityRepository,
        normalizer: SkillNormalizer,
        admin_ids: frozenset[int],
        matching: MatchingService,
    ) -> None:
        self.repo = repo
        self.opportunities = opportunities
        self.normalizer = normalizer
        self.admin_ids = admin_ids
        self.matching = matching  # the live posts, from the match index (no table scan per inline query)

    # ------------------------------------------------------------------ posts anybody may see
    async def _course(self, course_id: int) -> Course | None:
        return next((c for c in await self.matching.courses() if c.id == course_id), None)

    async def shared_post(self, kind: str, post_id: int) -> SharedPost | None:
        """The post with its link code if anybody may see it now; None otherwise (closed, held, removed, expired,
        its organisation not verified, or no such post)."""
        codes = await self.repo.codes_of([(kind, post_id)])
        code = codes.get((kind, post_id))
        if code is None:
            return None
        if kind == "vacancy":
            vacancy = await self.opportunities.vacancy(post_id)
            return SharedPost(kind, code, vacancy=vacancy) if vacancy is not None and vacancy.open else None
        course = await self._course(post_id) if kind == "course" else None
        return SharedPost(kind, code, course=course) if course is not None else None

    async def open_by_code(self, code: str) -> SharedPost | None:
        if not START_PAYLOAD.fullmatch(code):
            return None
        found = await self.repo.post_of_code(code)
        return await self.shared_post(*found) if found else None

    async def known_code(self, code: str) -> bool:
        """Whether ``code`` is a post's link code, whatever the post's status now."""
        return START_PAYLOAD.fullmatch(code) is not None and await self.repo.post_of_code(code) is not None

    async def link_codes(self, posts: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """Link codes of posts, for their organisation (who sees them whatever the status)."""
        return await self.repo.codes_of(posts)

    async def open_posts_of(self, org_id: int) -> list[tuple[str, int]]:
        """An organisation's open posts (after its verification released them), as (kind, id)."""
        return await self.repo.open_posts_of(org_id)

    async def search(self, query: str, limit: int = INLINE_RESULTS) -> list[SharedPost]:
        """Open posts for inline mode: every word of the query in the title, organisation, place or economy, or
        the query names a skill the post asks for or teaches; newest vacancies first, then courses by start. A
        post's own link code (what the Share button puts in the query) gives that post."""
        if START_PAYLOAD.fullmatch(query.strip()) and (post := await self.open_by_code(query.strip())):
            return [post]
        words = plain(query[:100]).split()
        skill = self.normalizer.normalize(query[:64]) if words else None
        skill_id = skill.skill_id if skill is not None else None
        vacancies = await self.matching.browse()  # live, newest first: as open_vacancies lists them
        courses = await self.matching.courses()
        found: list[tuple[str, Vacancy | Course]] = []
        for v in vacancies:
            text = plain(" ".join([v.title, v.organisation, v.city, _economy_names(v.economy)]))
            if _wanted(words, text) or (skill_id is not None and skill_id in v.required | v.nice):
                found.append(("vacancy", v))
        for c in courses:
            text = plain(" ".join([c.title, c.provider, _economy_names(c.economy)]))
            if _wanted(words, text) or (skill_id is not None and skill_id in c.skills):
                found.append(("course", c))
        found = found[:limit]
        codes = await self.repo.codes_of([(kind, post.id) for kind, post in found])
        out = []
        for kind, post in found:
            code = codes.get((kind, post.id))
            if code is None:  # pragma: no cover - every post gets a code from its trigger
                continue
            if isinstance(post, Vacancy):
                out.append(SharedPost(kind, code, vacancy=post))
            else:
                out.append(SharedPost(kind, code, course=post))
        return out

    async def claim_announcement(self, post: SharedPost) -> bool:
        return await self.repo.claim_announcement(post.kind, post.id)

    # ------------------------------------------------------------------ partners' source codes
    async def create_source(self, admin_id: int, name: str) -> str:
        """A new source code for a partner, named for the admins' tables; returns the start payload."""
        if admin_id not in self.admin_ids:
            raise NotAllowed
        name = " ".join(name.split())
        if not name:
            raise FormError("form.error.empty")
        if len(name) > MAX_SOURCE_NAME:
            raise FormError("form.error.too_long", limit=MAX_SOURCE_NAME, length=len(name))
        code = secrets.token_urlsafe(8)
        await self.repo.create_source(code, name, admin_id)
        return SOURCE_PREFIX + code

    async def sources(self, admin_id: int) -> list[Source]:
        if admin_id not in self.admin_ids:
            raise NotAllowed
        return await self.repo.sources()

    async def record_source(self, user_id: int, payload: str) -> bool:
        """``/start src_<code>``: remember the source for this person, if it is their first and it exists."""
        code = payload.removeprefix(SOURCE_PREFIX)
        if not payload.startswith(SOURCE_PREFIX) or not START_PAYLOAD.fullmatch(code):
            return False
        return await self.repo.record_source(user_id, code)


def _wanted(words: list[str], text: str) -> bool:
    """Every query word begins a word of the post's text (title, organisation, place, economy in any language)."""
    haystack = text.split()
    return all(any(w.startswith(word) for w in haystack) for word in words)


# ---------------------------------------------------------------------------- sources in the insights
def source_cells(
    groups: list, without_profile: dict[str, int], sources: list[Source]
) -> tuple[dict[tuple[str, ...], int], list[Relation[tuple[str, ...]]], set[tuple[str, ...]]]:
    """The counts of people the sources table publishes, the sums a reader can form with them, and the parts never
    shown, for the insights' one ``suppress`` call (see ``bot/services/insights.py``).

    Per source: the people who came through it (``source_people``) = those who registered a profile
    (``source_pros``) + those who did not (never shown). And all professionals (the insights' grand total) = each
    source's professionals + the professionals who came through no source (never shown): without that sum, a
    hidden ``source_pros`` would be the total minus the others whenever everybody came through a source.
    ``groups`` are the insights' rows of professionals, whose sixth column is the person's source code.
    """
    if not sources:
        return {}, [], set()
    codes = [s.code for s in sources]
    pros = dict.fromkeys(codes, 0)
    no_source = 0
    for row in groups:
        count, code = row[4], row[5] if len(row) > 5 else None
        if code in pros:
            pros[code] += count
        else:
            no_source += count
    cells: dict[tuple[str, ...], int] = {}
    relations: list[Relation[tuple[str, ...]]] = []
    unpublished: set[tuple[str, ...]] = {("source_none",)}
    for code in codes:
        others = without_profile.get(code, 0)
        cells[("source_people", code)] = pros[code] + others
        cells[("source_pros", code)] = pros[code]
        cells[("source_others", code)] = others
        unpublished.add(("source_others", code))
        relations.append(Relation(("source_people", code), (("source_pros", code), ("source_others", code))))
    cells[("source_none",)] = no_source
    relations.append(Relation(("professionals",), (*(("source_pros", code) for code in codes), ("source_none",))))
    return cells, relations, unpublished
