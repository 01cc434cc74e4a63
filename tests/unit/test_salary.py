"""Salary (issue #16 §1): the fit of a range with an expectation, the parsers, the drafts and the wording.

The fit claims only what the figures prove (net pay never exceeds gross, and no tax factor is invented), so each
row of the table below is a case where guessing would be easy and wrong.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain import JobStatus, Level, Profile, SalaryBasis, SkillEntry, Vacancy, Visibility, WorkFormat
from bot.i18n import catalogues
from bot.matching.salary import Fit, basis_in, salary_fit
from bot.matching.scoring import SALARY_PENALTY, score_pair
from bot.services.drafts import PostDraft, ProfileDraft
from bot.services.errors import FormError
from bot.services.forms import FormContext, parse_salary_basis
from bot.services.professionals import validate_salary
from bot.views import candidate_salary, match_salary, salary_text

NET, GROSS = SalaryBasis.NET, SalaryBasis.GROSS
VACANCY = Vacancy(id=1, title="SOC", required=frozenset({"soc.siem"}))


def vacancy(low: int | None, high: int | None, basis: SalaryBasis | None) -> Vacancy:
    return replace(VACANCY, salary_min=low, salary_max=high, salary_basis=basis)


@pytest.mark.parametrize(
    "expected, low, high, basis, fit",
    [
        (None, 1500, 2200, NET, None),  # no expectation: nothing to say
        (1800, None, None, NET, None),  # no range
        (1800, 1500, 2200, NET, Fit.WITHIN),
        (2200, 1500, 2200, NET, Fit.WITHIN),  # the top reaches it exactly
        (2300, 1500, 2200, NET, Fit.BELOW),
        (1800, 1500, 2200, GROSS, Fit.UNCLEAR),  # 2,200 gross may or may not be 1,800 net: ask
        (2300, 1500, 2200, GROSS, Fit.BELOW),  # under it even before tax: certainly below
        (1800, 1500, 2200, None, Fit.UNCLEAR),  # not said which: as cautious as gross
        (2300, 1500, 2200, None, Fit.BELOW),
        (1400, 1500, None, NET, Fit.WITHIN),  # "from 1,500 net" already meets it
        (1800, 1500, None, NET, Fit.UNCLEAR),  # the top is open: never called below
        (1400, 1500, None, GROSS, Fit.UNCLEAR),
        (1800, None, 1600, NET, Fit.BELOW),  # "up to 1,600"
    ],
)
def test_salary_fit(
    expected: int | None, low: int | None, high: int | None, basis: SalaryBasis | None, fit: Fit | None
) -> None:
    assert salary_fit(expected, vacancy(low, high, basis)) is fit


def test_only_a_certain_shortfall_costs_points() -> None:
    pro = Profile(
        user_id=1, display_name="A", economy="RS", city="", level=Level.MID, years=3, languages=("en",),
        work_formats=(WorkFormat.ONSITE,), relocate=False, target_role=None, visibility=Visibility.VISIBLE,
        skills=(SkillEntry("soc.siem"),), status=JobStatus.LOOKING, salary_net_eur=2000,
    ).for_matching()  # fmt: skip
    assert pro.salary_net_eur == 2000
    plain = score_pair(replace(pro, salary_net_eur=None), VACANCY)
    assert plain.components["salary"] == 0.0 and list(plain.components)[-1] == "salary"
    for v, points in [
        (vacancy(1500, 1900, NET), -SALARY_PENALTY),
        (vacancy(1500, 1900, GROSS), -SALARY_PENALTY),
        (vacancy(1500, 2500, GROSS), 0.0),
        (vacancy(1500, 2500, NET), 0.0),
        (vacancy(None, None, None), 0.0),
    ]:
        match = score_pair(pro, v)
        assert match.components["salary"] == points
        assert match.score == round(plain.score + points, 1)


@pytest.mark.parametrize(
    "text, basis",
    [
        ("1500-2200 net", NET),
        ("1500-2200 NETO", NET),
        ("нето 1.500", NET),  # Macedonian, Serbian Cyrillic
        ("1.500 € bruto", GROSS),
        ("бруто 1500-2000", GROSS),
        ("2000 brutto", GROSS),
        ("1500-2200", None),
        ("1500 neto / 2000 bruto", None),
        ("network 1500", None),  # a word that only starts like one
    ],
)
def test_basis_in(text: str, basis: SalaryBasis | None) -> None:
    assert basis_in(text) is basis


@pytest.mark.parametrize(
    "text, value",
    [
        ("1500", 1500),
        ("1.500", 1500),
        ("1,500", 1500),
        ("1 500 €", 1500),
        ("1\u00a0500", 1500),
        ("1500 eur", 1500),
        ("1500 neto", 1500),
        ("€ 1.800,00", 1800),
        ("1500.50", 1500),
        ("2k", 2000),
        ("1.5k", 1500),
        ("нето 1.200 евра", 1200),
        ("100", 100),
        ("50000", 50_000),
    ],
)
def test_validate_salary(text: str, value: int) -> None:
    assert validate_salary(text) == value


@pytest.mark.parametrize(
    "text, key",
    [
        ("2000 bruto", "reg.salary_gross"),
        ("2000 gross", "reg.salary_gross"),
        ("1500-2000", "reg.salary_error"),
        ("a lot", "reg.salary_error"),
        ("", "reg.salary_error"),
        ("99", "reg.salary_error"),
        ("50001", "reg.salary_error"),
        ("1.500.000", "reg.salary_error"),
    ],
)
def test_validate_salary_refuses(text: str, key: str) -> None:
    with pytest.raises(FormError) as caught:
        validate_salary(text)
    assert caught.value.key == key


def test_the_profile_draft_keeps_the_salary_and_refuses_a_forged_one() -> None:
    draft = ProfileDraft(name="A", salary_net_eur=1800)
    again = ProfileDraft.from_json(draft.to_json())
    assert again is not None and again.salary_net_eur == 1800
    assert ProfileDraft.from_json({**draft.to_json(), "salary_net_eur": 10**9}) is None
    assert ProfileDraft.from_json({**draft.to_json(), "salary_net_eur": "1800"}) is None
    older = draft.to_json()
    del older["salary_net_eur"]  # a form half-filled before the salary step existed
    assert (found := ProfileDraft.from_json(older)) is not None and found.salary_net_eur is None


def test_the_guided_form_asks_gross_or_net_only_when_the_range_did_not_say() -> None:
    draft = PostDraft("vacancy", 1, "Luka Bank", values={"salary": {"min": 1500, "max": 2200, "basis": None}})
    asked = draft.next_field()
    assert asked is not None and asked.key == "salary_basis"
    ctx = FormContext(taxonomy=None, normalizer=None, today=date(2026, 11, 5))  # type: ignore[arg-type]
    draft.answer(asked.key, asked.parse("нето", ctx))
    assert draft.values["salary"] == {"min": 1500, "max": 2200, "basis": "net"}
    assert draft.next_field() is not None and draft.next_field().key != "salary_basis"  # type: ignore[union-attr]
    skipped = PostDraft("vacancy", 1, "L", values={"salary": {"min": 1, "max": 2, "basis": None}})
    skipped.skipped.append("salary_basis")
    assert skipped.next_field().key != "salary_basis"  # type: ignore[union-attr]
    with pytest.raises(FormError):
        parse_salary_basis("maybe", ctx)
    published = replace(VACANCY, salary_min=1500, salary_max=2200, salary_basis=GROSS, organisation_id=1)
    assert PostDraft.of_vacancy(published).values["salary"] == {"min": 1500, "max": 2200, "basis": "gross"}


@pytest.mark.parametrize(
    "lang, low, high, basis, shown",
    [
        ("en", 1500, 2200, NET, "💶 1,500–2,200 EUR net a month"),
        ("en", 2000, 2000, GROSS, "💶 2,000 EUR gross a month"),
        ("en", 1500, 2200, None, "💶 1,500–2,200 EUR a month"),
        ("sr", 1500, 2200, GROSS, "💶 1.500–2.200 EUR bruto mesečno"),
        ("sr-Cyrl", 1500, 2200, NET, "💶 1.500–2.200 EUR нето месечно"),
        ("mk", 1500, 2200, NET, "💶 1.500–2.200 EUR нето месечно"),
        ("sq", 1500, 2200, GROSS, "💶 1\u00a0500–2\u00a0200 EUR bruto në muaj"),
    ],
)
def test_the_range_is_written_in_the_reader_s_language(
    lang: str, low: int, high: int, basis: SalaryBasis | None, shown: str
) -> None:
    assert salary_text(lang, low, high, basis) == shown


def test_the_wording_for_each_side() -> None:
    within, below, gross, unstated, open_top = (
        vacancy(1500, 2200, NET), vacancy(1000, 1400, NET), vacancy(1500, 2200, GROSS), vacancy(1500, 2200, None),
        vacancy(1500, None, NET),
    )  # fmt: skip
    assert match_salary("en", 1800, within) == "💶 Salary: within your expectation"
    assert match_salary("en", 1800, below) == "💶 Salary: below your expectation"
    assert match_salary("en", 1800, gross) == "💶 Salary: gross range — ask for the net figure"
    assert "ask for the net figure" in (match_salary("en", 1800, unstated) or "")
    assert "top of the range" in (match_salary("en", 1800, open_top) or "")
    assert match_salary("en", None, within) is None
    assert candidate_salary("en", 1800, within) == "💶 Salary expectation: within your range"
    assert candidate_salary("en", 1800, below) == "💶 Salary expectation: above your range"
    assert candidate_salary("en", 1800, gross) is None and candidate_salary("en", None, below) is None
    for lang in catalogues():
        for line in (candidate_salary(lang, 1800, within), candidate_salary(lang, 1800, below)):
            assert line and "1800" not in line and "1,800" not in line and "1.800" not in line
