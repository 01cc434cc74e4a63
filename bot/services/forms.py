"""Vacancy and course forms: one field table drives both the guided conversation and the one-message form.

A field's parser turns what a person typed into a value or raises ``FormError`` naming what is wrong, so the
same rules apply however the post was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from bot.domain import LANGUAGES, Level, SalaryBasis, WorkFormat
from bot.i18n import Names, catalogues, raw_message
from bot.matching.normalize import ParsedSkills, SkillNormalizer
from bot.matching.places import AmbiguousPlace, PlaceConflict, UnknownPlace, default_gazetteer, locate
from bot.matching.salary import basis_in
from bot.matching.taxonomy import Taxonomy
from bot.matching.text import plain
from bot.services.errors import FormError

MAX_TITLE = 120
MAX_TEXT = 4000
MAX_SHORT = 300
DEFAULT_DEADLINE_DAYS = 30
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "internship")
COURSE_FORMATS = ("online", "in_person", "hybrid")

_LANGUAGE_NAMES = {
    "albanian": "sq", "shqip": "sq", "serbian": "sr", "srpski": "sr", "bosnian": "bs", "bosanski": "bs",
    "montenegrin": "cnr", "crnogorski": "cnr", "croatian": "hr", "hrvatski": "hr", "macedonian": "mk",
    "македонски": "mk", "english": "en", "german": "de", "italian": "it", "french": "fr",
    "anglisht": "en", "engleski": "en", "англиски": "en", "албански": "sq", "albanski": "sq", "shqipe": "sq",
    "serbisht": "sr", "српски": "sr", "makedonski": "mk", "maqedonisht": "mk", "boshnjakisht": "bs",
    "malazezisht": "cnr", "kroatisht": "hr", "gjermanisht": "de", "nemački": "de", "германски": "de",
}  # fmt: skip
_CHOICE_ALIASES = {
    "onsite": "onsite", "on-site": "onsite", "on site": "onsite", "office": "onsite", "hybrid": "hybrid",
    "remote": "remote", "full-time": "full_time", "full time": "full_time", "fulltime": "full_time",
    "part-time": "part_time", "part time": "part_time", "contract": "contract", "internship": "internship",
    "intern": "internship", "online": "online", "in person": "in_person", "in-person": "in_person",
    "mid": "mid", "mid-level": "mid", "medior": "mid",
}  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(text.strip().casefold().split())


def parse_text(limit: int) -> Callable[[str, FormContext], str]:
    def parse(raw: str, ctx: FormContext) -> str:
        value = raw.strip()
        if not value:
            raise FormError("post.error.empty")
        if len(value) > limit:
            raise FormError("form.error.too_long", limit=limit, length=len(value))
        return value

    return parse


# ---------------------------------------------------------------------------- the region's words for fields and values
# People write a form in their language: field names and values are accepted as every catalogue shows them (the
# bot must take back what it prints), compared after ``plain`` so Cyrillic and Latin, with or without diacritics,
# are the same word.
CHOICE_FAMILIES = ("level", "format", "employment", "course_format")


def label_key(kind: str, key: str) -> str:
    """The catalogue key of a field's name; a course's format is not a work format."""
    return "post.field.course_format" if (kind, key) == ("course", "format") else f"post.field.{key}"


def choice_key(kind: str, key: str, value: str) -> str:
    """The catalogue key that names a choice's value as people read it."""
    if key == "remote_region":
        return f"common.{value}"
    family = {"type": "employment", "format": "course_format" if kind == "course" else "format"}.get(key, key)
    return f"{family}.{value}"


def _every_language(key: str) -> set[str]:
    return {plain(raw_message(lang, key)) for lang, cat in catalogues().items() if key in cat.keys}


@cache
def _local_choices() -> dict[str, str]:
    words: dict[str, str] = {}
    for cat in catalogues().values():
        for key in cat.keys:
            family, _, value = key.partition(".")
            if family in CHOICE_FAMILIES and value:
                words[plain(raw_message(cat.language, key))] = value
    return words


