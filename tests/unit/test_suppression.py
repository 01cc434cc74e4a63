"""Complementary suppression (audit D6): hand-checked tables, and random populations checked by brute force.

The brute force (``tests/reader.py``) is the reader's side, written independently of ``bounds``: it enumerates
every whole-number table that agrees with what is published (hidden counts at least 1, unpublished ones at least
0, or 0 when they are 0) and asks whether a hidden count has only one possible value.
"""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services.insights import _people_cells
from bot.services.suppression import MIN_PEOPLE, Relation, bounds, exposed, suppress
from tests.reader import components, recoverable, solutions, subtraction_leaks, unknowns

# --- hand-checked tables ----------------------------------------------------------------------------------------

# The audit's D6 population: 5 ME/mid/hired in the region, 1 AL/senior/hired abroad, 1 AL/senior/looking.
D6_CELLS = {"T": 7, "AL": 2, "ME": 5, "mid": 5, "senior": 2, "hired": 6, "looking": 1, "region": 5, "abroad": 1}
D6_RELATIONS = [
    Relation("T", ("AL", "ME")),
    Relation("T", ("mid", "senior")),
    Relation("T", ("hired", "looking")),
    Relation("hired", ("region", "abroad")),
]


def test_counts_under_five_are_hidden_and_zero_and_five_are_not() -> None:
    cells = {"a": 0, "b": 1, "c": 4, "d": 5, "e": 120}
    assert suppress(cells, []) == {"b", "c"}


def test_a_lone_hidden_part_takes_the_next_smallest_with_it_not_the_total() -> None:
    hidden = suppress({"T": 12, "AL": 2, "ME": 6, "RS": 4}, [Relation("T", ("AL", "ME", "RS"))])
    assert hidden == {"AL", "RS"}  # two hidden parts, 6 in them together: neither can be worked out
    hidden = suppress({"T": 12, "AL": 2, "ME": 5, "RS": 5}, [Relation("T", ("AL", "ME", "RS"))])
    assert hidden == {"AL", "ME"}  # the tie goes to the first listed


def test_two_hidden_parts_of_one_person_each_are_not_enough() -> None:
    # 7 = 5 + AL + RS with AL, RS >= 1 means AL = RS = 1: a third count must go
    cells = {"T": 7, "ME": 5, "AL": 1, "RS": 1}
    relations = [Relation("T", ("ME", "AL", "RS"))]
    assert subtraction_leaks(cells, relations, {"AL", "RS"}) == []
    assert sorted(exposed(cells, relations, {"AL", "RS"})) == ["AL", "RS"]
    assert suppress(cells, relations) == {"ME", "AL", "RS"}


def test_the_audit_population_cannot_be_worked_out() -> None:
    hidden = suppress(D6_CELLS, D6_RELATIONS)
    assert {"AL", "senior", "looking", "abroad"} <= hidden
    assert "T" not in hidden  # the total of 7 people is still published
    assert subtraction_leaks(D6_CELLS, D6_RELATIONS, hidden) == []
    assert recoverable(D6_CELLS, D6_RELATIONS, hidden) == {}
    # Hiding per relation is not enough: with "hired" hidden for "looking", region 5 still gives
    # looking + abroad = 7 - 5 = 2, so both are 1. The region count goes too.
    partial = {"AL", "ME", "senior", "mid", "looking", "hired", "abroad"}
    assert subtraction_leaks(D6_CELLS, D6_RELATIONS, partial) == []
    assert recoverable(D6_CELLS, D6_RELATIONS, partial) == {"looking": 1, "abroad": 1, "hired": 6}
    assert "region" in hidden


def test_a_count_shared_by_two_tables_protects_both_and_the_grand_total_stays() -> None:
    # looking (2) alone in its table and abroad (2) alone in the hires: hiding "hired" (7) covers both at once,
    # where the smallest candidate (region, 5) would only cover one and need "hired" as well
    cells = {"T": 9, "hired": 7, "looking": 2, "region": 5, "abroad": 2}
    relations = [Relation("T", ("hired", "looking")), Relation("hired", ("region", "abroad"))]
    assert suppress(cells, relations) == {"hired", "looking", "abroad"}


def test_bounds_are_what_a_reader_can_work_out() -> None:
    cells = {"T": 9, "hired": 7, "looking": 2, "region": 5, "abroad": 2}
    relations = [Relation("T", ("hired", "looking")), Relation("hired", ("region", "abroad"))]
    # hired = 5 + abroad >= 6, so looking = 9 - hired <= 3
    assert bounds(cells, relations, {"hired", "looking", "abroad"}) == {
        "hired": (6, 8),
        "looking": (1, 3),
        "abroad": (1, 3),
    }


def test_an_unpublished_part_is_guessed_as_zero_when_it_is_zero() -> None:
    hires = [Relation("hired", ("region", "abroad", "unstated"))]
    # 6 hired = 5 in the region + 1 abroad + 0 unstated: a reader who assumes every place is stated gets abroad = 1
    cells = {"hired": 6, "region": 5, "abroad": 1, "unstated": 0}
    assert suppress(cells, hires, unpublished={"unstated"}) == {"region", "abroad"}
    # with 1 unstated, the reader knows only "unstated >= 0": abroad + unstated = 7 - 5 = 2 is 1 + 1 or 2 + 0
    cells = {"hired": 7, "region": 5, "abroad": 1, "unstated": 1}
    assert recoverable(cells, hires, {"abroad"}, {"unstated"}) == {}
    assert suppress(cells, hires, unpublished={"unstated"}) == {"abroad"}


