"""Which skills are related, so that a stretch role ranks below an exact fit but above nothing.

A missing required skill earns ``RELATED_CREDIT`` of a held one when the person holds a skill related to it.
Two skills are related when the taxonomy says so three ways: they share a category (SIEM and security
monitoring), they appear together in one ECSF role profile (incident response and digital forensics, in the
Cyber Incident Responder's), or ``seed_data/skills.json`` links them explicitly across categories (threat
hunting and detection engineering). Scripting and networking fundamentals are held by nearly everyone and sit in
several profiles, so they never act as a bridge: holding them relates you to nothing, and they are related to
nothing (see ``tests/data/ranking_judgments.json``, whose grading rule uses the same relation).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from bot.matching.taxonomy import Taxonomy, default_taxonomy

RELATED_CREDIT = 0.5
NOT_BRIDGES = frozenset({"edu.scripting", "edu.networking"})


@dataclass(frozen=True)
class Relations:
    links: Mapping[str, frozenset[str]]  # skill id → the skills related to it (never itself)
    # skill id → its related skills in the order ``bridge`` prefers them (scoring asks for every missing skill)
    preferred: Mapping[str, tuple[str, ...]]

    def related_to(self, held: Iterable[str]) -> frozenset[str]:
        """Skills not held that some held skill is related to."""
        held = frozenset(held)
        return frozenset().union(*(self.links.get(s, frozenset()) for s in held)) - held

    def bridge(self, held: Iterable[str], wanted: str) -> str | None:
        """The held skill that makes ``wanted`` related, the first in ``preferred`` order; None if none does."""
        held = held if isinstance(held, (set, frozenset)) else set(held)
        return next((s for s in self.preferred.get(wanted, ()) if s in held), None)


def build_relations(taxonomy: Taxonomy) -> Relations:
    pairs: dict[str, set[str]] = {skill_id: set() for skill_id in taxonomy.skills}

    def relate(group: Iterable[str]) -> None:
        members = [s for s in group if s not in NOT_BRIDGES]
        for a in members:
            pairs[a].update(b for b in members if b != a)

    by_category: dict[str, list[str]] = {}
    for skill in taxonomy.skills.values():
        by_category.setdefault(skill.category, []).append(skill.id)
    for members in by_category.values():
        relate(members)
    for role in taxonomy.roles.values():
        relate(role.skills)
    for skill in taxonomy.skills.values():
        for other in skill.related:
            relate((skill.id, other))
    links = {skill_id: frozenset(related) for skill_id, related in pairs.items()}
    return Relations(links, {skill_id: _by_preference(skill_id, related) for skill_id, related in links.items()})


def _by_preference(wanted: str, related: frozenset[str]) -> tuple[str, ...]:
    """A bridge of the wanted skill's own category reads as the better reason (SIEM rather than incident response
    for EDR); then by id, so explanations are stable."""
    category = wanted.partition(".")[0]
    return tuple(sorted(related, key=lambda s: (s.partition(".")[0] != category, s)))


@cache
def default_relations() -> Relations:
    return build_relations(default_taxonomy())


def shares_or_relates(held: Iterable[str], offered: Iterable[str], relations: Relations | None = None) -> bool:
    """Whether a person holds one of ``offered`` or a skill related to one of them."""
    held = frozenset(held)
    offered = frozenset(offered)
    return bool(held & offered) or bool((relations or default_relations()).related_to(held) & offered)
