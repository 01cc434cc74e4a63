"""Forms in progress, typed: what a half-filled post form holds, written to and read from the persisted user data.

Persistence stores plain JSON; a draft says in one place which shape it has, and a draft that does not fit
(written by an older version, or damaged) is dropped instead of failing half-way through a form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.domain import Vacancy
from bot.services.forms import FIELDS, Field


@dataclass
class PostDraft:
    kind: str  # "vacancy" or "course"
    org_id: int
    org_name: str
    values: dict[str, Any] = field(default_factory=dict)  # field key → the value its parser returned
    asking: str | None = None  # the field the guided form asked last
    skipped: list[str] = field(default_factory=list)
    edit_of: int | None = None  # the vacancy this draft replaces, when editing

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> PostDraft | None:
        if not isinstance(data, dict) or data.get("kind") not in FIELDS:
            return None
        try:
            return cls(**data)
        except TypeError:
            return None

    def next_field(self) -> Field | None:
        """The first field neither answered nor skipped, in the form's order."""
        done = set(self.values) | set(self.skipped)
        return next((f for f in FIELDS[self.kind] if f.key not in done), None)

    def field(self, key: str) -> Field:
        return next(f for f in FIELDS[self.kind] if f.key == key)

    @classmethod
    def of_vacancy(cls, v: Vacancy) -> PostDraft:
        """A published vacancy as the form's values, to edit it."""
        values: dict[str, Any] = {
            "title": v.title,
            "required": {"ids": sorted(v.required), "free": list(v.free_required)},
            "nice": {"ids": sorted(v.nice), "free": list(v.free_nice)},
            "level": v.level.value,
            "type": v.employment_type,
            "format": v.work_format.value,
            "location": {"economy": v.economy, "city": v.city},
            "remote_region": v.remote_from_region,
            "languages": sorted(v.languages),
            "deadline": v.deadline,
            "apply": v.apply,
            "description": v.description,
        }
        if v.role_id:
            values["role"] = v.role_id
        if v.salary_min is not None and v.salary_max is not None:
            values["salary"] = {"min": v.salary_min, "max": v.salary_max}
        return cls("vacancy", v.organisation_id, v.organisation, values, edit_of=v.id)
