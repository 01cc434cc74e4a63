"""The reader's side of suppressed tables: what can be worked out from published counts and the sums between them.

Written without the production code (``bot/services/suppression.py``) so that tests check it from the outside, and
so that the same checks run against older commits. A sum is anything with ``total`` and ``parts``.

The reader knows every published count, the sums, that a hidden count is at least 1 (a 0 would be shown), and that
an unpublished part is at least 0; when an unpublished part is 0, a reader guessing "nothing unstated" is right,
so it counts as known.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

SMALL = 5  # counts of 1 to SMALL - 1 people must never be worked out


class Sum(NamedTuple):
    """``total == sum(parts)``, as a reader of the output can write it down."""

    total: Hashable
    parts: tuple[Hashable, ...]


def members(rel: Any) -> tuple[Hashable, ...]:
    return (rel.total, *rel.parts)


def subtract_all(published: Mapping[Hashable, int | None], sums: Sequence[Any]) -> dict[Hashable, int]:
    """Every published total minus its published parts, again and again with what that gives, until nothing new.

    ``published`` maps each count to its shown value, or None where the output hides it. Returns what was hidden
    and has been worked out.
    """
    known = {k: v for k, v in published.items() if v is not None}
    found: dict[Hashable, int] = {}
    progress = True
    while progress:
        progress = False
        for rel in sums:
            missing = [k for k in members(rel) if k not in known]
            if len(missing) != 1:
                continue
            (k,) = missing
            if k == rel.total:
                value = sum(known[p] for p in rel.parts)
            else:
                value = known[rel.total] - sum(known[p] for p in rel.parts if p != k)
            known[k] = found[k] = value
            progress = True
    return found


def components(relations: Sequence[Any]) -> list[list[Any]]:
    """Sums that share no count can be searched separately, which keeps the search small."""
    groups: list[tuple[set, list[Any]]] = []
    for rel in relations:
        counts = set(members(rel))
        touching = [g for g in groups if g[0] & counts]
        merged: tuple[set, list[Any]] = (counts, [rel])
        for g in touching:
            groups.remove(g)
            merged = (merged[0] | g[0], merged[1] + g[1])
        groups.append(merged)
    return [g[1] for g in groups]


def solutions(
    published: Mapping[Hashable, int],
    floor: Mapping[Hashable, int],
    relations: Sequence[Any],
    cap: int,
) -> Iterator[dict[Hashable, int]]:
    """Every assignment of floor..cap to the unknown counts (``floor``'s keys) that satisfies all sums, depth first."""
    order = sorted(floor, key=repr)

    def settle(assign: dict[Hashable, int]) -> dict[Hashable, int] | None:
        assign = dict(assign)
        value = lambda k: published[k] if k in published else assign.get(k)  # noqa: E731
        changed = True
        while changed:
            changed = False
            for rel in relations:
                unknown = [k for k in members(rel) if value(k) is None]
                if not unknown:
                    if value(rel.total) != sum(value(p) for p in rel.parts):
                        return None
                elif len(unknown) == 1:
                    (k,) = unknown
                    if k == rel.total:
                        forced = sum(value(p) for p in rel.parts)
                    else:
                        forced = value(rel.total) - sum(value(p) for p in rel.parts if p != k)
                    if not floor[k] <= forced <= cap:
                        return None
                    assign[k], changed = forced, True
                elif rel.total not in unknown:  # prune: the unknown parts are at least their floors
                    room = value(rel.total) - sum(value(p) for p in rel.parts if p not in unknown)
                    if room < sum(floor[k] for k in unknown):
                        return None
        return assign

    def search(assign: dict[Hashable, int]) -> Iterator[dict[Hashable, int]]:
        settled = settle(assign)
        if settled is None:
            return
        free = [k for k in order if k not in settled]
        if not free:
            yield settled
            return
        for v in range(floor[free[0]], cap + 1):
            yield from search({**settled, free[0]: v})

    yield from search({})


def unknowns(
    cells: Mapping[Hashable, int], counts: Collection[Hashable], hidden: Collection[Hashable], unpublished: Collection
) -> dict[Hashable, int]:
    """The reader's unknowns among ``counts`` and their floors: hidden ones are at least 1, unpublished at least 0."""
    floor = {k: 1 for k in counts if k in hidden}
    floor |= {k: 0 for k in counts if k in unpublished and cells[k] > 0}
    return floor


def recoverable(
    cells: Mapping[Hashable, int],
    relations: Sequence[Any],
    hidden: Collection[Hashable],
    unpublished: Collection[Hashable] = (),
) -> dict[Hashable, int]:
    """Hidden counts every table agreeing with the output gives one value, and unpublished ones it pins to 1–4."""
    cap = 2 * max(cells.values(), default=0) + 2
    found: dict[Hashable, int] = {}
    for component in components(relations):
        counts = {k for rel in component for k in members(rel)}
        floor = unknowns(cells, counts, hidden, unpublished)
        published = {k: cells[k] for k in counts if k not in floor}
        seen: dict[Hashable, set[int]] = {k: set() for k in floor}
        for solution in solutions(published, floor, component, cap):
            for k in floor:
                seen[k].add(solution[k])
            if all(len(v) > 1 for v in seen.values()):
                break
        for k, values in seen.items():
            if len(values) == 1 and (k in hidden or 0 < min(values) < SMALL):
                found[k] = min(values)
    return found


def subtraction_leaks(
    cells: Mapping[Hashable, int],
    relations: Sequence[Any],
    hidden: Collection[Hashable],
    unpublished: Collection[Hashable] = (),
) -> list[tuple[Any, Hashable, int]]:
    """Every published total minus its published parts: the sums where that yields a hidden count, or 1–4 people
    in an unpublished part. An unpublished part that is 0 counts as published (a reader guessing 0 there is right).
    """
    unknown = set(hidden) | {k for k in unpublished if cells[k] > 0}
    leaks = []
    for rel in relations:
        missing = [k for k in members(rel) if k in unknown]
        if len(missing) == 1 and (missing[0] in hidden or cells[missing[0]] < SMALL):
            leaks.append((rel, missing[0], cells[missing[0]]))
    return leaks
