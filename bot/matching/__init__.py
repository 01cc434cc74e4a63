"""Skills and matching: the taxonomy, the normaliser, scoring and recommendations. No Telegram in here."""

from __future__ import annotations

from bot.matching.normalize import ParsedSkills, SkillMatch, default_normalizer


def normalize_skill(text: str) -> SkillMatch | None:
    """The taxonomy skill that ``text`` names (typos, abbreviations, tools, local languages), or None."""
    return default_normalizer().normalize(text)


def parse_skills(text: str) -> ParsedSkills:
    """Recognised skills and unrecognised leftovers from a free-text list (commas, "and", "i", "dhe", "и"…)."""
    return default_normalizer().parse(text)


__all__ = ["ParsedSkills", "SkillMatch", "normalize_skill", "parse_skills"]
