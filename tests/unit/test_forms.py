"""Every field parser of the vacancy and course forms, as tables of what people type and what it becomes.

The same parsers serve the guided conversation and the one-message form, so these tables are the rules an
employer meets either way. Rows with regional input use only what the parsers understand today. The Apply and
Link rows check security review D18: only a web address, an e-mail address or a public Telegram username, and
a Telegram contact holds the post for an admin.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from bot.i18n import catalogues, languages, t
from bot.matching.normalize import default_normalizer
from bot.matching.taxonomy import default_taxonomy
from bot.services.forms import (
    COURSE_FIELDS,
    FIELDS,
    MAX_SHORT,
    RED_FLAGS,
    VACANCY_FIELDS,
    FormContext,
    FormError,
    apply_defaults,
    missing_required,
    parse_choice,
    parse_cost,
    parse_date,
    parse_economy,
    parse_languages,
    parse_location,
    parse_one_message,
    parse_role,
    parse_salary,
    parse_skills_field,
    parse_text,
    parse_yes_no,
    red_flags,
)

TODAY = date(2027, 3, 1)
CTX = FormContext(default_taxonomy(), default_normalizer(), TODAY)
Parser = Callable[[str, FormContext], Any]


def field(kind: str, key: str) -> Parser:
    """The parser a form really uses for a field, so a test follows the form if the field changes parser."""
    return next(f.parse for f in FIELDS[kind] if f.key == key)


def refusal(parse: Parser, raw: str) -> FormError:
    with pytest.raises(FormError) as caught:
        parse(raw, CTX)
    return caught.value


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


# ---------------------------------------------------------------------------------------------- free text


@pytest.mark.parametrize(
    "raw, limit, expected",
    [
        ("SOC Analyst", 120, "SOC Analyst"),
        ("  Analist SOC-u  ", 120, "Analist SOC-u"),
        ("Аналитичар за безбедносни инциденти", 120, "Аналитичар за безбедносни инциденти"),
        ("Line one\nline two", 4000, "Line one\nline two"),
        ("x" * 64, 64, "x" * 64),
    ],
)
def test_parse_text(raw: str, limit: int, expected: str) -> None:
    assert parse_text(limit)(raw, CTX) == expected


@pytest.mark.parametrize(
    "raw, limit, key, values",
    [
        ("", 120, "post.error.empty", {}),
        (" \n\t ", 120, "post.error.empty", {}),
        ("x" * 65, 64, "form.error.too_long", {"limit": 64, "length": 65}),
        ("  " + "x" * 121 + "  ", 120, "form.error.too_long", {"limit": 120, "length": 121}),
    ],
)
def test_parse_text_refuses(raw: str, limit: int, key: str, values: dict[str, Any]) -> None:
    err = refusal(parse_text(limit), raw)
    assert (err.key, err.values) == (key, values)


@pytest.mark.parametrize(
    "kind, key, raw, expected",
    [
        ("vacancy", "title", "Penetration Tester (Junior)", "Penetration Tester (Junior)"),
        ("vacancy", "description", "Rad u SOC timu.\nNoćne smene.", "Rad u SOC timu.\nNoćne smene."),
        ("course", "provider", "Akademia e Sigurisë Kibernetike", "Akademia e Sigurisë Kibernetike"),
        ("course", "duration", "3 weeks", "3 weeks"),
        ("course", "duration", "6 javë", "6 javë"),
        ("course", "duration", "3 nedelje, vikendom", "3 nedelje, vikendom"),
        ("course", "duration", "2 месеци", "2 месеци"),
    ],
)
def test_free_text_fields(kind: str, key: str, raw: str, expected: str) -> None:
    assert field(kind, key)(raw, CTX) == expected


@pytest.mark.parametrize(
    "kind, key, raw, error",
    [
        ("vacancy", "title", "T" * 121, ("form.error.too_long", {"limit": 120, "length": 121})),
        ("vacancy", "description", "d" * 4001, ("form.error.too_long", {"limit": 4000, "length": 4001})),
        ("course", "provider", "   ", ("post.error.empty", {})),
        ("course", "duration", "d" * 65, ("form.error.too_long", {"limit": 64, "length": 65})),
    ],
)
def test_free_text_fields_refuse(kind: str, key: str, raw: str, error: tuple[str, dict[str, Any]]) -> None:
    err = refusal(field(kind, key), raw)
    assert (err.key, err.values) == error


# ---------------------------------------------------------------------------------------------- choices

LEVELS = ("student", "junior", "mid", "senior", "lead")
WORK_FORMATS = ("onsite", "hybrid", "remote")
TYPES = ("full_time", "part_time", "contract", "internship")
COURSE_FORMATS = ("online", "in_person", "hybrid")
FAMILY = {LEVELS: "level", WORK_FORMATS: "format", TYPES: "employment", COURSE_FORMATS: "course_format"}


@pytest.mark.parametrize(
    "options, raw, expected",
    [
        (LEVELS, "mid", "mid"),
        (LEVELS, "Mid-level", "mid"),
        (LEVELS, "Medior", "mid"),
        (LEVELS, "SENIOR", "senior"),
        (LEVELS, " student ", "student"),
        (TYPES, "Full-time", "full_time"),
        (TYPES, "full time", "full_time"),
        (TYPES, "fulltime", "full_time"),
        (TYPES, "full_time", "full_time"),
        (TYPES, "Part time", "part_time"),
        (TYPES, "intern", "internship"),
        (TYPES, "contract", "contract"),
        (WORK_FORMATS, "on-site", "onsite"),
        (WORK_FORMATS, "On site", "onsite"),
        (WORK_FORMATS, "office", "onsite"),
        (WORK_FORMATS, "Remote", "remote"),
        (WORK_FORMATS, "hybrid", "hybrid"),
        (COURSE_FORMATS, "in person", "in_person"),
        (COURSE_FORMATS, "In-Person", "in_person"),
        (COURSE_FORMATS, "online", "online"),
    ],
)
def test_parse_choice(options: tuple[str, ...], raw: str, expected: str) -> None:
    assert parse_choice(options, FAMILY[options])(raw, CTX) == expected


LEVELS_EN = "Student, Junior, Mid-level, Senior, Lead"
LEVELS_SQ = "Student, Fillestar, Nivel i mesëm, Senior, Drejtues"


@pytest.mark.parametrize(
    "options, raw, english, albanian",
    [
        (LEVELS, "expert", LEVELS_EN, LEVELS_SQ),
        (LEVELS, "", LEVELS_EN, LEVELS_SQ),
        (TYPES, "freelance", "Full-time, Part-time, Contract, Internship",
         "Me kohë të plotë, Me kohë të pjesshme, Me kontratë, Praktikë"),
        (WORK_FORMATS, "online", "On-site, Hybrid, Remote", "Në zyrë, Hibrid, Në distancë"),  # not a work format
        (COURSE_FORMATS, "remote", "Online, In person, Hybrid", "Online, Me prani fizike, Hibrid"),
    ],
)  # fmt: skip
def test_parse_choice_refuses_and_names_the_options_in_the_readers_language(
    options: tuple[str, ...], raw: str, english: str, albanian: str
) -> None:
    err = refusal(parse_choice(options, FAMILY[options]), raw)
    assert err.key == "post.error.choice"
    assert t("en", err.key, **err.values) == f"choose one of: {english}"
    assert t("sq", err.key, **err.values) == f"zgjidhni një nga: {albanian}"


@pytest.mark.parametrize(
    "kind, key, raw, expected",
    [
        ("vacancy", "level", "Senior", "senior"),
        ("vacancy", "type", "Part-time", "part_time"),
        ("vacancy", "format", "Remote", "remote"),
        ("course", "level", "junior", "junior"),
        ("course", "format", "in person", "in_person"),
    ],
)
def test_choice_fields_use_their_own_options(kind: str, key: str, raw: str, expected: str) -> None:
    assert field(kind, key)(raw, CTX) == expected
    offered = next(f.choices for f in FIELDS[kind] if f.key == key)
    assert expected in offered


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("yes", True),
        ("Yes", True),
        (" y ", True),
        ("true", True),
        ("po", True),  # Albanian
        ("da", True),  # Serbian, Bosnian, Croatian, Montenegrin
        ("Да", True),  # Macedonian
        ("no", False),
        ("N", False),
        ("false", False),
        ("jo", False),
        ("ne", False),
        ("не", False),
    ],
)
def test_parse_yes_no(raw: str, expected: bool) -> None:
    assert parse_yes_no(raw, CTX) is expected


@pytest.mark.parametrize("raw", ["maybe", "", "yes please", "ok", "1"])
def test_parse_yes_no_refuses(raw: str) -> None:
    assert refusal(parse_yes_no, raw).key == "post.error.yes_no"


# ---------------------------------------------------------------------------------------------- location


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Serbia, Novi Sad", {"economy": "RS", "city": "Novi Sad"}),
        ("serbia ,  Novi Sad ", {"economy": "RS", "city": "Novi Sad"}),
        ("Србија, Ниш", {"economy": "RS", "city": "Niš"}),  # a known city: its canonical name
        ("Shqipëri, Tiranë", {"economy": "AL", "city": "Tirana"}),
        ("Albanija, Drač", {"economy": "AL", "city": "Durrës"}),
        ("Bosna i Hercegovina, Sarajevo", {"economy": "BA", "city": "Sarajevo"}),
        ("BiH, Mostar", {"economy": "BA", "city": "Mostar"}),
        ("Kosova, Prishtinë", {"economy": "XK", "city": "Prishtina"}),
        ("Kosovo*, Prizren", {"economy": "XK", "city": "Prizren"}),
        ("Mal i Zi, Podgoricë", {"economy": "ME", "city": "Podgorica"}),
        ("Crna Gora", {"economy": "ME", "city": ""}),
        ("Северна Македонија, Скопје", {"economy": "MK", "city": "Skopje"}),
        ("Maqedonia e Veriut, Tetovë", {"economy": "MK", "city": "Tetovo"}),
        ("MK", {"economy": "MK", "city": ""}),
        ("Montenegro, Herceg Novi, Igalo", {"economy": "ME", "city": "Herceg Novi, Igalo"}),
        (", Belgrade", {"economy": "RS", "city": "Belgrade"}),  # a city alone names its economy
        ("Podgorica, Montenegro", {"economy": "ME", "city": "Podgorica"}),
    ],
)
def test_parse_location(raw: str, expected: dict[str, str]) -> None:
    assert parse_location(raw, CTX) == expected


@pytest.mark.parametrize(
    "raw, key, values",
    [
        ("Croatia, Zagreb", "post.error.economy", {"value": "Croatia"}),
        ("Narnia", "post.error.economy", {"value": "Narnia"}),
        ("Skopje, Serbia", "post.error.place_conflict", {"city": "Skopje", "economy": "Serbia"}),
        ("Gračanica", "post.error.place_ambiguous", {"city": "Gračanica"}),  # in Bosnia and in Kosovo
        ("", "post.error.economy", {"value": ""}),
        ("Serbia, " + "B" * 65, "form.error.too_long", {"limit": 64, "length": 65}),
    ],
)
def test_parse_location_refuses(raw: str, key: str, values: dict[str, Any]) -> None:
    err = refusal(parse_location, raw)
    assert (err.key, err.values) == (key, values)


@pytest.mark.parametrize(
    "raw, expected",
    [("Srbija", "RS"), ("mal i zi", "ME"), ("Bosnjë e Hercegovinë", "BA"), ("Косово", "XK"), ("AL", "AL")],
)
def test_parse_economy(raw: str, expected: str) -> None:
    assert parse_economy(raw) == expected


def test_parse_economy_shows_at_most_40_characters_of_what_was_typed() -> None:
    with pytest.raises(FormError) as caught:
        parse_economy("  " + "Z" * 50)
    assert caught.value.values == {"value": "Z" * 40}


# ---------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2027-03-31", "2027-03-31"),
        ("31.03.2027", "2027-03-31"),
        ("31.03.2027.", "2027-03-31"),  # the trailing dot of Serbian and Macedonian dates
        ("31/03/2027", "2027-03-31"),
        ("1.4.2027", "2027-04-01"),
        ("30 days", days(30)),
        ("1 day", days(1)),
        ("0 days", days(0)),
        ("30 dana", days(30)),  # Serbian, Bosnian, Croatian, Montenegrin
        ("15 ditë", days(15)),  # Albanian
        ("15 dite", days(15)),  # Albanian typed without ë
        ("20 дена", days(20)),  # Macedonian
        ("3 денови", days(3)),
        ("  45   DAYS ", days(45)),
        (TODAY.isoformat(), TODAY.isoformat()),
        ("366 days", days(366)),
    ],
)
def test_parse_date(raw: str, expected: str) -> None:
    assert parse_date(raw, CTX) == expected


@pytest.mark.parametrize(
    "raw, key, values",
    [
        ("tomorrow", "post.error.date", {"value": "tomorrow"}),
        ("next month", "post.error.date", {"value": "next month"}),
        ("31.02.2027", "post.error.date", {"value": "31.02.2027"}),
        ("2027-13-01", "post.error.date", {"value": "2027-13-01"}),
        ("03/31/2027", "post.error.date", {"value": "03/31/2027"}),  # month first is not a date here
        ("30 weeks", "post.error.date", {"value": "30 weeks"}),
        ("", "post.error.date", {"value": ""}),
        ("2027-02-28", "post.error.past", {"value": "2027-02-28"}),
        ("28.02.2027.", "post.error.past", {"value": "2027-02-28"}),
        ("367 days", "post.error.far", {"value": days(367)}),
        ("2029-01-01", "post.error.far", {"value": "2029-01-01"}),
        ("x" * 60, "post.error.date", {"value": "x" * 40}),
    ],
)
def test_parse_date_refuses(raw: str, key: str, values: dict[str, Any]) -> None:
    err = refusal(parse_date, raw)
    assert (err.key, err.values) == (key, values)


# ---------------------------------------------------------------------------------------------- salary and cost


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1200-1800", {"min": 1200, "max": 1800, "basis": None}),
        ("1200 - 1800 EUR", {"min": 1200, "max": 1800, "basis": None}),
        ("1.200 - 1.800 EUR", {"min": 1200, "max": 1800, "basis": None}),  # the region's thousands separator
        ("1,500–2,000", {"min": 1500, "max": 2000, "basis": None}),
        ("2000", {"min": 2000, "max": 2000, "basis": None}),
        ("€1.500 neto", {"min": 1500, "max": 1500, "basis": "net"}),
        ("od 1.500 do 2.000 €", {"min": 1500, "max": 2000, "basis": None}),  # Serbian
        ("nga 800 deri 1.200 euro", {"min": 800, "max": 1200, "basis": None}),  # Albanian
        ("од 1.000 до 1.400 евра", {"min": 1000, "max": 1400, "basis": None}),  # Macedonian
        ("100000", {"min": 100_000, "max": 100_000, "basis": None}),
        # gross or net, in each language's words (the guided form asks when the text says neither)
        ("1500-2200 net", {"min": 1500, "max": 2200, "basis": "net"}),
        ("1500-2200 gross", {"min": 1500, "max": 2200, "basis": "gross"}),
        ("bruto 1.800 - 2.400 €", {"min": 1800, "max": 2400, "basis": "gross"}),  # Serbian, Bosnian, Albanian
        ("neto 1.200 deri 1.600 euro", {"min": 1200, "max": 1600, "basis": "net"}),  # Albanian
        ("од 1.000 до 1.400 евра бруто", {"min": 1000, "max": 1400, "basis": "gross"}),  # Macedonian
        ("1.500–2.000 нето", {"min": 1500, "max": 2000, "basis": "net"}),  # Serbian Cyrillic
        ("1500 neto / 2000 bruto", {"min": 1500, "max": 2000, "basis": None}),  # both: not said which
    ],
)
def test_parse_salary(raw: str, expected: dict[str, Any]) -> None:
    assert parse_salary(raw, CTX) == expected


@pytest.mark.parametrize(
    "raw, key, values",
    [
        ("negotiable", "post.error.salary", {}),
        ("po dogovoru", "post.error.salary", {}),
        ("", "post.error.salary", {}),
        ("1000-1500-2000", "post.error.salary", {}),
        ("100001", "post.error.salary", {}),
        ("1800-1200", "post.error.salary_order", {"low": 1800, "high": 1200}),
    ],
)
def test_parse_salary_refuses(raw: str, key: str, values: dict[str, Any]) -> None:
    err = refusal(parse_salary, raw)
    assert (err.key, err.values) == (key, values)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("free", 0),
        ("Free", 0),
        ("0", 0),
        ("falas", 0),  # Albanian
        ("besplatno", 0),  # Serbian, Bosnian, Croatian, Montenegrin
        ("Besplatan", 0),
        ("бесплатно", 0),  # Macedonian
        ("250", 250),
        ("250 EUR", 250),
        ("€ 1200", 1200),
    ],
)
def test_parse_cost(raw: str, expected: int) -> None:
    assert parse_cost(raw, CTX) == expected


@pytest.mark.parametrize("raw", ["cheap", "", "200-300", "gratis"])
def test_parse_cost_refuses(raw: str) -> None:
    assert refusal(parse_cost, raw).key == "post.error.cost"


# ---------------------------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("English", ["en"]),
        ("English, Albanian", ["en", "sq"]),
        ("sq, en", ["sq", "en"]),
        ("English and German", ["en", "de"]),
        ("English, english; ENGLISH", ["en"]),
        ("Srpski i engleski", ["sr", "en"]),  # Serbian "and"
        ("Bosanski / Hrvatski", ["bs", "hr"]),
        ("Crnogorski; English", ["cnr", "en"]),
        ("Albanski i Nemački", ["sq", "de"]),
        ("shqip, anglisht", ["sq", "en"]),  # Albanian
        ("gjermanisht and English", ["de", "en"]),
        ("македонски, англиски", ["mk", "en"]),  # Macedonian
        ("српски, германски", ["sr", "de"]),
    ],
)
def test_parse_languages(raw: str, expected: list[str]) -> None:
    assert parse_languages(raw, CTX) == expected


@pytest.mark.parametrize(
    "raw, key, values",
    [
        ("Klingon", "post.error.language", {"value": "Klingon"}),
        ("English, Klingon", "post.error.language", {"value": "Klingon"}),
        ("Albanian (native)", "post.error.language", {"value": "Albanian (native)"}),
        (" , ; ", "post.error.empty", {}),
    ],
)
def test_parse_languages_refuses(raw: str, key: str, values: dict[str, Any]) -> None:
    err = refusal(parse_languages, raw)
    assert (err.key, err.values) == (key, values)


# ---------------------------------------------------------------------------------------------- role and skills


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Penetration Tester", "pentester"),
        ("penetration", "pentester"),
        ("pentester", "pentester"),
        ("CISO", "ciso"),
        ("cyber incident responder", "incident_responder"),
        ("Digital Forensics Investigator", "forensics"),
        ("-", None),
        ("none", None),
        ("No", None),
    ],
)
def test_parse_role(raw: str, expected: str | None) -> None:
    assert parse_role(raw, CTX) == expected


@pytest.mark.parametrize("raw", ["Hacker", "SOC Analyst", "tester"])
def test_parse_role_refuses(raw: str) -> None:
    err = refusal(parse_role, raw)
    assert (err.key, err.values) == ("post.error.role", {"value": raw})


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("SIEM, log analysis, incident response", {"ids": ["soc.siem", "soc.logs", "dfir.ir"], "free": []}),
        ("EDR", {"ids": ["soc.edr"], "free": []}),
        ("SIEM, siem, Splunk", {"ids": ["soc.siem"], "free": []}),
        (
            "Python, Burp Suite, underwater basket weaving",
            {"ids": ["edu.scripting", "off.web"], "free": ["underwater basket weaving"]},
        ),
        ("pentest; forenzika digjitale", {"ids": ["off.pentest", "dfir.forensics"], "free": []}),  # Albanian
        ("testiranje penetracije, Wireshark", {"ids": ["off.pentest", "dfir.network"], "free": []}),  # Serbian
        ("сајбер безбедност, SOC", {"ids": ["grc.isms", "soc.monitoring"], "free": []}),  # Macedonian
    ],
)
def test_parse_skills_field(raw: str, expected: dict[str, list[str]]) -> None:
    parsed = parse_skills_field(raw, CTX)
    assert {"ids": parsed["ids"], "free": parsed["free"]} == expected
    assert (parsed["too_long"], parsed["over_limit"]) == (0, 0)


def test_parse_skills_field_counts_what_it_dropped() -> None:
    too_long = parse_skills_field("x" * 70 + ", SIEM", CTX)
    assert (too_long["ids"], too_long["too_long"]) == (["soc.siem"], 1)
    many = parse_skills_field(", ".join(f"tool{i}" for i in range(35)), CTX)
    assert (len(many["free"]), many["over_limit"]) == (30, 5)


@pytest.mark.parametrize("raw", ["", ",,,", " ; ", "x" * 70])
def test_parse_skills_field_refuses(raw: str) -> None:
    assert refusal(parse_skills_field, raw).key == "post.error.skills"


@pytest.mark.parametrize("kind, key", [("vacancy", "required"), ("vacancy", "nice"), ("course", "skills")])
def test_every_skills_field_uses_the_skills_parser(kind: str, key: str) -> None:
    assert field(kind, key) is parse_skills_field


# ---------------------------------------------------------------------------------------------- Apply and Link (D18)

CONTACT_FIELDS = [("vacancy", "apply"), ("course", "link")]

ACCEPTED = [
    "https://example.org/apply",
    "http://posao.rs/oglasi?id=5#prijava",
    "https://example.com:8443/careers",
    "HTTPS://Example.ORG/Jobs",
    "https://пример.мкд/работа",  # Macedonian IDN domain
    "https://xn--e1afmkfd.xn--d1alf/",
    "https://jobs.example.org/a/b?q=@x",  # an @ after the host is only part of the path or query
    "jobs@example.org",
    "hr.team+cv@firma.co.rs",
    "kontakt@firma.com.mk",
]
TELEGRAM_CONTACTS = [
    "t.me/hr_balkan",
    "https://t.me/hr_balkan",
    "http://t.me/HR_Balkan/",
    "telegram.me/hr_balkan",
    "@hr_balkan",
    "@Hr2027",
    "@" + "a" * 32,
]
REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "tg://resolve?domain=hr_balkan",
    "tg://msg?to=+38164123456",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
    "ftp://example.org/cv",
    "mailto:jobs@example.org",
    "Send your CV to HR",
    "apply",
    "+381 64 123 4567",
    "+38970123456",
    "064/123-456",
    "example.org",  # a web address needs its scheme
    "www.example.org/jobs",
    "https://good.com@evil.com",  # user-info: opens evil.com
    "https://user:password@example.org",
    "https://good.com:@evil.com",
    "https://good.com\\@evil.com",
    "https://example .org",
    "https://exa\tmple.org",
    "https://example.org/\u202eexe.fdp",  # a right-to-left override hides the real ending
    "https://localhost/apply",
    "https://192.168.1.10/apply",
    "https://[::1]/apply",
    "https://-bad-.org",
    "https://example.org:99999/",
    "https://",
    "https:example.org",
    "https://t.me/+AbCdEfGh",  # a group invite, not a username
    "https://t.me/joinchat/AbCdEf",
    "https://t.me/abc",  # shorter than 5
    "t.me/hr balkan",
    "@abc",
    "@1password",  # must start with a letter
    "@hr-balkan",
    "@" + "a" * 33,
    "jobs@example",
    "jobs@@example.org",
    "a..b@example.org",
    ".jobs@example.org",
    "jobs@example.org, hr@example.org",
]


@pytest.mark.parametrize("kind, key", CONTACT_FIELDS)
@pytest.mark.parametrize("raw", ACCEPTED + TELEGRAM_CONTACTS)
def test_apply_and_link_accept(kind: str, key: str, raw: str) -> None:
    assert field(kind, key)("  " + raw + " ", CTX) == raw


@pytest.mark.parametrize("kind, key", CONTACT_FIELDS)
@pytest.mark.parametrize("raw", REFUSED)
def test_apply_and_link_refuse(kind: str, key: str, raw: str) -> None:
    err = refusal(field(kind, key), raw)
    assert (err.key, err.values) == ("post.error.contact", {"value": raw.strip()[:40]})


@pytest.mark.parametrize(
    "raw, key, values",
    [
        ("", "post.error.empty", {}),
        (
            "https://example.org/" + "a" * MAX_SHORT,
            "form.error.too_long",
            {"limit": MAX_SHORT, "length": MAX_SHORT + 20},
        ),
        ("javascript:" + "x" * 100, "post.error.contact", {"value": "javascript:" + "x" * 29}),
    ],
)
def test_apply_keeps_the_empty_and_length_checks(raw: str, key: str, values: dict[str, Any]) -> None:
    err = refusal(field("vacancy", "apply"), raw)
    assert (err.key, err.values) == (key, values)


@pytest.mark.parametrize("language", languages())
def test_the_refusal_names_the_accepted_forms_in_every_language(language: str) -> None:
    assert "post.error.contact" in catalogues()[language].keys
    text = t(language, "post.error.contact", value="<javascript:x>")
    assert "&lt;javascript:x&gt;" in text
    for form in ("https://", "@", "t.me/"):
        assert form in text, (language, form)


# ---------------------------------------------------------------------------------------------- red flags


@pytest.mark.parametrize(
    "values, organisation, expected",
    [
        ({"title": "SOC Analyst", "apply": "https://example.org/apply"}, "Luka Bank", []),
        ({"description": "Contact us on WhatsApp"}, "Luka Bank", ["messenger"]),
        ({"description": "Pišite nam na Viber"}, "Luka Bank", ["messenger"]),
        ({"description": "Experience with signalling protocols"}, "Luka Bank", []),
        ({"description": "A registration fee of 50 EUR is required"}, "Luka Bank", ["fee"]),
        ({"description": "You only pay a small fee"}, "Luka Bank", ["fee"]),
        ({"description": "Paid in USDT, daily tasks"}, "Luka Bank", ["crypto"]),
        ({"description": "WhatsApp us; registration fee 50 EUR"}, "Luka Bank", ["fee", "messenger"]),
        ({"title": "SOC Analyst"}, "  ", ["no_employer"]),
        ({"salary": {"min": 1, "max": 2}, "languages": ["en"], "remote_region": False}, "Luka Bank", []),
        # D18: a Telegram contact moves the conversation to a private chat, like WhatsApp does.
        ({"apply": "@hr_balkan"}, "Luka Bank", ["telegram"]),
        ({"apply": "t.me/hr_balkan"}, "Luka Bank", ["telegram"]),
        ({"apply": "https://t.me/hr_balkan"}, "Luka Bank", ["telegram"]),
        ({"apply": "telegram.me/hr_balkan"}, "Luka Bank", ["telegram"]),
        ({"link": "https://t.me/cyber_academy"}, "Bar Cyber Academy", ["telegram"]),
        ({"description": "Send your CV to @hr_balkan on Telegram."}, "Luka Bank", ["telegram"]),
        ({"description": "Join https://t.me/+AbCdEfGh"}, "Luka Bank", ["telegram"]),
        ({"description": "Open tg://resolve?domain=hr_balkan"}, "Luka Bank", ["telegram"]),
        ({"apply": "@hr_balkan", "description": "or Viber"}, "", ["messenger", "telegram", "no_employer"]),
        # Not Telegram contacts: an e-mail address, an @ inside a URL, a host that only ends in t.me.
        ({"apply": "jobs@example.org", "description": "or hr.team@firma.rs"}, "Luka Bank", []),
        ({"apply": "https://medium.com/@author_name"}, "Luka Bank", []),
        ({"description": "see https://chat.me/x, at.me/xyz, or @abc"}, "Luka Bank", []),
    ],
)
def test_red_flags(values: dict[str, Any], organisation: str, expected: list[str]) -> None:
    assert red_flags(values, organisation) == expected


@pytest.mark.parametrize("raw", TELEGRAM_CONTACTS)
def test_every_accepted_telegram_contact_is_held_for_an_admin(raw: str) -> None:
    value = field("vacancy", "apply")(raw, CTX)
    assert red_flags({"apply": value}, "Luka Bank") == ["telegram"]


@pytest.mark.parametrize("raw", ACCEPTED)
def test_web_and_email_contacts_are_not_held(raw: str) -> None:
    assert red_flags({"link": field("course", "link")(raw, CTX)}, "Bar Cyber Academy") == []


@pytest.mark.parametrize("language", languages())
def test_every_red_flag_reason_is_shown_in_every_language(language: str) -> None:
    reasons = [name for name, _ in RED_FLAGS] + ["no_employer"]
    assert "telegram" in reasons
    assert {f"flag.{r}" for r in reasons} <= catalogues()[language].keys


# ---------------------------------------------------------------------------------------------- every field


VALID = {
    ("vacancy", "title"): "SOC Analyst",
    ("vacancy", "role"): "Penetration Tester",
    ("vacancy", "required"): "SIEM, EDR",
    ("vacancy", "nice"): "Python",
    ("vacancy", "level"): "junior",
    ("vacancy", "type"): "internship",
    ("vacancy", "format"): "hybrid",
    ("vacancy", "location"): "Kosovo, Prishtina",
    ("vacancy", "remote_region"): "po",
    ("vacancy", "salary"): "900-1200",
    ("vacancy", "languages"): "Albanian, English",
    ("vacancy", "deadline"): "60 days",
    ("vacancy", "apply"): "jobs@example.org",
    ("vacancy", "description"): "A SOC role.",
    ("course", "title"): "EDR in practice",
    ("course", "provider"): "Bar Cyber Academy",
    ("course", "skills"): "EDR, threat hunting",
    ("course", "level"): "mid",
    ("course", "format"): "online",
    ("course", "location"): "Montenegro, Bar",
    ("course", "language"): "Crnogorski",
    ("course", "starts"): "2027-04-15",
    ("course", "duration"): "3 weeks",
    ("course", "cost"): "250 EUR",
    ("course", "link"): "https://example.org/edr",
    ("course", "deadline"): "2027-04-01",
}
INVALID = {
    ("vacancy", "title"): ("", "post.error.empty"),
    ("vacancy", "role"): ("Wizard", "post.error.role"),
    ("vacancy", "required"): (",", "post.error.skills"),
    ("vacancy", "nice"): (";", "post.error.skills"),
    ("vacancy", "level"): ("guru", "post.error.choice"),
    ("vacancy", "type"): ("gig", "post.error.choice"),
    ("vacancy", "format"): ("moon", "post.error.choice"),
    ("vacancy", "location"): ("Greece, Athens", "post.error.economy"),
    ("vacancy", "remote_region"): ("perhaps", "post.error.yes_no"),
    ("vacancy", "salary"): ("competitive", "post.error.salary"),
    ("vacancy", "languages"): ("Elvish", "post.error.language"),
    ("vacancy", "deadline"): ("soon", "post.error.date"),
    ("vacancy", "apply"): ("javascript:alert(1)", "post.error.contact"),
    ("vacancy", "description"): ("d" * 4001, "form.error.too_long"),
    ("course", "title"): ("t" * 121, "form.error.too_long"),
    ("course", "provider"): (" ", "post.error.empty"),
    ("course", "skills"): ("", "post.error.skills"),
    ("course", "level"): ("expert", "post.error.choice"),
    ("course", "format"): ("remote", "post.error.choice"),
    ("course", "location"): ("Atlantis", "post.error.economy"),
    ("course", "language"): ("Latin", "post.error.language"),
    ("course", "starts"): ("2020-01-01", "post.error.past"),
    ("course", "duration"): ("d" * 65, "form.error.too_long"),
    ("course", "cost"): ("cheap", "post.error.cost"),
    ("course", "link"): ("tg://resolve?domain=cyber_academy", "post.error.contact"),
    ("course", "deadline"): ("2030-01-01", "post.error.far"),
}
EVERY_FIELD = [
    (kind, f.key) for kind, fields in (("vacancy", VACANCY_FIELDS), ("course", COURSE_FIELDS)) for f in fields
]


def test_the_tables_cover_every_field_of_both_forms() -> None:
    assert set(VALID) == set(EVERY_FIELD) == set(INVALID)


@pytest.mark.parametrize("kind, key", EVERY_FIELD)
def test_every_field_accepts_an_example_and_refuses_another(kind: str, key: str) -> None:
    field(kind, key)(VALID[kind, key], CTX)
    raw, error = INVALID[kind, key]
    assert refusal(field(kind, key), raw).key == error


@pytest.mark.parametrize("kind, key", EVERY_FIELD)
def test_every_refusal_renders_in_english(kind: str, key: str) -> None:
    err = refusal(field(kind, key), INVALID[kind, key][0])
    assert t("en", err.key, **err.values).strip()


# ---------------------------------------------------------------------------------------------- whole forms

VACANCY = """Title: Analitičar SOC-a
Role: Cyber Incident Responder
Required skills: SIEM, log analysis, incident response
Nice to have: EDR
Level: medior
Type: full-time
Work format: hybrid
Location: Srbija, Novi Sad
Remote from region: da
Salary: 1.500 - 2.100 EUR
Languages: Srpski i engleski
Deadline: 30 dana
Apply: https://example.org/apply
Description: Rad u SOC timu.
Napomena: noćne smene jednom nedeljno.
Više na https://example.org/soc"""