@cache
def _local_languages() -> dict[str, str]:
    words = {plain(name): code for name, code in _LANGUAGE_NAMES.items()}
    for code in LANGUAGES:
        for word in _every_language(f"lang.{code}"):
            words[word] = code
    return words


@cache
def _local_labels(kind: str) -> dict[str, str]:
    labels = {plain(f.label): f.key for f in FIELDS[kind]} | {plain(f.key): f.key for f in FIELDS[kind]}
    for f in FIELDS[kind]:
        labels |= dict.fromkeys(_every_language(label_key(kind, f.key)), f.key)
    return labels


LEVELS = tuple(level.value for level in Level)


def parse_choice(options: tuple[str, ...], family: str) -> Callable[[str, FormContext], str]:
    """A field with fixed values; ``family`` names them in the catalogues (``level`` → ``level.junior``), so an
    error lists the choices in the reader's language."""

    def parse(raw: str, ctx: FormContext) -> str:
        value = _CHOICE_ALIASES.get(_norm(raw)) or _local_choices().get(plain(raw)) or _norm(raw).replace(" ", "_")
        if value not in options:
            raise FormError("post.error.choice", options=Names(tuple(f"{family}.{o}" for o in options)))
        return value

    return parse


def parse_yes_no(raw: str, ctx: FormContext) -> bool:
    value = plain(raw)
    if value in {"yes", "y", "true", "po", "da"} | _every_language("common.yes"):
        return True
    if value in {"no", "n", "false", "jo", "ne"} | _every_language("common.no"):
        return False
    raise FormError("post.error.yes_no")


def parse_economy(raw: str) -> str:
    """One of the six economies in any of its names (``seed_data/places.json``); a code in any case."""
    gazetteer = default_gazetteer()
    code = gazetteer.economy(raw) or gazetteer.economy(raw.strip().upper(), fuzzy=False)
    if code is None:
        raise FormError("post.error.economy", value=raw.strip()[:40])
    return code


def parse_location(raw: str, ctx: FormContext) -> dict[str, str]:
    """An economy, a city, or both in either order ("Podgorica, Montenegro", "Crna Gora - Podgorica",
    "Приштина"); a known city is stored in its canonical name, an unknown town with its economy as typed."""
    try:
        found = locate(raw)
    except UnknownPlace as err:
        raise FormError("post.error.economy", value=err.value[:40]) from None
    except PlaceConflict as err:
        raise FormError("post.error.place_conflict", city=err.city[:40], economy=err.economy[:40]) from None
    except AmbiguousPlace as err:
        raise FormError("post.error.place_ambiguous", city=err.value[:40]) from None
    return {"economy": found.economy, "city": parse_text(64)(found.city, ctx) if found.city else ""}


def parse_date(raw: str, ctx: FormContext) -> str:
    value = _norm(raw)
    match = re.fullmatch(r"(\d+)\s*(days?|dana?|dit[eë]?|denovi|dena|ден|дена|денови|дана|дан)", value)
    if match:
        parsed = ctx.today + timedelta(days=int(match.group(1)))
    else:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            found = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})\.?", value)
            if not found:
                raise FormError("post.error.date", value=raw.strip()[:40]) from None
            try:
                parsed = date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
            except ValueError:
                raise FormError("post.error.date", value=raw.strip()[:40]) from None
    if parsed < ctx.today:
        raise FormError("post.error.past", value=parsed.isoformat())
    if parsed > ctx.today + timedelta(days=366):
        raise FormError("post.error.far", value=parsed.isoformat())
    return parsed.isoformat()


def parse_salary(raw: str, ctx: FormContext) -> dict[str, Any]:
    """A monthly range in EUR, or one figure, and whether it is gross or net when the text says so ("1500-2200
    net", "bruto 1.800", "1 500 – 2 000 € нето"); ``basis`` is None when it does not (the guided form then asks)."""
    numbers = [int(n.replace(".", "").replace(",", "")) for n in re.findall(r"\d[\d.,]*", raw)]
    if not numbers or len(numbers) > 2:
        raise FormError("post.error.salary")
    low, high = (numbers[0], numbers[-1])
    if low > high:
        raise FormError("post.error.salary_order", low=low, high=high)
    if high > 100_000:
        raise FormError("post.error.salary")
    basis = basis_in(raw)
    return {"min": low, "max": high, "basis": basis.value if basis else None}


