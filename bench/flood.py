"""The per-user flood limit, measured: people must never be throttled, flooders must be stopped fast.

Run: ``python -m bench.flood``. Synthetic traces (times in seconds, who, message or button press) are replayed
through the real ``FloodGuard.__call__`` (notice, silent answer to dropped button presses, admin exemption) with a
controlled clock, for each candidate configuration; a few other algorithms (today's token bucket, token buckets
raised for people) run through the same call as ``FloodGuard`` subclasses, for comparison. Each abusive trace is
replayed together with a person answering once a second, to show a flood does not touch anyone else.

Per candidate: throttled human actions per trace; per abusive trace how many got through, after how many seconds
the abuser was first stopped, how many got through after that, notices sent, and how long after the flood the
abuser, waiting quietly, is answered again. Prints a table, then one JSON object last.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from telegram.ext import ApplicationHandlerStop

from bot.config import Settings
from bot.handlers.guards import FloodGuard

Event = tuple[float, int, str]  # (seconds, user id, "message" or "button")
PERSON, ABUSER, BYSTANDER, ADMIN = 1, 2, 3, 99


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# ---------------------------------------------------------------- traces
def _at(times: list[float], user: int = PERSON, kind: str = "message") -> list[Event]:
    return [(round(t, 4), user, kind) for t in times]


def _every(start: float, count: int, interval: float) -> list[float]:
    return [start + i * interval for i in range(count)]


def _alternating(times: list[float], user: int = PERSON) -> list[Event]:
    """A registration mixes typed answers and button presses."""
    return [(round(t, 4), user, "button" if i % 2 else "message") for i, t in enumerate(times)]


def _form_bursts(seed: int = 13) -> list[Event]:
    """Quick taps through the button steps of a form, then a pause to type the next free-text answer; 20 rounds."""
    rng = random.Random(seed)
    events: list[Event] = []
    now = 0.0
    for _ in range(20):
        for _ in range(rng.randint(3, 6)):
            events.append((round(now, 4), PERSON, "button"))
            now += rng.uniform(0.4, 0.9)
        now += rng.uniform(3.0, 12.0)  # typing
        events.append((round(now, 4), PERSON, "message"))
        now += rng.uniform(0.5, 1.5)
    return events


def _three_forms() -> list[Event]:
    """/employer and its five answers at one a second, then three one-message forms in a row (each a multi-line
    message: one update however many lines), each followed by Publish 1.5 s later, the next pasted 2.5 s after."""
    events = _alternating(_every(0, 6, 1.0))
    for k in range(3):
        start = 8.0 + 4.0 * k
        events += [(start, PERSON, "message"), (start + 1.5, PERSON, "button")]
    return events


def human_traces() -> dict[str, list[Event]]:
    return {
        "one_action_a_second_for_2_min": _alternating(_every(0, 120, 1.0)),
        "ten_toggles_in_3_s_amid_answers": _alternating(_every(0, 30, 1.0))
        + _at(_every(30, 10, 3 / 9), kind="button")
        + _alternating(_every(34, 30, 1.0)),
        "form_answers_with_typing_pauses": _form_bursts(),
        "three_forms_in_a_row": _three_forms(),
        "album_of_10_and_split_paste_amid_answers": _alternating(_every(0, 20, 1.0))
        + _at(_every(20, 10, 0.02))  # an album: ten photos arrive as ten updates at once
        + _alternating(_every(21, 10, 1.0))
        + _at(_every(31, 3, 0.1))  # a long paste Telegram split into three messages
        + _alternating(_every(32, 20, 1.0)),
        "impatient_double_taps": [e for t in _every(0, 40, 1.2) for e in _at([t, t + 0.15], kind="button")],
        "skimming_candidates_every_0.7_s": _at(_every(0, 60, 0.7), kind="button"),
        "admin_bulk_moderation_5_per_s": _at(_every(0, 300, 0.2), user=ADMIN, kind="button"),
    }


def peak(events: list[Event], window: float) -> int:
    """Most updates from non-admins in any ``window`` seconds (the guard's windows: (t - window, t])."""
    times = sorted(t for t, user, _ in events if user != ADMIN)
    start, most = 0, 0
    for end, at in enumerate(times):
        while times[start] <= at - window:
            start += 1
        most = max(most, end - start + 1)
    return most


def abusive_traces() -> dict[str, list[Event]]:
    return {
        "flood_100_in_10_s": _at(_every(0, 100, 0.1), ABUSER),
        "flood_1000_in_60_s": _at(_every(0, 1000, 0.06), ABUSER),
        "steady_3_per_s_for_5_min": _at(_every(0, 900, 1 / 3), ABUSER),
        "button_mashing_50_per_s_for_10_s": _at(_every(0, 500, 0.02), ABUSER, "button"),
        # not required: a script at twice a person's one a second, caught by the minute window only
        "steady_2_per_s_for_5_min": _at(_every(0, 600, 0.5), ABUSER),
    }


# ---------------------------------------------------------------- other algorithms, for comparison
class TokenBucket(FloodGuard):
    """Today's guard before this change: ``burst`` tokens, refilled at ``per_minute``; a dropped update costs
    nothing, and the notice is re-armed by every update let through."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float]) -> None:
        super().__init__(per_minute, burst, clock)
        self._state: dict[int, list[float]] = {}  # tokens, updated, warned

    def allow(self, user_id: int) -> tuple[bool, bool]:
        now = self.clock()
        state = self._state.setdefault(user_id, [float(self.burst), now, 0.0])
        state[0] = min(self.burst, state[0] + (now - state[1]) * self.per_minute / 60)
        state[1] = now
        if state[0] >= 1:
            state[0] -= 1
            state[2] = 0.0
            return True, False
        warn = not state[2]
        state[2] = 1.0
        return False, warn


class TwoTokenBuckets(FloodGuard):
    """A burst bucket (``burst`` tokens refilled every 10 s) and a sustained one (``per_minute`` tokens refilled a
    minute); an update needs a token from both. Dropped updates cost nothing; the notice is re-armed only once the
    burst bucket is full again (the user really paused)."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float]) -> None:
        super().__init__(per_minute, burst, clock)
        self._state: dict[int, list[float]] = {}  # short tokens, long tokens, updated, warned

    def allow(self, user_id: int) -> tuple[bool, bool]:
        now = self.clock()
        state = self._state.setdefault(user_id, [float(self.burst), float(self.per_minute), now, 0.0])
        elapsed = now - state[2]
        state[0] = min(self.burst, state[0] + elapsed * self.burst / 10)
        state[1] = min(self.per_minute, state[1] + elapsed * self.per_minute / 60)
        state[2] = now
        if state[0] >= self.burst:
            state[3] = 0.0
        if state[0] >= 1 and state[1] >= 1:
            state[0] -= 1
            state[1] -= 1
            return True, False
        warn = not state[3]
        state[3] = 1.0
        return False, warn


@dataclass
class Candidate:
    name: str
    make: Callable[[Clock], FloodGuard]
    notes: str = ""


def candidates() -> list[Candidate]:
    def windows(burst: int, per_minute: int, window: float = 10.0) -> Candidate:
        return Candidate(
            f"windows {burst}/{window:g}s + {per_minute}/min",
            lambda clock: FloodGuard(per_minute, burst, clock, burst_window=window),
            "sliding windows, every update counts (FloodGuard)",
        )

    return [
        Candidate("token bucket 5 + 20/min (before)", lambda c: TokenBucket(20, 5, c), "the guard before"),
        Candidate("token bucket 10 + 60/min", lambda c: TokenBucket(60, 10, c), "raised for people"),
        Candidate("token bucket 20 + 90/min", lambda c: TokenBucket(90, 20, c), "raised for people"),
        Candidate("two buckets 20/10s + 90/min", lambda c: TwoTokenBuckets(90, 20, c), "dropped updates free"),
        windows(10, 60),
        windows(15, 90),
        windows(10, 90, 5.0),
        windows(20, 90),
        windows(25, 100),
        windows(30, 120),
    ]


# ---------------------------------------------------------------- replay
@dataclass
class Outcome:
    allowed: dict[int, list[float]] = field(default_factory=dict)
    dropped: dict[int, list[float]] = field(default_factory=dict)
    notices: dict[int, int] = field(default_factory=dict)
    unanswered_buttons: int = 0


class _Chat:
    def __init__(self, outcome: Outcome, user: int) -> None:
        self.outcome, self.user = outcome, user

    async def send_message(self, text: str) -> None:
        self.outcome.notices[self.user] = self.outcome.notices.get(self.user, 0) + 1


class _Query:
    def __init__(self) -> None:
        self.answered = False

    async def answer(self) -> None:
        self.answered = True


async def replay(guard: FloodGuard, clock: Clock, events: list[Event]) -> Outcome:
    outcome = Outcome()
    for at, user, kind in sorted(events):
        clock.now = at
        query = _Query() if kind == "button" else None
        update: Any = SimpleNamespace(effective_chat=_Chat(outcome, user), callback_query=query)
        context: Any = SimpleNamespace(user=SimpleNamespace(telegram_id=user), is_admin=user == ADMIN, lang="en")
        try:
            await guard(update, context)
        except ApplicationHandlerStop:
            outcome.dropped.setdefault(user, []).append(at)
            outcome.unanswered_buttons += query is not None and not query.answered
        else:
            outcome.allowed.setdefault(user, []).append(at)
    return outcome


def back_after(guard: FloodGuard, clock: Clock, user: int, end: float, limit: int = 600) -> int | None:
    """Whole seconds after ``end`` until one update from ``user``, who waited quietly, is let through."""
    for wait in range(1, limit + 1):
        probe = copy.deepcopy((guard, clock))
        probe[1].now = end + wait
        if probe[0].allow(user)[0]:
            return wait
    return None


async def measure(candidate: Candidate) -> dict[str, Any]:
    humans: dict[str, int] = {}
    human_notices = 0
    unanswered = 0
    for name, events in human_traces().items():
        clock = Clock()
        outcome = await replay(candidate.make(clock), clock, events)
        humans[name] = sum(len(times) for times in outcome.dropped.values())
        human_notices += sum(outcome.notices.values())
        unanswered += outcome.unanswered_buttons
    abusive: dict[str, dict[str, Any]] = {}
    bystander_throttled = 0
    for name, events in abusive_traces().items():
        end = max(t for t, _, _ in events)
        bystander = _alternating(_every(0, int(end) + 1, 1.0), BYSTANDER)
        clock = Clock()
        guard = candidate.make(clock)
        outcome = await replay(guard, clock, events + bystander)
        passed = outcome.allowed.get(ABUSER, [])
        dropped = outcome.dropped.get(ABUSER, [])
        first_drop = dropped[0] if dropped else None
        abusive[name] = {
            "sent": len(events),
            "passed": len(passed),
            "stopped_after_s": None if first_drop is None else round(first_drop - events[0][0], 2),
            "passed_after_stop": sum(t > first_drop for t in passed) if first_drop is not None else len(passed),
            "notices": outcome.notices.get(ABUSER, 0),
            "back_after_s": back_after(guard, clock, ABUSER, end),
        }
        bystander_throttled += len(outcome.dropped.get(BYSTANDER, []))
        unanswered += outcome.unanswered_buttons
    required = ("flood_100_in_10_s", "flood_1000_in_60_s", "steady_3_per_s_for_5_min")
    return {
        "name": candidate.name,
        "notes": candidate.notes,
        "human_throttled": humans,
        "human_throttled_total": sum(humans.values()),
        "human_notices": human_notices,
        "abusive": abusive,
        "abusive_passed_total": sum(abusive[n]["passed"] for n in required),
        "flood_100_in_10_s_stopped_after_s": abusive["flood_100_in_10_s"]["stopped_after_s"],
        "bystander_throttled": bystander_throttled,
        "dropped_buttons_unanswered": unanswered,
    }


def _cell(value: Any) -> str:
    return "never" if value is None else str(value)


def print_table(results: list[dict[str, Any]]) -> None:
    columns = [
        ("people throttled", lambda r: r["human_throttled_total"]),
        ("100/10s passed", lambda r: r["abusive"]["flood_100_in_10_s"]["passed"]),
        ("stopped at s", lambda r: r["abusive"]["flood_100_in_10_s"]["stopped_after_s"]),
        ("notices", lambda r: r["abusive"]["flood_100_in_10_s"]["notices"]),
        ("back after s", lambda r: r["abusive"]["flood_100_in_10_s"]["back_after_s"]),
        ("1000/60s passed", lambda r: r["abusive"]["flood_1000_in_60_s"]["passed"]),
        ("3/s passed", lambda r: r["abusive"]["steady_3_per_s_for_5_min"]["passed"]),
        ("2/s passed", lambda r: r["abusive"]["steady_2_per_s_for_5_min"]["passed"]),
    ]
    print(f"{'candidate':34}" + "".join(f"{title:>{len(title) + 2}}" for title, _ in columns))
    for r in results:
        print(f"{r['name']:34}" + "".join(f"{_cell(value(r)):>{len(title) + 2}}" for title, value in columns))


async def run() -> dict[str, Any]:
    results = [await measure(c) for c in candidates()]
    defaults = Settings(token="")
    chosen = f"windows {defaults.flood_burst}/10s + {defaults.flood_rate_per_minute}/min"
    return {
        "defaults": {"FLOOD_BURST": defaults.flood_burst, "FLOOD_RATE_PER_MINUTE": defaults.flood_rate_per_minute},
        "chosen": chosen,
        "human_traces": {
            name: {"actions": len(events), "peak_in_10_s": peak(events, 10.0), "peak_in_60_s": peak(events, 60.0)}
            for name, events in human_traces().items()
        },
        "candidates": results,
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    logging.getLogger("bot.handlers.guards").setLevel(logging.ERROR)  # one warning per episode: thousands here
    report = asyncio.run(run())
    print_table(report["candidates"])
    print(json.dumps(report, separators=(",", ":")))


if __name__ == "__main__":
    main()
