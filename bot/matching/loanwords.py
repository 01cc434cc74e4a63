"""English loanwords respelled the local way: "fajervol" is firewall, "malver" malware, "fišing" phishing.

People in the region write English technical words as they hear them, and every language does it differently
("фајервол", "fajervol", "faervol"). Rather than list every spelling, both sides are reduced to a rough sound
key: English spelling conventions are mapped to the local ones (``ph``→f, ``w``→v, ``x``→ks, ``c``→k or s,
``-tion``→``-cija``), then vowels, ``j``, ``h`` and doubled letters are dropped, keeping the first letter.
"fajervol" and "firewall" are both ``f·rvl``; "enkripcija" and "encryption" are both ``e·nkrpc``.

A key is only trusted when it is long enough (three consonants, a word of five letters or more) and names one
English word's concept alone; the matcher then still requires the whole phrase to match an alias.
"""

from __future__ import annotations

import re

MIN_WORD = 5
MIN_CONSONANTS = 3

_ENGLISH_SPELLING = (
    ("tion", "Cija"),  # encryption → enkripcija (C: a c that stays c)
    ("sion", "zija"),
    ("ph", "f"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "c"),
    ("ck", "k"),
    ("qu", "kv"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_DROP = re.compile(r"[aeiouyjh]")


def _skeleton(word: str) -> str:
    first = word[:1]
    rest = _DROP.sub("", word[1:].replace("z", "s"))
    collapsed = []
    for char in rest:
        if not collapsed or collapsed[-1] != char:
            collapsed.append(char)
    return first + "·" + "".join(collapsed)


def english_key(word: str) -> str:
    """The sound key of an English word (folded, lower case)."""
    for spelling, sound in _ENGLISH_SPELLING:
        word = word.replace(spelling, sound)
    word = _SOFT_C.sub("s", word).replace("c", "k").replace("C", "c")
    return _skeleton(word)


def local_key(word: str) -> str:
    """The sound key of a folded local word ("fajervol", "enkripcija", "fising")."""
    return _skeleton(word)


def trusted(word: str, key: str) -> bool:
    return len(word) >= MIN_WORD and len(key.split("·")[1]) >= MIN_CONSONANTS


class LoanwordIndex:
    """Sound keys of the English words the aliases use, each to the one concept it stands for."""

    def __init__(self, english: dict[str, str]) -> None:
        found: dict[str, set[str]] = {}
        for word, concept in english.items():
            if len(word) < MIN_WORD or not word.isalpha():
                continue
            key = english_key(word)
            if trusted(word, key):
                found.setdefault(key, set()).add(concept)
        # A key shared by two concepts says nothing: leave it out.
        self._keys = {key: next(iter(concepts)) for key, concepts in found.items() if len(concepts) == 1}

    def concept(self, word: str) -> str | None:
        """The English concept a local respelling stands for, or None."""
        if not word.isalpha():
            return None
        key = local_key(word)
        if not trusted(word, key):
            return None
        return self._keys.get(key)
