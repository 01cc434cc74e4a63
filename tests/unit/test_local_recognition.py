"""Recognising skills typed in the region's languages (issue #14 item 1): figures on the blind test half, and the
rules one by one — inflection, loanwords, head and role nouns, English alias + local word, and the guards.

The test half is only ever evaluated here and in ``bench.matching`` as aggregate figures; the strings below are
written for these tests, not taken from the evaluation set.
"""

from __future__ import annotations

import pytest

from bot.matching import normalize_skill, parse_skills
from bot.matching.lemmas import local_sense, stems, strip_tails
from bot.matching.loanwords import english_key, local_key
from tests.local_skills_eval import evaluate_local, load_local_cases

# Issue #14 targets on the test half.
TARGET_RECOGNISED = 0.90
TARGET_WRONG = 0.01
TARGET_FALSE_ACCEPTS = 0.02
# What the normaliser reaches today (measured, docs/matching.md): a drop below these fails CI.
FLOOR_RECOGNISED = {"all": 0.92, "group:sq": 0.95, "group:sr-Latn": 0.93, "group:sr-Cyrl": 0.7, "group:mk": 0.97}


def _skill(text: str) -> str | None:
    match = normalize_skill(text)
    return match.skill_id if match else None


@pytest.fixture(scope="module")
def test_half() -> dict[str, dict]:
    return evaluate_local(load_local_cases("test"), _skill)


def test_the_evaluation_set_has_both_halves_and_every_language() -> None:
    cases = load_local_cases()
    assert {c.split for c in cases} == {"tune", "test"}
    assert len([c for c in cases if c.expected]) >= 200
    assert len([c for c in cases if not c.expected]) >= 60
    assert {c.group for c in cases} == {"sq", "sr-Latn", "sr-Cyrl", "mk"}


def test_no_wrong_skill_and_no_false_accept_on_the_test_half(test_half: dict[str, dict]) -> None:
    for key, figures in test_half.items():
        if key == "all" or key.startswith("group:"):
            assert figures["wrong_skill"] <= TARGET_WRONG, (key, figures)
            assert figures["false_accepts"] <= TARGET_FALSE_ACCEPTS, (key, figures)


@pytest.mark.parametrize("key", sorted(FLOOR_RECOGNISED))
def test_recognition_does_not_fall_below_what_it_reached(test_half: dict[str, dict], key: str) -> None:
    assert test_half[key]["recognised"] >= FLOOR_RECOGNISED[key], test_half[key]


def test_recognition_reaches_the_issue_target(test_half: dict[str, dict]) -> None:
    assert test_half["all"]["recognised"] >= TARGET_RECOGNISED, test_half["all"]


def test_tune_half_is_fully_recognised() -> None:
    report = evaluate_local(load_local_cases("tune"), _skill)
    assert report["all"]["recognised"] >= 0.95, report["all"]
    assert report["all"]["wrong_skill"] == 0 and report["all"]["false_accepts"] == 0, report["all"]


# --- the stemmer -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("incidentima", "incident"),  # sr instrumental plural
        ("incidentite", "incident"),  # mk definite plural (инцидентите)
        ("incidenteve", "incident"),  # sq genitive plural
        ("logovite", "log"),
        ("testiranje", "test"),  # verbal noun -iranje
        ("spravuvanje", "sprav"),  # mk verbal noun -uvanje
    ],
)
def test_one_inflectional_ending_is_removed(word: str, stem: str) -> None:
    assert stem in stems(word)


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("rizicima", "risk"),  # k/c alternation
        ("ranjivoscu", "vulnerability"),  # instrumental -ošću
        ("informacii", "information"),  # mk plural -ции
        ("bezbeden", "security"),  # fleeting vowel
        ("kontrolnih", "control"),  # adjective of a noun
        ("sigurise", "security"),  # sq genitive
    ],
)
def test_local_words_reach_their_concept_through_inflection(word: str, concept: str) -> None:
    sense = local_sense(word)
    assert sense is not None and sense.concept == concept