def test_an_unpublished_part_of_one_to_four_people_is_protected_too() -> None:
    # 6 hired, 5 in the region, 0 abroad: the 1 hire with no stated place would be 6 - 5 - 0
    cells = {"hired": 6, "region": 5, "abroad": 0, "unstated": 1}
    relations = [Relation("hired", ("region", "abroad", "unstated"))]
    assert exposed(cells, relations, set(), {"unstated"}) == ["unstated"]
    assert suppress(cells, relations, unpublished={"unstated"}) == {"region"}


def test_zero_is_never_hidden_nor_used_to_protect() -> None:
    cells = {"T": 6, "AL": 0, "ME": 5, "RS": 1}
    assert suppress(cells, [Relation("T", ("AL", "ME", "RS"))]) == {"ME", "RS"}


@pytest.mark.parametrize(
    "relation",
    [Relation("T", ("AL", "ME")), Relation("T", ("AL", "XX")), Relation("T", ("AL", "AL"))],
)
def test_a_relation_that_does_not_add_up_is_refused(relation: Relation) -> None:
    with pytest.raises(ValueError):
        suppress({"T": 7, "AL": 2, "ME": 4}, [relation])


# --- random populations, modelled exactly as the insights model them ------------------------------------------

ECONOMIES = ("AL", "ME", "abroad")
LEVELS = ("junior", "mid", "senior")
STATUSES = ("looking", "open", "hired")
PLACES = ("region", "abroad", None)
SKILLS = ("siem", "pentest")

person = st.tuples(
    st.sampled_from(ECONOMIES),
    st.sampled_from(LEVELS),
    st.sampled_from(STATUSES),
    st.sampled_from(PLACES),
    st.frozensets(st.sampled_from(SKILLS)),
)


def model(people: list[tuple], drawn: frozenset[tuple[str, str]]) -> tuple[dict, list[Relation], set]:
    """The insights' cells, sums and unpublished parts for these people; ``drawn`` are the chart's (economy, skill)."""
    groups: dict[tuple, int] = {}
    econ_supply: dict[tuple[str, str], int] = {}
    for economy, level, status, place, skills in people:
        key = (economy, level, status, place if status == "hired" else None)
        groups[key] = groups.get(key, 0) + 1
        for skill in skills:
            econ_supply[(economy, skill)] = econ_supply.get((economy, skill), 0) + 1
    supply = {s: sum(n for (_, sk), n in econ_supply.items() if sk == s) for s in SKILLS}
    shown: dict[str, list[tuple[str, int]]] = {}
    for economy, skill in sorted(drawn):
        shown.setdefault(economy, []).append((skill, 1))
    rows = [(*k, n) for k, n in sorted(groups.items(), key=repr)]
    return _people_cells(rows, supply, econ_supply, list(SKILLS), shown)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(person, max_size=13),
    drawn=st.frozensets(st.tuples(st.sampled_from(ECONOMIES[:2]), st.sampled_from(SKILLS))),
)
def test_no_hidden_count_can_be_worked_out(people: list[tuple], drawn: frozenset[tuple[str, str]]) -> None:
    cells, relations, unpublished = model(people, drawn)
    hidden = suppress(cells, relations, unpublished=unpublished)
    shown = {k: v for k, v in cells.items() if k not in unpublished}
    assert {k for k, v in shown.items() if 0 < v < MIN_PEOPLE} <= hidden <= set(shown)
    assert all(cells[k] > 0 for k in hidden)
    # every published total minus its published parts: no sum has exactly one unknown member
    assert subtraction_leaks(cells, relations, hidden, unpublished) == []
    for rel in relations:
        assert sum(k in hidden for k in rel.members()) != 1 or any(cells[k] for k in unpublished & set(rel.parts))
    # and no combination of them, with "at least 1" for a hidden count, pins one down either
    assert recoverable(cells, relations, hidden, unpublished) == {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(person, max_size=9), data=st.data())
def test_bounds_agree_with_brute_force(people: list[tuple], data: st.DataObject) -> None:
    """``bounds`` is exact on the insights' sums, for any set of hidden counts, safe or not.

    The grand totals stay published here so that every unknown has a finite range the search can cover.
    """
    cells, relations, unpublished = model(people, frozenset(product(ECONOMIES[:2], SKILLS)))
    totals = {("professionals",), *(("supply", s) for s in SKILLS)}
    hideable = sorted((k for k, v in cells.items() if v > 0 and k not in totals | unpublished), key=repr)
    hidden = data.draw(st.frozensets(st.sampled_from(hideable))) if hideable else frozenset()
    found = bounds(cells, relations, hidden, unpublished)
    cap = max(cells.values(), default=0) + 1
    for component in components(relations):
        members = {k for rel in component for k in rel.members()}
        floor = unknowns(cells, members, hidden, unpublished)
        published = {k: cells[k] for k in members if k not in floor}
        values: dict = {k: set() for k in floor}
        for solution in solutions(published, floor, component, cap):
            for k in floor:
                values[k].add(solution[k])
        for k in floor:
            assert found[k] == (min(values[k]), max(values[k])), k
    for k in hidden - {k for rel in relations for k in rel.members()}:
        assert found[k] == (1, float("inf"))
