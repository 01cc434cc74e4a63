"""Hiding small counts of people so that they also stay hidden by subtraction (complementary suppression).

Why: hiding every count under five on its own is not enough. A published table is a set of sums (the total is the
sum of its parts, and several breakdowns share one total), so a single hidden part is just "total minus the parts
shown", and a few hidden parts spread over two tables can still be pinned down (audit D6: 7 professionals, AL = 7 - 5).

The rule, applied to every output that counts people (``/stats``, ``/stats csv``, ``python -m bot report``, the
monthly report):

1. *Primary*: a count of 1–4 people is hidden. A 0 is published: it is nobody, the tables already reveal zeros by
   leaving the row out, and hiding it would only force more hiding elsewhere.
2. *What a reader knows*: every published number, every sum ``total = parts`` between them, and that a hidden
   count is at least 1 (a 0 would have been shown). The marker is the same for hidden counts of any size, so it
   gives no upper bound. Some parts of a sum are never published (hires with no stated place, supply in economies
   the chart does not draw): a reader takes them as 0 when they are 0 (nothing unstated: a safe guess), and
   otherwise knows only that they are at least 0.
3. *Exposed*: a hidden count is exposed when those facts leave it only one possible value, and an unpublished count
   when they pin it to 1–4. ``bounds`` works out the lowest and highest possible value of each by pushing bounds
   through the sums until nothing changes. One hidden member in a sum is the simple case (it is the total minus
   the rest); two hidden parts that add up to 2 (each must be 1), or a hidden total that is also a part of another
   table, are the others.
4. *Secondary*: while anything is exposed, hide one more published non-zero count from a sum that contains an
   exposed count (from any sum if those have none left): the one that leaves the fewest counts exposed, then the
   smallest, then the first given. A grand total (a total that is part of no other sum, like "Professionals: 7")
   is taken only when nothing else is left, since it is the figure readers need most. Then check again. Every
   round hides one more count, so this ends, and it ends with nothing exposed: once every non-zero count is
   hidden, no hidden or unpublished count has an upper bound left.

The sums the insights publish form a tree (no two share more than one count and there is no cycle: the total is
shared by the breakdowns, the number hired by the status breakdown and the hires breakdown). On such a system
pushing bounds finds the exact range a reader can work out, so "nothing exposed" means no hidden count can be
worked out from the published figures. The tests check this against brute-force enumeration. Inequalities (people
with a skill ≤ all professionals) are not modelled: they only narrow a range.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

MIN_PEOPLE = 5
MAX_ROUNDS = 100_000  # bounds only ever tighten by whole numbers, so a consistent table settles long before this

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Relation(Generic[K]):
    """One sum a reader can form from the output: ``cells[total] == sum(cells[p] for p in parts)``."""

    total: K
    parts: tuple[K, ...]

    def members(self) -> tuple[K, ...]:
        return (self.total, *self.parts)


def _check(cells: Mapping[K, int], relations: Sequence[Relation[K]]) -> None:
    """A sum the data does not satisfy would make every conclusion below wrong, so refuse it loudly."""
    for rel in relations:
        members = rel.members()
        if len(set(members)) != len(members):
            raise ValueError(f"a count appears twice in {rel}")
        missing = [k for k in members if k not in cells]
        if missing:
            raise ValueError(f"unknown counts {missing} in {rel}")
        if any(cells[k] < 0 for k in members) or cells[rel.total] != sum(cells[p] for p in rel.parts):
            raise ValueError(f"{rel} does not add up")


def bounds(
    cells: Mapping[K, int],
    relations: Sequence[Relation[K]],
    hidden: Collection[K],
    unpublished: Collection[K] = (),
) -> dict[K, tuple[int, float]]:
    """The lowest and highest value a reader can work out for each hidden or unpublished count (high may be inf).

    A reader sees every other count, knows the sums, knows a hidden count is at least 1, and an unpublished count
    at least 0 (exactly 0 when it is 0, see the module docstring).
    """
    _check(cells, relations)
    unknown = {k for k in unpublished if cells[k] > 0} | set(hidden)
    lo: dict[K, float] = {k: (1 if k in hidden else 0) if k in unknown else v for k, v in cells.items()}
    hi: dict[K, float] = {k: math.inf if k in unknown else v for k, v in cells.items()}

    def tighten(key: K, low: float, high: float) -> bool:
        changed = False
        if low > lo[key]:
            lo[key], changed = low, True
        if high < hi[key]:
            hi[key], changed = high, True
        return changed

    for _ in range(MAX_ROUNDS):
        changed = False
        for rel in relations:
            changed |= tighten(rel.total, sum(lo[p] for p in rel.parts), sum(hi[p] for p in rel.parts))
            for part in rel.parts:
                others_lo = sum(lo[p] for p in rel.parts if p != part)
                others_hi = sum(hi[p] for p in rel.parts if p != part)
                changed |= tighten(part, lo[rel.total] - others_hi, hi[rel.total] - others_lo)
        if not changed:
            return {k: (int(lo[k]), hi[k]) for k in set(hidden) | set(unpublished)}
    raise RuntimeError("bounds did not settle; the sums are inconsistent")


def exposed(
    cells: Mapping[K, int],
    relations: Sequence[Relation[K]],
    hidden: Collection[K],
    unpublished: Collection[K] = (),
    minimum: int = MIN_PEOPLE,
) -> list[K]:
    """Hidden counts a reader can work out exactly, and unpublished ones they can work out to be 1 to minimum - 1."""
    return [
        k
        for k, (low, high) in bounds(cells, relations, hidden, unpublished).items()
        if low == high and (k in hidden or 0 < low < minimum)
    ]


def suppress(
    cells: Mapping[K, int],
    relations: Sequence[Relation[K]],
    minimum: int = MIN_PEOPLE,
    unpublished: Collection[K] = (),
) -> frozenset[K]:
    """The counts to hide: every count from 1 to ``minimum - 1``, plus what keeps them from being worked out.

    ``cells`` maps each count of people to its value (its order breaks ties); ``relations`` lists every sum the
    output lets a reader form; ``unpublished`` are the cells that take part in sums but are never shown. Counts in
    no sum only get the primary rule.
    """
    unpublished = set(unpublished)
    order = {k: i for i, k in enumerate(cells)}
    grand_totals = {rel.total for rel in relations} - {p for rel in relations for p in rel.parts}
    hidden = {k for k, v in cells.items() if 0 < v < minimum and k not in unpublished}

    def cost(key: K) -> tuple[int, int, int]:
        return len(exposed(cells, relations, hidden | {key}, unpublished, minimum)), cells[key], order[key]

    while leaks := exposed(cells, relations, hidden, unpublished, minimum):
        near = [rel for rel in relations if any(k in rel.members() for k in leaks)]
        for scope in (near, relations):
            candidates = {
                k for rel in scope for k in rel.members() if k not in hidden and k not in unpublished and cells[k] > 0
            }
            if candidates:
                hidden.add(min(candidates - grand_totals or candidates, key=cost))
                break
        else:  # unreachable, see rule 4 in the module docstring
            raise RuntimeError(f"cannot protect {leaks}")
    return frozenset(hidden)
