"""English loanwords respelled the local way: "fajervol" is firewall, "malver" malware, "fišing" phishing.

People in the region write English technical words as they hear them, and every language does it differently
("фајервол", "fajervol", "faervol"). Rather than list every spelling, both sides are reduced to a rough sound
key: English spelling conventions are mapped to the local ones (``ph``→f, ``w``→v, ``x``→ks, ``c``→k or s,
``-tion``→``-cija``), then vowels, ``j``, ``h`` and doubled letters are dropped, keeping the first letter.
"fajervol" and "firewall" are both ``f·rvl``; "enkripcija" and "encryption" are both ``e·nkrpc``.

A key is only trusted when it is long enough (three consonants, a word of five letters or more) and names one
English word's concept alone; the matcher then still requires the whole phrase to match an alias.

Serbian Cyrillic (and Macedonian) cannot keep an English name as it is spelled: "Докер", "Џенкинс", "Краудстрајк",
"Мимикац" are written as they sound, where Latin text keeps "Docker" or "Jenkins". So an English word also has
*variant* keys for the sounds its spelling hides (``j`` is дж, ``ow`` is one vowel, ``tz`` is ц, ``gh`` is г, ``ch``
is ч, a soft ``g`` is џ, an initial ``y`` is ј), used only where no plain key says otherwise and only when four
consonants long; and the words that are an alias on their own (tool and product names) are also *respelled* with
their vowels kept ("docker" → doker, "ghidra" → gidra, "mimikatz" → mimikac), which trusts names of five letters
with fewer consonants too, because a whole word spelled letter for letter rarely meets a local word by chance.
Generic words and role nouns need the longer key as well, and the English words that are only harmless in English
text ("project", "environment") have none: "projekat" stays unknown.

English is also written as it is *said* ("секјурити", "мобајл", "полиси", "тиминг", "пенетрејшн"): ``said`` puts an
English word into local letters and tries a handful of vowel rules (i-e as aj, ea as i, -tion as šn, cu as kju…)
alone and together; the spellings that come out (five letters at least, one concept each, not from an acronym)
must meet the local word letter for letter, vowels included, which a key without vowels could not risk.
"""

from __future__ import annotations

import re

MIN_WORD = 5
MIN_CONSONANTS = 3
MIN_RESPELLED = 5
MIN_SAID_ENGLISH = 4

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


# How the spelling of an English word may hide its sound, each tried on its own and all together.
_VARIANTS = (
    (re.compile(r"(?<=o)w"), ""),  # crowd → kraud, power → pauer, windows → vindous
    (re.compile(r"j"), "dz"),  # jenkins → dženkins
    (re.compile(r"t[sz]"), "C"),  # mimikatz → mimikac (C: a c that stays c)
    (re.compile(r"gh"), "g"),  # ghidra → gidra
    (re.compile(r"^y(?=[aeiou])"), "j"),  # yara → jara
    (re.compile(r"g(?=[eiy])"), "dz"),  # intelligence → intelidžens
    (re.compile(r"t?ch"), "C"),  # benchmark → benčmark, patch → peč (ch is k in "orchestration")
)


def english_variants(word: str) -> set[str]:
    """Other ways a local writer may hear an English word (``english_key`` gives the plain one)."""
    spellings = {word}
    for pattern, sound in _VARIANTS:
        spellings |= {pattern.sub(sound, s) for s in spellings}
    return spellings - {word}


