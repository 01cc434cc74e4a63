"""Recognising a skill from the *meaning* of its words: every alias and every query as a bag of English concepts.

"odgovor na bezbednosne incidente", "справување со безбедносни инциденти" and "incident response" are the same
skill in different words. Each word is reduced to an English concept (``lemmas.py``: English alias words,
the local lexicon through inflections, loanword respellings, one-letter typos of a known word); the bag of
concepts of the query is then looked up among the bags of all aliases, order-free.

When the bag does not match as typed, words may be left out at a cost: a modifier ("cyber", "information",
"digital", the adjective "security") or a generic word ("tools", "platforms", "solutions", "attacks", "devices")
costs 1, the noun "security" 2; a role noun may stand for its activity ("auditor" → audit) or be left out
("threat intelligence analitičar"). The cheapest reading wins; two aliases of one skill side by side count too
("programiranje u Pythonu").
Guards against a wrong skill, which is worse than "kept as written":
- an unknown word is never dropped, so "forensic accounting" or "bezbednost na radu" is no skill;
- the cheapest readings must agree on one skill, otherwise nothing is returned;
- at most three points of leaving out; never a modifier alone; a broad activity ("training") does not stand alone
  once a word other than "security"/"cyber" was left out ("obuka zaposlenih", staff training);
- protection is never left out in front of a threat ("zaštita od malvera" is not malware analysis);
- two-letter abbreviations count only in capitals, one-word acronym aliases only when typed ("GRID");
- "information" reads "cyber" only next to "security" ("informaciona bezbednost" is cybersecurity, a law on
  information is no cyber law); a typo is read only as a word that must be matched, never as one that may be left
  out or as a role noun ("prodavac", a salesman, is no "predavač", a trainer).
Script: a Cyrillic word spelled letter by letter from English ("сецуритј", "нетворк") is put back into English
spelling, and an abbreviation in Cyrillic letters into Latin ones ("КСДР" → XDR, "ЈАРА" → YARA); English
written as it is said ("секјурити", "мобајл") is read through ``loanwords.said``; "sajber"/"kiber" written onto a
word ("sajberbezbednost", "kibersiguria") is cyber + that word.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.matching.lemmas import (
    COMPOUND_ONLY,
    COMPOUNDS,
    CONTENT,
    DROP_COST,
    ENGLISH,
    ENGLISH_COMPOUNDS,
    GENERIC,
    HARMLESS,
    HEAD,
    LEXICON,
    MODIFIER,
    ROLE,
    STOPWORDS,
    Sense,
    local_sense,
    one_script,
    singular,
    stems,
    strip_tails,
)
from bot.matching.loanwords import LoanwordIndex
from bot.matching.taxonomy import Taxonomy
from bot.matching.text import fold

MAX_COST = 3
MAX_WORDS = 8
# Alias side: "industrial control systems security" also answers "industrial control systems", at cost 1, when
# at least this many other concepts remain (so "network security" never shrinks to "network").
ALIAS_DROP_MIN_REST = 3
TYPO_MIN_LETTERS = 6
ABBREVIATION_LETTERS = 6
SPLIT_COST = 1
SENSE_CACHE = 50_000
# Activities too broad to stand alone once a word was left out of the phrase around them.
BROAD = frozenset({"training", "research", "programming", "code", "audit", "compliance", "test", "analysis",
                   "development", "management", "design", "plan", "review", "investigation", "monitoring",
                   "scripting", "handling", "response"})  # fmt: skip
# Leaving these out keeps a phrase in the field ("obuka o bezbednosti" is still cybersecurity training).
DOMAIN = frozenset({"security", "cyber"})
# Words that say the activity is done, not to what: leaving them out keeps its object ("pisanje skripti" is
# scripting, "organizacija sajber vežbi" cyber exercises), unlike "zaposlenih" in "obuka zaposlenih".
DOING = frozenset({"writing", "design", "implementation", "use", "participation", "organization", "conduct"})
# Protecting against a threat is not analysing it: never leave the protection out.
SHIELDS = frozenset({"protection", "prevention", "defense"})
THREATS = frozenset({"malware", "phishing", "attack", "intrusion"})
# A second reading that holds only next to "security": information security is cybersecurity.
NEEDS_SECURITY = {"information": "cyber"}
SPLIT_MAX_CONCEPTS = 5
_WEAK = {"cyber", "information"}  # the modifier half of an English compound ("cybersecurity")
CYBER_PREFIXES = ("sajber", "kiber", "cyber")
CYBER_REST_LETTERS = 4
# Cyrillic letters an abbreviation spelled in Cyrillic uses for Latin letters Serbian and Macedonian do not have;
# in capitals also к for q and ј for y.
_FOR_LATIN = {"k": ("c",), "v": ("w",)}
_FOR_LATIN_CAPITALS = {"k": ("q",), "j": ("y",)}
# Latin letters Cyrillic lacks, as a transliteration letter by letter writes them: в for w, ј (or и) for y, кс for x.
_FOR_ENGLISH = {"v": ("v", "w"), "j": ("j", "y")}
ENGLISH_SPELLING_LETTERS = 4
ENGLISH_SPELLING_CHOICES = 6
# Endings a typo is compared with (a typo check against every ending of every stem would be slow).
_TYPO_ENDINGS = ("", "a", "e", "i", "u", "o", "it", "ut", "eve", "ve", "ja", "anje", "iranje", "ovanje", "ima")


@dataclass(frozen=True)
class Word:
    """One word of a phrase: its readings, each a concept (None: left out) and what that reading costs."""

    text: str
    readings: tuple[tuple[str | None, int], ...]
    known: bool
    kind: str = CONTENT

    @property
    def concept(self) -> str | None:
        return self.readings[0][0]


@dataclass(frozen=True)
class ConceptMatch:
    skill_id: str
    alias: str  # folded alias whose bag matched
    cost: int


def _readings(sense: Sense) -> tuple[tuple[str | None, int], ...]:
    readings: list[tuple[str | None, int]] = [(sense.concept, 0)]
    if sense.kind == ROLE and sense.activity:
        readings.append((sense.activity, 0))
    if sense.alternative:
        readings.append((sense.alternative, 1))
    drop = DROP_COST[sense.kind]
    if drop is not None:
        readings.append((None, drop))
    return tuple(readings)


def _letter_options(word: str, per_letter: Callable[[str], tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The Latin letters each Cyrillic-transliterated letter of ``word`` may stand for, "ks" (кс) read as x too;
    ``itertools.product`` of them gives every spelling."""
    options: list[tuple[str, ...]] = []
    rest = word
    while rest:
        if rest.startswith("ks"):
            options.append(("ks", "x"))
            rest = rest[2:]
        else:
            options.append(per_letter(rest[0]))
            rest = rest[1:]
    return options


