"""``python -m bot skills TEXT...``: an admin's check of what the normaliser makes of each text."""

from __future__ import annotations

from bot.matching import normalize_skill


def print_skills(texts: list[str]) -> int:
    for text in texts:
        match = normalize_skill(text)
        if match is None:
            print(f"{text!r}: unknown")
        else:
            print(
                f"{text!r}: {match.skill_id} — {match.name} (score {match.score:g}, {match.method} via {match.alias!r})"
            )
    return 0
