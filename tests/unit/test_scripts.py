"""Each reader sees one script: no Cyrillic for Serbian Latin readers, no English spelled in Cyrillic letters (nor
Latin letters inside Cyrillic words) for Serbian Cyrillic readers; weekday names in the reader's script and case."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from bot import SEED_DATA_DIR
from bot.domain import DigestSchedule
from bot.i18n import catalogues, placeholders, raw_message, t, tn
from bot.i18n.cyrillic import to_cyrillic, transliterate
from bot.matching.taxonomy import default_taxonomy
from bot.views import digest_line, skill_name, weekday_name

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
WORD = re.compile(r"[^\W\d_]+")
# English words that are Serbian words too, so their Cyrillic spelling is Serbian, not a transliteration. A new
# entry belongs here only if the Serbian text really uses the word (филтер, статус, ред …).
SERBIAN_TOO = frozenset(
    """balkan bot filter format forenzika junior kosovo link minimum monitoring novi one period red sad senior signal
    status student talent""".split()
)


def sample_args(text: str, value: str) -> dict[str, object]:
    args: dict[str, object] = {name: value for name in placeholders(text) if name != "count"}
    if "count" in placeholders(text):
        args["count"] = 3
    return args


def rendered(language: str, value: str = "Ana") -> dict[str, str]:
    """Every message of a catalogue as a reader gets it, with ``value`` in every placeholder."""
    cat = catalogues()[language]
    out: dict[str, str] = {}
    for key in sorted(cat.keys):
        if key in cat.plural_keys:
            for count in (1, 2, 5):
                text = raw_message(language, key, count)
                args = {k: v for k, v in sample_args(text, value).items() if k != "count"}
                out[f"{key}[{count}]"] = tn(language, key, count, **args)
        else:
            out[key] = t(language, key, **sample_args(raw_message(language, key), value))
    return out


def visible(html: str) -> str:
    """The text without tags, entities, placeholders' brackets or addresses: what is read as words."""
    text = re.sub(r"<[^>]+>|&#?\w+;", " ", html)
    return re.sub(r"https?://\S+|[\w.+-]+@[\w.-]+|\b[\w-]+\.(?:org|com|me)\S*", " ", text)


@cache
def english_words() -> frozenset[str]:
    """Words a Serbian Cyrillic reader must never see spelled in Cyrillic: the English catalogue's, the English
    names of the taxonomy's skills and tools, and the ECSF role titles."""
    words: set[str] = set()
    for text in rendered("en", "9").values():
        words |= {w.casefold() for w in WORD.findall(visible(text)) if w.isascii()}
    skills = json.loads((SEED_DATA_DIR / "skills.json").read_text(encoding="utf-8"))
    for entry in skills["skills"]:
        for text in [entry["name"], *entry["aliases"], *entry["tools"]]:
            words |= {w.casefold() for w in WORD.findall(text) if w.isascii()}
    roles = json.loads((SEED_DATA_DIR / "ecsf_roles.json").read_text(encoding="utf-8"))
    for role in roles["roles"]:
        words |= {w.casefold() for w in WORD.findall(role["title"])}
    return frozenset(w for w in words if len(w) >= 3) - SERBIAN_TOO


@cache
def transliterated_english() -> dict[str, str]:
    """Each English word as the letter map would spell it in Cyrillic (where it has any Cyrillic letter)."""
    return {transliterate(w): w for w in english_words() if CYRILLIC.search(transliterate(w))}


def script_problems(text: str) -> list[str]:
    """English words spelled in Cyrillic, and words mixing the two scripts (Реqуиред, wеб)."""
    problems = []
    for word in WORD.findall(visible(text)):
        if CYRILLIC.search(word) and re.search(r"[A-Za-z]", word):
            problems.append(f"mixed scripts: {word}")
        elif word.casefold() in transliterated_english():
            problems.append(f"{word} (English “{transliterated_english()[word.casefold()]}”)")
    return problems


def test_serbian_latin_catalogue_has_no_cyrillic() -> None:
    found = {key: text for key, text in rendered("sr").items() if CYRILLIC.search(text)}
    assert found == {}


def test_serbian_latin_skill_names_have_no_cyrillic() -> None:
    taxonomy = default_taxonomy()
    found = [name for sid in taxonomy.skills if CYRILLIC.search(name := skill_name(taxonomy, "sr", sid))]
    assert found == []