class ConceptMatcher:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        # English words the aliases use, each with its concept: the vocabulary English and loanwords map onto.
        self.english: dict[str, Sense] = dict(ENGLISH)
        self._senses: dict[tuple[str, bool], tuple[Sense, bool]] = {}
        self._compounds: dict[str, str] = {}
        for alias in taxonomy.aliases.values():
            if alias.kind == "local":
                continue
            for word in fold(strip_tails(alias.text)).split():
                if word.isalpha() and word not in STOPWORDS and word not in ENGLISH_COMPOUNDS:
                    sense = ENGLISH.get(word) or ENGLISH.get(singular(word)) or Sense(singular(word))
                    self.english.setdefault(word, sense)
                    self.english.setdefault(singular(word), sense)
        for sense in ENGLISH.values():  # every concept is also an English word of itself ("map", "harden")
            self.english.setdefault(sense.concept, Sense(sense.concept, sense.kind, sense.activity))
        # Abbreviations as they come out of Cyrillic ("СКАДА" → skada, "НГФВ" → ngfv, "ОВАСП" → ovasp).
        self._abbreviations = {
            fold(w) for alias in taxonomy.aliases.values() for w in alias.text.split() if w.isupper() and w.isalpha()
        }
        # Names an alias is made of on its own ("Docker", "Ghidra"), not said letter by letter ("CISSP").
        names = {
            key: self.english[key].concept
            for key, alias in taxonomy.aliases.items()
            if alias.kind != "local" and key.isalpha() and key in self.english and not alias.text.isupper()
        }
        # and the capitalised words of a product's name ("Windows Server", "Active Directory", "Kali Linux"),
        # which Cyrillic writes as they sound ("Виндоус", "Актив Директори")
        for alias in taxonomy.aliases.values():
            if alias.kind in {"tool", "alias"} and " " in alias.text:
                for word in alias.text.split():
                    key = fold(word)
                    if word[:1].isupper() and not word.isupper() and key.isalpha() and key in self.english:
                        names.setdefault(key, self.english[key].concept)
        self.loans = LoanwordIndex(
            {w: s.concept for w, s in self.english.items() if s.kind == CONTENT},
            {
                w: s.concept
                for w, s in self.english.items()
                if s.kind in (GENERIC, ROLE, HEAD, MODIFIER) and w not in HARMLESS
            },
            names,
            frozenset(self._abbreviations),
        )
        # Forms a typo is compared with, by first and last letter (both must agree).
        self._typo_forms: dict[str, list[tuple[str, Sense]]] = {}
        for stem, sense in LEXICON.items():
            # A typo is read only as a word that must be matched, never as one a phrase may leave out or a role
            # noun: an unknown word one letter from "nastan" (event), "sastav" (system) or "predavač" (trainer:
            # "prodavac" is a salesman) stays unknown, so it still blocks.
            if len(stem) >= 4 and sense.kind in (CONTENT, HEAD) and sense.concept not in COMPOUND_ONLY:
                for ending in _TYPO_ENDINGS:
                    form = stem + ending
                    self._typo_forms.setdefault(form[:1] + form[-1:], []).append((form, sense))
        for word, sense in self.english.items():  # English words inside a local phrase: "malwere analiza"
            if len(word) >= TYPO_MIN_LETTERS and sense.kind == CONTENT:
                self._typo_forms.setdefault(word[:1] + word[-1:], []).append((word, sense))
        self._acronyms = {key for key, alias in taxonomy.aliases.items() if alias.text.isupper()}
        self.index: dict[frozenset[str], dict[str, tuple[int, str]]] = {}
        self.bags: dict[str, frozenset[str]] = {}  # folded alias → its concepts
        for key, alias in taxonomy.aliases.items():
            words = self.words(alias.text)
            if not words:
                continue
            bag = frozenset(w.concept for w in words if w.concept)
            self.bags[key] = bag
            self._add(bag, alias.skill_id, 0, key)
            rest = bag - {"security"}
            if "security" in bag and len(rest) >= ALIAS_DROP_MIN_REST:
                self._add(frozenset(rest), alias.skill_id, 1, key)

        # Which skills' aliases use each concept: a concept only one skill uses points at that skill.
        self.owners: dict[str, set[str]] = {}
        for bag, entry in self.index.items():
            for concept in bag:
                self.owners.setdefault(concept, set()).update(s for s, (c, _) in entry.items() if c == 0)

    def _add(self, bag: frozenset[str], skill_id: str, cost: int, key: str) -> None:
        entry = self.index.setdefault(bag, {})
        if skill_id not in entry or entry[skill_id][0] > cost:
            entry[skill_id] = (cost, key)

    # --- words -------------------------------------------------------------------------------------------------
    def sense(self, word: str, upper: bool = True) -> tuple[Sense, bool]:
        """Cached: the same words come back in phrase after phrase."""
        key = (word, upper)
        found = self._senses.get(key)
        if found is None:
            found = self._senses[key] = self._sense(word, upper)
            if len(self._senses) > SENSE_CACHE:
                self._senses.clear()
        return found

    def _sense(self, word: str, upper: bool) -> tuple[Sense, bool]:
        """The sense of one folded word, and whether it was known (unknown words stand for themselves).

        A two-letter abbreviation counts only when typed in capitals: "AD napadi", but "siguria në re" is
        security in the cloud (sq "re"), not RE (reverse engineering).
        """
        english = self.english.get(word) or self.english.get(singular(word))
        if english is not None and (upper or len(word) > 2 or word not in self._abbreviations):
            return english, True
        local = local_sense(word)
        if local is not None:
            return local, True
        for prefix in CYBER_PREFIXES:  # written as one word: "sajberbezbednost", "kibersiguria"
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= CYBER_REST_LETTERS:
                sense, known = self.sense(rest, upper)
                if known and "+" not in sense.concept and sense.kind != ROLE:
                    return Sense("cyber+" + sense.concept, sense.kind), True
        forms = stems(word)
        for stem in forms[1:]:  # an English word with a local ending: "riskut", "serveri", "logovi"
            english = self.english.get(stem)
            if english is not None and len(stem) >= 3:
                return english, True
            if stem.endswith("n") and len(stem) > 5 and stem[:-1] in self.english:  # adjective: "antivirusna"
                return self.english[stem[:-1]], True
        for stem in forms:  # an English word transliterated letter by letter: "сецуритј", "фиревалл"
            spelled = self._english_spelling(stem, stem == word)
            if spelled is not None and spelled in self.english:
                return self.english[spelled], True
        for stem in forms:  # a loanword respelled: "fajervola" → firewall
            concept = self.loans.concept(stem)
            if concept is not None:
                return self.english.get(concept, Sense(concept)), True
        spelled = self._abbreviation(word, upper)
        if spelled is not None:
            return self.english.get(spelled, Sense(spelled)), True
        typo = self._typo(word)
        if typo is not None:
            return typo, True
        literal = next((s for s in reversed(forms) if len(s) >= 4), word)
        return Sense("?" + literal), False

    def _compound_spelling(self, word: str) -> str:
        """An unknown word put back into the English spelling of a compound ("cybersecurity"), else as it is."""
        found = self._compounds.get(word)
        if found is None:
            spelled = self._english_spelling(word, True)
            found = self._compounds[word] = spelled if spelled in ENGLISH_COMPOUNDS else word
            if len(self._compounds) > SENSE_CACHE:
                self._compounds.clear()
        return found

    def _english_spelling(self, word: str, whole: bool) -> str | None:
        """The English word a Cyrillic transliteration letter by letter stands for: Cyrillic has no w, x or y, so
        "network", "Linux", "security" come out as "нетворк", "Линукс", "сецуритј" (or "сецурити": и for y, only
        in a word without an ending, "полиција" is the police, not a policy); put back, they must be a word the
        aliases use ("cybersecurity" too), not an abbreviation ("освета" is no OSWE). Words with many such letters
        are not tried."""
        if len(word) < ENGLISH_SPELLING_LETTERS:
            return None
        options = _letter_options(
            word, lambda letter: ("i", "y") if whole and letter == "i" else _FOR_ENGLISH.get(letter, (letter,))
        )
        if sum(len(o) > 1 for o in options) > ENGLISH_SPELLING_CHOICES:
            return None
        found = {
            candidate
            for spelling in itertools.product(*options)
            if (candidate := "".join(spelling)) != word
            and (candidate in self.english or candidate in ENGLISH_COMPOUNDS)
            and candidate not in HARMLESS
            and candidate not in self._abbreviations
        }
        senses = {self.english.get(c) or ENGLISH_COMPOUNDS[c] for c in found}
        return min(found) if len(senses) == 1 else None

    def _abbreviation(self, word: str, upper: bool) -> str | None:
        """An abbreviation typed in Cyrillic letters that stand for other Latin ones: к for c, в for w, кс for x
        ("СКАДА" → SCADA, "КСДР" → XDR); typed in capitals also к for q and ј for y ("ККЛ" → KQL, "ЈАРА" → YARA)."""
        if len(word) > ABBREVIATION_LETTERS:
            return None
        capitals = _FOR_LATIN_CAPITALS if upper else {}
        options = _letter_options(word, lambda letter: (letter, *_FOR_LATIN.get(letter, ()), *capitals.get(letter, ())))
        for spelling in itertools.product(*options):
            candidate = "".join(spelling)
            if candidate != word and candidate in self._abbreviations:
                return candidate
        return None

    def _typo(self, word: str) -> Sense | None:
        """A known word with one letter wrong, missing, extra or two letters swapped (two from ten letters):
        "forenzka", "inicidenteve", "forenzkia". First and last letters must agree, so "sigurim" (insurance) is not
        "siguri"."""
        if len(word) < TYPO_MIN_LETTERS or not word.isalpha():
            return None
        allowed = 1 if len(word) < 10 else 2
        found: set[Sense] = set()
        for form, sense in self._typo_forms.get(word[:1] + word[-1:], ()):
            if abs(len(form) - len(word)) <= allowed and OSA.distance(form, word, score_cutoff=allowed) <= allowed:
                found.add(sense)
        return found.pop() if len(found) == 1 else None

    def words(self, text: str) -> list[Word]:
        """The words of a phrase with their readings, compounds joined ("muri i zjarrit" → firewall)."""
        found: list[Word] = []
        text = strip_tails(one_script(text))
        upper = {fold(w) for w in text.split() if w.isupper()}
        for token in fold(text).split():
            if token in STOPWORDS:
                continue
            if token not in ENGLISH_COMPOUNDS and token.isalpha() and not self.sense(token, token in upper)[1]:
                token = self._compound_spelling(token)  # "цјберсецуритј": cybersecurity
            if token in ENGLISH_COMPOUNDS:
                for concept in ENGLISH_COMPOUNDS[token]:
                    weak = concept in _WEAK
                    readings = ((concept, 0), (None, 1)) if weak else ((concept, 0),)
                    found.append(Word(token, readings, True, MODIFIER if weak else CONTENT))
                continue
            if any(ch.isdigit() for ch in token) or not token.isalpha():
                found.append(Word(token, ((token, 0),), True))
                continue
            sense, known = self.sense(token, token in upper)
            for concept in sense.concept.split("+"):  # "višefaktorska": multi + factor
                part = (
                    sense if concept == sense.concept else Sense(concept, MODIFIER if concept in _WEAK else sense.kind)
                )
                found.append(Word(token, _readings(part), known, part.kind))
        return _join_compounds(found)

    def leftover_blocks(self, leftover: list[str], alias: str, skill_id: str, require_known: bool) -> bool:
        """Whether words left around an alias found inside a longer text change what it means.

        A word that belongs to another skill alone ("personale" around "siguria e të dhënave": personal data is
        data protection, not data security) always does; an unknown word does when the alias is not
        distinctive on its own ("kreditit" around "menaxhimi i rrezikut": credit risk is no cyber risk).
        """
        bag = self.bags.get(alias, frozenset())
        if len(bag) == 1 and bag <= BROAD:
            return True  # "obuka" (training) inside "IT obuka" is any training, not the skill
        for word in leftover:
            if word in STOPWORDS or any(ch.isdigit() for ch in word) or not word.isalpha():
                continue
            sense, known = self.sense(word)
            if require_known and not known:
                return True
            owners = self.owners.get(sense.concept, set())
            alone = frozenset({sense.concept}) in self.index  # "kql" names a skill of its own: two skills, no change
            if sense.kind in (CONTENT, HEAD) and len(owners) == 1 and skill_id not in owners and not alone:
                return True
        return False

    # --- matching ----------------------------------------------------------------------------------------------
    def match(self, text: str) -> ConceptMatch | None:
        words = self.words(text)
        if not words or len(words) > MAX_WORDS:
            return None
        typed = {w.text for w in words} | {w.concept for w in words if w.concept}
        needs_security = [(i, NEEDS_SECURITY[w.concept]) for i, w in enumerate(words) if w.concept in NEEDS_SECURITY]
        best_cost: int | None = None
        best: dict[str, tuple[int, str]] = {}
        for choice in itertools.product(*(w.readings for w in words)):
            cost = sum(c for _, c in choice)
            if cost > MAX_COST or (best_cost is not None and cost > best_cost):
                continue
            bag = frozenset(c for c, _ in choice if c)
            if not any(c and w.kind != MODIFIER for w, (c, _) in zip(words, choice, strict=True)):
                continue  # what is left must carry meaning: not "cyber" or "digital" alone
            dropped = {w.concept for w, (c, _) in zip(words, choice, strict=True) if c is None}
            if cost and len(bag) == 1 and bag <= BROAD and not dropped <= DOMAIN | DOING:
                continue  # "obuka zaposlenih" (staff training) is not the skill "training" with a word left out
            if dropped & SHIELDS and bag & THREATS:
                continue  # "zaštita od malvera" (protection from malware) is not malware analysis
            if needs_security and "security" not in bag and any(choice[i][0] == alt for i, alt in needs_security):
                continue  # "information" reads "cyber" only in "information security", not in "information law"
            found = [(skill, cost + extra, key) for skill, (extra, key) in self.index.get(bag, {}).items()]
            if not found and 2 <= len(bag) <= SPLIT_MAX_CONCEPTS:
                found = [(skill_id, cost + SPLIT_COST, key) for skill_id, key in self._split(bag)]
            for skill_id, total, key in found:
                if key in self._acronyms and not set(key.split()) <= typed:
                    continue  # "GRID" (a certification) is typed as such, never reached from "mreža"
                if total > MAX_COST or (best_cost is not None and total > best_cost):
                    continue
                if best_cost is None or total < best_cost:
                    best_cost, best = total, {}
                if skill_id not in best or len(key) < len(best[skill_id][1]):
                    best[skill_id] = (total, key)
        if best_cost is None or len(best) != 1:
            return None  # nothing, or two skills equally likely: keep it as written
        skill_id, (cost, key) = next(iter(best.items()))
        return ConceptMatch(skill_id, key, cost)

    def _split(self, bag: frozenset[str]) -> list[tuple[str, str]]:
        """Two aliases of one skill side by side ("sigurnost Docker kontejnera": Docker + container security;
        "programiranje u Pythonu"): each part must name that skill and nothing else."""
        items = sorted(bag)
        found: dict[str, str] = {}
        for size in range(1, len(items)):
            for part in itertools.combinations(items, size):
                if items[0] not in part:
                    continue  # each split once
                first, second = self.index.get(frozenset(part), {}), self.index.get(bag - set(part), {})
                owners = {s for s, (c, _) in first.items() if c == 0}, {s for s, (c, _) in second.items() if c == 0}
                if len(owners[0]) == 1 and owners[0] == owners[1] == set(first) == set(second):
                    skill_id = next(iter(owners[0]))
                    key = max(first[skill_id][1], second[skill_id][1], key=len)
                    found.setdefault(skill_id, key)
                for named, alone, rest in (
                    (first, frozenset(part), bag - set(part)),
                    (second, bag - set(part), frozenset(part)),
                ):
                    # one alias and words that no other skill's alias uses ("Docker kontejneri"); or a one-word
                    # name only that skill uses with a word that skill's aliases use too ("VPN pristup",
                    # "analiza u Wiresharku": access, analysis)
                    skills = {s for s, (c, _) in named.items() if c == 0}
                    if len(skills) == 1 and set(named) == skills:
                        skill_id = next(iter(skills))
                        if all(self.owners.get(c) == skills for c in rest) or (
                            len(alone) == 1
                            and len(rest) <= 2
                            and not alone & BROAD
                            and all(self.owners.get(c) == skills for c in alone)
                            and all(skill_id in self.owners.get(c, ()) for c in rest)
                        ):
                            found.setdefault(skill_id, named[skill_id][1])
        return list(found.items())


def _join_compounds(words: list[Word]) -> list[Word]:
    concepts = {w.concept for w in words}
    for parts, joined in COMPOUNDS.items():
        if parts <= concepts:
            kept = [w for w in words if w.concept not in parts]
            first = next(i for i, w in enumerate(words) if w.concept in parts)
            for concept in reversed(joined.split("+")):  # "anti+phishing": two words of one alias
                kept.insert(min(first, len(kept)), Word(joined, ((concept, 0),), True))
            words, concepts = kept, {w.concept for w in kept}
    return words


__all__ = ["ConceptMatch", "ConceptMatcher", "Word"]
