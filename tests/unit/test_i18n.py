"""Catalogues: every key renders in every language with the same placeholders; language choice rules."""

from __future__ import annotations

import pytest

from bot.i18n import DEFAULT_LANGUAGE, catalogues, languages, placeholders, raw_message, resolve_language, t, tn
from fakebotapi.html import parse_html


def _sample_args(text: str) -> dict[str, object]:
    return {name: "<x&y>" for name in placeholders(text) if name != "count"}


@pytest.mark.parametrize("language", languages())
def test_every_key_renders_as_valid_telegram_html(language: str) -> None:
    cat = catalogues()[language]
    for key in cat.keys:
        if key in cat.plural_keys:
            for count in (0, 1, 2, 5, 21):
                parse_html(tn(language, key, count, **_sample_args(raw_message(language, key, count))))
        else:
            args = _sample_args(raw_message(language, key))
            if "count" in placeholders(raw_message(language, key)):
                args["count"] = 3
            rendered = t(language, key, **args)
            parse_html(rendered)
            assert rendered.strip(), key


@pytest.mark.parametrize("language", languages())
def test_catalogues_have_the_same_keys_and_placeholders(language: str) -> None:
    english = catalogues()[DEFAULT_LANGUAGE]
    other = catalogues()[language]
    assert other.keys == english.keys
    assert other.plural_keys == english.plural_keys
    for key in english.keys - english.plural_keys:
        assert placeholders(raw_message(language, key)) == placeholders(raw_message(DEFAULT_LANGUAGE, key)), key


def test_user_text_is_escaped_but_safe_html_is_not() -> None:
    assert t("en", "language.changed", language="<b>&") == "✅ Language set to &lt;b&gt;&amp;."


def test_plural_forms() -> None:
    assert tn("en", "digest.candidates", 1, title="X") == "• X: 1 new matching candidate"
    assert tn("en", "digest.candidates", 2, title="X") == "• X: 2 new matching candidates"


@pytest.mark.parametrize(
    ("chosen", "telegram", "expected"),
    [(None, None, "en"), (None, "de", "en"), ("en", "sq", "en"), (None, "en-GB", "en"), ("xx", None, "en")],
)
def test_language_resolution(chosen: str | None, telegram: str | None, expected: str) -> None:
    assert resolve_language(chosen, telegram) == expected


def test_unknown_key_is_a_bug_not_a_silent_fallback() -> None:
    with pytest.raises(KeyError):
        t("en", "no.such.key")


def test_catalogue_check_finds_no_problems() -> None:
    from bot.i18n.tools import check

    assert [line for line in check() if "note —" not in line] == []


def test_serbian_cyrillic_follows_the_latin_catalogue() -> None:
    from io import BytesIO

    from babel.messages.pofile import read_po

    from bot.i18n.tools import cyrillic_catalogue

    generated = {m.id: m.string for m in read_po(BytesIO(cyrillic_catalogue())) if m.id}
    with open_locale("sr-Cyrl") as fh:
        committed = {m.id: m.string for m in read_po(fh) if m.id}
    assert generated == committed, "run python -m bot i18n update after changing sr.po"
    assert t("sr-Cyrl", "reg.accept") == "✅ Прихватам"
    assert t("sr-Cyrl", "matches.header", page=1, total=2, score="80") == "<b>Оглас 1 од 2</b> · подударност 80/100"


def open_locale(name: str):  # type: ignore[no-untyped-def]
    from importlib import resources

    return resources.files("bot.i18n.locales").joinpath(f"{name}.po").open("rb")
