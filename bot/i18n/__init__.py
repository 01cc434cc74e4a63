"""Translation catalogues and the one lookup every user-facing string goes through.

Catalogues are gettext ``.po`` files (one per language, symbolic keys as msgids) read with Babel at start-up.
gettext is the format translators and their tools know; Babel reads ``.po`` directly and supplies each
language's plural rule, so there is no compile step to forget and plural forms are right for every language.
"""

from __future__ import annotations

import gettext
import html
import logging
from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import BytesIO
from string import Formatter

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"

# Telegram's language_code → our catalogue. Bosnian, Croatian and Montenegrin readers get Serbian Latin
# until native catalogues exist.
_TELEGRAM_LANGUAGE_MAP = {"sq": "sq", "sr": "sr", "bs": "sr", "hr": "sr", "me": "sr", "cnr": "sr", "mk": "mk"}


class SafeHTML(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""


@dataclass(frozen=True)
class Catalogue:
    language: str
    translations: gettext.GNUTranslations
    keys: frozenset[str]
    plural_keys: frozenset[str]
    reviewed: bool = True  # False while the catalogue's Last-Translator says it is an unreviewed draft


@cache
def catalogues() -> dict[str, Catalogue]:
    found: dict[str, Catalogue] = {}
    for entry in sorted(resources.files("bot.i18n.locales").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".po"):
            continue
        language = entry.name.removesuffix(".po")
        with entry.open("rb") as fh:
            catalog = read_po(fh, locale=language.replace("-", "_"))
        buf = BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        keys = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        plural = {m.id[0] for m in catalog if m.id and not isinstance(m.id, str)}
        reviewed = "not reviewed" not in (catalog.last_translator or "")
        found[language] = Catalogue(
            language, gettext.GNUTranslations(buf), frozenset(keys), frozenset(plural), reviewed
        )
    if DEFAULT_LANGUAGE not in found:
        raise RuntimeError("the English catalogue is missing")
    return found


def languages() -> list[str]:
    """Languages with a catalogue, English first."""
    return sorted(catalogues(), key=lambda code: (code != DEFAULT_LANGUAGE, code))


def resolve_language(chosen: str | None, telegram_code: str | None) -> str:
    """The user's choice, else their Telegram app's language when we have it, else English."""
    available = catalogues()
    if chosen in available:
        return chosen
    if telegram_code:
        base = telegram_code.lower().replace("_", "-").split("-")[0]
        mapped = _TELEGRAM_LANGUAGE_MAP.get(base, base)
        if mapped in available:
            return mapped
    return DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Names:
    """A placeholder value given as catalogue keys (a list of choices, say), so that a service can name things
    without knowing the reader's language: ``t`` renders each key in it and joins them with ", "."""

    keys: tuple[str, ...]


def _escape_args(language: str, kwargs: dict[str, object]) -> dict[str, object]:
    return {
        k: SafeHTML(", ".join(t(language, key) for key in v.keys)) if isinstance(v, Names)
        else v if isinstance(v, SafeHTML) or not isinstance(v, str) else html.escape(v, quote=False)
        for k, v in kwargs.items()
    }  # fmt: skip


def _catalogue_for(language: str, key: str) -> Catalogue:
    available = catalogues()
    cat = available.get(language)
    if cat is None or key not in cat.keys:
        if language != DEFAULT_LANGUAGE:
            log.warning("missing translation %s for %s, using English", key, language)
        cat = available[DEFAULT_LANGUAGE]
        if key not in cat.keys:
            raise KeyError(f"unknown message key {key!r}")
    return cat


def t(language: str, key: str, /, **kwargs: object) -> SafeHTML:
    """The message ``key`` in ``language`` as HTML; string arguments are escaped unless marked SafeHTML."""
    cat = _catalogue_for(language, key)
    return SafeHTML(cat.translations.gettext(key).format(**_escape_args(language, kwargs)))


def tn(language: str, key: str, count: int, /, **kwargs: object) -> SafeHTML:
    """A message with plural forms chosen by ``count`` under the language's own plural rule."""
    cat = _catalogue_for(language, key)
    text = cat.translations.ngettext(key, key + ".plural", count)
    return SafeHTML(text.format(count=count, **_escape_args(language, kwargs)))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def raw_message(language: str, key: str, plural_index: int | None = None) -> str:
    """The untranslated template, for catalogue checks."""
    cat = catalogues()[language]
    if plural_index is None:
        return cat.translations.gettext(key)
    return cat.translations.ngettext(key, key + ".plural", plural_index)
