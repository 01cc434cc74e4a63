"""Recognising a skill in what a person typed, and splitting a free-text list of skills.

Order of trust: an exact alias (after folding) first; then the phrase read by its meaning, word by word, in any of
the region's languages (``concepts.py``); then an alias spelled out inside a longer phrase; then a fuzzy match with
a cut-off; last, a skill followed by a remark in brackets ("analiza malvera (statička i dinamička)"). Short
tokens (four letters or fewer, e.g. SOC, IR, PAM) only ever match exactly, because at that length edit distance
cannot tell "sock" from "SOC".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from bot.matching.concepts import ConceptMatcher
from bot.matching.lemmas import one_script, strip_tails
from bot.matching.taxonomy import Taxonomy, default_taxonomy
from bot.matching.text import fold, letters

SHORT_TOKEN_LETTERS = 4
FUZZY_CUTOFF = 87.0
PHRASE_SCORE = 95.0
CONFIDENT_FUZZY = 92.0
LEMMA_SCORE = 96.0
WORD_TYPO_RATIO = 70.0
SHORT_WORD_LETTERS = 3
MAX_SKILLS = 30
MAX_SKILL_CHARS = 64
MAX_INPUT_CHARS = 4000

Scorer = Callable[..., Any]

_STRONG_SEPARATORS = re.compile(r"[,;\n\r|•·●▪]+|\s+-\s+")
_WEAK_SEPARATORS = re.compile(r"\s*/\s*|\s+(?:and|i|dhe|и|&|or|ili|или|ose|kao i|као и)\s+", re.IGNORECASE)
_BRACKETED = re.compile(r"\(([^()]*)\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class SkillMatch:
    skill_id: str
    name: str
    score: float
    alias: str
    method: str  # "exact", "lemma" (by meaning, concepts.py), "phrase" or "fuzzy"


@dataclass
class ParsedSkills:
    recognised: list[SkillMatch] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    too_long: list[str] = field(default_factory=list)
    over_limit: int = 0
    truncated_input: bool = False

    @property
    def skill_ids(self) -> list[str]:
        return [m.skill_id for m in self.recognised]


class SkillNormalizer:
    def __init__(
        self, taxonomy: Taxonomy, scorer: Scorer = fuzz.token_sort_ratio, cutoff: float = FUZZY_CUTOFF
    ) -> None:
        self.taxonomy = taxonomy
        self.scorer = scorer
        self.cutoff = cutoff
        self._exact = taxonomy.aliases
        # Fuzzy candidates: long aliases only, so a short query can never drift onto them by a letter or two.
        self._fuzzy_keys = [k for k in self._exact if letters(k) > SHORT_TOKEN_LETTERS]
        # token_sort_ratio is ratio over token-sorted strings: sort the aliases once, not on every comparison.
        self._presort = scorer is fuzz.token_sort_ratio
        self._choices = [_sort_tokens(k) for k in self._fuzzy_keys] if self._presort else self._fuzzy_keys
        self._choice_scorer: Scorer = fuzz.ratio if self._presort else scorer
        self._max_alias_words = max(len(k.split()) for k in self._exact)
        self._compact: dict[str, str] = {}
        for key in self._exact:
            if letters(key) > SHORT_TOKEN_LETTERS:
                self._compact.setdefault(key.replace(" ", ""), key)
        self.concepts = ConceptMatcher(taxonomy)
        self.normalize = lru_cache(maxsize=65536)(self._normalize)

    def _match(self, folded: str, score: float, method: str) -> SkillMatch:
        alias = self._exact[folded]
        skill = self.taxonomy.skills[alias.skill_id]
        return SkillMatch(skill.id, skill.name, round(score * alias.weight / 100, 1), alias.text, method)

    def _normalize(self, text: str) -> SkillMatch | None:
        text = one_script(_CONTROL.sub("", text[: MAX_SKILL_CHARS * 4]))
        folded = fold(text)
        if not folded:
            return None
        if folded in self._exact:
            return self._match(folded, 100.0, "exact")
        compact = self._compact.get(folded.replace(" ", ""))
        if compact is not None:  # spacing variants: "dev sec ops", "burpsuite"
            return self._match(compact, 100.0, "exact")
        meaning = self.concepts.match(text)
        if meaning is not None:
            return self._match(meaning.alias, LEMMA_SCORE - 2 * meaning.cost, "lemma")
        fuzzy = self._fuzzy(folded)
        if fuzzy is not None and fuzzy.score >= CONFIDENT_FUZZY:
            return fuzzy
        return self._phrase(folded) or fuzzy or self._bracketed(text)

    def _bracketed(self, text: str) -> SkillMatch | None:
        """A skill with a remark in brackets ("analiza malvera (statička i dinamička)"): the words outside name
        it, and the remark must not change it: it names the same skill or nothing, and every word of it is known
        and belongs to no other skill alone ("forenzika (računovodstvo)" stays as written)."""
        remark = " ".join(_BRACKETED.findall(text))
        outside = _BRACKETED.sub(" ", text)
        if not remark.strip() or not fold(outside):
            return None
        match = self.normalize(outside)
        if match is None:
            return None
        inner = self.normalize(remark)
        if inner is not None:
            return match if inner.skill_id == match.skill_id else None
        words = fold(strip_tails(remark)).split()
        if not words or self.concepts.leftover_blocks(words, fold(match.alias), match.skill_id, require_known=True):
            return None
        return match

    def _phrase(self, folded: str) -> SkillMatch | None:
        """An alias spelled out inside a longer phrase ("soc analyst l2"), longest first.

        Only when it carries at least half of the phrase's letters, so "network cabling technician" is not
        "network"; tool and certification names of five letters or more, and standards with a number, are
        distinctive enough on their own ("splunk admin", "iso 27001 implementation").
        """
        words = folded.split()
        for size in range(min(len(words) - 1, self._max_alias_words), 0, -1):
            for start in range(len(words) - size + 1):
                gram = " ".join(words[start : start + size])
                alias = self._exact.get(gram)
                if alias is None:
                    continue
                long_enough = letters(gram) > SHORT_TOKEN_LETTERS
                distinctive = long_enough and (
                    alias.kind in {"tool", "certification"} or any(c.isdigit() for c in gram)
                )
                if distinctive or letters(gram) * 2 >= letters(folded):
                    leftover = words[:start] + words[start + size :]
                    if self.concepts.leftover_blocks(leftover, gram, alias.skill_id, require_known=not distinctive):
                        return None
                    return self._match(gram, PHRASE_SCORE, "phrase")
        return None

    def _fuzzy(self, folded: str) -> SkillMatch | None:
        if letters(folded) <= SHORT_TOKEN_LETTERS:
            return None
        query = _sort_tokens(folded) if self._presort else folded
        found = process.extractOne(
            query, self._choices, scorer=self._choice_scorer, processor=None, score_cutoff=self.cutoff
        )
        if found is None:
            return None
        query_words = set(folded.split())
        candidates = [found]
        if not self._short_words_typed(self._fuzzy_keys[found[2]], query_words):
            candidates = process.extract(
                query, self._choices, scorer=self._choice_scorer, processor=None, score_cutoff=self.cutoff, limit=5
            )
        for _, score, index in candidates:
            key = self._fuzzy_keys[index]
            if self._short_words_typed(key, query_words) and _aligned(folded.split(), key.split()):
                return self._match(key, score, "fuzzy")
        return None

    @staticmethod
    def _short_words_typed(alias: str, query_words: set[str]) -> bool:
        """A short word in the alias ("ad" in "ad security") must be typed as is: it is an abbreviation, and a
        letter or two of edit distance turns it into anything ("guard")."""
        return all(w in query_words for w in alias.split() if letters(w) <= SHORT_WORD_LETTERS)

    def parse(self, text: str) -> ParsedSkills:
        """Split a free-text list into recognised skills and free-text leftovers; nothing is dropped silently."""
        result = ParsedSkills()
        if len(text) > MAX_INPUT_CHARS:
            text, result.truncated_input = text[:MAX_INPUT_CHARS], True
        text = _CONTROL.sub("", text)
        seen: set[str] = set()
        leftovers: set[str] = set()
        for segment in _STRONG_SEPARATORS.split(text):
            for piece in self._pieces(segment.strip()):
                if len(piece) > MAX_SKILL_CHARS:
                    result.too_long.append(piece[:MAX_SKILL_CHARS] + "…")
                    continue
                match = self.normalize(piece)
                if match is not None:
                    if match.skill_id in seen:
                        continue
                    if len(result.recognised) + len(result.unrecognised) >= MAX_SKILLS:
                        result.over_limit += 1
                        continue
                    seen.add(match.skill_id)
                    result.recognised.append(match)
                elif fold(piece) and fold(piece) not in leftovers:
                    if len(result.recognised) + len(result.unrecognised) >= MAX_SKILLS:
                        result.over_limit += 1
                        continue
                    leftovers.add(fold(piece))
                    result.unrecognised.append(" ".join(piece.split()))
        return result

    def _pieces(self, segment: str) -> list[str]:
        """A segment is one skill unless it is only recognisable split at "/" or "and" (e.g. "SIEM and EDR")."""
        if not segment:
            return []
        whole = self.normalize(segment) if len(segment) <= MAX_SKILL_CHARS else None
        parts = [p.strip() for p in _WEAK_SEPARATORS.split(segment) if p and p.strip()]
        if len(parts) <= 1 or (whole is not None and whole.method == "exact"):
            return [segment]
        matched_parts = [p for p in parts if self.normalize(p) is not None]
        if whole is not None and len(matched_parts) <= 1:
            return [segment]
        return parts


def _aligned(query: list[str], alias: list[str]) -> bool:
    """Every word on each side is a typo of, or part of, a word on the other: a fuzzy match corrects spelling,
    it does not swap a word ("bezbednost hrane", food safety, is not "bezbednost mreža", network security)."""

    def close(a: str, b: str) -> bool:
        return a == b or (min(len(a), len(b)) >= 3 and (a in b or b in a)) or fuzz.ratio(a, b) >= WORD_TYPO_RATIO

    return all(any(close(q, a) for a in alias) for q in query) and all(any(close(a, q) for q in query) for a in alias)


def _sort_tokens(text: str) -> str:
    return " ".join(sorted(text.split()))


@lru_cache(maxsize=1)
def default_normalizer() -> SkillNormalizer:
    return SkillNormalizer(default_taxonomy())
