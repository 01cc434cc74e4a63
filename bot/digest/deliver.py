"""Running a digest: enqueue who is due in the ledger, then deliver each row to a final state.

Each row goes pending → sending → sent / empty / blocked / failed / uncertain. 'sending' is committed before
the first message leaves, so a process killed mid-send leaves the row 'sending', which the next run records as
'uncertain' instead of sending again: nobody gets two digests for one period. A lease in the database keeps a
second process on the same file from running at the same time.

A shutdown (``request_stop``) starts no new delivery and lets those in flight finish, so every row is pending (the
next start sends it) or final; what is still in flight after a grace period is cancelled and left 'sending', which
the next run records as 'uncertain'. Digests are bulk: they give way to people's replies (``bot.ratelimit``).
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
from bot.observability import DIGESTS_SENT
from bot.ratelimit import bulk_sends
from bot.storage.digests import DigestRepository, lease_owner

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

LEASE_SECONDS = 90.0
LEASE_RENEW_SECONDS = 30.0
PER_CHAT_INTERVAL = 1.05  # Telegram allows about one message a second per chat
BATCH = 2000  # pending ledger rows taken at a time: ranked together, then delivered
STOP_GRACE_SECONDS = 4.0  # after a stop request, deliveries still in flight get this long to finish


@dataclass
class RunSummary:
    run_id: str
    enqueued: int
    counts: dict[str, int]
    recovered: int
    stopped: bool = False  # a shutdown stopped the run; what is left stays pending for the next one


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
        self._marks: _LedgerWriter | None = None
        self._stopping = False
        self._delivery: asyncio.Task[RunSummary] | None = None
        self._cancelled_for_stop = False

    def schedule_of(self, row: dict) -> DigestSchedule:
        default_tz = TIMEZONES.get(row.get("economy") or "", self.services.settings.default_timezone)
        if row.get("weekday") is None:
            return DigestSchedule(timezone=default_tz)
        return DigestSchedule(row["weekday"], row["hour"], row["timezone"], bool(row["paused"]))

    async def run(self, trigger: str = "schedule") -> RunSummary | None:
        """One pass: ``schedule`` enqueues those whose hour has come; ``now`` everyone not paused this period."""
        if self._lock.locked() or self._stopping:
            return None
        async with self._lock:
            now = self.clock()
            if not await self.repo.acquire_lease(self.owner, now, LEASE_SECONDS):
                log.info("digest: another process holds the lease; skipping")
                return None
            renewer = asyncio.create_task(self._renew_lease())
            with bulk_sends():
                self._delivery = asyncio.create_task(self._run(trigger, now))
            try:
                return await self._delivery
            except asyncio.CancelledError:
                if not self._cancelled_for_stop:
                    raise
                log.warning("digest: deliveries still in flight at shutdown were cancelled; the next run settles them")
                return None
            finally:
                self._delivery = None
                renewer.cancel()
                await self.repo.release_lease(self.owner)

    @property
    def stopping(self) -> bool:
        return self._stopping

    def request_stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """For a shutdown: start no new delivery, let those in flight finish, cancel them after ``grace`` seconds."""
        self._stopping = True
        delivery = self._delivery
        if delivery is not None and not delivery.done():
            log.info("digest: stopping; deliveries in flight get %.0f s to finish", grace)
            asyncio.get_running_loop().call_later(grace, self._cancel_for_stop, delivery)

    def _cancel_for_stop(self, delivery: asyncio.Task[RunSummary]) -> None:
        if not delivery.done():
            self._cancelled_for_stop = True
            delivery.cancel()

    async def _renew_lease(self) -> None:
        while True:
            await asyncio.sleep(LEASE_RENEW_SECONDS)
            await self.repo.acquire_lease(self.owner, self.clock(), LEASE_SECONDS)

    async def _run(self, trigger: str, now: datetime) -> RunSummary:
        recovered = await self.repo.recover_interrupted()
        run_id = f"{now.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        await self.repo.start_run(run_id, trigger)
        await self.services.matching.refresh()  # every tick: applies the change feed and forgets what is old
        # Who is due is decided per schedule (a few hundred groups), not per user; the ledger is then asked only
        # for the due groups' people who have no row for this period yet: usually nobody, between runs.
        due_groups = []
        for group in await self.repo.schedule_groups():
            schedule = self.schedule_of(group)
            if not schedule.paused and (trigger == "now" or is_due(now, schedule)):
                due_groups.append((group, period_of(now, schedule.timezone)))
        due = await self.repo.due_without_row(due_groups) if due_groups else []
        enqueued = await self.repo.enqueue(run_id, due) if due else 0
        await self.repo.adopt_pending(run_id)
        log.info("digest run %s: %d due, %d new in the ledger", run_id, len(due), enqueued)
        self._marks = _LedgerWriter(self.repo)
        # One task composes (ranking each batch in bulk in a worker thread while the batch before is composed);
        # ``concurrency`` tasks deliver what it composed. Composing a digest needs no database, so it goes on
        # while deliveries wait for their ledger writes.
        queue: asyncio.Queue[_Composed | None] = asyncio.Queue(maxsize=4 * self.concurrency)
        workers = [asyncio.create_task(self._deliver_from(queue)) for _ in range(self.concurrency)]
        try:
            done = await self._compose_all(run_id, queue)
        finally:
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        log.info("digest run %s: %d delivered or settled", run_id, done)
        if self._stopping:
            log.info("digest run %s stopped for shutdown; who is left stays pending for the next start", run_id)
            return RunSummary(run_id, enqueued, await self.repo.counts(run_id), recovered, stopped=True)
        await self.repo.finish_run(run_id)
        counts = await self.repo.counts(run_id)
        log.info("digest run %s finished: %s", run_id, counts)
        return RunSummary(run_id, enqueued, counts, recovered)

    async def _compose_all(self, run_id: str, queue: asyncio.Queue[_Composed | None]) -> int:
        """Compose the digest of every pending row, batch after batch, onto ``queue``; returns how many."""
        data: DigestData | None = None  # loaded once somebody is pending: an idle tick costs a few queries
        batch = await self.repo.pending_after(None, BATCH)
        done = 0
        ready: asyncio.Task[_Batch] | None = None
        while batch and not self._stopping:
            data = data or await self._load()
            current = await (ready or asyncio.create_task(self._prepare(data, batch)))
            batch = await self.repo.pending_after(batch[-1], BATCH)
            ready = asyncio.create_task(self._prepare(data, batch)) if batch else None
            for i, (user_id, period) in enumerate(current.rows):
                if self._stopping:
                    break
                lang, since = current.languages[user_id], current.since[user_id]
                try:
                    digest: Digest | Exception | None = compose(user_id, lang, since, data, self.services.taxonomy)
                except Exception as exc:  # one user's broken data must not stop everyone else's digest
                    log.exception("digest: composing for %s failed", user_id)
                    digest = exc
                await queue.put(_Composed(user_id, period, lang, digest))
                done += 1
                if i % 16 == 15:
                    await asyncio.sleep(0)  # composing is pure CPU: let people's updates in between
            log.info("digest run %s: %d composed so far", run_id, done)
        if ready is not None:
            ready.cancel()
        return done

    async def _prepare(self, data: DigestData, rows: list[tuple[int, str]]) -> _Batch:
        users = [u for u, _ in rows]
        languages = await self.repo.languages(users)
        last = await self.repo.last_sent_many(users)
        now = self.clock()
        batch = _Batch(
            rows,
            {u: resolve_language(*languages.get(u, (None, None))) for u in users},
            {u: since_for(last.get(u), now) for u in users},
        )
        await data.prepare([(u, batch.since[u]) for u in users])  # the batch's rankings, in bulk, off the loop
        return batch

    async def _deliver_from(self, queue: asyncio.Queue[_Composed | None]) -> None:
        while (item := await queue.get()) is not None:
            if not self._stopping:  # a shutdown starts no new delivery: the row stays pending for the next run
                await self._deliver_composed(item.user_id, item.period, item.lang, item.digest)

    async def _load(self, user_id: int | None = None) -> DigestData:
        """The match index as of now, and the open posts of every member's organisations (or one member's)."""
        view = await self.services.matching.digest_view()
        org_vacancies: dict[int, list[int]] = {}
        org_courses: dict[int, list[int]] = {}
        for member, kind, post_id in await self.repo.org_posts(user_id):
            (org_vacancies if kind == "vacancy" else org_courses).setdefault(member, []).append(post_id)
        return DigestData(view, org_vacancies, org_courses, self.services.feedback.marks_of)

    async def compose_for(
        self, user_id: int, lang: str, data: DigestData | None = None, since: str | None = None
    ) -> Digest | None:
        data = data or await self._load(user_id)
        if since is None:
            since = since_for(await self.repo.last_sent_at(user_id), self.clock())
        await data.prepare([(user_id, since)])  # a no-op when the run prepared the batch already
        return compose(user_id, lang, since, data, self.services.taxonomy)

    async def _mark(self, user_id: int, period: str, state: str, messages: int = 0, error: str | None = None) -> None:
        """A ledger mark, committed before this returns; within a run, written together with the others'."""
        marks = self._marks
        if marks is None:
            await self.repo.mark(user_id, period, state, messages=messages, error=error)
        else:
            await marks.mark(user_id, period, state, messages, error)

    async def deliver(self, user_id: int, period: str, lang: str, data: DigestData, since: str | None = None) -> str:
        try:
            digest: Digest | Exception | None = await self.compose_for(user_id, lang, data, since)
        except Exception as exc:  # one user's broken data must not stop everyone else's digest
            log.exception("digest: composing for %s failed", user_id)
            digest = exc
        return await self._deliver_composed(user_id, period, lang, digest)

    async def _deliver_composed(self, user_id: int, period: str, lang: str, digest: Digest | Exception | None) -> str:
        if isinstance(digest, Exception):
            await self._mark(user_id, period, "failed", error=f"compose: {type(digest).__name__}")
            return "failed"
        if digest is None and not self.send_empty:
            await self._mark(user_id, period, "empty")
            return "empty"
        await self._mark(user_id, period, "sending")
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
        await self._mark(user_id, period, "sent", messages=sent)
        DIGESTS_SENT.inc()
        return "sent"

    async def _final(self, user_id: int, period: str, state: str, sent: int, exc: Exception) -> str:
        log.warning("digest for %s: %s (%s)", user_id, state, type(exc).__name__)
        await self._mark(user_id, period, state, messages=sent, error=f"{type(exc).__name__}: {str(exc)[:200]}")
        return state

    async def _send(self, chat_id: int, text: str, markup: object) -> None:
        """One message. The Application's rate limiter waits out 429s and retries 5xx with backoff; what still
        fails here is final for this period (a timeout may have been delivered, so it is never resent)."""
        await self.bot.send_message(chat_id, text, reply_markup=markup)  # type: ignore[arg-type]


@dataclass
class _Batch:
    rows: list[tuple[int, str]]  # (user, period) pending in the ledger
    languages: dict[int, str]
    since: dict[int, str]


@dataclass
class _Composed:
    user_id: int
    period: str
    lang: str
    digest: Digest | Exception | None


class _LedgerWriter:
    """Ledger marks from the deliveries of a run, written a wave at a time: one transaction for every mark made
    in the same turn of the event loop, instead of one per mark. Each ``mark`` still returns only once its row
    is committed, so 'sending' is on disk before a message leaves."""

    def __init__(self, repo: DigestRepository) -> None:
        self.repo = repo
        self._queue: list[tuple[tuple[int, str, str, int, str | None], asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def mark(self, user_id: int, period: str, state: str, messages: int = 0, error: str | None = None) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append(((user_id, period, state, messages, error), done))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        await done

    async def _flush(self) -> None:
        await asyncio.sleep(0)  # let the other deliveries of this turn of the loop add theirs
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                await self.repo.mark_many([item for item, _ in batch])
            except BaseException as exc:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc if isinstance(exc, Exception) else RuntimeError("ledger write stopped"))
                if not isinstance(exc, Exception):
                    for _, done in self._queue:
                        done.cancel()
                    raise
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)
