"""The gazetteer and the location resolver: places as people write them, in every script and order.

Tables of what people type and what it resolves to; then every name of every place in ``seed_data/places.json``
in every order and separator; then what must never resolve (unlisted towns, lower-case codes, hostile text).
"""

from __future__ import annotations

import contextlib
import re

import pytest

from bot.domain import ECONOMIES
from bot.matching.places import (
    AmbiguousPlace,
    Gazetteer,
    Location,
    Place,
    PlaceConflict,
    UnknownPlace,
    default_gazetteer,
    fold_place,
    locate,
    resolve_location,
)
from bot.services.errors import FormError
from bot.services.professionals import CityElsewhere, validate_city

GAZETTEER = default_gazetteer()
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def place(name: str) -> Place:
    return next(p for p in GAZETTEER.places if p.name == name)


# ---------------------------------------------------------------------------------------------- the seed file


def test_the_gazetteer_has_at_least_the_sixty_largest_places_of_all_six_economies() -> None:
    assert len(GAZETTEER.places) >= 60
    per_economy = {code: sum(p.economy == code for p in GAZETTEER.places) for code in ECONOMIES}
    assert all(count >= 10 for count in per_economy.values()), per_economy
    assert {p.economy for p in GAZETTEER.places} == set(ECONOMIES)
    assert set(GAZETTEER.economy_names) == set(ECONOMIES)
    assert GAZETTEER.spellings() >= 300  # distinct folded names: scripts and diacritics fold together


@pytest.mark.parametrize(
    "name",
    [
        "Tirana", "Durrës", "Vlorë", "Elbasan", "Shkodër", "Fier", "Korçë",  # AL
        "Sarajevo", "Banja Luka", "Tuzla", "Zenica", "Bijeljina", "Mostar",  # BA
        "Prishtina", "Prizren", "Peja", "Gjakova", "Mitrovica", "Gjilan", "Ferizaj",  # XK
        "Podgorica", "Nikšić", "Bar", "Budva", "Herceg Novi",  # ME
        "Skopje", "Kumanovo", "Bitola", "Tetovo", "Ohrid", "Štip", "Gostivar",  # MK
        "Belgrade", "Novi Sad", "Niš", "Kragujevac", "Subotica",  # RS
    ],
)  # fmt: skip
def test_capitals_and_university_towns_are_listed(name: str) -> None:
    assert place(name)


@pytest.mark.parametrize("entry", GAZETTEER.places, ids=lambda p: p.name)
def test_every_place_has_a_name_in_every_catalogue_language_in_its_script(entry: Place) -> None:
    assert set(entry.names) == {"en", "sq", "sr", "sr-Cyrl", "mk"}
    assert entry.names["en"] == entry.name
    assert CYRILLIC.search(entry.names["sr-Cyrl"]) and CYRILLIC.search(entry.names["mk"])
    assert not any(CYRILLIC.search(entry.names[lang]) for lang in ("en", "sq", "sr"))
    assert entry.display("mk") == entry.names["mk"] and entry.display("de") == entry.name


def test_a_place_named_like_an_economy_is_refused_when_the_gazetteer_is_built() -> None:
    with pytest.raises(ValueError, match="economy"):
        Gazetteer({"ME": ["Montenegro"]}, {}, [Place("Montenegro", "ME", {})])


# ---------------------------------------------------------------------------------------------- folding


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Priština", "pristina"), ("Приштина", "pristina"), ("PRISHTINË", "prishtine"), ("Đakovica", "djakovica"),
        ("Ђаковица", "djakovica"), ("Ѓаковица", "gjakovica"), ("Korçë", "korce"), ("Herceg-Novi", "herceg novi"),
        ("  Beograd   11000 ", "beograd"), ("Никшиќ", "niksikj"),
    ],
)  # fmt: skip
def test_fold_place(raw: str, folded: str) -> None:
    assert fold_place(raw) == folded


# ---------------------------------------------------------------------------------------------- as people write


