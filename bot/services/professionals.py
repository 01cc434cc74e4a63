"""Professionals' profiles: the registration form, saving, skill edits, status, export and erasure."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.domain import (
    ECONOMIES,
    TIMEZONES,
    DigestSchedule,
    JobStatus,
    Profile,
    Role,
    SkillEntry,
)
from bot.matching.normalize import MAX_SKILLS, ParsedSkills, SkillNormalizer
from bot.matching.places import PlaceError, locate
from bot.matching.salary import SALARY_MAX_EUR, SALARY_MIN_EUR, names_gross
from bot.services.errors import FormError
from bot.storage.db import Database
from bot.storage.profiles import ProfileRepository
from bot.storage.users import utc_now

if TYPE_CHECKING:  # the draft module builds on this one's validators
    from bot.services.drafts import ProfileDraft

MAX_NAME = 64
MAX_CITY = 64
MAX_YEARS = 50


@dataclass
class SkillsChange:
    parsed: ParsedSkills
    added: list[SkillEntry] = field(default_factory=list)
    removed: list[SkillEntry] = field(default_factory=list)
    full: bool = False


def timezone_for(economy: str, default: str) -> str:
    return TIMEZONES.get(economy, default)


def validate_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise FormError("form.error.empty")
    if len(name) > MAX_NAME:
        raise FormError("form.error.too_long", limit=MAX_NAME, length=len(name))
    return name


class CityElsewhere(FormError):
    """The city typed is, in the gazetteer, in another economy than the one chosen: ask which one is right."""

    def __init__(self, typed: str, city: str, economy: str, chosen: str) -> None:
        super().__init__("reg.city_other_economy", city=typed, found=economy, chosen=chosen)
        self.city, self.economy = city, economy


def validate_city(text: str, economy: str | None = None) -> str:
    """The city as typed; with the ``economy`` chosen, a known place in its canonical name ("Prishtinë" →
    "Prishtina"), or ``CityElsewhere`` when the gazetteer puts it in another economy. Anything the gazetteer
    does not know (a village, a district, a city abroad) is kept as typed."""
    city = " ".join(text.split())
    if len(city) > MAX_CITY:
        raise FormError("form.error.too_long", limit=MAX_CITY, length=len(city))
    if economy is None or not city:
        return city
    try:
        found = locate(city, prefer=economy if economy in ECONOMIES else None)
    except PlaceError:  # unknown, or names that do not agree: the person's own words are the best we have
        return city
    if found.economy != economy:
        raise CityElsewhere(city, found.city, found.economy, economy)
    return found.city


def validate_years(text: str) -> int:
    cleaned = text.strip().rstrip("+")
    if not cleaned.isdigit() or int(cleaned) > MAX_YEARS:
        raise FormError("form.error.years", limit=MAX_YEARS)
    return int(cleaned)


# One amount as people write it: 1500, 1.500, 1,500, 1 500, 1'500; cents are ignored; 1.5k and 2k are thousands.
_AMOUNT = re.compile(r"(\d{1,3}(?:[ .,'’\u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?(\s*k\b)?")


def validate_salary(text: str) -> int:
    """The net monthly salary a professional expects, in EUR: one amount, whatever the currency sign, "neto" or
    "per month" around it ("1500", "1.500", "1 500 €", "1500 eur", "1500 neto", "2k"). A figure called gross is
    refused rather than stored as net: the fit of a range depends on which it is (``bot.matching.salary``)."""
    if names_gross(text):
        raise FormError("reg.salary_gross")
    found = _AMOUNT.findall(text.casefold())
    if len(found) != 1:
        raise FormError("reg.salary_error", low=SALARY_MIN_EUR, high=SALARY_MAX_EUR)
    whole, fraction, thousands = found[0]
    value = int(re.sub(r"\D", "", whole))
    if thousands:
        value = value * 1000 + int(fraction.ljust(3, "0")) if fraction else value * 1000
    if not SALARY_MIN_EUR <= value <= SALARY_MAX_EUR:
        raise FormError("reg.salary_error", low=SALARY_MIN_EUR, high=SALARY_MAX_EUR)
    return value


def merge_skills(current: list[SkillEntry], parsed: ParsedSkills) -> SkillsChange:
    """Add what was parsed to the current list, skipping duplicates and stopping at the cap."""
    change = SkillsChange(parsed=parsed)
    have_ids = {s.skill_id for s in current if s.skill_id}
    have_free = {s.free_text.casefold() for s in current if s.free_text}
    candidates = [SkillEntry(skill_id=m.skill_id) for m in parsed.recognised]
    candidates += [SkillEntry(free_text=text) for text in parsed.unrecognised]
    for entry in candidates:
        if (entry.skill_id and entry.skill_id in have_ids) or (
            entry.free_text and entry.free_text.casefold() in have_free
        ):
            continue
        if len(current) + len(change.added) >= MAX_SKILLS:
            change.full = True
            continue
        change.added.append(entry)
        if entry.skill_id:  # a free-text entry has no id: adding None would make the next one look like a duplicate
            have_ids.add(entry.skill_id)
        if entry.free_text:
            have_free.add(entry.free_text.casefold())
    change.full = change.full or parsed.over_limit > 0
    return change


class ProfessionalService:
    def __init__(self, db: Database, profiles: ProfileRepository, normalizer: SkillNormalizer, default_tz: str) -> None:
        self.db = db
        self.profiles = profiles
        self.normalizer = normalizer
        self.default_tz = default_tz

    def parse_skills(self, text: str) -> ParsedSkills:
        return self.normalizer.parse(text)

    async def get(self, user_id: int) -> Profile | None:
        return await self.profiles.get(user_id)

    async def schedule(self, user_id: int) -> DigestSchedule | None:
        return await self.profiles.schedule(user_id)

    async def save_form(self, user_id: int, draft: ProfileDraft, consent_version: str) -> Profile:
        """Turn a completed registration form into a stored profile, consent and digest schedule, atomically;
        FormError when an answer is missing or forged, and nothing is stored."""
        profile = draft.to_profile(user_id)
        await self.profiles.save(profile, draft.to_schedule(timezone_for(profile.economy, self.default_tz)))
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE users SET consent_version = ?, consent_at = COALESCE(?, consent_at), "
                "roles = CASE WHEN instr(roles, ?) > 0 THEN roles ELSE trim(roles || ',' || ?, ',') END "
                "WHERE telegram_id = ?",
                (consent_version, draft.consent_at, Role.PROFESSIONAL.value, Role.PROFESSIONAL.value, user_id),
            )
        saved = await self.profiles.get(user_id)
        assert saved is not None
        return saved

    async def change_skills(self, user_id: int, text: str, remove: bool) -> tuple[Profile, SkillsChange] | None:
        profile = await self.profiles.get(user_id)
        if profile is None:
            return None
        parsed = self.normalizer.parse(text)
        current = list(profile.skills)
        if remove:
            ids = set(parsed.skill_ids)
            free = {t.casefold() for t in parsed.unrecognised}
            kept = [s for s in current if s.skill_id not in ids and (s.free_text or "").casefold() not in free]
            change = SkillsChange(parsed=parsed, removed=[s for s in current if s not in kept])
            current = kept
        else:
            change = merge_skills(current, parsed)
            current += change.added
        updated = Profile(**{**profile.__dict__, "skills": tuple(current)})
        await self.profiles.save(updated)
        return updated, change

    async def set_status(self, user_id: int, status: JobStatus, hired_where: str | None = None) -> bool:
        if await self.profiles.get(user_id) is None:
            return False
        await self.profiles.set_status(user_id, status, hired_where)
        return True

    async def record_interest(self, user_id: int, vacancy_id: int) -> bool:
        return await self.profiles.record_interest(user_id, vacancy_id)

    async def export(self, user_id: int) -> bytes:
        data = await self.profiles.export(user_id)
        data["exported_at"] = utc_now()
        return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()

    async def organisations_left_alone(self, user_id: int) -> list[str]:
        """Organisations that /delete_me would close: the user is their last active member, so say so first."""
        return await self.profiles.organisations_left_alone(user_id)

    async def erase(self, user_id: int) -> list[int]:
        """Delete the user, and close the organisations nobody else runs (returns their ids); see the storage."""
        return await self.profiles.erase(user_id)