def test_serbian_cyrillic_catalogue_spells_no_english_in_cyrillic() -> None:
    found = {key: p for key, text in rendered("sr-Cyrl", "Ана").items() if (p := script_problems(text))}
    assert found == {}


def test_serbian_cyrillic_skill_names_spell_no_english_in_cyrillic() -> None:
    taxonomy = default_taxonomy()
    found = {sid: p for sid in taxonomy.skills if (p := script_problems(skill_name(taxonomy, "sr-Cyrl", sid)))}
    assert found == {}
    assert skill_name(taxonomy, "sr-Cyrl", "off.ad") == "Безбедност Active Directory"
    assert skill_name(taxonomy, "sr-Cyrl", "app.devsecops") == "DevSecOps праксе"
    assert skill_name(taxonomy, "sr-Cyrl", "off.web") == "Тестирање веб апликација"


def test_the_check_itself_catches_gibberish() -> None:
    assert script_problems("обавезно: Титле, Лоцатион, Апплy") == [
        "Титле (English “title”)", "Лоцатион (English “location”)", "mixed scripts: Апплy",
    ]  # fmt: skip
    assert script_problems("Безбедност Ацтиве Дирецторy") != []


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        # commands and their English sub-commands are typed as they are; Serbian placeholders words are Serbian
        ("/report vacancy|course ID RAZLOG prijavljuje", "/report vacancy|course ID РАЗЛОГ пријављује"),
        ("/join KOD vas dodaje", "/join КОД вас додаје"),
        ("/skills add SIEM, Python ili /stats csv", "/skills add SIEM, Python или /stats csv"),
        ("<code>/report vacancy 12 šta nije u redu</code>", "<code>/report vacancy 12 шта није у реду</code>"),
        ("<code>Polje: vrednost</code> za {name}", "<code>Поље: вредност</code> за {name}"),
        # the one-message form's English field names, unless they are Serbian words as well
        ("obavezno: Title, Required skills, Location, Apply", "обавезно: Title, Required skills, Location, Apply"),
        ("Format rada, Link", "Формат рада, Линк"),
        # international acronyms stay, Serbian ones do not
        ("SIEM, ECSF, CERT-ovi, NIS2, ISO 27001, 100 EUR", "SIEM, ECSF, CERT-ови, NIS2, ISO 27001, 100 EUR"),
        ("u IT-u, SB UN, MSP", "у ИТ-у, СБ УН, МСП"),
        # brands, tools and words no Serbian word looks like
        ("Active Directory, DevSecOps, IoT, firewall-a", "Active Directory, DevSecOps, IoT, firewall-а"),
        ("Telegram ID, @username, /block USER_ID", "Telegram ID, @username, /block USER_ID"),
        # addresses
        ("<code>https://…</code>, ana@example.org, t.me/ime", "<code>https://…</code>, ana@example.org, t.me/ime"),
        # n+j and d+ž across a prefix are two letters; elsewhere the digraph
        ("SQL injekcija, konjunktura, nadživeti, podžanr", "SQL инјекција, конјунктура, надживети, поджанр"),
        ("Ljubljana, NJIVA, džep, Džak", "Љубљана, ЊИВА, џеп, Џак"),
    ],
)  # fmt: skip
def test_the_generator_keeps_what_must_be_typed_and_transliterates_serbian(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_weekday_names_are_serbian_latin_for_serbian_latin() -> None:
    names = [weekday_name("sr", day) for day in range(7)]
    assert names == ["Ponedeljak", "Utorak", "Sreda", "Četvrtak", "Petak", "Subota", "Nedelja"]
    assert [weekday_name("sr-Cyrl", day) for day in (0, 6)] == ["Понедељак", "Недеља"]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("sr", "nedeljno, ponedeljak u 09:00"),
        ("sr-Cyrl", "недељно, понедељак у 09:00"),
        ("mk", "неделно, понеделник во 09:00"),
        ("sq", "çdo javë, e hënë, ora 09:00"),
        ("en", "weekly, Monday at 09:00"),
    ],
)
def test_a_weekday_is_lower_case_mid_sentence_and_a_capital_on_a_button(lang: str, line: str) -> None:
    assert digest_line(lang, DigestSchedule(weekday=0, hour=9)) == line
    assert weekday_name(lang, 0)[0].isupper()
