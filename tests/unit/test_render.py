"""Splitting long messages keeps every part within Telegram's limit and valid HTML."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import esc, split_html, utf16_len
from fakebotapi.html import parse_html


def test_short_message_is_one_part() -> None:
    assert split_html("<b>hi</b>") == ["<b>hi</b>"]


def test_long_message_splits_at_lines_and_reopens_tags() -> None:
    lines = [f"<b>Vacancy {i}</b> — <i>{esc('SOC <analyst> & co')}</i>" for i in range(400)]
    text = "<blockquote>" + "\n".join(lines) + "</blockquote>"
    parts = split_html(text)
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= 4096
        parse_html(part)
        assert part.startswith("<blockquote>") and part.endswith("</blockquote>")
    assert "".join(parse_html(p) for p in parts).replace("\n", "") == parse_html(text).replace("\n", "")


def test_one_enormous_word_is_cut_hard_but_validly() -> None:
    parts = split_html("<code>" + "x" * 10_000 + "</code>")
    assert all(utf16_len(p) <= 4096 for p in parts)
    assert sum(len(parse_html(p)) for p in parts) == 10_000


def test_emoji_count_as_two_utf16_units() -> None:
    parts = split_html("🛡" * 3000)
    assert len(parts) == 2
    assert all(utf16_len(p) <= 4096 for p in parts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=60))
def test_any_escaped_text_splits_into_valid_parts(chunks: list[str]) -> None:
    text = "\n".join(f"<b>{esc(c)}</b> {esc(c)}" for c in chunks) * 3
    for part in split_html(text, limit=1000):
        assert utf16_len(part) <= 1000
        parse_html(part)
