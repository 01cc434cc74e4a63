"""Forms in progress, typed: what a half-filled post form or profile holds, written to and read from the persisted
user data.

Persistence stores plain JSON; a draft says in one place which shape it has, and a draft that does not fit
(written by an older version, or damaged) is dropped instead of failing half-way through a form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar, get_args

from bot.domain import (
    ABROAD,
    ECONOMIES,
    LANGUAGES,
    DigestSchedule,
    JobStatus,
    Level,
    Profile,
    SkillEntry,
    Vacancy,
    Visibility,
    WorkFormat,
)
from bot.matching.salary import SALARY_MAX_EUR, SALARY_MIN_EUR
from bot.services.errors import FormError
from bot.services.forms import FIELDS, SALARY_BASIS_FIELD, Field
from bot.services.professionals import MAX_YEARS, validate_city, validate_name


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
        """The first field neither answered nor skipped, in the form's order; right after a salary that did not
        say gross or net, that question (skippable: the range is then shown without it)."""
        salary = self.values.get("salary")
        if isinstance(salary, dict) and salary.get("basis") is None and SALARY_BASIS_FIELD.key not in self.skipped:
            return SALARY_BASIS_FIELD
        done = set(self.values) | set(self.skipped)
        return next((f for f in FIELDS[self.kind] if f.key not in done), None)

    def field(self, key: str) -> Field:
        if key == SALARY_BASIS_FIELD.key:
            return SALARY_BASIS_FIELD
        return next(f for f in FIELDS[self.kind] if f.key == key)

    def answer(self, key: str, value: Any) -> None:
        """Keep an answer of the guided form; the basis completes the salary answered just before."""
        if key == SALARY_BASIS_FIELD.key:
            self.values["salary"] = {**self.values["salary"], "basis": value}
        else:
            self.values[key] = value

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
            basis = v.salary_basis.value if v.salary_basis else None
            values["salary"] = {"min": v.salary_min, "max": v.salary_max, "basis": basis}
        return cls("vacancy", v.organisation_id, v.organisation, values, edit_of=v.id)


# ---------------------------------------------------------------------------- the professional's profile
# The registration conversation's questions. Their order numbers its persisted conversation states: add at the end.
PROFILE_STEPS: tuple[str, ...] = (
    "consent",
    "name",
    "economy",
    "city",
    "skills",
    "level",
    "years",
    "languages",
    "formats",
    "relocate",
    "role",
    "visibility",
    "digest",
    "summary",
    "edit",
    "skills_remove",
    "digest_day",
    "digest_hour",
    "salary",  # asked after the work formats (registration's FLOW); numbered last like any step added later
)
Mode = Literal["new", "edit"]  # a first registration, or /edit of the saved profile
PLACES = (*ECONOMIES, ABROAD)
_DIGEST_KEYS = {"weekday", "hour", "paused"}
SALARY_RANGE = range(SALARY_MIN_EUR, SALARY_MAX_EUR + 1)
T = TypeVar("T")


@dataclass
class CityQuestion:
    """The city step's open question: the gazetteer puts the city typed in another economy than the one chosen."""

    typed: str  # as the person wrote it
    city: str  # the gazetteer's name for it
    economy: str  # where the gazetteer puts it


