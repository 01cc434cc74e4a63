"""Rendering domain objects as messages in the user's language; no I/O here."""

from __future__ import annotations

import html
from datetime import date
from functools import cache

from babel.dates import format_date, get_day_names
from babel.numbers import format_decimal

from bot.domain import Course, DigestSchedule, Organisation, Profile, SalaryBasis, SkillEntry, Vacancy, Visibility
from bot.i18n import SafeHTML, t
from bot.i18n.cyrillic import to_cyrillic
from bot.keyboards import CODE_OF_KIND, Moderate, OrgDecision, Rows
from bot.matching.normalize import ParsedSkills
from bot.matching.recommend import GapPlan, RoleHint
from bot.matching.salary import Fit, salary_fit
from bot.matching.scoring import Match
from bot.matching.taxonomy import Taxonomy
from bot.render import esc
from bot.services.forms import choice_key


def skill_name(taxonomy: Taxonomy, lang: str, entry: str | SkillEntry) -> str:
    """A taxonomy skill by its name in ``lang``; free text as typed (escaped)."""
    if isinstance(entry, SkillEntry):
        if entry.skill_id is None:
            return esc(entry.free_text or "")
        entry = entry.skill_id
    shown: dict[tuple[str, str], str] = taxonomy.__dict__.setdefault("_shown_names", {})  # digests ask millions
    found = shown.get((lang, entry))
    if found is not None:
        return found
    skill = taxonomy.skills.get(entry)
    if skill is None:
        return esc(entry)
    # the taxonomy holds Serbian in Latin letters
    found = esc(to_cyrillic(skill.display_name("sr")) if lang == "sr-Cyrl" else skill.display_name(lang))
    shown[(lang, entry)] = found
    return found


def place(lang: str, economy: str, city: str) -> SafeHTML:
    """ "Montenegro, Podgorica", or the economy alone when there is no city to show."""
    name = t(lang, f"economy.{economy}")
    return SafeHTML(f"{name}, {esc(city)}") if city else name


def skill_list(taxonomy: Taxonomy, lang: str, entries: list[str] | tuple[str, ...] | list[SkillEntry]) -> str:
    return ", ".join(skill_name(taxonomy, lang, e) for e in entries) or "—"


def babel_locale(lang: str) -> str:
    """The CLDR locale of a catalogue: CLDR's plain ``sr`` is Cyrillic, our ``sr`` catalogue is Latin."""
    return "sr_Latn" if lang == "sr" else lang.replace("-", "_")


def fmt_date(lang: str, iso: str) -> str:
    """An ISO date in the reader's locale (e.g. 31 Mar 2027, 31 mar 2027, 31.03.2027); other text as is."""
    try:
        return format_date(date.fromisoformat(iso[:10]), format="medium", locale=babel_locale(lang))
    except ValueError:
        return iso


def amount(lang: str, value: int) -> str:
    """A sum of money in the reader's digits: 1,500 in English, 1.500 in Serbian and Macedonian, 1 500 in Albanian."""
    return format_decimal(value, locale=babel_locale(lang))


def salary_text(lang: str, low: int | None, high: int | None, basis: str | None) -> str:
    """A vacancy's monthly range as a line: "💶 1,500–2,200 EUR net a month"; one figure when both ends agree."""
    shown = [amount(lang, v) for v in (low, high) if v is not None]
    figure = shown[0] if len(set(shown)) == 1 else "–".join(shown)
    key = f"vacancy.salary.{basis}" if basis in set(SalaryBasis) else "vacancy.salary"
    return t(lang, key, amount=figure)


def salary_floor(lang: str, value: int, short: bool = False) -> str:
    """The /vacancies salary filter: "at least 1,500 EUR" in the header, "1,500+" on its button."""
    return f"{amount(lang, value)}+" if short else t(lang, "filter.salary_at_least", amount=amount(lang, value))


def match_salary(lang: str, expected: int | None, vacancy: Vacancy) -> str | None:
    """The professional's own salary line under a match (None when there is nothing to say): within, below, or
    what to ask; their figure is theirs, so naming the fit is no disclosure."""
    fit = salary_fit(expected, vacancy)
    if fit is None:
        return None
    if fit is not Fit.UNCLEAR:
        return t(lang, f"match.salary.{fit.value}")
    basis = vacancy.salary_basis
    return t(lang, "match.salary.open" if basis is SalaryBasis.NET else f"match.salary.{basis or 'unstated'}")


