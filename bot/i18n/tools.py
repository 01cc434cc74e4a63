"""``python -m bot i18n check|update``: keep the catalogues in step with the English one.

The English catalogue (``en.po``) is the template: its msgids are the symbolic keys the code uses. ``update``
adds new keys to every other catalogue (untranslated, so translators see them) and drops removed ones; ``check``
lists missing keys and placeholder mismatches, and exits non-zero when there are any.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from bot.i18n import DEFAULT_LANGUAGE, catalogues, placeholders, raw_message
from bot.i18n.cyrillic import to_cyrillic


def _locale_dir() -> Path:
    return Path(str(resources.files("bot.i18n.locales")))


def check() -> list[str]:
    problems = []
    english = catalogues()[DEFAULT_LANGUAGE]
    for language, cat in catalogues().items():
        for key in sorted(english.keys - cat.keys):
            problems.append(f"{language}: missing {key}")
        for key in sorted(cat.keys - english.keys):
            problems.append(f"{language}: obsolete {key}")
        for key in sorted((english.keys & cat.keys) - english.plural_keys):
            if placeholders(raw_message(language, key)) != placeholders(raw_message(DEFAULT_LANGUAGE, key)):
                problems.append(f"{language}: placeholders differ in {key}")
        if not cat.reviewed:
            problems.append(f"{language}: note — draft, not reviewed by a native speaker")
    return problems


CYRILLIC = "sr-Cyrl"
CYRILLIC_NAME = "Српски (ћирилица)"


def cyrillic_catalogue() -> bytes:
    """sr-Cyrl.po as it follows from sr.po, letter for letter (see bot.i18n.cyrillic)."""
    with (_locale_dir() / "sr.po").open("rb") as fh:
        catalog = read_po(fh, locale="sr")
    catalog.locale = "sr_Cyrl"  # type: ignore[assignment]
    for message in catalog:
        if not message.id:
            continue
        if message.id == "language.native_name":
            message.string = CYRILLIC_NAME
        elif isinstance(message.string, tuple):
            message.string = tuple(to_cyrillic(s) for s in message.string)
        else:
            message.string = to_cyrillic(message.string)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False, ignore_obsolete=True)
    header = b"# Serbian Cyrillic: generated from sr.po by `python -m bot i18n update`; correct sr.po, not this file.\n"
    return header + buf.getvalue()


def update() -> list[Path]:
    folder = _locale_dir()
    with (folder / f"{DEFAULT_LANGUAGE}.po").open("rb") as fh:
        template = read_po(fh)
    written = []
    for path in sorted(folder.glob("*.po")):
        if path.stem in (DEFAULT_LANGUAGE, CYRILLIC):
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=path.stem)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=0, omit_header=False, ignore_obsolete=True)
        written.append(path)
    cyrillic = folder / f"{CYRILLIC}.po"
    cyrillic.write_bytes(cyrillic_catalogue())
    written.append(cyrillic)
    return written


def main(command: str) -> int:
    if command == "update":
        for path in update():
            print(f"updated {path}")
        return 0
    problems = check()
    for line in problems:
        print(line)
    return 1 if any("note —" not in line for line in problems) else 0