@pytest.mark.parametrize(
    "raw, economy, city",
    [
        # city first, economy first, city alone, economy alone (issue #13)
        ("Podgorica, Montenegro", "ME", "Podgorica"),
        ("Crna Gora, Podgorica", "ME", "Podgorica"),
        ("Podgorica", "ME", "Podgorica"),
        ("Montenegro", "ME", ""),
        # Kosovo: Albanian definite / indefinite, Serbian Latin / Cyrillic, English, Macedonian
        ("Prishtina", "XK", "Prishtina"), ("Prishtinë", "XK", "Prishtina"), ("Priština", "XK", "Prishtina"),
        ("Pristina", "XK", "Prishtina"), ("Приштина", "XK", "Prishtina"), ("prishtine", "XK", "Prishtina"),
        ("Peja", "XK", "Peja"), ("Pejë", "XK", "Peja"), ("Peć", "XK", "Peja"), ("Пећ", "XK", "Peja"),
        ("Пеќ", "XK", "Peja"), ("Gjakovë", "XK", "Gjakova"), ("Đakovica", "XK", "Gjakova"),
        ("Djakovica", "XK", "Gjakova"), ("Ђаковица", "XK", "Gjakova"), ("Uroševac", "XK", "Ferizaj"),
        ("Gnjilane", "XK", "Gjilan"), ("Mitrovicë", "XK", "Mitrovica"), ("Kosovska Mitrovica", "XK", "Mitrovica"),
        ("Mitrovica e Veriut", "XK", "North Mitrovica"), ("Северна Митровица", "XK", "North Mitrovica"),
        ("Kosovo Polje", "XK", "Fushë Kosova"), ("Fushë Kosovë", "XK", "Fushë Kosova"), ("Prizreni", "XK", "Prizren"),
        # Albania: indefinite / definite, Serbian and Macedonian exonyms
        ("Tiranë", "AL", "Tirana"), ("Tirana", "AL", "Tirana"), ("Тирана", "AL", "Tirana"), ("Durrësi", "AL", "Durrës"),
        ("Drač", "AL", "Durrës"), ("Драч", "AL", "Durrës"), ("Shkodra", "AL", "Shkodër"), ("Skadar", "AL", "Shkodër"),
        ("Vlora", "AL", "Vlorë"), ("Valona", "AL", "Vlorë"), ("Korça", "AL", "Korçë"), ("Korce", "AL", "Korçë"),
        ("Gjirokastra", "AL", "Gjirokastër"), ("Ђирокастра", "AL", "Gjirokastër"), ("Elbasani", "AL", "Elbasan"),
        # North Macedonia: Macedonian Cyrillic and Latin, Albanian, Serbian
        ("Скопје", "MK", "Skopje"), ("Skopje", "MK", "Skopje"), ("Shkup", "MK", "Skopje"),
        ("Skoplje", "MK", "Skopje"), ("Скопље", "MK", "Skopje"), ("Битола", "MK", "Bitola"),
        ("Manastir", "MK", "Bitola"), ("Bitolj", "MK", "Bitola"),
        ("Тетово", "MK", "Tetovo"), ("Tetovë", "MK", "Tetovo"), ("Tetova", "MK", "Tetovo"), ("Охрид", "MK", "Ohrid"),
        ("Ohër", "MK", "Ohrid"), ("Shtip", "MK", "Štip"), ("Stip", "MK", "Štip"), ("Kërçovë", "MK", "Kičevo"),
        ("Kichevo", "MK", "Kičevo"), ("Kumanovë", "MK", "Kumanovo"), ("Strugë", "MK", "Struga"),
        # Serbia: English exonym, Latin with and without diacritics, Cyrillic, Macedonian, Albanian, Hungarian
        ("Belgrade", "RS", "Belgrade"), ("Beograd", "RS", "Belgrade"), ("Београд", "RS", "Belgrade"),
        ("Белград", "RS", "Belgrade"), ("Beogradi", "RS", "Belgrade"), ("Niš", "RS", "Niš"), ("Nis", "RS", "Niš"),
        ("Ниш", "RS", "Niš"), ("Nish", "RS", "Niš"), ("Нови Сад", "RS", "Novi Sad"), ("Újvidék", "RS", "Novi Sad"),
        ("Крагујевац", "RS", "Kragujevac"), ("Крагуевац", "RS", "Kragujevac"), ("Szabadka", "RS", "Subotica"),
        ("Čačak", "RS", "Čačak"), ("Cacak", "RS", "Čačak"), ("Preshevë", "RS", "Preševo"),
        # Bosnia and Herzegovina, Montenegro
        ("Banja Luka", "BA", "Banja Luka"), ("Banjaluka", "BA", "Banja Luka"), ("Бања Лука", "BA", "Banja Luka"),
        ("Сарајево", "BA", "Sarajevo"), ("Сараево", "BA", "Sarajevo"), ("Sarajevë", "BA", "Sarajevo"),
        ("Bihac", "BA", "Bihać"), ("Бихаќ", "BA", "Bihać"), ("Подгорица", "ME", "Podgorica"),
        ("Podgoricë", "ME", "Podgorica"), ("Никшић", "ME", "Nikšić"), ("Никшиќ", "ME", "Nikšić"),
        ("Niksic", "ME", "Nikšić"), ("Ulqin", "ME", "Ulcinj"), ("Tivar", "ME", "Bar"),
        ("Herceg-Novi", "ME", "Herceg Novi"),
    ],
)  # fmt: skip
def test_a_city_alone_resolves_in_every_script(raw: str, economy: str, city: str) -> None:
    assert locate(raw) == (economy, city)
    assert resolve_location(raw) == Location(economy, city)