def candidate_salary(lang: str, expected: int | None, vacancy: Vacancy) -> str | None:
    """What an organisation may learn of a candidate's expectation: "within your range" or "above your range",
    and nothing when the fit is unclear or unknown; never the figure."""
    fit = salary_fit(expected, vacancy)
    if fit is Fit.WITHIN:
        return t(lang, "candidates.salary.within")
    if fit is Fit.BELOW:
        return t(lang, "candidates.salary.above")
    return None


def weekday_name(lang: str, weekday: int, button: bool = True) -> str:
    """A weekday (0 = Monday) as CLDR writes it in ``lang``; capitalised for a button, as is mid-sentence
    (lower case in Albanian, Serbian and Macedonian: "nedeljno, ponedeljak u 09:00")."""
    name = get_day_names("wide", locale=babel_locale(lang))[weekday]
    return name[:1].upper() + name[1:] if button else name


def digest_line(lang: str, schedule: DigestSchedule | None) -> str:
    """When the weekly digest comes; None (no schedule saved) is the default one."""
    schedule = schedule or DigestSchedule()
    if schedule.paused:
        return t(lang, "digest.off")
    day = weekday_name(lang, schedule.weekday, button=False)
    return t(lang, "digest.weekly", day=day, hour=f"{schedule.hour:02d}:00")


def recognised_skills(taxonomy: Taxonomy, lang: str, parsed: ParsedSkills, entries: list[SkillEntry]) -> SafeHTML:
    """What the bot understood from a skills message, and what it kept as free text, and any limit hit."""
    known = [e for e in entries if e.skill_id]
    free = [e for e in entries if e.free_text]
    lines = [t(lang, "skills.recognised", skills=SafeHTML(skill_list(taxonomy, lang, known)))]
    if free:
        lines.append(t(lang, "skills.unrecognised", skills=SafeHTML(skill_list(taxonomy, lang, free))))
    if parsed.too_long:
        lines.append(t(lang, "skills.too_long", limit=64))
    if parsed.over_limit or parsed.truncated_input:
        lines.append(t(lang, "skills.over_limit", limit=30))
    return SafeHTML("\n".join(lines))


def _profile_facts(taxonomy: Taxonomy, lang: str, p: Profile) -> dict[str, object]:
    """What both the owner's and an organisation's view of a profile show, as their placeholders."""
    role = taxonomy.roles[p.target_role].title if p.target_role in taxonomy.roles else t(lang, "common.none")
    return {
        "skills": SafeHTML(skill_list(taxonomy, lang, list(p.skills))),
        "level": t(lang, f"level.{p.level.value}"),
        "years": p.years,
        "languages": ", ".join(t(lang, f"lang.{code}") for code in p.languages) or "—",
        "formats": ", ".join(t(lang, f"format.{f.value}") for f in p.work_formats) or "—",
        "relocate": t(lang, "common.yes" if p.relocate else "common.no"),
        "role": role,
    }


def profile_summary(taxonomy: Taxonomy, lang: str, p: Profile, schedule: DigestSchedule | None) -> str:
    """A profile as its owner sees it: everything, visibility and digest included (a draft shows through
    ``ProfileDraft.to_profile``)."""
    summary = t(
        lang,
        "profile.summary",
        name=p.display_name,
        place=place(lang, p.economy, p.city),
        **_profile_facts(taxonomy, lang, p),
        visibility=t(lang, f"visibility.{p.visibility.value}"),
        status=t(lang, f"status.{p.status.value}"),
        digest=SafeHTML(digest_line(lang, schedule)),
    )
    # the owner's view only (employer_view never shows the figure), and said to be private
    if p.salary_net_eur is None:
        return SafeHTML(summary + "\n" + t(lang, "profile.salary_none"))
    return SafeHTML(summary + "\n" + t(lang, "profile.salary", amount=amount(lang, p.salary_net_eur)))


@cache
def _required_line(lang: str, matched: int, total: int) -> str:
    return t(lang, "match.required", matched=matched, total=total)


def _related_item(taxonomy: Taxonomy, lang: str, wanted: str, held: str) -> str:
    """ "EDR (you have SIEM)", rendered once per language and pair: a weekly digest shows millions of them."""
    shown: dict[tuple[str, str, str], str] = taxonomy.__dict__.setdefault("_related_items", {})
    found = shown.get((lang, wanted, held))
    if found is None:
        found = shown[(lang, wanted, held)] = t(
            lang, "match.related_item", skill=SafeHTML(skill_name(taxonomy, lang, wanted)),
            held=SafeHTML(skill_name(taxonomy, lang, held)),
        )  # fmt: skip
    return found


