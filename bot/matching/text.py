"""Folding free text into a comparable form: one script, no diacritics, no case, no filler."""

from __future__ import annotations

import re
import unicodedata

# Serbian and Macedonian Cyrillic to the Latin spellings people type without diacritics.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "ѓ": "gj", "е": "e", "ж": "z", "з": "z",
    "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "ќ": "kj", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "c", "џ": "dz", "ш": "s", "ѐ": "e", "ѝ": "i", "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja",
    "щ": "sc", "ь": "", "ъ": "", "ё": "e", "є": "e", "і": "i", "ї": "i",
}  # fmt: skip
_LATIN_SPECIAL = {"đ": "dj", "ð": "d", "ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i"}
_TRANSLATE = str.maketrans({**_CYRILLIC, **_LATIN_SPECIAL})

# Words that say how much or how well, not what: dropped from skills and aliases alike.
FILLER = frozenset(
    """
    experience experienced with in of on for the a an and knowledge know skills skill basic basics advanced
    good strong solid expert expertise proficient proficiency familiar familiarity working hands hands-on
    understanding deep level senior junior certified certification years year yrs plus some excellent
    iskustvo iskustva znanje znanja poznavanje osnove osnovno napredno dobro odlicno rad sa u iz za na
    pervoje pervoja njohuri njohja te me ne per dhe nga e i
    iskustvo poznavanje znaenje so od vo za na
    """.split()
)
_YEARS = re.compile(r"\b\d+\s*\+?\s*(?:years?|yrs?|godina|godine|godini|vjet|vite)\b")
_KEEP = re.compile(r"[^a-z0-9+#.&\s]")


def fold(text: str) -> str:
    """Case-fold, transliterate Cyrillic, strip diacritics, keep ``+ # . &`` (C++, C#, .NET, ATT&CK)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLATE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _YEARS.sub(" ", text)
    text = _KEEP.sub(" ", text)
    words = [w.strip(".") for w in text.split()]
    return " ".join(w for w in words if w and w not in FILLER)


def letters(text: str) -> int:
    return sum(c.isalnum() for c in text)


def plain(text: str) -> str:
    """Case-folded, Latin, without diacritics, single-spaced: how labels and words compare across scripts.

    Unlike ``fold`` it keeps every word, so short field names such as "Level" or "Rok" survive.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLATE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split())