def test_parse_one_message_reads_a_whole_vacancy() -> None:
    result = parse_one_message("vacancy", VACANCY, CTX)
    assert (result.errors, result.unknown, result.missing) == ([], [], [])
    assert result.values == {
        "title": "Analitičar SOC-a",
        "role": "incident_responder",
        "required": {"ids": ["soc.siem", "soc.logs", "dfir.ir"], "free": [], "too_long": 0, "over_limit": 0},
        "nice": {"ids": ["soc.edr"], "free": [], "too_long": 0, "over_limit": 0},
        "level": "mid",
        "type": "full_time",
        "format": "hybrid",
        "location": {"economy": "RS", "city": "Novi Sad"},
        "remote_region": True,
        "salary": {"min": 1500, "max": 2100, "basis": None},
        "languages": ["sr", "en"],
        "deadline": days(30),
        "apply": "https://example.org/apply",
        "description": "Rad u SOC timu.\nNapomena: noćne smene jednom nedeljno.\nViše na https://example.org/soc",
    }


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        # Labels and keys, in any case and spacing; a repeated field keeps its last value.
        ("vacancy", "TITLE: A\nrequired SKILLS: SIEM\nlocation: AL\napply: jobs@example.org", {"missing": []}),
        ("vacancy", "Title: A\nTitle: B", {"title": "B", "missing": ["Required skills", "Location", "Apply"]}),
        # A line without "Field:" continues the field above it.
        ("vacancy", "Title: Senior\nPenetration Tester", {"title": "Senior\nPenetration Tester"}),
        # A web address on its own line is not an unknown field.
        ("vacancy", "Title: A\nhttps://example.org/a", {"title": "A\nhttps://example.org/a", "unknown": []}),
        ("vacancy", "Title: A\nColour: blue\nNačin rada: hibrid", {"unknown": ["Colour", "Način rada"]}),
        ("vacancy", "Title:\nApply:   ", {"missing": ["Title", "Required skills", "Location", "Apply"]}),
        (
            "vacancy",
            "Title: A\nSalary: 3000-1000\nApply: write me on Telegram",
            {"errors": [("Salary", "post.error.salary_order"), ("Apply", "post.error.contact")]},
        ),
        ("vacancy", "Apply: @hr_balkan", {"apply": "@hr_balkan"}),
        (
            "course",
            "Title: EDR\nSkills taught: EDR\nStarts: 15.04.2027.\nCost: falas\nLink: https://example.org/edr",
            {"starts": "2027-04-15", "cost": 0, "link": "https://example.org/edr", "missing": []},
        ),
        ("course", "Title: EDR\nLink: javascript:alert(1)", {"errors": [("Link", "post.error.contact")]}),
        ("course", "Title: EDR", {"missing": ["Skills taught", "Starts", "Link"]}),
    ],
)
def test_parse_one_message(kind: str, text: str, expected: dict[str, Any]) -> None:
    result = parse_one_message(kind, text, CTX)
    seen: dict[str, Any] = {
        "missing": result.missing,
        "unknown": result.unknown,
        "errors": [(label, err.key) for label, err in result.errors],
    }
    seen.update(result.values)
    assert {k: seen.get(k) for k in expected} == expected