def parse_salary_basis(raw: str, ctx: FormContext) -> str:
    """The guided form's follow-up question: gross or net, as a button or typed in any of the languages."""
    basis = basis_in(raw) or (SalaryBasis(raw) if raw in set(SalaryBasis) else None)
    if basis is None:
        raise FormError("post.error.salary_basis")
    return basis.value


def parse_languages(raw: str, ctx: FormContext) -> list[str]:
    found: list[str] = []
    for part in re.split(r"[,;/]|\s+(?:and|i|и|dhe|e|ili|или|ose)\s+", raw, flags=re.IGNORECASE):
        value = _norm(part)
        if not value:
            continue
        code = value if value in LANGUAGES else _local_languages().get(plain(value))
        if code is None:
            raise FormError("post.error.language", value=part.strip()[:40])
        if code not in found:
            found.append(code)
    if not found:
        raise FormError("post.error.empty")
    return found


def parse_role(raw: str, ctx: FormContext) -> str | None:
    value = _norm(raw)
    if value in {"", "-", "none", "no"}:
        return None
    for role in ctx.taxonomy.roles.values():
        if value in {role.id, _norm(role.title)} or _norm(role.title).startswith(value):
            return role.id
    raise FormError("post.error.role", value=raw.strip()[:40])


def parse_skills_field(raw: str, ctx: FormContext) -> dict[str, Any]:
    parsed: ParsedSkills = ctx.normalizer.parse(raw)
    if not parsed.recognised and not parsed.unrecognised:
        raise FormError("post.error.skills")
    return {"ids": parsed.skill_ids, "free": parsed.unrecognised, "too_long": len(parsed.too_long),
            "over_limit": parsed.over_limit}  # fmt: skip


FREE_WORDS = frozenset({"free", "0", "falas", "pa pagese", "besplatno", "besplatan", "besplaten", "besplatna"})


def parse_cost(raw: str, ctx: FormContext) -> int:
    value = _norm(raw)
    if plain(value) in FREE_WORDS:
        return 0
    numbers = re.findall(r"\d+", value)
    if len(numbers) != 1:
        raise FormError("post.error.cost")
    return int(numbers[0])


# Apply and Link tell a professional where to go next, so they take only forms a person can act on safely:
# a web address, an e-mail address, or a public Telegram username. Free text could carry a phone number, a
# ``javascript:`` or ``tg://`` link, or a "DM me" that bypasses the messenger red flag (security review D18).
TELEGRAM_USERNAME = r"[A-Za-z][A-Za-z0-9_]{4,31}"  # Telegram's rule for public usernames: 5-32 characters
_TELEGRAM_HOSTS = ("t.me", "telegram.me", "telegram.dog")
_TELEGRAM_HOST = "|".join(re.escape(host) for host in _TELEGRAM_HOSTS)
_TELEGRAM_CONTACT = re.compile(rf"@{TELEGRAM_USERNAME}|(?:https?://)?(?:{_TELEGRAM_HOST})/{TELEGRAM_USERNAME}/?", re.I)
_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"  # letters of any script, so the region's IDN domains work
_HOST = rf"(?:{_LABEL}\.)+(?:[^\W\d_]{{2,63}}|xn--[a-z0-9-]{{1,59}})"  # a dot and a real TLD: no IPs
_HOST_NAME = re.compile(_HOST, re.I)
_EMAIL = re.compile(rf"[A-Za-z0-9_%+'-]+(?:\.[A-Za-z0-9_%+'-]+)*@{_HOST}", re.I)


