"""What goes into a digest: only what is new since the last one, still open, and relevant to this user.

The rankings and counts come from the match index (``DigestView``), computed in bulk for a batch of users by
``DigestData.prepare``; the vacancies shown are explained by ``score_pair`` itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from bot.domain import Course, Professional, Vacancy
from bot.i18n import SafeHTML, t, tn
from bot.keyboards import Button, CandidatesOf, Feedback
from bot.matching.scoring import score_pair
from bot.matching.taxonomy import Taxonomy
from bot.render import split_html
from bot.services.matching import DigestView
from bot.services.suppression import MIN_PEOPLE
from bot.storage.feedback import UserFeedback
from bot.views import match_reason, match_salary, skill_list

MAX_VACANCIES = 5
MAX_COURSES = 3
FIRST_DIGEST_LOOKBACK = timedelta(days=7)


@dataclass
class Digest:
    parts: list[str]
    buttons: list[list[tuple[str, Button | str]]] = field(default_factory=list)


@dataclass
class DigestData:
    """What a run needs: the match index as the run sees it, and the posts of each member's organisations."""

    view: DigestView
    org_vacancies: dict[int, list[int]]  # user id → open vacancies of their verified organisations
    org_courses: dict[int, list[int]]  # user id → open courses of their verified organisations
    # hidden and not-relevant marks of a batch of users, read in one go (``FeedbackService.marks_of``)
    feedback: Callable[[Sequence[int]], Awaitable[dict[int, UserFeedback]]] | None = None

    def vacancies_of(self, user_id: int) -> list[Vacancy]:
        return [v for v in map(self.view.vacancy, self.org_vacancies.get(user_id, ())) if v is not None]

    def courses_of(self, user_id: int) -> list[Course]:
        return [c for c in map(self.view.course, self.org_courses.get(user_id, ())) if c is not None]

    async def prepare(self, users: list[tuple[int, str]]) -> None:
        """Rank and count, in bulk, everything the digests of ``users`` (user id, since) will show."""
        vacancies = [(v.id, since) for user, since in users for v in self.vacancies_of(user)]
        courses = [c.id for user, _ in users for c in self.courses_of(user)]
        said = await self.feedback([user for user, _ in users]) if self.feedback is not None else {}
        await self.view.prepare(users, vacancies, courses, MAX_VACANCIES, said)


def since_for(last_sent: str | None, now: datetime) -> str:
    return last_sent or (now - FIRST_DIGEST_LOOKBACK).astimezone(UTC).isoformat(timespec="seconds")


def compose(user_id: int, lang: str, since: str, data: DigestData, taxonomy: Taxonomy) -> Digest | None:
    sections: list[str] = []
    buttons: list[list[tuple[str, Button | str]]] = []
    pro = data.view.professional(user_id)
    if pro is not None:
        lines, rows = _professional(pro, lang, since, data, taxonomy)
        sections += lines
        buttons += rows
    vacancies = data.vacancies_of(user_id)
    if vacancies:
        lines, rows = _employer(vacancies, lang, since, data)
        sections += lines
        buttons += rows[:5]
    courses = data.courses_of(user_id)
    if courses:
        sections += _provider(courses, lang, since, data, taxonomy)
    if not sections:
        return None
    text = t(lang, "digest.title") + "\n\n" + "\n\n".join(sections)
    return Digest(split_html(text), buttons)


def _professional(
    pro: Professional, lang: str, since: str, data: DigestData, taxonomy: Taxonomy
) -> tuple[list[str], list[list[tuple[str, Button | str]]]]:
    """The professional's part, and one row of feedback buttons per vacancy (numbered as the lines are): save,
    hide, not relevant; the service checks each press against the current state."""
    # the new live vacancies that pass, best first (as recommend_vacancies ranks them), counted and cut by the index
    count, best = data.view.matches(pro.id, since)
    matches = [score_pair(pro, v) for v, _ in best]
    # close_gap(what these matches miss, or else the target role, the courses published since)[:MAX_COURSES],
    # worked out for the whole batch at once
    plan = data.view.plan(pro.id, since)
    out = []
    rows: list[list[tuple[str, Button | str]]] = []
    if matches:
        lines = [t(lang, "digest.vacancies")]
        for n, m in enumerate(matches, start=1):
            reason = match_reason(taxonomy, lang, m, None)
            if salary := match_salary(lang, pro.salary_net_eur, m.vacancy):  # the fit, as /matches says it
                reason = SafeHTML(f"{reason}\n  {salary}")
            lines.append(t(lang, "digest.vacancy_line", n=n, title=m.vacancy.title, organisation=m.vacancy.organisation,
                           score=f"{m.score:g}", reason=reason))  # fmt: skip
            rows.append([(_label(lang, action, n), Feedback(action, m.vacancy.id, "g", n)) for action in "shn"])
        if count > MAX_VACANCIES:
            lines.append(tn(lang, "digest.more", count - MAX_VACANCIES))
        lines.append(t(lang, "feedback.digest_legend"))
        out.append("\n".join(lines))
    if plan:
        lines = [t(lang, "digest.courses")]
        for course, covered in plan[:MAX_COURSES]:
            lines.append(t(lang, "digest.course_line", title=course.title, provider=course.provider,
                           skills=SafeHTML(skill_list(taxonomy, lang, sorted(covered)))))  # fmt: skip
        out.append("\n".join(lines))
    return out, rows


@cache
def _label(lang: str, action: str, n: int) -> str:
    """A digest item's feedback button label ("💾 1"): the same few dozen for every digest, so looked up once."""
    return t(lang, f"feedback.digest_{action}", n=n)


def _employer(vacancies: list[Vacancy], lang: str, since: str, data: DigestData) -> tuple[list[str], list]:
    lines, rows = [], []
    for v in vacancies:
        # the same people /candidates would list (looking, not hidden: can_be_contacted), registered since
        count = data.view.candidates(v.id, since)
        if count:
            lines.append(_people_line(lang, "digest.candidates", count, title=v.title))
            rows.append([(t(lang, "digest.see_candidates", title=v.title), CandidatesOf(v.id))])
    return ([t(lang, "digest.employer") + "\n" + "\n".join(lines)] if lines else []), rows


def _provider(courses: list[Course], lang: str, since: str, data: DigestData, taxonomy: Taxonomy) -> list[str]:
    if not data.view.anyone_new(since):
        return []
    lines = []
    for c in courses:
        lacking = data.view.lacking(c.id)  # registered professionals who lack some skill the course teaches
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
