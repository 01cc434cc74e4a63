"""The rate limiter every Bot API call goes through: Telegram's flood limits, people before bulk, and retries.

Telegram allows a bot about 30 messages a second overall and about one a second per chat (short bursts in a chat
are tolerated; a 429 with ``retry_after`` says when they are not). Digests and other background sends can fill
the whole overall budget for an hour at a time, so a plain FIFO limiter makes every person's reply wait behind
the queued bulk (measured: 1.1 s per reply for the length of a digest run). Here the overall budget is one slot
every 1/29.5 s on an even grid, and a slot goes to a waiting interactive request before any bulk one: bulk yields
its turn, so a reply waits at most about one slot (34 ms) however long the bulk queue is, and the total never goes
over the budget. A slot granted late because the event loop was busy is made up for (up to 0.1 s of them), but
never so that more than 30 go out in any one-second window: an even pace with no bursts on top, which is what
keeps a long digest free of 429s and within 10% of Telegram's ceiling.

What is bulk: whatever runs inside ``bulk_sends()`` — the digest run and every job (``as_bulk``); everything else
is a reply to a person. Bulk to one chat keeps one message a second after the chat's last message of any kind.
Replies follow the person's own pace — they answer what the person sends, which the flood guard bounds (25 in
10 s) — and a multi-message answer goes out as one short burst, which Telegram tolerates in a chat. A 429 pauses
that chat and all bulk for ``retry_after`` (other people's replies go on), then the request is retried, up to
``MAX_RETRIES`` times. Bad requests are the bot's own mistakes and timeouts may have been delivered (resending
could duplicate), so neither is retried; other network failures and 5xx answers are retried with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

from bot import observability

log = logging.getLogger(__name__)

OVERALL_MESSAGES_PER_SECOND = 29.5
WINDOW_SECONDS = 1.015  # Telegram counts messages over any one second; never more than ceil(29.5) = 30 in this
CATCH_UP_SECONDS = 0.1  # a slot granted late (the event loop was busy) may be made up for, this much at most
PER_CHAT_INTERVAL = 1.0  # seconds between messages to one private chat, on average
GROUP_INTERVAL = 3.0  # 20 a minute in a group
MAX_RETRIES = 3  # after a 429
SERVER_ERROR_TRIES = 3

_BULK: ContextVar[bool] = ContextVar("bulk_sends", default=False)
T = TypeVar("T")


@contextlib.contextmanager
def bulk_sends() -> Iterator[None]:
    """Bot API calls made inside (and in tasks started inside) give way to people's replies."""
    token = _BULK.set(True)
    try:
        yield
    finally:
        _BULK.reset(token)


def as_bulk(callback: Callable[[Any], Awaitable[T]]) -> Callable[[Any], Coroutine[Any, Any, T]]:
    """A job callback whose messages are bulk: background work never delays an answer to a person."""

    @functools.wraps(callback)
    async def job(context: Any) -> T:
        with bulk_sends():
            return await callback(context)

    return job


def is_bulk() -> bool:
    return _BULK.get()


@dataclass
class _Chat:
    interval: float
    last_grant: float = float("-inf")
    paused_until: float = 0.0
    lock: asyncio.Lock | None = None

    def delay(self, now: float, bulk: bool) -> float:
        """Seconds until this chat may take one more message of this kind."""
        wait = self.paused_until - now
        return max(wait, self.last_grant + self.interval - now) if bulk else wait

    def idle(self, now: float) -> bool:
        return (self.lock is None or not self.lock.locked()) and now - max(self.last_grant, self.paused_until) > 60