@pytest.mark.parametrize(
    "raw, economy, city",
    [
        # every separator people use, both orders
        ("Podgorica, Montenegro", "ME", "Podgorica"), ("Montenegro, Podgorica", "ME", "Podgorica"),
        ("Podgorica - Montenegro", "ME", "Podgorica"), ("Podgorica – Crna Gora", "ME", "Podgorica"),
        ("Podgorica / Mali i Zi", "ME", "Podgorica"), ("Podgorica (Montenegro)", "ME", "Podgorica"),
        ("Podgorica [ME]", "ME", "Podgorica"), ("Podgorica; Montenegro", "ME", "Podgorica"),
        ("Podgorica | Crna Gora", "ME", "Podgorica"), ("Podgorica-Montenegro", "ME", "Podgorica"),
        ("Podgorica Montenegro", "ME", "Podgorica"), ("Crna Gora Podgorica", "ME", "Podgorica"),
        ("Novi Sad Srbija", "RS", "Novi Sad"), ("Bosna i Hercegovina Mostar", "BA", "Mostar"),
        ("Mostar Bosna i Hercegovina", "BA", "Mostar"), ("  podgorica ,   montenegro.  ", "ME", "Podgorica"),
        # the economies in all their names
        ("Kosovo*, Prizren", "XK", "Prizren"), ("Kosova, Prishtinë", "XK", "Prishtina"),
        ("Kosovë - Gjakovë", "XK", "Gjakova"), ("Косово, Приштина", "XK", "Prishtina"),
        ("Prishtina (Kosovo*)", "XK", "Prishtina"), ("Shqipëri, Tiranë", "AL", "Tirana"),
        ("Shqipëria, Durrës", "AL", "Durrës"), ("Albanija, Drač", "AL", "Durrës"), ("Албанија, Тирана", "AL", "Tirana"),
        ("Mal i Zi, Podgoricë", "ME", "Podgorica"), ("Mali i Zi, Ulqin", "ME", "Ulcinj"),
        ("Црна Гора, Никшић", "ME", "Nikšić"), ("Maqedonia e Veriut, Tetovë", "MK", "Tetovo"),
        ("Maqedoni e Veriut, Shkup", "MK", "Skopje"), ("Maqedonia, Gostivar", "MK", "Gostivar"),
        ("Северна Македонија, Скопје", "MK", "Skopje"), ("Sjeverna Makedonija, Ohrid", "MK", "Ohrid"),
        ("Makedonija, Bitola", "MK", "Bitola"), ("North Macedonia, Štip", "MK", "Štip"),
        ("Bosnja dhe Hercegovina, Sarajevë", "BA", "Sarajevo"), ("Bosnjë e Hercegovinë, Mostar", "BA", "Mostar"),
        ("BiH, Tuzla", "BA", "Tuzla"), ("БиХ, Бања Лука", "BA", "Banja Luka"), ("Bosna, Zenica", "BA", "Zenica"),
        ("Bosnia-Herzegovina, Bijeljina", "BA", "Bijeljina"), ("B&H, Brčko", "BA", "Brčko"),
        ("Србија, Ниш", "RS", "Niš"), ("Serbi, Nish", "RS", "Niš"), ("Srbija, Beograd", "RS", "Belgrade"),
        ("RS, Kragujevac", "RS", "Kragujevac"), ("Republic of Serbia, Novi Sad", "RS", "Novi Sad"),
        # an economy alone, codes in capitals
        ("Kosovo*", "XK", ""), ("Kosovo i Metohija", "XK", ""), ("ME", "ME", ""), ("BIH", "BA", ""),
        ("Crna Gora", "ME", ""), ("Maqedonia", "MK", ""),
        # two names of one city, or two cities of one economy
        ("Prishtinë / Priština", "XK", "Prishtina"), ("Belgrade, Novi Sad", "RS", "Belgrade, Novi Sad"),
        # a shared name is settled by the economy written
        ("Gračanica, Kosovo", "XK", "Gračanica"), ("Gračanica, BiH", "BA", "Gračanica"),
        ("Dibër, Shqipëri", "AL", "Dibër"), ("Dibër, Maqedoni e Veriut", "MK", "Debar"),
        # towns the gazetteer does not know are kept as typed when the economy is named
        ("Plav, Montenegro", "ME", "Plav"), ("Crna Gora, Žabljak", "ME", "Žabljak"), ("Kreševo, BiH", "BA", "Kreševo"),
        ("Montenegro, Herceg Novi, Igalo", "ME", "Herceg Novi, Igalo"), ("Srbija, Novi Beograd", "RS", "Novi Beograd"),
    ],
)  # fmt: skip
def test_city_and_economy_in_either_order_with_any_separator(raw: str, economy: str, city: str) -> None:
    assert locate(raw) == (economy, city)


