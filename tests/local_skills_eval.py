"""The blind local-language evaluation set (issue #14): strings no alias lists, in sq, sr/bs/cnr/hr and mk.

``tests/data/local_skills_eval.tsv`` has columns text, language, expected skill id (or ``none`` for a near miss),
split (``tune`` or ``test``). Rules were tuned on the ``tune`` rows only; the ``test`` rows are only ever
evaluated in aggregate (``python -m tests.local_skills_eval`` prints figures, never texts).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LOCAL_EVAL_FILE = Path(__file__).parent / "data" / "local_skills_eval.tsv"

# How figures are grouped for reporting: Serbian, Bosnian, Montenegrin and Croatian in Latin script are one
# group (one normaliser path); Serbian Cyrillic is reported apart; Macedonian includes its Latin spellings.
GROUPS = {"sq": "sq", "sr": "sr-Latn", "bs": "sr-Latn", "cnr": "sr-Latn", "hr": "sr-Latn", "sr-Cyrl": "sr-Cyrl",
          "mk": "mk", "mk-Latn": "mk"}  # fmt: skip


@dataclass(frozen=True)
class LocalCase:
    text: str
    language: str
    expected: str | None
    split: str

    @property
    def group(self) -> str:
        return GROUPS.get(self.language, self.language)


def load_local_cases(split: str | None = None) -> list[LocalCase]:
    cases = []
    for number, line in enumerate(LOCAL_EVAL_FILE.read_text(encoding="utf-8").splitlines()):
        if number == 0 or not line.strip() or line.startswith("#"):
            continue
        text, language, expected, part = line.split("\t")
        if split is None or part == split:
            cases.append(LocalCase(text, language, None if expected == "none" else expected, part))
    return cases


def _figures(cases: list[LocalCase], answers: dict[str, str | None]) -> dict[str, float | int]:
    skills = [c for c in cases if c.expected]
    others = [c for c in cases if not c.expected]
    right = sum(answers[c.text] == c.expected for c in skills)
    wrong = sum(answers[c.text] not in (None, c.expected) for c in skills)
    false = sum(answers[c.text] is not None for c in others)
    return {
        "skills": len(skills),
        "near_misses": len(others),
        "recognised": right / len(skills) if skills else 1.0,
        "wrong_skill": wrong / len(skills) if skills else 0.0,
        "kept_as_written": (len(skills) - right - wrong) / len(skills) if skills else 0.0,
        "false_accepts": false / len(others) if others else 0.0,
    }


def evaluate_local(cases: list[LocalCase], recognise: Callable[[str], str | None]) -> dict[str, dict]:
    """Figures overall, per reporting group and per language code: share recognised as the right skill, share
    sent to a wrong skill, share kept as written (skill rows); share accepted as any skill (near misses)."""
    answers = {c.text: recognise(c.text) for c in cases}
    report: dict[str, dict] = {"all": _figures(cases, answers)}
    for key in ("group", "language"):
        for value in sorted({getattr(c, key) for c in cases}):
            report[f"{key}:{value}"] = _figures([c for c in cases if getattr(c, key) == value], answers)
    return report


def _recognise(text: str) -> str | None:
    from bot.matching import normalize_skill

    match = normalize_skill(text)
    return match.skill_id if match else None


def main() -> None:
    """Aggregate figures only, for the split named on the command line (default: test)."""
    split = sys.argv[1] if len(sys.argv) > 1 else "test"
    report = evaluate_local(load_local_cases(split), _recognise)
    rounded = {k: {f: round(v, 3) if isinstance(v, float) else v for f, v in r.items()} for k, r in report.items()}
    print(json.dumps({"split": split, **rounded}, indent=1))


if __name__ == "__main__":
    main()