class ResilientRateLimiter(BaseRateLimiter[int]):
    """Overall pacing with priority for people, per-chat pacing, 429 pauses and retries of passing failures."""

    def __init__(
        self,
        messages_per_second: float = OVERALL_MESSAGES_PER_SECOND,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        backoff: float = 0.5,
        max_retries: int = MAX_RETRIES,
    ) -> None:
        self.interval = 1 / messages_per_second
        self._recent: deque[float] = deque(maxlen=math.ceil(messages_per_second))  # the last grants
        self._starts: deque[float] = deque(maxlen=math.ceil(messages_per_second))  # the last requests sent
        self.per_chat_interval = per_chat_interval
        self.backoff = backoff
        self.max_retries = max_retries
        self._interactive: deque[asyncio.Future[None]] = deque()
        self._bulk: deque[asyncio.Future[None]] = deque()
        self._next_slot = 0.0
        self._bulk_paused_until = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._chats: dict[int | str, _Chat] = {}
        self._swept = 0.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for waiter in (*self._interactive, *self._bulk):
            waiter.cancel()
        self._interactive.clear()
        self._bulk.clear()

    # ------------------------------------------------------------------ the overall budget
    def _earliest(self) -> float:
        """The next slot: on an even grid of 1/rate, and never more than the rate in any WINDOW_SECONDS."""
        if len(self._recent) == self._recent.maxlen:
            return max(self._next_slot, self._recent[0] + WINDOW_SECONDS)
        return self._next_slot

    def _dispatch(self) -> None:
        """Grant every slot that is due, people first; then arm a timer for the next one.

        The grid keeps the pace even; a timer that fired late (the loop was busy) does not lose the slot: the grid
        may lag the clock by CATCH_UP_SECONDS, so the next slots come a little sooner, while the window bound keeps
        any one second within the limit."""
        loop = asyncio.get_running_loop()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        now = loop.time()
        while True:
            for queue in (self._interactive, self._bulk):
                while queue and queue[0].done():  # a waiter that was cancelled
                    queue.popleft()
            if not self._interactive and not (self._bulk and now >= self._bulk_paused_until):
                break
            if now < self._earliest():
                break
            (self._interactive or self._bulk).popleft().set_result(None)
            self._recent.append(now)
            self._next_slot = max(now - CATCH_UP_SECONDS, self._next_slot) + self.interval
        if self._interactive:
            self._timer = loop.call_at(self._earliest(), self._dispatch)
        elif self._bulk:
            self._timer = loop.call_at(max(self._earliest(), self._bulk_paused_until), self._dispatch)

    async def _slot(self, bulk: bool) -> None:
        loop = asyncio.get_running_loop()
        if not self._interactive and not self._bulk:
            self._next_slot = max(self._next_slot, loop.time())  # after a quiet spell nothing is owed: no burst
        waiter: asyncio.Future[None] = loop.create_future()
        (self._bulk if bulk else self._interactive).append(waiter)
        self._dispatch()
        await waiter

    # ------------------------------------------------------------------ one chat
    def _chat(self, chat_id: int | str, now: float) -> _Chat:
        if now - self._swept > 60:
            self._swept = now
            for key in [k for k, chat in self._chats.items() if chat.idle(now)]:
                del self._chats[key]
        chat = self._chats.get(chat_id)
        if chat is None:
            group = isinstance(chat_id, str) or chat_id < 0
            chat = self._chats[chat_id] = _Chat(GROUP_INTERVAL if group else self.per_chat_interval)
            chat.lock = asyncio.Lock()
        return chat

    async def _turn(self, chat_id: int | str | None, bulk: bool) -> None:
        """Wait for this chat's turn, then for an overall slot."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        if chat_id is None:
            await self._slot(bulk)
        else:
            chat = self._chat(chat_id, started)
            assert chat.lock is not None
            async with chat.lock:  # one request per chat at a time through the queue, in order
                while (delay := chat.delay(loop.time(), bulk)) > 0:  # noqa: ASYNC110 - a deadline, not an event
                    await asyncio.sleep(delay)
                await self._slot(bulk)
                chat.last_grant = loop.time()
        observability.RATE_LIMIT_WAIT.labels("bulk" if bulk else "interactive").observe(loop.time() - started)

    async def _within_window(self) -> None:
        """The window bound again, on when requests actually leave: a task granted its slot just before the
        event loop stalled leaves after the stall, next to the ones granted after it."""
        loop = asyncio.get_running_loop()
        starts = self._starts
        while len(starts) == starts.maxlen and (wait := starts[0] + WINDOW_SECONDS - loop.time()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(wait)
        starts.append(loop.time())

    def _retry_after(self, chat_id: int | str | None, seconds: float) -> None:
        now = asyncio.get_running_loop().time()
        self._bulk_paused_until = max(self._bulk_paused_until, now + seconds)
        if chat_id is not None:
            chat = self._chat(chat_id, now)
            chat.paused_until = max(chat.paused_until, now + seconds)

    # ------------------------------------------------------------------ PTB's entry point
    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        bulk = is_bulk()
        chat_id = _chat_id(data.get("chat_id"))
        retries = server_errors = 0
        while True:
            # Only messages to a chat count against Telegram's limits (as in PTB's AIORateLimiter).
            if chat_id is not None:
                await self._turn(chat_id, bulk)
                await self._within_window()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                retries += 1
                if retries > (rate_limit_args or self.max_retries):
                    raise
                wait = exc.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                log.info("%s to %s: 429, waiting %.1f s (retry %d)", endpoint, chat_id, seconds, retries)
                self._retry_after(chat_id, seconds + 0.1)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                server_errors += 1
                if server_errors >= SERVER_ERROR_TRIES or endpoint.lower() == "getupdates":
                    raise
                log.warning("%s failed (%s); retry %d after backoff", endpoint, exc, server_errors)
                await asyncio.sleep(self.backoff * 2 ** (server_errors - 1))


def _chat_id(value: object) -> int | str | None:
    if value is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return int(value)  # type: ignore[call-overload]
    return str(value)
