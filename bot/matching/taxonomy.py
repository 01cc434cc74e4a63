"""The regional skills taxonomy: canonical skills with stable ids, aliases in the region's languages, ECSF roles.

Loaded from ``seed_data`` and validated as a whole, because a silent mistake here (an alias claimed by two
skills, a role naming a skill that does not exist) would quietly skew every match the bot makes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot import SEED_DATA_DIR
from bot.matching.text import fold

# How much an alias says about the skill: the skill's own names weigh more than a tool or a certificate.
ALIAS_WEIGHTS = {"name": 100, "alias": 100, "abbreviation": 100, "local": 100, "tool": 90, "certification": 90}


class TaxonomyError(ValueError):
    """The taxonomy data is inconsistent; the message names the entry."""


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str
    local_names: dict[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()  # explicit links across categories (see bot/matching/related.py)

    def display_name(self, language: str) -> str:
        """The skill's name in ``language`` (its first local alias, capitalised), else the English name."""
        local = self.local_names.get(language)
        return local[0].upper() + local[1:] if local else self.name


@dataclass(frozen=True)
class Alias:
    folded: str
    text: str
    skill_id: str
    kind: str
    verified: bool = True

    @property
    def weight(self) -> int:
        return ALIAS_WEIGHTS[self.kind]


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    skills: tuple[str, ...]


@dataclass
class Taxonomy:
    skills: dict[str, Skill]
    aliases: dict[str, Alias]
    roles: dict[str, Role]
    categories: dict[str, str]

    @property
    def skill_ids(self) -> list[str]:
        """Stable order: the index of a skill in this list is its column in matching matrices."""
        return list(self.skills)


def build_taxonomy(skills_doc: dict, roles_doc: dict) -> Taxonomy:
    categories: dict[str, str] = dict(skills_doc.get("categories", {}))
    skills: dict[str, Skill] = {}
    aliases: dict[str, Alias] = {}

    def add(text: str, skill_id: str, kind: str, verified: bool) -> None:
        folded = fold(text)
        if not folded:
            raise TaxonomyError(f"skill {skill_id}: alias {text!r} is empty once folded")
        existing = aliases.get(folded)
        if existing and existing.skill_id != skill_id:
            raise TaxonomyError(
                f"alias {text!r} points at two skills: {existing.skill_id} ({existing.text!r}) and {skill_id}"
            )
        if existing is None or ALIAS_WEIGHTS[kind] > existing.weight:
            aliases[folded] = Alias(folded, text, skill_id, kind, verified)

    for entry in skills_doc.get("skills", []):
        skill_id = str(entry.get("id", "")).strip()
        name = str(entry.get("name", "")).strip()
        if not skill_id:
            raise TaxonomyError(f"a skill has no id: {entry!r:.80}")
        if not name:
            raise TaxonomyError(f"skill {skill_id} has an empty name")
        if skill_id in skills:
            raise TaxonomyError(f"skill id {skill_id} appears twice")
        category = entry.get("category", "")
        if category not in categories:
            raise TaxonomyError(f"skill {skill_id} has unknown category {category!r}")
        unverified = set(entry.get("unverified", []))
        local: dict[str, list[str]] = entry.get("local", {})
        skills[skill_id] = Skill(
            skill_id, name, category, {lang: forms[0] for lang, forms in local.items() if forms},
            tuple(entry.get("related", [])),
        )  # fmt: skip
        add(name, skill_id, "name", True)
        for kind, key in (("alias", "aliases"), ("abbreviation", "abbreviations"), ("tool", "tools"),
                          ("certification", "certifications")):  # fmt: skip
            for text in entry.get(key, []):
                add(text, skill_id, kind, True)
        for forms in local.values():
            for text in forms:
                add(text, skill_id, "local", text not in unverified)
        for text in unverified:
            if not any(text in forms for forms in local.values()):
                raise TaxonomyError(f"skill {skill_id}: unverified alias {text!r} is not among its local aliases")

    for skill in skills.values():
        for other in skill.related:
            if other not in skills or other == skill.id:
                raise TaxonomyError(f"skill {skill.id} is related to {other!r}, which is not another known skill")

    roles: dict[str, Role] = {}
    for entry in roles_doc.get("roles", []):
        role_id, title = entry.get("id", ""), entry.get("title", "")
        if not role_id or not title:
            raise TaxonomyError(f"an ECSF role has an empty id or title: {entry!r:.80}")
        for skill_id in entry.get("skills", []):
            if skill_id not in skills:
                raise TaxonomyError(f"ECSF role {role_id} names unknown skill id {skill_id}")
        roles[role_id] = Role(role_id, title, tuple(entry.get("skills", [])))
    return Taxonomy(skills=skills, aliases=aliases, roles=roles, categories=categories)


def load_taxonomy(directory: Path = SEED_DATA_DIR) -> Taxonomy:
    skills_doc = json.loads((directory / "skills.json").read_text(encoding="utf-8"))
    roles_doc = json.loads((directory / "ecsf_roles.json").read_text(encoding="utf-8"))
    return build_taxonomy(skills_doc, roles_doc)


@cache
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()
