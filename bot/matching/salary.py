"""Salary fit: does a vacancy's range meet the net monthly salary a professional expects?

Only what the figures prove is said, and no tax factor is invented: take-home pay after tax and contributions
differs by economy, by employment type and year to year, so a gross figure is never converted into a net one.
What is certain is that net pay never exceeds gross pay, so

* a **net** range is *within* the expectation when its maximum reaches it, and *below* when it does not;
* a **gross** range (or one that does not say which it is) whose maximum is under the expected *net* figure is
  certainly *below*; otherwise it is *unclear*: the net figure has to be asked for;
* a range with only a minimum ("from 1,500") has no known top: it is *within* when that net minimum already reaches
  the expectation, and *unclear* otherwise (it is never called below, the offer may go higher);
* no expectation, or no range at all: nothing is said (``None``).

The score (``bot.matching.scoring``) takes points off only when the fit is *below*; the explanations show the
professional their fit, and an organisation only "within your range" / "above your range", never the figure.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain import SalaryBasis, Vacancy
from bot.matching.text import plain

SALARY_MIN_EUR = 100  # the expectation a profile may hold, EUR net a month: anything outside is a typo
SALARY_MAX_EUR = 50_000


class Fit(StrEnum):
    WITHIN = "within"  # the range reaches the expectation
    BELOW = "below"  # the range certainly stays under it
    UNCLEAR = "unclear"  # a gross (or unstated) range, or an open top: the net figure is to be asked


def salary_fit(expected_net: int | None, vacancy: Vacancy) -> Fit | None:
    """The fit of ``vacancy``'s range with an expected net monthly salary; None when either is not known."""
    low, high = vacancy.salary_min, vacancy.salary_max
    if expected_net is None or (low is None and high is None):
        return None
    net = vacancy.salary_basis is SalaryBasis.NET
    if high is None:  # "from <low>": the top is open
        return Fit.WITHIN if net and low is not None and low >= expected_net else Fit.UNCLEAR
    if high < expected_net:  # net ≤ gross: under the expectation whichever the basis
        return Fit.BELOW
    return Fit.WITHIN if net else Fit.UNCLEAR


# The words for "net" and "gross" people write after a figure, compared after ``plain`` (so Cyrillic "нето" and
# "бруто" are "neto" and "bruto"): English, the region's "neto"/"bruto" (Albanian, Serbian, Bosnian, Montenegrin,
# Macedonian alike), German "netto"/"brutto" from diaspora posts.
_NET_WORDS = frozenset({"net", "neto", "netto", "nett"})
_GROSS_WORDS = frozenset({"gross", "bruto", "brutto"})
_WORD = re.compile(r"[a-z]+")


def basis_in(text: str) -> SalaryBasis | None:
    """The basis a salary text names ("1500-2200 net", "бруто 1.800 €"); None when it names neither or both."""
    words = set(_WORD.findall(plain(text)))
    net, gross = bool(words & _NET_WORDS), bool(words & _GROSS_WORDS)
    if net == gross:
        return None
    return SalaryBasis.NET if net else SalaryBasis.GROSS


def names_gross(text: str) -> bool:
    """Whether the text calls its figure gross (a profile's expectation must be net)."""
    return bool(set(_WORD.findall(plain(text))) & _GROSS_WORDS)
