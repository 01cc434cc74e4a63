"""The labelled evaluation set for the skill normaliser, shared by its test and its benchmark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVAL_FILE = Path(__file__).parent / "data" / "skills_eval.tsv"


@dataclass(frozen=True)
class Case:
    text: str
    expected: str | None
    kind: str


def load_cases() -> list[Case]:
    cases = []
    for line in EVAL_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected, kind = line.split("\t")
        cases.append(Case(text, None if expected == "-" else expected, kind))
    return cases


def evaluate(cases: list[Case], recognise: Callable[[str], str | None]) -> dict[str, float | int]:
    """Accuracy on skills, false-accept rate on non-skills, and precision over everything accepted."""
    skills = [c for c in cases if c.expected]
    others = [c for c in cases if not c.expected]
    answers = {c.text: recognise(c.text) for c in cases}
    correct = sum(answers[c.text] == c.expected for c in skills)
    accepted = [c for c in cases if answers[c.text] is not None]
    accepted_right = sum(answers[c.text] == c.expected for c in accepted)
    false_accepts = sum(answers[c.text] is not None for c in others)
    return {
        "skills": len(skills),
        "non_skills": len(others),
        "accuracy": correct / len(skills),
        "precision": accepted_right / len(accepted) if accepted else 0.0,
        "false_accept_rate": false_accepts / len(others),
    }