def test_hyphenated_inflections_are_dropped() -> None:
    assert strip_tails("analiste e SOC-ut") == "analiste e SOC"
    assert strip_tails("СОЦ-у и API-ja") == "СОЦ и API"
    assert strip_tails("Wi-Fi e-mail e-evidence") == "Wi-Fi email electronic evidence"
    assert strip_tails("безбедност е-маила") == "безбедност emailа"


# --- loanwords ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("local", "english"),
    [("fajervol", "firewall"), ("faervol", "firewall"), ("malver", "malware"), ("fising", "phishing"),
     ("enkripcija", "encryption"), ("kontejner", "container"), ("eksploit", "exploit")],
)  # fmt: skip
def test_loanword_sound_keys_meet(local: str, english: str) -> None:
    assert local_key(local) == english_key(english)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("fajervolom", "net.firewall"),
        ("фајерволи", "net.firewall"),
        ("malver", "dfir.malware"),
        ("енкрипција", "cld.crypto"),
        ("fišing kampanje", "off.social"),
        ("analiza fišing poruka", "soc.email"),
        ("mikrosegmentacija", "net.zerotrust"),
    ],
)
def test_loanwords_are_respelled_to_the_english_alias(text: str, skill: str) -> None:
    assert _skill(text) == skill


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("пенетрејшн тестинг", "off.pentest"),  # -tion as it is said
        ("ендпоинт протекшн", "soc.edr"),
        ("ред тиминг", "off.redteam"),  # ea/ee as i
        ("мобајл секјурити", "app.mobile"),  # i-e as aj, cu as kju
        ("сошал инжењеринг", "off.social"),
        ("секјурити полиси", "grc.policy"),
        ("безбедност Виндоуса", "net.hardening"),  # a word of a product's name, ow as ou
        ("ПауерШел", "edu.scripting"),
    ],
)
def test_english_written_as_it_is_said_is_recognised(text: str, skill: str) -> None:
    assert _skill(text) == skill


@pytest.mark.parametrize(
    ("word", "concept"),
    [("sprječavanje", "prevention"), ("prijetnjama", "threat"), ("svijesti", "awareness"), ("rješavanje", "handling")],
)
def test_ijekavian_words_are_read_through_their_ekavian_form(word: str, concept: str) -> None:
    sense = local_sense(word.replace("č", "c").replace("š", "s"))
    assert sense is not None and sense.concept == concept


@pytest.mark.parametrize("word", ["tijelo", "tijesto", "uredjenje"])  # body, dough, arrangement
def test_ijekavian_reading_needs_a_long_stem_and_leaves_dj_alone(word: str) -> None:
    assert local_sense(word) is None


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("sajberbezbednost", "grc.isms"),  # cyber written onto the word
        ("kibersiguria", "grc.isms"),
        ("sigurnosne kopije", "grc.bcm"),  # security copies, reserve copies: backups
        ("резервни копии", "grc.bcm"),
        ("kopje rezervë", "grc.bcm"),
        ("zaštita od virusa", "soc.edr"),  # protection against malware is antivirus…
        ("безбедност е-маила", "soc.email"),  # e-mail is email, not "electronic mail"
        ("bezbednost otvorenog koda", "app.supplychain"),  # open code is open source
        ("pisanje skripti", "edu.scripting"),  # doing the activity keeps its object
        ("спровођење пенетрационих тестова", "off.pentest"),
        ("rješavanje sigurnosnih incidenata", "dfir.ir"),
        ("prikupljanje digitalnih dokaza", "law.cybercrime"),  # digital reads electronic at a cost
        ("analiza malvera (statička i dinamička)", "dfir.malware"),  # a remark in brackets
    ],
)
def test_second_round_rules(text: str, skill: str) -> None:
    assert _skill(text) == skill


def test_protection_against_malware_is_never_malware_analysis() -> None:
    assert _skill("zaštita od malvera") == "soc.edr"


@pytest.mark.parametrize(
    "text",
    [
        "forenzika (računovodstvo)",  # the remark must be known words: forensic accounting stays as written
        "bezbednost kopanja",  # mining safety: a typo is never read as "copy"
        "pisanje izveštaja",
        "organizacija događaja",
        "sprovođenje zakona",
        "autentičnost",  # authenticity is no authentication
        "taksi",  # no TAXII
        "архивирање",  # archiving
    ],
)
def test_second_round_near_misses(text: str) -> None:
    assert _skill(text) is None