def _is_web_address(value: str) -> bool:
    """An http(s) URL whose host is the one a browser would open.

    Spaces, control characters and backslashes are refused before ``urlsplit`` sees the text, because it
    silently drops tabs and newlines and browsers read ``\\`` as ``/``; a user-info part is refused because
    ``https://good.com@evil.com`` opens evil.com.
    """
    if any(ch.isspace() or not ch.isprintable() or ch == "\\" for ch in value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme in {"http", "https"}
        and "@" not in parts.netloc
        and _HOST_NAME.fullmatch(host) is not None
        and host not in _TELEGRAM_HOSTS  # Telegram links must name a public username (_TELEGRAM_CONTACT)
    )


def parse_contact(raw: str, ctx: FormContext) -> str:
    """How to apply, or the course page: a web address, an e-mail address or a public Telegram username.

    A Telegram username is accepted because many regional employers recruit that way, but it moves the
    conversation into a private chat, so ``red_flags`` holds such a post for an admin rather than refusing it.
    """
    value = parse_text(MAX_SHORT)(raw, ctx)
    if _TELEGRAM_CONTACT.fullmatch(value) or _EMAIL.fullmatch(value) or _is_web_address(value):
        return value
    raise FormError("post.error.contact", value=value[:40])


@dataclass(frozen=True)
class FormContext:
    taxonomy: Taxonomy
    normalizer: SkillNormalizer
    today: date


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # the name in the one-message form, e.g. "Required skills"
    parse: Callable[[str, FormContext], Any]
    required: bool = False
    choices: tuple[str, ...] = ()  # offered as buttons in the guided form


VACANCY_FIELDS: tuple[Field, ...] = (
    Field("title", "Title", parse_text(MAX_TITLE), required=True),
    Field("role", "Role", parse_role),
    Field("required", "Required skills", parse_skills_field, required=True),
    Field("nice", "Nice to have", parse_skills_field),
    Field("level", "Level", parse_choice(LEVELS, "level"), choices=LEVELS),
    Field("type", "Type", parse_choice(EMPLOYMENT_TYPES, "employment"), choices=EMPLOYMENT_TYPES),
    Field(
        "format",
        "Work format",
        parse_choice(tuple(f.value for f in WorkFormat), "format"),
        choices=tuple(f.value for f in WorkFormat),
    ),
    Field("location", "Location", parse_location, required=True),
    Field("remote_region", "Remote from region", parse_yes_no, choices=("yes", "no")),
    Field("salary", "Salary", parse_salary),
    Field("languages", "Languages", parse_languages),
    Field("deadline", "Deadline", parse_date),
    Field("apply", "Apply", parse_contact, required=True),
    Field("description", "Description", parse_text(MAX_TEXT)),
)

COURSE_FIELDS: tuple[Field, ...] = (
    Field("title", "Title", parse_text(MAX_TITLE), required=True),
    Field("provider", "Provider", parse_text(MAX_TITLE)),
    Field("skills", "Skills taught", parse_skills_field, required=True),
    Field("level", "Level", parse_choice(LEVELS, "level"), choices=LEVELS),
    Field("format", "Format", parse_choice(COURSE_FORMATS, "course_format"), choices=COURSE_FORMATS),
    Field("location", "Location", parse_location),
    Field("language", "Language", parse_languages),
    Field("starts", "Starts", parse_date, required=True),
    Field("duration", "Duration", parse_text(64)),
    Field("cost", "Cost", parse_cost),
    Field("link", "Link", parse_contact, required=True),
    Field("deadline", "Deadline", parse_date),
)

FIELDS = {"vacancy": VACANCY_FIELDS, "course": COURSE_FIELDS}
# Not a line of the form: the guided form asks it after a salary that does not say gross or net (``PostDraft``).
SALARY_BASIS_FIELD = Field("salary_basis", "Salary basis", parse_salary_basis, choices=tuple(SalaryBasis))


@dataclass
class FormResult:
    values: dict[str, Any]
    errors: list[tuple[str, FormError]]  # (field label, error)
    unknown: list[str]
    missing: list[str]