def match_reason(taxonomy: Taxonomy, lang: str, match: Match, plan: GapPlan | None) -> SafeHTML:
    """ "3 of 5 required skills; related: EDR (you have SIEM); missing: OSINT; course: …" """
    parts = [_required_line(lang, len(match.matched_required), match.required_total)]
    if match.related_required:
        related = ", ".join(_related_item(taxonomy, lang, wanted, held) for wanted, held in match.related_required)
        parts.append(t(lang, "match.related", skills=SafeHTML(related)))
    counted = {wanted for wanted, _ in match.related_required}
    if missing := [s for s in match.missing_required if s not in counted]:
        parts.append(t(lang, "match.missing", skills=SafeHTML(skill_list(taxonomy, lang, missing))))
    if plan and plan.courses:
        parts.append(t(lang, "match.course", course=plan.courses[0][0].title))
    return SafeHTML("; ".join(parts))


def vacancy_card(taxonomy: Taxonomy, lang: str, v: Vacancy, details: bool = False) -> SafeHTML:
    lines = [
        t(lang, "vacancy.title", title=v.title, organisation=v.organisation),
        t(
            lang,
            "vacancy.facts",
            place=place(lang, v.economy, v.city),
            format=t(lang, f"format.{v.work_format.value}"),
            level=t(lang, f"level.{v.level.value}"),
        ),
    ]
    if v.remote_from_region:
        lines.append(t(lang, "vacancy.remote_region"))
    if v.salary_min or v.salary_max:  # on the short card too: /vacancies filters by it
        lines.append(salary_text(lang, v.salary_min, v.salary_max, v.salary_basis))
    if details:
        lines.append(t(lang, "vacancy.required", skills=SafeHTML(skill_list(taxonomy, lang, sorted(v.required)))))
        if v.nice:
            lines.append(t(lang, "vacancy.nice", skills=SafeHTML(skill_list(taxonomy, lang, sorted(v.nice)))))
        lines.append(
            t(lang, "vacancy.languages", languages=", ".join(t(lang, f"lang.{c}") for c in sorted(v.languages)))
        )
        lines.append(t(lang, "vacancy.deadline", deadline=fmt_date(lang, v.deadline)))
        if v.description:
            lines.append(esc(v.description))
        lines.append(t(lang, "vacancy.apply", apply=v.apply))
    return SafeHTML("\n".join(lines))


def gap_plan(taxonomy: Taxonomy, lang: str, plan: GapPlan) -> SafeHTML:
    lines = []
    for course, covered in plan.courses:
        cost = t(lang, "course.free") if course.free else t(lang, "course.cost", cost=course.cost_eur)
        lines.append(
            t(
                lang,
                "course.line",
                title=course.title,
                provider=course.provider,
                skills=SafeHTML(skill_list(taxonomy, lang, sorted(covered))),
                starts=fmt_date(lang, course.starts) if course.starts else "—",
                cost=cost,
                language=t(lang, f"lang.{course.language}"),
            )
        )
    if plan.uncovered:
        lines.append(t(lang, "course.uncovered", skills=SafeHTML(skill_list(taxonomy, lang, sorted(plan.uncovered)))))
    return SafeHTML("\n\n".join(lines))


def course_card(taxonomy: Taxonomy, lang: str, course: Course) -> SafeHTML:
    """A course as anybody may read it, e.g. opened from its link."""
    return t(
        lang,
        "course.card",
        title=course.title,
        provider=course.provider,
        skills=SafeHTML(skill_list(taxonomy, lang, sorted(course.skills))),
        format=t(lang, choice_key("course", "format", course.format)),
        starts=fmt_date(lang, course.starts) if course.starts else "—",
        cost=t(lang, "course.free") if course.free else t(lang, "course.cost", cost=course.cost_eur),
        language=t(lang, f"lang.{course.language}"),
        link=course.link,
    )


def role_hint(taxonomy: Taxonomy, lang: str, hint: RoleHint) -> SafeHTML:
    return t(
        lang,
        "nextrole.text",
        role=hint.role.title,
        have=len(hint.have),
        total=len(hint.role.skills),
        missing=SafeHTML(skill_list(taxonomy, lang, list(hint.missing))),
    )


