"""Running a digest: enqueue who is due in the ledger, then deliver each row to a final state.

Each row goes pending → sending → sent / empty / blocked / failed / uncertain. 'sending' is committed before
the first message leaves, so a process killed mid-send leaves the row 'sending', which the next run records as
'uncertain' instead of sending again: nobody gets two digests for one period. A lease in the database keeps a
second process on the same file from running at the same time.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from telegram import Bot
from telegram.error import Forbidden, TelegramError, TimedOut

from bot.digest.compose import Digest, DigestData, compose, since_for
from bot.digest.schedule import is_due, period_of
from bot.domain import TIMEZONES, DigestSchedule
from bot.i18n import resolve_language, t
from bot.keyboards import keyboard
from bot.storage.digests import DigestRepository, lease_owner

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

LEASE_SECONDS = 90.0
LEASE_RENEW_SECONDS = 30.0
PER_CHAT_INTERVAL = 1.05  # Telegram allows about one message a second per chat


@dataclass
class RunSummary:
    run_id: str
    enqueued: int
    counts: dict[str, int]
    recovered: int


class DigestRunner:
    def __init__(
        self,
        services: Services,
        bot: Bot,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        concurrency: int = 32,
        send_empty: bool = False,
    ) -> None:
        self.services = services
        self.bot = bot
        self.repo = DigestRepository(services.db)
        self.clock = clock
        self.concurrency = concurrency
        self.send_empty = send_empty
        self.owner = lease_owner(uuid.uuid4().hex)
        self._lock = asyncio.Lock()

    def schedule_of(self, row: dict) -> DigestSchedule:
        default_tz = TIMEZONES.get(row.get("economy") or "", self.services.settings.default_timezone)
        if row.get("weekday") is None:
            return DigestSchedule(timezone=default_tz)
        return DigestSchedule(row["weekday"], row["hour"], row["timezone"], bool(row["paused"]))

    async def run(self, trigger: str = "schedule") -> RunSummary | None:
        """One pass: ``schedule`` enqueues those whose hour has come; ``now`` everyone not paused this period."""
        if self._lock.locked():
            return None
        async with self._lock:
            now = self.clock()
            if not await self.repo.acquire_lease(self.owner, now, LEASE_SECONDS):
                log.info("digest: another process holds the lease; skipping")
                return None
            renewer = asyncio.create_task(self._renew_lease())
            try:
                return await self._run(trigger, now)
            finally:
                renewer.cancel()
                await self.repo.release_lease(self.owner)

    async def _renew_lease(self) -> None:
        while True:
            await asyncio.sleep(LEASE_RENEW_SECONDS)
            await self.repo.acquire_lease(self.owner, self.clock(), LEASE_SECONDS)

    async def _run(self, trigger: str, now: datetime) -> RunSummary:
        recovered = await self.repo.recover_interrupted()
        run_id = f"{now.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        await self.repo.start_run(run_id, trigger)
        recipients = await self.repo.recipients()
        due = []
        for row in recipients:
            schedule = self.schedule_of(row)
            if schedule.paused:
                continue
            if trigger == "now" or is_due(now, schedule):
                due.append((row["user_id"], period_of(now, schedule.timezone)))
        enqueued = await self.repo.enqueue(run_id, due)
        await self.repo.adopt_pending(run_id)
        languages = {r["user_id"]: resolve_language(r["language"], r["telegram_language"]) for r in recipients}
        data = await self._load()
        log.info("digest run %s: %d due, %d new in the ledger", run_id, len(due), enqueued)
        semaphore = asyncio.Semaphore(self.concurrency)

        async def one(user_id: int, period: str) -> None:
            async with semaphore:
                await self.deliver(user_id, period, languages.get(user_id, "en"), data)

        done = 0
        while batch := await self.repo.pending(limit=2000):
            await asyncio.gather(*(one(u, p) for u, p in batch))
            done += len(batch)
            log.info("digest run %s: %d delivered or settled so far", run_id, done)
        await self.repo.finish_run(run_id)
        counts = await self.repo.counts(run_id)
        log.info("digest run %s finished: %s", run_id, counts)
        return RunSummary(run_id, enqueued, counts, recovered)

    async def _load(self) -> DigestData:
        services = self.services
        vacancies = await services.opportunities.repo.open_vacancies()
        courses = await services.opportunities.repo.open_courses()
        by_vacancy = {v.id: v for v in vacancies}
        by_course = {c.id: c for c in courses}
        org_vacancies: dict[int, list] = {}
        org_courses: dict[int, list] = {}
        for user_id, kind, post_id in await self.repo.org_posts():
            if kind == "vacancy" and post_id in by_vacancy:
                org_vacancies.setdefault(user_id, []).append(by_vacancy[post_id])
            elif kind == "course" and post_id in by_course:
                org_courses.setdefault(user_id, []).append(by_course[post_id])
        profiles = {p.user_id: p for p in await services.professionals.profiles.all_profiles()}
        return DigestData(vacancies, courses, await self.repo.course_published(), profiles, org_vacancies, org_courses)

    async def compose_for(self, user_id: int, lang: str, data: DigestData | None = None) -> Digest | None:
        data = data or await self._load()
        since = since_for(await self.repo.last_sent_at(user_id), self.clock())
        return compose(user_id, lang, since, data, self.services.taxonomy)

    async def deliver(self, user_id: int, period: str, lang: str, data: DigestData) -> str:
        try:
            digest = await self.compose_for(user_id, lang, data)
        except Exception as exc:  # one user's broken data must not stop everyone else's digest
            log.exception("digest: composing for %s failed", user_id)
            await self.repo.mark(user_id, period, "failed", error=f"compose: {type(exc).__name__}")
            return "failed"
        if digest is None and not self.send_empty:
            await self.repo.mark(user_id, period, "empty")
            return "empty"
        await self.repo.mark(user_id, period, "sending")
        parts = digest.parts if digest else [t(lang, "digest.nothing_new")]
        sent = 0
        try:
            for index, part in enumerate(parts):
                if index:
                    await asyncio.sleep(PER_CHAT_INTERVAL)
                markup = keyboard(digest.buttons) if digest and digest.buttons and index == len(parts) - 1 else None
                await self._send(user_id, part, markup)
                sent += 1
        except Forbidden as exc:
            await self.services.users.mark_inactive(user_id)
            return await self._final(user_id, period, "blocked", sent, exc)
        except TimedOut as exc:
            return await self._final(user_id, period, "uncertain", sent, exc)
        except TelegramError as exc:
            return await self._final(user_id, period, "failed", sent, exc)
        await self.repo.mark(user_id, period, "sent", messages=sent)
        return "sent"

    async def _final(self, user_id: int, period: str, state: str, sent: int, exc: Exception) -> str:
        log.warning("digest for %s: %s (%s)", user_id, state, type(exc).__name__)
        await self.repo.mark(user_id, period, state, messages=sent, error=f"{type(exc).__name__}: {str(exc)[:200]}")
        return state

    async def _send(self, chat_id: int, text: str, markup: object) -> None:
        """One message. The Application's rate limiter waits out 429s and retries 5xx with backoff; what still
        fails here is final for this period (a timeout may have been delivered, so it is never resent)."""
        await self.bot.send_message(chat_id, text, reply_markup=markup)  # type: ignore[arg-type]