# --- phrases, head nouns, role nouns, English alias + local word --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "skill"),
    [
        # inflected and reordered local phrases
        ("upravljanje sajber rizicima", "grc.risk"),
        ("управување со ризици", "grc.risk"),
        ("menaxhimi i incidenteve të sigurisë", "dfir.ir"),
        ("reagovanje na bezbednosne incidente", "dfir.ir"),
        ("bezbednost računarskih mreža", "net.netsec"),
        ("безбедност на компјутерски мрежи", "net.netsec"),
        ("plan kontinuiteta poslovanja", "grc.bcm"),
        ("sprečavanje curenja podataka", "cld.data"),
        ("procena uticaja na zaštitu podataka", "law.gdpr"),
        ("oporavak nakon katastrofe", "grc.bcm"),
        # head nouns and role nouns
        ("forenzika", "dfir.forensics"),
        ("форензичар", "dfir.forensics"),
        ("SOC аналитичар", "soc.monitoring"),
        ("arkitekt sigurie", "net.architecture"),
        ("ревизор за информациска безбедност", "grc.audit"),
        ("trener za sajber bezbednost", "edu.training"),
        ("penetracijski tester", "off.pentest"),
        # an English alias with a local generic word
        ("AD napadi", "off.ad"),
        ("Linux administracija", "edu.networking"),
        ("SIEM alati", "soc.siem"),
        ("EDR решенија", "soc.edr"),
        ("grupet APT", "cti.apt"),
        ("pentest izveštaji", "off.pentest"),
        # two aliases of one skill side by side
        ("programiranje u Pythonu", "edu.scripting"),
        ("sigurnost Docker kontejnera", "cld.containers"),
        # abbreviations typed in Cyrillic, typos of known words
        ("СКАДА безбедност", "ot.ics"),
        ("ОВАСП Топ 10", "off.web"),
        ("forenzka", "dfir.forensics"),
        ("menaxhimi i inicidenteve", "dfir.ir"),
    ],
)
def test_local_phrases_are_recognised(text: str, skill: str) -> None:
    assert _skill(text) == skill


# --- guards: a wrong skill is worse than "kept as written" -------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "forenzičko računovodstvo",  # forensic accounting: an unknown word is never dropped
        "bezbednost hrane",  # food safety
        "bezbednost na radu",  # occupational safety
        "siguria ushqimore",
        "sigurimi shoqëror",  # social insurance: "sigurim" is no typo of "siguri"
        "kreditni rizik",
        "menaxhimi i rrezikut të kreditit",  # an alias inside, with a word that changes its meaning
        "obuka zaposlenih",  # staff training is not the skill "training" with a word left out
        "IT obuka",
        "električne mreže",  # "mreža" may read "grid", but never reaches the certification GRID
        "društvene mreže",
        "mrežni marketing",
        "poslovna inteligencija",
        "socket programming",
        "компјутерски вештини",
        "поправка на мобилни телефони",
    ],
)
def test_near_misses_are_kept_as_written(text: str) -> None:
    assert _skill(text) is None


def test_short_abbreviations_count_only_in_capitals() -> None:
    assert _skill("siguria në re") == "cld.cloud"  # sq "re" is the cloud, not RE (reverse engineering)
    assert _skill("RE alati") == "dfir.re"


def test_words_around_an_alias_that_belong_to_another_skill_block_it() -> None:
    # "personal data" is data protection: the alias "siguria e të dhënave" (data security) must not win.
    assert _skill("siguria e të dhënave personale") != "cld.data"


def test_fuzzy_corrects_spelling_but_never_swaps_a_word() -> None:
    assert _skill("netowrk security") == "net.netsec"
    assert _skill("sigurnost hrane") is None


def test_a_list_mixing_languages_is_split_and_recognised() -> None:
    parsed = parse_skills("forenzika, fajervol, SOC analitičar, AD napadi, računovodstvo")
    assert parsed.skill_ids == ["dfir.forensics", "net.firewall", "soc.monitoring", "off.ad"]
    assert parsed.unrecognised == ["računovodstvo"]