def parse_one_message(kind: str, text: str, ctx: FormContext) -> FormResult:
    """Parse ``Field: value`` lines; continuation lines extend the previous field (for descriptions)."""
    fields = FIELDS[kind]
    by_key = {f.key: f for f in fields}
    raw: dict[str, str] = {}
    unknown: list[str] = []
    current: Field | None = None
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        key = _local_labels(kind).get(plain(name)) if sep else None
        field = by_key[key] if key else None
        if field is not None:
            current = field
            raw[field.key] = value.strip()
        elif current is not None and current.key == "description":
            raw[current.key] = (raw[current.key] + "\n" + line).strip()
        elif sep and not value.startswith("//") and re.fullmatch(r"[^\W\d_][\w \-]{0,30}", name.strip()):
            unknown.append(name.strip())
            current = None
        elif current is not None and line.strip():
            raw[current.key] = (raw[current.key] + "\n" + line).strip()
    return parse_fields(kind, raw, ctx, unknown)


def field_key(kind: str, name: str) -> str | None:
    """The field a name stands for, in any catalogue's language or script, or None: ``Field:`` lines of the
    one-message form and the column headers of a CSV import read the same names."""
    return _local_labels(kind).get(plain(name))


def parse_fields(kind: str, raw: dict[str, str], ctx: FormContext, unknown: list[str] | None = None) -> FormResult:
    """Validate raw field texts by key (however they were written: lines of one message, columns of a CSV row)."""
    result = FormResult(values={}, errors=[], unknown=list(unknown or []), missing=[])
    for field in FIELDS[kind]:
        if field.key not in raw or not raw[field.key].strip():
            if field.required:
                result.missing.append(field.label)
            continue
        try:
            result.values[field.key] = field.parse(raw[field.key], ctx)
        except FormError as err:
            result.errors.append((field.label, err))
    return result


def apply_defaults(kind: str, values: dict[str, Any], ctx: FormContext, organisation: str) -> dict[str, Any]:
    out = dict(values)
    if kind == "vacancy":
        out.setdefault("level", "mid")
        out.setdefault("type", "full_time")
        out.setdefault("format", "onsite")
        out.setdefault("remote_region", False)
        out.setdefault("languages", ["en"])
        out.setdefault("deadline", (ctx.today + timedelta(days=DEFAULT_DEADLINE_DAYS)).isoformat())
        out.setdefault("nice", {"ids": [], "free": []})
        out.setdefault("description", "")
    else:
        out.setdefault("provider", organisation)
        out.setdefault("level", "junior")
        out.setdefault("format", "online")
        out.setdefault("language", ["en"])
        out.setdefault("cost", 0)
        out.setdefault("duration", "")
        out.setdefault("location", {"economy": None, "city": ""})
        if "starts" in out:
            out.setdefault("deadline", out["starts"])
    return out


def missing_required(kind: str, values: dict[str, Any]) -> list[str]:
    return [f.label for f in FIELDS[kind] if f.required and f.key not in values]


# Patterns that job scams on Telegram share; a match holds the post for an admin, it does not reject it.
RED_FLAGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fee", re.compile(r"\b(registration|training|application|processing|deposit|upfront)\s+(fee|payment)\b|"
                       r"\bpay\s+(a\s+)?(small\s+)?fee\b|\bfee\s+(is\s+)?required\b", re.I)),
    ("crypto", re.compile(r"\b(crypto|usdt|bitcoin|btc|binance|task[- ]based pay|paid per task|daily tasks?)\b", re.I)),
    ("messenger", re.compile(r"\b(whats\s?app|viber|signal)\b", re.I)),
    # A t.me or tg:// link, or an @username that is not the end of an e-mail address or a URL path.
    ("telegram", re.compile(rf"(?<![\w.-])({_TELEGRAM_HOST})/|\btg://|(?<![\w.@/+-])@{TELEGRAM_USERNAME}\b", re.I)),
)  # fmt: skip


def red_flags(values: dict[str, Any], organisation: str) -> list[str]:
    text = " ".join(str(v) for k, v in values.items() if isinstance(v, str))
    reasons = [name for name, pattern in RED_FLAGS if pattern.search(text)]
    if not organisation.strip():
        reasons.append("no_employer")
    return reasons
