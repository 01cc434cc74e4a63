"""Every skill a person writes is kept: recognised ones by id, the rest exactly as written."""

from __future__ import annotations

import pytest

from bot.matching.normalize import default_normalizer
from bot.services.professionals import merge_skills


@pytest.mark.parametrize(
    "text, kept",
    [
        ("pentestovanje, fajervol, forenzika", 3),
        ("SIEM, одговор на инциденти, пентест, форензика, AD напади, мрежна безбедност", 6),
        ("SIEM, forenzika digjitale, mur mbrojtës, softuer keqdashës", 4),
    ],
)
def test_every_skill_of_a_message_is_kept(text: str, kept: int) -> None:
    parsed = default_normalizer().parse(text)
    change = merge_skills([], parsed)
    assert len(change.added) == kept
    free = [e.free_text for e in change.added if e.free_text]
    assert free == list(parsed.unrecognised)