# ---------------------------------------------------------------------------- what admins see
def org_application(lang: str, org: Organisation) -> tuple[str, Rows]:
    text = t(
        lang,
        "admin.org_application",
        name=org.name,
        kind=t(lang, f"role.{'employer' if org.kind == 'employer' else 'provider'}"),
        economy=t(lang, f"economy.{org.economy}"),
        sector=t(lang, f"sector.{org.sector}"),
        website=org.website or "—",
        email=org.email,
        user=org.created_by or "—",
    )
    rows = [[(t(lang, "admin.approve"), OrgDecision("a", org.id)), (t(lang, "admin.reject"), OrgDecision("r", org.id))]]
    return text, rows


def moderation_rows(lang: str, kind: str, post_id: int, reported: bool = False) -> Rows:
    """Held posts get Approve; reported ones get Keep, which only dismisses the reports."""
    code = CODE_OF_KIND[kind]
    first = (
        (t(lang, "admin.dismiss"), Moderate("dismiss", code, post_id))
        if reported
        else (t(lang, "admin.approve"), Moderate("approve", code, post_id))
    )
    return [
        [first, (t(lang, "admin.reject"), Moderate("reject", code, post_id))],
        [(t(lang, "admin.takedown"), Moderate("takedown", code, post_id))],
    ]


def held_notice(lang: str, kind: str, post_id: int, title: str, reasons: str) -> tuple[str, Rows]:
    shown = ", ".join(t(lang, f"flag.{r}") for r in reasons.split(",") if r) or "—"
    text = t(lang, "admin.post_held", kind=t(lang, f"posts.kind.{kind}"), id=post_id, title=title, reasons=shown)
    return text, moderation_rows(lang, kind, post_id)


def report_notice(lang: str, kind: str, post_id: int, reason: str) -> tuple[str, Rows]:
    text = t(lang, "admin.report", kind=t(lang, f"posts.kind.{kind}"), id=post_id, reason=reason or "—")
    return text, moderation_rows(lang, kind, post_id, reported=True)


# ---------------------------------------------------------------------------- what employers receive
def employer_view(taxonomy: Taxonomy, lang: str, p: Profile) -> str:
    """A profile as an organisation may see it: the name and city only if the professional chose Visible; never
    their visibility setting or digest schedule."""
    named = p.visibility is Visibility.VISIBLE
    return t(
        lang,
        "employer.profile",
        name=p.display_name if named else t(lang, "candidates.anonymous"),
        place=place(lang, p.economy, p.city if named else ""),
        **_profile_facts(taxonomy, lang, p),
    )


def contact_line(lang: str, method: tuple[str, str]) -> SafeHTML:
    """How to reach the professional, as they chose it; a link that works for anyone who receives it."""
    kind, value = method
    if kind == "username":
        link = f'<a href="https://t.me/{html.escape(value, quote=True)}">@{esc(value)}</a>'
    elif kind == "email":
        link = f'<a href="mailto:{html.escape(value, quote=True)}">{esc(value)}</a>'
    else:
        link = f"<code>{esc(value)}</code>"
    return SafeHTML(t(lang, f"contact.via.{kind}", contact=SafeHTML(link)))


# ---------------------------------------------------------------------------- post forms
def form_value(taxonomy: Taxonomy, lang: str, kind: str, key: str, value: object) -> str:
    """A form's value as the reader says it: names not codes, dates in their format; escaped HTML."""
    if isinstance(value, dict) and "ids" in value:
        shown = skill_list(taxonomy, lang, list(value["ids"]))
        return shown + (" · " + t(lang, "post.free_text", skills=", ".join(value["free"])) if value["free"] else "")
    if isinstance(value, dict) and "economy" in value:
        economy = t(lang, f"economy.{value['economy']}") if value["economy"] else "—"
        return economy + (f", {esc(value['city'])}" if value["city"] else "")
    if isinstance(value, dict) and "min" in value:
        basis = value.get("basis")
        shown = f"{amount(lang, value['min'])}–{amount(lang, value['max'])} EUR"  # as the card will show it
        return shown + (" " + t(lang, f"salary.{basis}") if basis in set(SalaryBasis) else "")
    if isinstance(value, list):
        return ", ".join(t(lang, f"lang.{code}") for code in value)
    if isinstance(value, bool):
        return t(lang, "common.yes" if value else "common.no")
    if key == "cost":
        return t(lang, "course.free") if value == 0 else t(lang, "course.cost", cost=value)
    if key in ("deadline", "starts") and isinstance(value, str):
        return esc(fmt_date(lang, value))
    if key == "role" and isinstance(value, str) and value in taxonomy.roles:
        return esc(taxonomy.roles[value].title)
    if key in ("level", "type", "format") and isinstance(value, str):
        return t(lang, choice_key(kind, key, value))
    return esc(str(value))
