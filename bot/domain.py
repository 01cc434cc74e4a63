"""Domain objects shared by services, storage and handlers; plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PROFESSIONAL = "professional"
    EMPLOYER = "employer"
    PROVIDER = "provider"


@dataclass(frozen=True)
class User:
    telegram_id: int
    first_name: str
    language: str | None
    telegram_language: str | None
    roles: frozenset[Role]
    created_at: str
    last_seen_at: str
    consent_version: str | None = None
    consent_at: str | None = None
    active: bool = True


class Level(StrEnum):
    STUDENT = "student"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class WorkFormat(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


# The six economies, plus people abroad who would consider coming back.
ECONOMIES: tuple[str, ...] = ("AL", "BA", "XK", "ME", "MK", "RS")
ABROAD = "abroad"


@dataclass(frozen=True)
class Professional:
    """What matching needs to know about a person; skills are taxonomy ids plus free-text leftovers."""

    id: int
    skills: frozenset[str]
    level: Level = Level.JUNIOR
    economy: str = "RS"
    languages: frozenset[str] = frozenset({"en"})
    work_formats: frozenset[WorkFormat] = frozenset(WorkFormat)
    relocate: bool = False
    free_skills: tuple[str, ...] = ()
    target_role: str | None = None
    visible: bool = True


@dataclass(frozen=True)
class Vacancy:
    id: int
    title: str
    required: frozenset[str]
    nice: frozenset[str] = frozenset()
    level: Level = Level.MID
    work_format: WorkFormat = WorkFormat.ONSITE
    economy: str = "RS"
    remote_from_region: bool = False
    languages: frozenset[str] = frozenset({"en"})
    free_required: tuple[str, ...] = ()
    published_at: str = ""
    open: bool = True


@dataclass(frozen=True)
class Course:
    id: int
    title: str
    provider: str
    skills: frozenset[str]
    free: bool = False
    economy: str | None = None  # None: online, open to the whole region
    language: str = "en"
    starts: str = ""  # ISO date; "" when self-paced
    link: str = ""
