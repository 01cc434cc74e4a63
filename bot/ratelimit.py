"""The rate limiter every Bot API call goes through: Telegram's flood limits, and retries of passing failures."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

OVERALL_MESSAGES_PER_SECOND = 29.5
SERVER_ERROR_TRIES = 3


class ResilientRateLimiter(AIORateLimiter):
    """AIORateLimiter paced evenly, which also retries 5xx answers and connection failures with backoff.

    One message every 1/29.5 s instead of bursts of 30: Telegram's "about 30 a second" is enforced over any
    one-second window, and a burst on top of a steady 30/s earns 429s and global pauses. Bad requests are the
    bot's own mistakes and timeouts may have been delivered (resending could duplicate), so neither is retried.
    """

    def __init__(self, backoff: float = 0.5) -> None:
        super().__init__(overall_max_rate=1, overall_time_period=1 / OVERALL_MESSAGES_PER_SECOND, max_retries=3)
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        tries = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                tries += 1
                if tries >= SERVER_ERROR_TRIES or endpoint.lower() == "getupdates":
                    raise
                log.warning("%s failed (%s); retry %d after backoff", endpoint, exc, tries)
                await asyncio.sleep(self.backoff * 2 ** (tries - 1))
