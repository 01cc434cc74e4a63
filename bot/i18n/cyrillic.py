"""Serbian Cyrillic from the Serbian Latin catalogue: the two scripts map letter for letter.

What must stay as written is left alone: placeholders, HTML tags and entities, commands, <code> blocks, web
addresses, and words in capitals or with digits (SIEM, ECSF, ISO 27001). ``python -m bot i18n update`` rewrites
``sr-Cyrl.po`` from ``sr.po``, so reviewers only ever correct the Latin catalogue.
"""

from __future__ import annotations

import re

_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ", "LJ": "Љ", "NJ": "Њ", "DŽ": "Џ"}
_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж", strict=True))
_LETTERS.update({k.upper(): v.upper() for k, v in _LETTERS.items()})
# Names that are not Serbian words and stay in Latin letters.
KEEP = {"Balkan", "Cyber", "Talent", "Bridge", "Telegram", "WhatsApp", "Viber", "Signal", "Python", "Penetration",
        "Tester", "Poedit"}  # fmt: skip
_PROTECTED = re.compile(
    r"<code>.*?</code>|<[^>]+>|&#?\w+;|\{[^}]*\}|/[a-z_]+|https?://\S+|\b[\w.-]+\.(?:org|com|me)\b", re.S
)
_WORD = re.compile(r"[A-Za-zčćđšžČĆĐŠŽ]+")


def _word(word: str) -> str:
    if word in KEEP or (word.isupper() and len(word) > 1) or any(c.isdigit() for c in word):
        return word
    out, i = [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
        else:
            out.append(_LETTERS.get(word[i], word[i]))
            i += 1
    return "".join(out)


def _plain(text: str) -> str:
    return _WORD.sub(lambda m: _word(m.group(0)), text)


def to_cyrillic(text: str) -> str:
    parts, pos = [], 0
    for match in _PROTECTED.finditer(text):
        parts.append(_plain(text[pos : match.start()]))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(_plain(text[pos:]))
    return "".join(parts)