@pytest.mark.parametrize(
    "raw, economy, city",
    [
        ("Podgorca", "ME", "Podgorica"), ("Sarjevo", "BA", "Sarajevo"), ("Kragujevc", "RS", "Kragujevac"),
        ("Beogard", "RS", "Belgrade"), ("Prishitna", "XK", "Prishtina"), ("Banja Lukaa", "BA", "Banja Luka"),
        ("Strumca", "MK", "Strumica"), ("Elbsan", "AL", "Elbasan"), ("Montenegor", "ME", ""),
        ("Podgorica, Montenegor", "ME", "Podgorica"), ("Srbja, Kragujevc", "RS", "Kragujevac"),
        ("Albanja", "AL", ""), ("Kosvo, Prizern", "XK", "Prizren"),
    ],
)  # fmt: skip
def test_a_small_typo_in_a_long_name_is_forgiven(raw: str, economy: str, city: str) -> None:
    assert locate(raw) == (economy, city)


@pytest.mark.parametrize(
    "raw",
    [
        # real towns the gazetteer lacks, a letter away from listed ones: never silently another town
        "Kreševo", "Sjenica", "Kučevo", "Senta", "Lebane", "Zvečan", "Plav", "Novi Grad", "Kotor Varoš",
        # short names: no typo tolerance at all ("Bar" is not "Bor", "Niš" is not "Nin")
        "Bra", "Nin", "Tuzl", "Pejj",
        # abroad and not places
        "Zagreb", "Ljubljana", "Vienna", "Remote", "Online", "Narnia", "Europe", "🛡️", "?", "<b>x</b>",
        # economy codes are capitals: "me" and "al" are words
        "me", "al", "rs",
    ],
)  # fmt: skip
def test_what_is_not_a_known_place_stays_unknown(raw: str) -> None:
    with pytest.raises(UnknownPlace):
        locate(raw)
    assert resolve_location(raw) is None


@pytest.mark.parametrize(
    "raw, city, economy, city_economies",
    [
        ("Skopje, Serbia", "Skopje", "Serbia", ("MK",)),
        ("Srbija, Скопје", "Скопје", "Srbija", ("MK",)),
        ("Tirana (Kosovo)", "Tirana", "Kosovo", ("AL",)),
        ("Mitrovica, Srbija", "Mitrovica", "Srbija", ("XK",)),
        ("Crna Gora - Sarajevo", "Sarajevo", "Crna Gora", ("BA",)),
        ("Belgrade, Skopje", "Skopje", "Belgrade", ("MK",)),
        ("Serbia, Montenegro", "Montenegro", "Serbia", ("ME",)),
    ],
)
def test_a_city_that_contradicts_the_economy_is_an_error_not_a_pick(
    raw: str, city: str, economy: str, city_economies: tuple[str, ...]
) -> None:
    with pytest.raises(PlaceConflict) as caught:
        resolve_location(raw)
    assert (caught.value.city, caught.value.economy, caught.value.city_economies) == (city, economy, city_economies)


def test_a_typo_never_makes_a_conflict_the_town_is_kept_as_typed() -> None:
    # "Kičevoo" is a typo of Kičevo (MK), but with Serbia written it is taken as an unknown Serbian town
    assert locate("Kičevoo, Srbija") == ("RS", "Kičevoo")