def _collapse(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def respelled(word: str) -> set[str]:
    """An English word written the local way letter for letter, vowels kept: "docker" → doker, "azure" → azur;
    an ``ow`` also as it is said ("powershell" → pauršel, "windows" → vindous)."""
    return {_respelled(w) for w in {word, word.replace("ow", "au"), word.replace("ow", "ou")}}


def _respelled(word: str) -> str:
    word = re.sub(r"^y(?=[aeiou])", "J", word.replace("j", "dz")).replace("y", "i")
    word = word.replace("gh", "g").replace("tz", "C")
    for spelling, sound in _ENGLISH_SPELLING:
        word = word.replace(spelling, sound)
    word = _SOFT_C.sub("s", word).replace("c", "k").replace("C", "c").replace("J", "j")
    if len(word) > 4 and word.endswith("e") and word[-2] not in "aeiou":
        word = word[:-1]  # a silent e: azure → azur
    return _collapse(word)


# English words written as they are *said* ("секјурити", "мобајл", "полиси", "тиминг", "рисерч"): the spelling
# is first put into local letters (upper case: settled), then each vowel rule below is tried on its own and in
# combination, and what comes out is compared with the local word letter for letter, vowels included.
_C = "bcdfgklmnprstvz"
_SAID_CONSONANTS = (
    (r"j", "DZ"), (r"tion", "SN"), (r"sion", "ZN"), (r"[ct]ial", "SAL"), (r"ture", "CR"), (r"ph", "F"), (r"th", "T"),
    (r"sh", "S"), (r"t?ch", "C"), (r"ck", "K"), (r"qu", "KV"), (r"x", "KS"), (r"c(?=[eiy])", "S"), (r"c", "K"),
    (r"gh", "G"),
)  # fmt: skip
_SAID_VOWELS = tuple(
    (re.compile(pattern), sound)
    for pattern, sound in (
        (r"ow", "AU"),  # power → pauer
        (r"ow", "OU"),  # windows → vindous
        (r"i?ew", "JU"),  # review → revju
        (r"(?<=[a-z]{3})e(?=ment)", ""),  # management → menadžment
        (r"igh", "AJ"),
        (rf"i(?=[{_C}]{{1,2}}e$)", "AJ"),  # mobile → mobajl, crime → krajm
        (rf"^i(?=[{_C}])", "AJ"),  # identity → ajdentiti
        (rf"a(?=[{_C}]{{1,2}}e$)", "EJ"),  # range → rejndž
        (r"a(?=SN)", "EJ"),  # penetration → penetrejšn
        (r"a[iy]", "EJ"),  # chain → čejn, gateway → gejtvej
        (r"ea", "I"),  # teaming → timing
        (r"ea", "E"),  # research → riserč
        (r"ee", "I"),
        (r"oo|ue", "U"),  # bluetooth → blutut
        (r"ou", "AU"),  # bounty → baunti
        (rf"u(?=[{_C}]{{2}}|[{_C}]$)", "A"),  # trust → trast, supply → saplaj, hunting → hanting
        (r"(?<=[KMPDFB])u", "JU"),  # security → sekjuriti, computer → kompjuter
        (r"^([^aeiou]*)a(?=[^aeiouyAEIOU]{2}|[^aeiouyAEIOU]$)", r"\1E"),  # flag → fleg, capture → kepčr
        (r"^re", "RI"),  # review → rivju
        (r"^([^aeiou])y", r"\1AJ"),  # cyber → sajber
        (rf"(?<=[{_C}])y$", "AJ"),  # supply → saplaj
        (r"g(?=[ei])", "DZ"),  # intelligence → inteligens, range → rejndž
    )
)
_SAID_MAX = 256


def said(word: str) -> set[str]:
    """Local spellings of an English word as it is said, folded: "security" → sekjuriti (among others)."""
    for pattern, sound in _SAID_CONSONANTS:
        word = re.sub(pattern, sound, word)
    spellings = {word}
    for pattern, sound in _SAID_VOWELS:
        spellings |= {pattern.sub(sound, s) for s in spellings}
        if len(spellings) > _SAID_MAX:
            break
    found = set()
    for spelling in spellings:
        spelling = spelling.replace("w", "v").replace("y", "i").lower()
        if len(spelling) > 4 and spelling.endswith("e") and spelling[-2] not in "aeiou":
            spelling = spelling[:-1]  # a silent e: secure → sekjur
        found.add(_collapse(spelling))
    return found


def local_key(word: str) -> str:
    """The sound key of a folded local word ("fajervol", "enkripcija", "fising")."""
    return _skeleton(word)


def trusted(word: str, key: str, consonants: int = MIN_CONSONANTS) -> bool:
    return len(word) >= MIN_WORD and len(key.split("·")[1]) >= consonants


class LoanwordIndex:
    """Sound keys of the English words the aliases use, each to the one concept it stands for.

    ``english`` maps content words to their concepts; ``weak`` the generic words and role nouns ("platform",
    "trainer"), which a phrase may leave out, so their keys must be longer (four consonants) before a local word
    is read as one; ``names`` the words that are an alias on their own ("docker", "ghidra"), the only ones
    respelled with their vowels.
    """

    def __init__(self, english: dict[str, str], weak: dict[str, str] | None = None,
                 names: dict[str, str] | None = None, acronyms: frozenset[str] = frozenset()) -> None:  # fmt: skip
        plain: dict[str, set[str]] = {}
        variant: dict[str, set[str]] = {}
        spelled: dict[str, set[str]] = {}
        words = [(w, c, MIN_CONSONANTS) for w, c in english.items()]
        words += [(w, c, MIN_CONSONANTS + 1) for w, c in (weak or {}).items()]
        for word, concept, consonants in words:
            if len(word) < MIN_WORD or not word.isalpha():
                continue
            key = english_key(word)
            if trusted(word, key, consonants):
                plain.setdefault(key, set()).add(concept)
            for other in english_variants(word):
                key = english_key(other)
                if trusted(other, key, MIN_CONSONANTS + 1):  # a variant is a guess: it needs a longer key
                    variant.setdefault(key, set()).add(concept)
        for word, concept in (names or {}).items():
            if len(word) >= MIN_RESPELLED and word.isalpha():
                for spelling in respelled(word):
                    spelled.setdefault(spelling, set()).add(concept)
        spoken: dict[str, set[str]] = {}
        for word, concept, _ in words:
            if len(word) >= MIN_SAID_ENGLISH and word.isalpha() and word not in acronyms:  # "TAXII" is no taxi
                for spelling in said(word):
                    if len(spelling) >= MIN_RESPELLED:
                        spoken.setdefault(spelling, set()).add(concept)
        # A key shared by two concepts says nothing: leave it out. A variant never overrides a plain key.
        self._keys = {key: next(iter(concepts)) for key, concepts in plain.items() if len(concepts) == 1}
        for key, concepts in variant.items():
            if key not in plain and len(concepts) == 1:
                self._keys[key] = next(iter(concepts))
        self._spelled = {word: next(iter(concepts)) for word, concepts in spelled.items() if len(concepts) == 1}
        self._spoken = {
            word: next(iter(concepts))
            for word, concepts in spoken.items()
            if len(concepts) == 1 and spelled.get(word, concepts) == concepts
        }

    def concept(self, word: str) -> str | None:
        """The English concept a local respelling stands for, or None."""
        if not word.isalpha():
            return None
        if len(word) >= MIN_RESPELLED:
            found = self._spelled.get(_collapse(word)) or self._spoken.get(_collapse(word))
            if found is not None:
                return found
        key = local_key(word)
        if not trusted(word, key):
            return None
        return self._keys.get(key)
