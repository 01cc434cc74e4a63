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
    blocked: bool = False


class Level(StrEnum):
    STUDENT = "student"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"

    @property
    def rank(self) -> int:
        return _LEVEL_RANKS[self]


_LEVEL_RANKS = {level: rank for rank, level in enumerate(Level)}  # scoring asks for ranks millions of times


class WorkFormat(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class SalaryBasis(StrEnum):
    """Whether a vacancy's salary range is before (gross) or after (net) tax and contributions."""

    GROSS = "gross"
    NET = "net"


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
    salary_net_eur: int | None = None  # the net monthly salary expected, in EUR; private (see bot/matching/salary.py)


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
    organisation: str = ""
    organisation_id: int = 0
    city: str = ""
    employment_type: str = "full_time"
    role_id: str | None = None
    salary_min: int | None = None  # EUR a month
    salary_max: int | None = None
    salary_basis: SalaryBasis | None = None  # None: the post did not say whether the range is gross or net
    deadline: str = ""
    apply: str = ""
    description: str = ""
    free_nice: tuple[str, ...] = ()


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
    level: str = "junior"
    format: str = "online"
    cost_eur: int = 0
    duration: str = ""
    deadline: str = ""


class Visibility(StrEnum):
    ANONYMOUS = "anonymous"
    VISIBLE = "visible"
    HIDDEN = "hidden"


class JobStatus(StrEnum):
    LOOKING = "looking"
    OPEN = "open"
    NOT_LOOKING = "not_looking"
    HIRED = "hired"


LANGUAGES: tuple[str, ...] = ("sq", "sr", "bs", "cnr", "hr", "mk", "en", "de", "it", "fr")
TIMEZONES = {
    "AL": "Europe/Tirane", "BA": "Europe/Sarajevo", "XK": "Europe/Belgrade", "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje", "RS": "Europe/Belgrade",
}  # fmt: skip


@dataclass(frozen=True)
class SkillEntry:
    """One skill on a profile: a taxonomy id, or free text nobody recognised (kept, never dropped)."""

    skill_id: str | None = None
    free_text: str | None = None


@dataclass(frozen=True)
class DigestSchedule:
    weekday: int = 0  # Monday
    hour: int = 9
    timezone: str = "Europe/Belgrade"
    paused: bool = False


@dataclass(frozen=True)
class Profile:
    user_id: int
    display_name: str
    economy: str
    city: str
    level: Level
    years: int
    languages: tuple[str, ...]
    work_formats: tuple[WorkFormat, ...]
    relocate: bool
    target_role: str | None
    visibility: Visibility
    skills: tuple[SkillEntry, ...]
    status: JobStatus = JobStatus.LOOKING
    hired_where: str | None = None
    created_at: str = ""
    updated_at: str = ""
    paused: bool = False  # "Still looking?" unanswered for 90 days: no candidate, no digest, until they are back
    salary_net_eur: int | None = None  # expected net EUR a month; private: employers only see within / above

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(s.skill_id for s in self.skills if s.skill_id)

    @property
    def free_skills(self) -> tuple[str, ...]:
        return tuple(s.free_text for s in self.skills if s.free_text)

    def for_matching(self) -> Professional:
        return Professional(
            id=self.user_id, skills=self.skill_ids, level=self.level, economy=self.economy,
            languages=frozenset(self.languages), work_formats=frozenset(self.work_formats), relocate=self.relocate,
            free_skills=self.free_skills, target_role=self.target_role,
            visible=self.visibility is not Visibility.HIDDEN, salary_net_eur=self.salary_net_eur,
        )  # fmt: skip


class OrgStatus(StrEnum):
    PENDING = "pending"  # waiting for an admin; its posts reach nobody
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"  # every member is blocked; lifted when one is unblocked
    CLOSED = "closed"  # its last member erased their account


class PostStatus(StrEnum):
    OPEN = "open"
    PENDING = "pending"  # the organisation is not verified yet
    HELD = "held"  # a red flag: waits for an admin
    CLOSED = "closed"  # by the organisation
    REMOVED = "removed"  # by an admin (takedown, reject) or with a blocked author; never comes back


@dataclass(frozen=True)
class Organisation:
    id: int
    kind: str
    name: str
    economy: str
    sector: str
    website: str
    email: str
    status: OrgStatus
    created_by: int | None


@dataclass(frozen=True)
class PostRef:
    """What managing a vacancy or course needs to know about it, whichever kind it is."""

    kind: str  # "vacancy" or "course"
    id: int
    organisation_id: int
    title: str
    status: PostStatus
    deadline: str
    hold_reason: str | None
    created_by: int | None

    def expired(self, today: str) -> bool:
        return self.deadline < today


@dataclass(frozen=True)
class Marked:
    """A vacancy a professional marked not relevant, as "similar" needs it (read from the post itself, so a mark
    still counts after the vacancy closed): its organisation, role and required skills, and what the reason
    given points at: its level, its place (economy; remote from the whole region or not), the top of its pay."""

    vacancy_id: int
    organisation_id: int
    role_id: str | None
    required: frozenset[str]
    reason: str = ""  # "", skills, level, location, salary, other
    level: Level | None = None
    economy: str = ""
    region_wide: bool = False
    salary_top: int | None = None
