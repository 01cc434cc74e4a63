"""Places as people write them: the gazetteer of ``seed_data/places.json`` and the ``Location:`` resolver.

A location names an economy, a city, or both, in any order and with whatever separator people use
("Podgorica, Montenegro", "Crna Gora - Podgorica", "Приштина", "Skopje (North Macedonia)", "Novi Sad Srbija").
Names are compared folded (``bot.matching.text.fold``: no case, no diacritics, Cyrillic read as Latin), so
"Priština", "Pristina" and "Приштина" are one key; Albanian definite and indefinite forms, Macedonian and
Serbian Cyrillic, Hungarian names in Vojvodina and English exonyms are listed in the seed file.

Rules, in order of trust:
* exact names first; a typo is forgiven only for names of five letters or more (``FUZZY_CUTOFF``), because at
  three or four letters edit distance cannot tell "Bar" from "Bor", and only with the first letter right, so an
  unlisted town does not become a listed one ("Kreševo" is not "Preševo"); economy codes (ME, RS, BIH …) count only
  when typed in capitals, so "me" or "al" in running text are not Montenegro or Albania;
* a city that belongs to another economy than the one written is an error (``PlaceConflict``), never a pick;
* a name shared by towns in two economies (Gračanica) needs the economy (``AmbiguousPlace``) unless the caller
  says which economy to prefer;
* a town the gazetteer does not know is kept as typed when the economy is named ("Plav, Montenegro").
Known cities come back in their canonical (English) display form, the one posts and profiles store.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot import SEED_DATA_DIR
from bot.matching.text import fold, letters

PLACES_FILE = SEED_DATA_DIR / "places.json"
FUZZY_MIN_LETTERS = 5
FUZZY_CUTOFF = 85.0
MAX_SPLIT_WORDS = 10  # "City Economy" without a separator is tried only on text this short (it costs words²)

# Commas, semicolons, slashes, bars, brackets, and dashes with a space on either side (a bare hyphen is part of
# names such as "Bosnia-Herzegovina" or "Herceg-Novi" and is only tried as a separator last).
_SEPARATORS = re.compile(r"\s*(?:[,;/\\|()\[\]{}]|\s[-‐‑–—]+\s|[–—]+)\s*")
_HYPHEN = re.compile(r"\s*[-‐‑]\s*")
_TRIM = " \t*.:!?\"'„“”«»‘’‚"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class Location(NamedTuple):
    economy: str  # one of bot.domain.ECONOMIES
    city: str  # canonical display name when known, as typed otherwise, "" when only the economy was given


@dataclass(frozen=True)
class Place:
    name: str  # canonical display name, stored with posts and profiles
    economy: str
    names: Mapping[str, str]  # display name per catalogue language
    spellings: tuple[str, ...] = ()

    def display(self, language: str) -> str:
        return self.names.get(language) or self.name


class PlaceError(ValueError):
    """A location that cannot be resolved; the subclasses say why."""


class UnknownPlace(PlaceError):
    """Neither an economy nor a city the gazetteer knows; ``value`` is the part that was not understood."""

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


class PlaceConflict(PlaceError):
    """A city and an economy (or two cities) that do not go together, as typed: "Skopje, Serbia"."""

    def __init__(self, city: str, economy: str, city_economies: Iterable[str]) -> None:
        super().__init__(f"{city!r} is not in {economy!r}")
        self.city, self.economy, self.city_economies = city, economy, tuple(sorted(set(city_economies)))


class AmbiguousPlace(PlaceError):
    """A name used by places in several economies, with no economy to choose between them."""

    def __init__(self, value: str, economies: Iterable[str]) -> None:
        super().__init__(value)
        self.value, self.economies = value, tuple(sorted(set(economies)))


def fold_place(text: str) -> str:
    """The comparable form of a place name: ``fold`` (case, diacritics, Cyrillic), without numbers (postcodes)."""
    return " ".join(w for w in fold(text).split() if not w.isdigit())


def _clean(text: str) -> str:
    return " ".join(_CONTROL.sub("", unicodedata.normalize("NFC", text)).split()).strip(_TRIM)


@dataclass(frozen=True)
class _Part:
    """One piece of a location as typed, and what it names exactly."""

    text: str
    economy: str | None
    places: tuple[Place, ...]


class Gazetteer:
    def __init__(
        self, economies: Mapping[str, Iterable[str]], codes: Mapping[str, str], places: Iterable[Place]
    ) -> None:
        self.places = tuple(places)
        self.economy_names = {code: tuple(names) for code, names in economies.items()}
        self._codes = dict(codes)  # typed in capitals: "ME", "BIH", "ЦГ"
        self._economies: dict[str, str] = {}
        for code, names in self.economy_names.items():
            for name in names:
                key = fold_place(name)
                if key and self._economies.setdefault(key, code) != code:
                    raise ValueError(f"economy name {name!r} is given to two economies")
        self._cities: dict[str, tuple[Place, ...]] = {}
        for place in self.places:
            for name in (place.name, *place.names.values(), *place.spellings):
                key = fold_place(name)
                if key in self._economies:
                    raise ValueError(f"place name {name!r} is also an economy's name")
                if key and place not in self._cities.get(key, ()):
                    self._cities[key] = (*self._cities.get(key, ()), place)
        # Fuzzy candidates: long names only, so a short query can never drift onto them by a letter or two.
        targets = [(k, v) for k, v in self._economies.items()] + [(k, v) for k, v in self._cities.items()]
        targets = [(k, v) for k, v in targets if letters(k) >= FUZZY_MIN_LETTERS]
        self._fuzzy_keys = [k for k, _ in targets]
        self._fuzzy_values: list[str | tuple[Place, ...]] = [v for _, v in targets]

    @classmethod
    def from_file(cls, path: Path = PLACES_FILE) -> Gazetteer:
        doc = json.loads(path.read_text(encoding="utf-8"))
        economies: dict[str, list[str]] = {}
        codes: dict[str, str] = {}
        for entry in doc["economies"]:
            economies[entry["code"]] = [*entry["names"].values(), *entry.get("spellings", [])]
            codes.update({c: entry["code"] for c in entry.get("codes", [])})
        places = [
            Place(p["name"], p["economy"], dict(p.get("names", {})), tuple(p.get("spellings", [])))
            for p in doc["places"]
        ]
        return cls(economies, codes, places)

    # ---------------------------------------------------------------------------- single names
    def spellings(self) -> int:
        """How many distinct folded names (economies and places) the gazetteer recognises."""
        return len(self._economies) + len(self._cities)

    def economy(self, text: str, fuzzy: bool = True) -> str | None:
        """The economy a name means ("Mali i Zi", "Северна Македонија", "BiH", "ME"), or None."""
        value = _clean(text)
        if value in self._codes:
            return self._codes[value]
        key = fold_place(value)
        if key in self._economies:
            return self._economies[key]
        if fuzzy:
            found = self._fuzzy(key)
            if isinstance(found, str):
                return found
        return None

    def find(self, text: str, economy: str | None = None, fuzzy: bool = True) -> tuple[Place, ...]:
        """The places a name means, exactly; else, if ``fuzzy``, the one place it is a typo of (within
        ``economy`` when given). Several places when towns of different economies share the name."""
        key = fold_place(_clean(text))
        exact = self._cities.get(key, ())
        if exact or not fuzzy:
            return exact
        found = self._fuzzy(key, economy)
        return found if isinstance(found, tuple) else ()

    def _fuzzy(self, key: str, economy: str | None = None) -> str | tuple[Place, ...] | None:
        """The economy code or places a long enough name is one clear typo away from; None on a tie."""
        if letters(key) < FUZZY_MIN_LETTERS:
            return None
        # A typo keeps the first letter: real towns a letter apart mostly differ there (Kreševo / Preševo,
        # Sjenica / Zenica), and a town the gazetteer lacks must stay unknown rather than become another.
        pairs = [(k, v) for k, v in zip(self._fuzzy_keys, self._fuzzy_values, strict=True) if k[0] == key[0]]
        if economy is not None:
            pairs = [
                (k, tuple(p for p in v if p.economy == economy))
                for k, v in pairs
                if isinstance(v, tuple) and any(p.economy == economy for p in v)
            ]
        keys, values = [k for k, _ in pairs], [v for _, v in pairs]
        found = process.extract(key, keys, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF, limit=5)
        if not found:
            return None
        best = found[0][1]
        meanings = {_identity(values[index]) for _, score, index in found if score == best}
        return values[found[0][2]] if len(meanings) == 1 else None

    # ---------------------------------------------------------------------------- locations
    def locate(self, text: str, prefer: str | None = None) -> Location:
        """Resolve a location as typed, or raise a ``PlaceError`` saying why not.

        ``prefer`` is the economy to choose when a name is shared by places in several economies (the one a
        person already pressed, say); it never overrides an economy that is written.
        """
        value = _clean(text)
        if not value:
            raise UnknownPlace("")
        parts = [p for p in (_clean(x) for x in _SEPARATORS.split(value)) if p]
        if len(parts) > 1:
            return self._resolve(parts, prefer)
        whole = self._part(parts[0] if parts else value)
        if whole.economy or whole.places:
            return self._resolve([whole.text], prefer)
        for split in (self._split_at_economy(whole.text), _HYPHEN.split(whole.text)):
            if len(split) > 1 and any(self._part(p).economy for p in split):
                return self._resolve(split, prefer)
        return self._resolve([whole.text], prefer)

    def _part(self, text: str) -> _Part:
        return _Part(text, self.economy(text, fuzzy=False), self.find(text, fuzzy=False))

    def _split_at_economy(self, text: str) -> list[str]:
        """An economy's name at either end of words without commas: "Novi Sad Srbija", "Crna Gora Podgorica"."""
        words = text.split()
        best: tuple[int, list[str]] = (0, [text])
        if len(words) > MAX_SPLIT_WORDS:
            return best[1]
        for cut in range(1, len(words)):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            for name, size in ((head, cut), (tail, len(words) - cut)):
                if size > best[0] and self.economy(name, fuzzy=False):  # the longest name: "Bosna i Hercegovina"
                    best = (size, [head, tail])
        return best[1]

    def _resolve(self, texts: list[str], prefer: str | None) -> Location:
        parts = [self._part(t) for t in texts]
        named = [p for p in parts if p.economy]
        if not named:  # "Podgorica, Montenegor": a typo in the economy, where the rest is no known city
            for index, part in enumerate(parts):
                if not part.places:
                    economy = self.economy(part.text)
                    if economy:
                        parts[index] = _Part(part.text, economy, ())
            named = [p for p in parts if p.economy]
        if named:
            first = named[0]
            for other in named[1:]:
                if other.economy != first.economy:
                    raise PlaceConflict(other.text, first.text, [other.economy or ""])
            return self._in_economy(first.economy or "", first.text, [p for p in parts if not p.economy])
        return self._without_economy(parts, prefer)

    def _in_economy(self, economy: str, economy_text: str, parts: list[_Part]) -> Location:
        cities: list[str] = []
        for part in parts:
            here = [p for p in part.places if p.economy == economy]
            if part.places and not here:
                raise PlaceConflict(part.text, economy_text, [p.economy for p in part.places])
            if not here:
                here = list(self.find(part.text, economy=economy))
            name = here[0].name if here else part.text
            if name not in cities:
                cities.append(name)
        return Location(economy, ", ".join(cities))

    def _without_economy(self, parts: list[_Part], prefer: str | None) -> Location:
        found: list[tuple[_Part, tuple[Place, ...]]] = []
        for part in parts:
            places = part.places or self.find(part.text)
            if not places:
                raise UnknownPlace(part.text)
            found.append((part, places))
        common = {p.economy for p in found[0][1]}
        for part, places in found[1:]:
            if not common & {p.economy for p in places}:  # "Belgrade, Skopje": two economies
                raise PlaceConflict(part.text, found[0][0].text, [p.economy for p in places])
            common &= {p.economy for p in places}
        if len(common) > 1:
            if prefer not in common:
                raise AmbiguousPlace(", ".join(part.text for part, _ in found), common)
            common = {prefer}
        (economy,) = common
        names: list[str] = []
        for _, places in found:
            name = next(p.name for p in places if p.economy == economy)
            if name not in names:
                names.append(name)
        return Location(economy, ", ".join(names))


def _identity(value: str | tuple[Place, ...]) -> object:
    return value if isinstance(value, str) else tuple(sorted((p.economy, p.name) for p in value))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the seed file, read once."""
    return Gazetteer.from_file()


def locate(text: str, prefer: str | None = None) -> Location:
    """``Gazetteer.locate`` on the default gazetteer: a ``Location`` or a ``PlaceError``."""
    return default_gazetteer().locate(text, prefer)


def resolve_location(text: str, prefer: str | None = None) -> Location | None:
    """(economy, city) for a location as typed, None when it names nothing known.

    A city that contradicts the economy written (``PlaceConflict``) or a shared name without an economy
    (``AmbiguousPlace``) is raised, not guessed.
    """
    try:
        return locate(text, prefer)
    except UnknownPlace:
        return None
