"""The normaliser on the labelled evaluation set, on hard cases, and on hostile input."""

from __future__ import annotations

import pytest

from bot.matching import normalize_skill, parse_skills
from bot.matching.normalize import MAX_SKILL_CHARS, MAX_SKILLS
from bot.matching.text import fold
from tests.skills_eval import evaluate, load_cases


def _recognise(text: str) -> str | None:
    match = normalize_skill(text)
    return match.skill_id if match else None


def test_evaluation_set_meets_targets() -> None:
    cases = load_cases()
    report = evaluate(cases, _recognise)
    assert report["skills"] >= 250
    assert report["non_skills"] >= 40
    assert report["accuracy"] >= 0.95, report
    assert report["false_accept_rate"] <= 0.05, report


def test_evaluation_set_covers_every_language_and_kind() -> None:
    kinds = {c.kind.split("-")[0] for c in load_cases()}
    assert {"en", "typo", "abbr", "tool", "cert", "sq", "sr", "mk", "bs", "case", "near"} <= kinds
    local = [c for c in load_cases() if c.expected and c.kind.split("-")[0] in {"sq", "sr", "mk", "bs", "hr", "cnr"}]
    assert len(local) >= 60


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pentest", "off.pentest"),
        ("forenzika digjitale", "dfir.forensics"),
        ("сајбер безбедност", "grc.isms"),
        ("SOC", "soc.monitoring"),
        ("soc", "soc.monitoring"),
        ("sock", None),
        ("socks", None),
        ("mobile phone repair", None),
        ("Java", None),
        ("IR", "dfir.ir"),
        ("ir", "dfir.ir"),
        ("Incidnet respnse", "dfir.ir"),
        ("ПЕНЕТРАЦИСКО ТЕСТИРАЊЕ", "off.pentest"),
        ("splunk admin", "soc.siem"),
        ("dev sec ops", "app.devsecops"),
        ("security guard", None),
    ],
)
def test_hard_cases(text: str, expected: str | None) -> None:
    assert _recognise(text) == expected


def test_short_tokens_match_only_exactly() -> None:
    for near in ("soct", "iar", "ctis", "pamm", "sso1"):
        assert normalize_skill(near) is None, near


def test_plus_hash_and_dot_are_kept_apart() -> None:
    assert len({fold("C"), fold("C++"), fold("C#")}) == 3
    assert fold(".NET") == "net"
    assert fold("MITRE ATT&CK") == "mitre att&ck"


def test_tools_weigh_less_than_skill_names() -> None:
    by_name = normalize_skill("SIEM")
    by_tool = normalize_skill("Splunk")
    assert by_name is not None and by_tool is not None
    assert by_name.skill_id == by_tool.skill_id == "soc.siem"
    assert by_tool.score < by_name.score == 100


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 10_000, "🙂" * 500, "\x00\x01\x1b[31m", "<script>alert(1)</script>", "pentест", "\u202epentest"],
)
def test_hostile_input_gives_an_answer_not_an_exception(text: str) -> None:
    result = normalize_skill(text)
    assert result is None or result.skill_id in {"off.pentest"}


def test_parse_splits_lists_and_keeps_leftovers() -> None:
    parsed = parse_skills(
        "SIEM, Splunk and EDR; pentest / OSINT\nforenzika digjitale и сајбер безбедност, underwater basket weaving"
    )
    assert parsed.skill_ids == ["soc.siem", "soc.edr", "off.pentest", "cti.osint", "dfir.forensics", "grc.isms"]
    assert parsed.unrecognised == ["underwater basket weaving"]


def test_parse_keeps_slashes_inside_a_skill() -> None:
    parsed = parse_skills("IDS/IPS, CI/CD security, TCP/IP, ISO/IEC 27001")
    assert parsed.skill_ids == ["soc.ids", "app.devsecops", "edu.networking", "grc.iso27001"]
    assert parsed.unrecognised == []


def test_parse_local_conjunctions() -> None:
    assert parse_skills("digitalna forenzika i kriptografija").skill_ids == ["dfir.forensics", "cld.crypto"]
    assert parse_skills("forenzika digjitale dhe kriptografi").skill_ids == ["dfir.forensics", "cld.crypto"]


def test_parse_caps_the_list_and_says_so() -> None:
    many = ", ".join(f"custom skill number {i}" for i in range(40))
    parsed = parse_skills("SIEM, " + many)
    assert len(parsed.recognised) + len(parsed.unrecognised) == MAX_SKILLS
    assert parsed.over_limit == 41 - MAX_SKILLS
    assert parsed.recognised[0].skill_id == "soc.siem"


def test_parse_refuses_over_long_items_visibly() -> None:
    parsed = parse_skills("pentest, " + "a" * 200)
    assert parsed.skill_ids == ["off.pentest"]
    assert len(parsed.too_long) == 1 and len(parsed.too_long[0]) == MAX_SKILL_CHARS + 1


def test_parse_huge_paste_is_truncated_and_flagged() -> None:
    parsed = parse_skills("pentest, " * 5000)
    assert parsed.truncated_input
    assert parsed.skill_ids == ["off.pentest"]


def test_parse_strips_control_and_zero_width_characters() -> None:
    parsed = parse_skills("pen\u200btest, \x07SIEM")
    assert parsed.skill_ids == ["off.pentest", "soc.siem"]
