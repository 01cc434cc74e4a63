"""The rate limiter: people's replies overtake the bulk queue, the overall pace and per-chat spacing hold, and a
429 pauses the bulk and that chat without holding up anyone else's reply."""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from datetime import timedelta

import pytest
from telegram.error import BadRequest, RetryAfter

from bot.ratelimit import CATCH_UP_SECONDS, WINDOW_SECONDS, ResilientRateLimiter, bulk_sends, is_bulk

RATE = 50.0  # slots a second in these tests: one every 20 ms
INTERVAL = 1 / RATE


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[float, str, int]] = []
        self.fail: dict[int, list[Exception]] = {}

    async def send(self, limiter: ResilientRateLimiter, chat_id: int, label: str, bulk: bool = False) -> None:
        async def callback() -> bool:
            if self.fail.get(chat_id):
                raise self.fail[chat_id].pop(0)
            self.sent.append((time.monotonic(), label, chat_id))
            return True

        async def call() -> None:
            await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": chat_id}, None)

        if bulk:
            with bulk_sends():
                assert is_bulk()
                await call()
        else:
            await call()

    def order(self) -> list[str]:
        return [label for _, label, _ in self.sent]


async def test_a_reply_overtakes_the_queued_bulk_and_waits_about_one_slot() -> None:
    limiter, rec = ResilientRateLimiter(messages_per_second=RATE), Recorder()
    bulk = [asyncio.create_task(rec.send(limiter, 1000 + i, f"bulk{i}", bulk=True)) for i in range(40)]
    await asyncio.sleep(5 * INTERVAL)
    asked = time.monotonic()
    await rec.send(limiter, 7, "reply")
    waited = time.monotonic() - asked
    await asyncio.gather(*bulk)
    assert rec.order().index("reply") <= 8  # 40 bulk messages were queued ahead of it
    assert waited < 3 * INTERVAL + 0.02
    assert not is_bulk()


async def test_overall_pace_holds_with_both_kinds_mixed() -> None:
    limiter, rec = ResilientRateLimiter(messages_per_second=RATE), Recorder()
    tasks = [asyncio.create_task(rec.send(limiter, 2000 + i, f"b{i}", bulk=True)) for i in range(20)]
    tasks += [asyncio.create_task(rec.send(limiter, 3000 + i, f"r{i}")) for i in range(10)]
    await asyncio.gather(*tasks)
    times = [t for t, _, _ in rec.sent]
    per_window = math.ceil(RATE)
    # never more than the rate in any window (a late slot may be made up for, never beyond that) …
    assert all(b - a >= WINDOW_SECONDS * 0.99 for a, b in zip(times, times[per_window:], strict=False))
    # … and an even pace overall
    assert times[-1] - times[0] >= 29 * INTERVAL - CATCH_UP_SECONDS
    # The first bulk message found the line empty; every reply then went before the other 19, in their order.
    assert rec.order()[:11] == ["b0"] + [f"r{i}" for i in range(10)]


async def test_bulk_to_one_chat_keeps_the_per_chat_interval_but_an_answer_goes_at_once() -> None:
    limiter, rec = ResilientRateLimiter(messages_per_second=RATE, per_chat_interval=0.2), Recorder()
    await asyncio.gather(*(rec.send(limiter, 42, f"part{i}", bulk=True) for i in range(3)))
    times = [t for t, _, _ in rec.sent]
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(times))

    rec.sent.clear()
    await asyncio.gather(*(rec.send(limiter, 43, f"card{i}") for i in range(8)))
    times = [t for t, _, _ in rec.sent]
    assert times[-1] - times[0] < 8 * INTERVAL + 0.05  # at the overall pace, not one a second
    assert rec.order() == [f"card{i}" for i in range(8)]  # in order


async def test_a_429_pauses_that_chat_and_the_bulk_but_not_other_peoples_replies() -> None:
    limiter, rec = ResilientRateLimiter(messages_per_second=RATE), Recorder()
    rec.fail[77] = [RetryAfter(timedelta(seconds=1))]
    started = time.monotonic()
    first = asyncio.create_task(rec.send(limiter, 77, "bulk-429", bulk=True))
    await asyncio.sleep(0.1)  # the 429 has come back
    later_bulk = asyncio.create_task(rec.send(limiter, 78, "bulk-later", bulk=True))
    await rec.send(limiter, 79, "reply")
    await asyncio.gather(first, later_bulk)
    sent = {label: t - started for t, label, _ in rec.sent}
    assert sent["reply"] < 0.3
    assert sent["bulk-later"] >= 1.0 and sent["bulk-429"] >= 1.0


async def test_bad_requests_are_not_retried() -> None:
    limiter, rec = ResilientRateLimiter(messages_per_second=RATE), Recorder()
    rec.fail[5] = [BadRequest("Message is too long"), BadRequest("again")]
    with pytest.raises(BadRequest):
        await rec.send(limiter, 5, "x")
    assert len(rec.fail[5]) == 1  # tried once


async def test_shutdown_releases_waiters_and_timer() -> None:
    limiter, rec = ResilientRateLimiter(messages_per_second=1.0), Recorder()
    tasks = [asyncio.create_task(rec.send(limiter, 900 + i, "b", bulk=True)) for i in range(3)]
    await asyncio.sleep(0.05)
    await limiter.shutdown()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert len(rec.sent) == 1
    assert all(isinstance(r, asyncio.CancelledError) for r in results[1:])
