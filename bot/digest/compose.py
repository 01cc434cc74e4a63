"""What goes into a digest: only what is new since the last one, still open, and relevant to this user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.domain import Course, Profile, Vacancy
from bot.i18n import SafeHTML, t, tn
from bot.keyboards import CandidatesOf
from bot.matching.recommend import close_gap, recommend_candidates, recommend_vacancies
from bot.matching.taxonomy import Taxonomy
from bot.render import split_html
from bot.services.contact import can_be_contacted
from bot.services.suppression import MIN_PEOPLE
from bot.views import match_reason, skill_list

MAX_VACANCIES = 5
MAX_COURSES = 3
FIRST_DIGEST_LOOKBACK = timedelta(days=7)


@dataclass
class Digest:
    parts: list[str]
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)


@dataclass
class DigestData:
    """Everything a run needs, loaded once for all users."""

    vacancies: list[Vacancy]
    courses: list[Course]
    course_published: dict[int, str]
    profiles: dict[int, Profile]
    org_vacancies: dict[int, list[Vacancy]]  # user id → open vacancies of their organisations
    org_courses: dict[int, list[Course]]  # user id → open courses of their organisations


def since_for(last_sent: str | None, now: datetime) -> str:
    return last_sent or (now - FIRST_DIGEST_LOOKBACK).astimezone(UTC).isoformat(timespec="seconds")


def compose(user_id: int, lang: str, since: str, data: DigestData, taxonomy: Taxonomy) -> Digest | None:
    sections: list[str] = []
    buttons: list[list[tuple[str, str]]] = []
    profile = data.profiles.get(user_id)
    if profile is not None:
        sections += _professional(profile, lang, since, data, taxonomy)
    if data.org_vacancies.get(user_id):
        lines, rows = _employer(data.org_vacancies[user_id], lang, since, data)
        sections += lines
        buttons += rows
    if data.org_courses.get(user_id):
        sections += _provider(data.org_courses[user_id], lang, since, data, taxonomy)
    if not sections:
        return None
    text = t(lang, "digest.title") + "\n\n" + "\n\n".join(sections)
    return Digest(split_html(text), buttons[:5])


def _professional(profile: Profile, lang: str, since: str, data: DigestData, taxonomy: Taxonomy) -> list[str]:
    new = [v for v in data.vacancies if v.published_at > since]
    matches = recommend_vacancies(profile.for_matching(), new, k=len(new) or 1)
    new_courses = [c for c in data.courses if data.course_published.get(c.id, "") > since]
    missing = {s for m in matches[:MAX_VACANCIES] for s in m.missing_required}
    if not missing and profile.target_role and profile.target_role in taxonomy.roles:
        missing = set(taxonomy.roles[profile.target_role].skills) - profile.skill_ids
    plan = close_gap(missing, new_courses, profile.languages, profile.economy)
    out = []
    if matches:
        lines = [t(lang, "digest.vacancies")]
        for m in matches[:MAX_VACANCIES]:
            lines.append(t(lang, "digest.vacancy_line", title=m.vacancy.title, organisation=m.vacancy.organisation,
                           score=f"{m.score:g}", reason=match_reason(taxonomy, lang, m, None)))  # fmt: skip
        if len(matches) > MAX_VACANCIES:
            lines.append(tn(lang, "digest.more", len(matches) - MAX_VACANCIES))
        out.append("\n".join(lines))
    if plan.courses:
        lines = [t(lang, "digest.courses")]
        for course, covered in plan.courses[:MAX_COURSES]:
            lines.append(t(lang, "digest.course_line", title=course.title, provider=course.provider,
                           skills=SafeHTML(skill_list(taxonomy, lang, sorted(covered)))))  # fmt: skip
        out.append("\n".join(lines))
    return out


def _employer(vacancies: list[Vacancy], lang: str, since: str, data: DigestData) -> tuple[list[str], list]:
    # the same people /candidates would list: looking, not hidden (see ContactService)
    new_pros = [p.for_matching() for p in data.profiles.values() if p.created_at > since and can_be_contacted(p)]
    lines, rows = [], []
    for v in vacancies:
        count = len(recommend_candidates(v, new_pros, k=len(new_pros) or 1))
        if count:
            lines.append(_people_line(lang, "digest.candidates", count, title=v.title))
            rows.append([(t(lang, "digest.see_candidates", title=v.title), CandidatesOf(v.id))])
    return ([t(lang, "digest.employer") + "\n" + "\n".join(lines)] if lines else []), rows


def _provider(courses: list[Course], lang: str, since: str, data: DigestData, taxonomy: Taxonomy) -> list[str]:
    if not any(p.created_at > since for p in data.profiles.values()):
        return []
    lines = []
    for c in courses:
        lacking = sum(1 for p in data.profiles.values() if c.skills - p.skill_ids)
        skills = SafeHTML(skill_list(taxonomy, lang, sorted(c.skills)))
        lines.append(_people_line(lang, "digest.lacking", lacking, title=c.title, skills=skills))
    return [t(lang, "digest.provider") + "\n" + "\n".join(lines)] if lines else []


def _people_line(lang: str, key: str, count: int, /, **kwargs: object) -> SafeHTML:
    """A digest line that counts people: 1–4 read "fewer than 5" (audit D17).

    Digests go to employers and providers, not admins, so they get the same floor as the insights. There is no
    published total to subtract from here, so the primary rule is enough; 0 is nobody and is shown.
    """
    if 0 < count < MIN_PEOPLE:
        return t(lang, f"{key}_few", **kwargs)
    return tn(lang, key, count, **kwargs)