@pytest.mark.parametrize("raw, economies", [("Gračanica", ("BA", "XK")), ("Dibër", ("AL", "MK"))])
def test_a_name_shared_by_two_economies_needs_the_economy(raw: str, economies: tuple[str, ...]) -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        locate(raw)
    assert caught.value.economies == economies
    assert locate(raw, prefer=economies[1]).economy == economies[1]
    assert locate(f"{raw}, {economies[0]}", prefer=economies[1]).economy == economies[0]  # written beats preferred


def test_unknown_names_the_part_that_was_not_understood() -> None:
    for raw, value in [("Croatia, Zagreb", "Croatia"), ("Novi Sad, Vojvodina", "Vojvodina"), ("", "")]:
        with pytest.raises(UnknownPlace) as caught:
            locate(raw)
        assert caught.value.value == value


# ---------------------------------------------------------------------------------------------- every seed name


def _names(entry: Place) -> list[str]:
    return sorted({entry.name, *entry.names.values(), *entry.spellings})


NAME_CASES = [(entry, name) for entry in GAZETTEER.places for name in _names(entry)]
SHARED = {"gracanica", "diber", "dibra"}


@pytest.mark.parametrize("entry, name", NAME_CASES, ids=[f"{e.name}:{n}" for e, n in NAME_CASES])
def test_every_name_of_every_place_resolves_alone_and_with_its_economy(entry: Place, name: str) -> None:
    expected = Location(entry.economy, entry.name)
    if fold_place(name) in SHARED:
        assert locate(name, prefer=entry.economy) == expected
    else:
        assert locate(name) == expected
        assert locate(name.upper()) == expected
    economy_names = GAZETTEER.economy_names[entry.economy]
    for index, economy in enumerate(economy_names):
        separator = [", ", " - ", " / "][index % 3]
        assert locate(f"{name}{separator}{economy}") == expected
        assert locate(f"{economy}{separator}{name}") == expected
    assert locate(f"{name} ({economy_names[0]})") == expected


@pytest.mark.parametrize("code", ECONOMIES)
def test_every_name_of_every_economy_resolves(code: str) -> None:
    for name in GAZETTEER.economy_names[code]:
        assert locate(name) == (code, "")
        assert locate(name.casefold()) == (code, "")
        assert GAZETTEER.economy(name) == code


# ---------------------------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "raw",
    ["x" * 10_000, ", , ,", "()", "\u202eRTL\u202c", "zero\u200bwidth", "Podgorica" * 500, "Skopje\x00, Serbia\x07"],
)
def test_hostile_input_is_answered_not_crashed(raw: str) -> None:
    with contextlib.suppress(UnknownPlace, PlaceConflict, AmbiguousPlace):
        assert locate(raw).economy in ECONOMIES


# ---------------------------------------------------------------------------------------------- the profile's city


@pytest.mark.parametrize(
    "typed, economy, stored",
    [
        ("Prishtinë", "XK", "Prishtina"), ("Приштина", "XK", "Prishtina"), ("  prizreni ", "XK", "Prizren"),
        ("Gračanica", "XK", "Gračanica"), ("Gračanica", "BA", "Gračanica"), ("Скопје", "MK", "Skopje"),
        ("Novi Beograd", "RS", "Novi Beograd"), ("Vienna", "abroad", "Vienna"), ("Kosova", "XK", ""),
        ("Prishtinë, Kosovë", "XK", "Prishtina"), ("Plav", "ME", "Plav"), ("", "RS", ""), ("Tetovë", None, "Tetovë"),
    ],
)  # fmt: skip
def test_validate_city_stores_a_known_city_in_its_canonical_name(typed: str, economy: str | None, stored: str) -> None:
    assert validate_city(typed, economy) == stored


@pytest.mark.parametrize(
    "typed, chosen, city, found",
    [
        ("Skopje", "RS", "Skopje", "MK"),
        ("Приштина", "RS", "Prishtina", "XK"),
        ("Belgrade", "abroad", "Belgrade", "RS"),
        ("Plav, Montenegro", "RS", "Plav", "ME"),
    ],
)
def test_validate_city_asks_when_the_city_is_in_another_economy(typed: str, chosen: str, city: str, found: str) -> None:
    with pytest.raises(CityElsewhere) as caught:
        validate_city(typed, chosen)
    err = caught.value
    assert (err.city, err.economy) == (city, found)
    assert err.key == "reg.city_other_economy"
    assert err.values == {"city": typed, "found": found, "chosen": chosen}


def test_validate_city_still_limits_the_length() -> None:
    with pytest.raises(FormError) as caught:
        validate_city("B" * 65, "RS")
    assert caught.value.key == "form.error.too_long"