@dataclass
class ProfileDraft:
    """A registration or profile edit in progress: the answers so far, and where the conversation stands."""

    mode: Mode = "new"
    step: str = "consent"  # the question asked last
    history: list[str] = field(default_factory=list)  # the steps answered, in order, for Back
    editing: bool = False  # an answer returns to the summary instead of going on to the next question
    city_pending: CityQuestion | None = None
    consent_at: str | None = None
    name: str = ""
    economy: str | None = None
    city: str = ""
    skills: list[SkillEntry] = field(default_factory=list)
    level: Level | None = None
    years: int | None = None
    languages: list[str] = field(default_factory=list)
    formats: list[WorkFormat] = field(default_factory=list)
    relocate: bool = False
    target_role: str | None = None
    visibility: Visibility = Visibility.ANONYMOUS
    status: JobStatus = JobStatus.LOOKING  # the saved profile's; only /status changes it, so a save keeps it
    hired_where: str | None = None
    digest_weekday: int = 0  # Monday
    digest_hour: int = 9
    digest_paused: bool = False
    salary_net_eur: int | None = None  # optional and private: the net monthly salary expected, EUR

    def to_json(self) -> dict[str, Any]:
        """Plain JSON, the one shape ``from_json`` reads (also that of the untyped form it replaced)."""
        return {
            "mode": self.mode,
            "step": self.step,
            "history": list(self.history),
            "editing": self.editing,
            "city_pending": asdict(self.city_pending) if self.city_pending else None,
            "consent_at": self.consent_at,
            "name": self.name,
            "economy": self.economy,
            "city": self.city,
            "skills": [[s.skill_id, s.free_text] for s in self.skills],
            "level": self.level.value if self.level else None,
            "years": self.years,
            "languages": list(self.languages),
            "formats": [f.value for f in self.formats],
            "relocate": self.relocate,
            "target_role": self.target_role,
            "visibility": self.visibility.value,
            "status": self.status.value,
            "hired_where": self.hired_where,
            "digest": {"weekday": self.digest_weekday, "hour": self.digest_hour, "paused": self.digest_paused},
            "salary_net_eur": self.salary_net_eur,
        }

    @classmethod
    def from_json(cls, data: object) -> ProfileDraft | None:
        """The draft ``to_json`` wrote; None for anything else (damaged, or another form's), so the conversation
        can start again instead of failing on it later. Answers not given yet may be absent."""
        if not isinstance(data, dict) or data.get("mode") not in get_args(Mode) or not data.keys() <= _JSON_KEYS:
            return None
        try:
            pending = _optional(data.get("city_pending"), dict)
            digest = _typed(data.get("digest", {}), dict)
            if not digest.keys() <= _DIGEST_KEYS:
                return None
            level, years = _optional(data.get("level"), str), _optional(data.get("years"), int)
            draft = cls(
                mode=data["mode"],
                step=_step(data.get("step", "consent")),
                history=[_step(s) for s in _typed(data.get("history", []), list)],
                editing=_typed(data.get("editing", False), bool),
                city_pending=CityQuestion(**{k: _typed(v, str) for k, v in pending.items()}) if pending else None,
                consent_at=_optional(data.get("consent_at"), str),
                name=_typed(data.get("name", ""), str),
                economy=_one_of(_optional(data.get("economy"), str), PLACES),
                city=_typed(data.get("city", ""), str),
                skills=[_skill(s) for s in _typed(data.get("skills", []), list)],
                level=Level(level) if level is not None else None,
                years=_one_of(years, range(MAX_YEARS + 1)),
                languages=[_one_of(_typed(c, str), LANGUAGES) for c in _typed(data.get("languages", []), list)],
                formats=[WorkFormat(_typed(f, str)) for f in _typed(data.get("formats", []), list)],
                relocate=_typed(data.get("relocate", False), bool),
                target_role=_optional(data.get("target_role"), str),
                visibility=Visibility(_typed(data.get("visibility", Visibility.ANONYMOUS.value), str)),
                status=JobStatus(_typed(data.get("status", JobStatus.LOOKING.value), str)),
                hired_where=_optional(data.get("hired_where"), str),
                digest_weekday=_one_of(_typed(digest.get("weekday", 0), int), range(7)),
                digest_hour=_one_of(_typed(digest.get("hour", 9), int), range(24)),
                digest_paused=_typed(digest.get("paused", False), bool),
                salary_net_eur=_one_of(_optional(data.get("salary_net_eur"), int), SALARY_RANGE),
            )
        except (TypeError, ValueError):  # a CityQuestion with other fields is a TypeError too
            return None
        return draft

    @classmethod
    def of_profile(cls, profile: Profile, schedule: DigestSchedule | None) -> ProfileDraft:
        """A saved profile as the edit form's answers, to change some of them."""
        schedule = schedule or DigestSchedule()
        return cls(
            mode="edit",
            step="edit",
            editing=True,
            name=profile.display_name,
            economy=profile.economy,
            city=profile.city,
            skills=list(profile.skills),
            level=profile.level,
            years=profile.years,
            languages=list(profile.languages),
            formats=list(profile.work_formats),
            relocate=profile.relocate,
            target_role=profile.target_role,
            visibility=profile.visibility,
            status=profile.status,
            hired_where=profile.hired_where,
            digest_weekday=schedule.weekday,
            digest_hour=schedule.hour,
            digest_paused=schedule.paused,
            salary_net_eur=profile.salary_net_eur,
        )

    def to_profile(self, user_id: int, complete: bool = True) -> Profile:
        """The profile these answers make; FormError when one is missing, or forged past what its question takes.

        ``complete=False`` is for showing the summary: skills, languages and work formats may still be empty there
        (unticked while editing), shown as "—" until Save insists on them.
        """
        languages = tuple(code for code in self.languages if code in LANGUAGES)
        if (
            not self.name
            or self.economy is None
            or self.economy not in PLACES
            or self.level is None
            or self.years is None
            or (complete and not (self.skills and languages and self.formats))
        ):
            raise FormError("form.error.incomplete")
        return Profile(
            user_id=user_id,
            display_name=validate_name(self.name),
            economy=self.economy,
            city=validate_city(self.city),
            level=self.level,
            years=self.years,
            languages=languages,
            work_formats=tuple(self.formats),
            relocate=self.relocate,
            target_role=self.target_role,
            visibility=self.visibility,
            skills=tuple(self.skills),
            status=self.status,
            hired_where=self.hired_where,
            salary_net_eur=self.salary_net_eur,
        )

    def to_schedule(self, timezone: str = "") -> DigestSchedule:
        """The digest schedule chosen; its time zone follows the economy, so whoever saves it names one."""
        return DigestSchedule(self.digest_weekday, self.digest_hour, timezone, self.digest_paused)


_JSON_KEYS = ProfileDraft().to_json().keys()


def _typed(value: object, kind: type[T]) -> T:
    """``value`` if it is a ``kind`` (and not a bool standing for an int); TypeError otherwise."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{value!r} is not a {kind.__name__}")
    return value


def _optional(value: object, kind: type[T]) -> T | None:
    return None if value is None else _typed(value, kind)


def _one_of(value: T, options: tuple[object, ...] | range) -> T:
    """``value`` if it is None or one of ``options``; ValueError otherwise."""
    if value is not None and value not in options:
        raise ValueError(f"{value!r} is not one of {options!r}")
    return value


def _step(value: object) -> str:
    return _one_of(_typed(value, str), PROFILE_STEPS)


def _skill(value: object) -> SkillEntry:
    """A skill as ``[taxonomy id, None]`` or ``[None, free text]``."""
    pair = _typed(value, list)
    if len(pair) != 2:
        raise ValueError(f"{pair!r} is not a skill")
    entry = SkillEntry(_optional(pair[0], str), _optional(pair[1], str))
    if not (entry.skill_id or entry.free_text):
        raise ValueError(f"{pair!r} is an empty skill")
    return entry
