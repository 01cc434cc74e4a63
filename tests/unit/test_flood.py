"""The per-user flood limit on its own, with a controlled clock: two sliding windows, every update counted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.flood import ABUSER, ADMIN, PERSON, Candidate, Clock, human_traces, measure, replay
from bot.config import ConfigError, Settings, load_settings
from bot.handlers.guards import LONG_WINDOW, SHORT_WINDOW, FloodGuard

DEFAULTS = Settings(token="")


def guard(
    per_minute: int = DEFAULTS.flood_rate_per_minute, burst: int = DEFAULTS.flood_burst
) -> tuple[FloodGuard, Clock]:
    clock = Clock()
    return FloodGuard(per_minute, burst, clock), clock


def test_defaults_are_the_measured_ones_everywhere() -> None:
    assert (DEFAULTS.flood_burst, DEFAULTS.flood_rate_per_minute) == (25, 100)
    loaded = load_settings({}, dotenv=None, require_token=False)
    assert (loaded.flood_burst, loaded.flood_rate_per_minute) == (25, 100)


def test_the_variables_still_set_the_limits() -> None:
    loaded = load_settings({"FLOOD_RATE_PER_MINUTE": "30", "FLOOD_BURST": "7"}, dotenv=None, require_token=False)
    assert (loaded.flood_rate_per_minute, loaded.flood_burst) == (30, 7)
    with pytest.raises(ConfigError, match="FLOOD_BURST"):
        load_settings({"FLOOD_BURST": "0"}, dotenv=None, require_token=False)


def test_burst_counts_over_ten_seconds_and_warns_once() -> None:
    flood, clock = guard(per_minute=1000, burst=25)
    assert [flood.allow(1) for _ in range(25)] == [(True, False)] * 25
    assert flood.allow(1) == (False, True)
    assert flood.allow(1) == (False, False)
    clock.now = SHORT_WINDOW - 0.01  # the 27 updates at 0 are still in the window
    assert flood.allow(1) == (False, False)
    clock.now = SHORT_WINDOW  # the window is (now - 10 s, now]: the ones at 0 have left it, the one at 9.99 has not
    assert flood.allow(1) == (True, False)


def test_the_minute_window_catches_what_the_burst_lets_through() -> None:
    flood, clock = guard(per_minute=100, burst=25)
    verdicts = []
    for i in range(101):  # two a second: 10 in any 10 s, under the burst
        clock.now = i * 0.5
        verdicts.append(flood.allow(1)[0])
    assert verdicts == [True] * 100 + [False]
    clock.now = LONG_WINDOW + 0.5  # the updates at 0 and 0.5 have left the minute: 98 + the dropped one + this
    assert flood.allow(1) == (True, False)


def test_a_flooder_stays_muted_while_flooding_and_is_let_back_after_a_quiet_minute() -> None:
    flood, clock = guard()
    verdicts = []
    for i in range(3000):  # ten a second for five minutes
        clock.now = i * 0.1
        verdicts.append(flood.allow(ABUSER))
    allowed = [i for i, (ok, _) in enumerate(verdicts) if ok]
    assert allowed == list(range(25))  # stopped after 2.5 s, nothing through after that
    assert [i for i, (_, warn) in enumerate(verdicts) if warn] == [25]  # one notice in five minutes
    clock.now += LONG_WINDOW
    assert flood.allow(ABUSER) == (True, False)
    assert [flood.allow(ABUSER)[0] for _ in range(24)] == [True] * 24
    assert flood.allow(ABUSER) == (False, True)  # a new episode, a new notice


def test_the_issue_pace_one_answer_every_one_and_a_half_seconds_is_never_throttled() -> None:
    flood, clock = guard()
    for i in range(200):
        clock.now = i * 1.5
        assert flood.allow(PERSON) == (True, False)


def test_users_are_counted_apart() -> None:
    flood, clock = guard()
    for i in range(200):
        clock.now = i * 0.05
        flood.allow(ABUSER)
        if i % 20 == 0:
            assert flood.allow(PERSON) == (True, False)


def test_memory_is_bounded_and_quiet_users_are_forgotten() -> None:
    flood, clock = guard(per_minute=100, burst=25)
    for i in range(5000):
        clock.now = i * 0.01
        flood.allow(ABUSER)
    recent = flood._users[ABUSER]
    assert (len(recent.short), len(recent.long)) == (26, 101)
    clock.now += LONG_WINDOW + 1
    flood.allow(PERSON)
    assert set(flood._users) == {PERSON}


def _reference(times: list[float], burst: int, per_minute: int) -> list[tuple[bool, bool]]:
    """The definition, the slow way: count every earlier update in each window; warn on an episode's first drop."""
    verdicts: list[tuple[bool, bool]] = []
    for i, now in enumerate(times):
        short = sum(1 for t in times[: i + 1] if t > now - SHORT_WINDOW)
        long = sum(1 for t in times[: i + 1] if t > now - LONG_WINDOW)
        ok = short <= burst and long <= per_minute
        verdicts.append((ok, not ok and (i == 0 or verdicts[-1][0])))
    return verdicts


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.sampled_from([0.0, 0.01, 0.1, 0.3, 1.0, 2.5, 9.99, 10.0, 30.0, 61.0]), max_size=300),
    burst=st.integers(1, 30),
    per_minute=st.integers(1, 120),
)
def test_verdicts_match_the_definition(gaps: list[float], burst: int, per_minute: int) -> None:
    flood, clock = guard(per_minute=per_minute, burst=burst)
    times, now = [], 0.0
    verdicts = []
    for gap in gaps:
        now = round(now + gap, 2)
        times.append(now)
        clock.now = now
        verdicts.append(flood.allow(7))
    assert verdicts == _reference(times, burst, per_minute)


async def test_people_are_never_throttled_and_admins_never_counted_with_the_defaults() -> None:
    for name, events in human_traces().items():
        flood, clock = guard()
        outcome = await replay(flood, clock, events)
        assert outcome.dropped == {} and outcome.notices == {}, name
        assert ADMIN not in flood._users


async def test_abusers_are_stopped_within_seconds_with_one_notice_and_others_unaffected() -> None:
    result = await measure(
        Candidate("defaults", lambda clock: FloodGuard(DEFAULTS.flood_rate_per_minute, DEFAULTS.flood_burst, clock))
    )
    assert result["human_throttled_total"] == 0 and result["human_notices"] == 0
    assert result["bystander_throttled"] == 0
    assert result["dropped_buttons_unanswered"] == 0
    flood_100 = result["abusive"]["flood_100_in_10_s"]
    assert flood_100["stopped_after_s"] <= 3 and flood_100["passed"] == DEFAULTS.flood_burst
    for name, figures in result["abusive"].items():
        assert figures["notices"] == 1, name
        assert figures["passed_after_stop"] == 0, name
        assert figures["back_after_s"] is not None and figures["back_after_s"] <= LONG_WINDOW, name
    assert result["abusive"]["steady_3_per_s_for_5_min"]["stopped_after_s"] <= SHORT_WINDOW