def test_an_edit_with_a_refused_apply_keeps_nothing_of_it() -> None:
    result = parse_one_message("vacancy", "Apply: tg://resolve?domain=hr_balkan\nSalary: 1000", CTX)
    assert result.values == {"salary": {"min": 1000, "max": 1000, "basis": None}}
    assert [(label, err.key) for label, err in result.errors] == [("Apply", "post.error.contact")]


def test_defaults_fill_what_was_left_out() -> None:
    vacancy = apply_defaults("vacancy", {"title": "A"}, CTX, "Luka Bank")
    assert vacancy["deadline"] == days(30) and vacancy["languages"] == ["en"] and vacancy["level"] == "mid"
    course = apply_defaults("course", {"starts": "2027-04-15"}, CTX, "Bar Cyber Academy")
    assert course["provider"] == "Bar Cyber Academy" and course["deadline"] == "2027-04-15" and course["cost"] == 0


@pytest.mark.parametrize(
    "kind, values, expected",
    [
        ("vacancy", {}, ["Title", "Required skills", "Location", "Apply"]),
        ("vacancy", {"title": "A", "required": {}, "location": {}, "apply": "jobs@example.org"}, []),
        ("course", {"title": "A"}, ["Skills taught", "Starts", "Link"]),
    ],
)
def test_missing_required(kind: str, values: dict[str, Any], expected: list[str]) -> None:
    assert missing_required(kind, values) == expected
