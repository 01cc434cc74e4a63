"""Serbian Cyrillic from the Serbian Latin catalogue: the two scripts map letter for letter.

``python -m bot i18n update`` rewrites ``sr-Cyrl.po`` from ``sr.po``, so reviewers only ever correct the Latin
catalogue. Serbian words are transliterated wherever they are, ``<code>`` blocks included (``/join KOD`` →
``/join КОД``, ``Polje: vrednost`` → ``Поље: вредност``); what must be typed or read as written stays in Latin:

* placeholders, HTML tags and entities, web and e-mail addresses, Telegram usernames, ``USER_ID``;
* commands with their English sub-commands (``/report vacancy|course``, ``/skills add``, ``/stats csv``);
* the English field names of the one-message form (``Title``, ``Required skills`` …, from ``bot.services.forms``);
* words with digits (NIS2, 27001), international acronyms (``ACRONYMS``: SIEM, ECSF, CERT …; other capitals are
  Serbian, e.g. KOD, RAZLOG, IT → ИТ), brand and tool names (``KEEP``), and words no Serbian word looks like: with
  q, w, x or y, or with a capital inside (WhatsApp, DevSecOps, IoT).

Where a prefix ends in n or d and the stem begins with j or ž, the letters are two sounds, not the digraph:
injekcija → инјекција, nadživeti → надживети (``_SPLIT``).

cyrtranslit (PyPI) maps the same letters and digraphs but has no notion of spans or words to keep, which is all
the work here, so the map stays written out.
"""

from __future__ import annotations

import re
from functools import cache

_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ", "LJ": "Љ", "NJ": "Њ", "DŽ": "Џ"}
_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж", strict=True))
_LETTERS.update({k.upper(): v.upper() for k, v in _LETTERS.items()})
# Stems in which n+j or d+ž meet across a morpheme boundary (the pair is two letters, not one).
_SPLIT = ("injek", "konjunk", "vanjez", "nadživ", "podžanr", "podžup")

# International acronyms that Serbian Cyrillic text writes in Latin letters. Capitals not listed here are Serbian
# (KOD, RAZLOG, MSP, SB UN, IT) and are transliterated.
ACRONYMS = frozenset(
    """AD AI API APT ATT AWS CEH CERT CIS CISA CISM CISO CISSP CK CRA CSIRT CSV DFIR DNS DOCX DORA DPO ECSF EDR ENISA
    EUR GDPR GIAC HTML HTTP HTTPS IAM ICS ID IDS IEC IP IPS ISMS ISO MITRE NIS NIST OS OSCP OSINT OT OWASP PAM PDF PKI
    SANS SCADA SIEM SOAR SOC SQL SSL TCP TLS URL USB UTF VPN""".split()
)
# Names that are not Serbian words and stay in Latin letters (brands, products, English terms of the trade).
KEEP = frozenset(
    """Balkan Cyber Talent Bridge Telegram Viber Signal Python Penetration Tester Poedit username Splunk Burp Suite
    Active Directory Azure Microsoft Google Cisco Fortinet Palo Alto Linux Windows Kali Wireshark Nmap Metasploit
    Sentinel Elastic Kubernetes Docker PowerShell Bash Zero Trust hardening Ghidra Volatility""".split()
)
# English field names that are also Serbian words stay Serbian (Format rada → Формат рада, Link → Линк).
_SERBIAN_TOO = frozenset({"Format", "Link"})
_SUBCOMMANDS = r"(?:vacancy|course|add|remove|csv)"
_PROTECTED = re.compile(
    r"<[^>]+>"  # HTML tags
    r"|&#?\w+;"  # HTML entities
    r"|\{[^}]*\}"  # placeholders
    r"|https?://[^\s<>\"]+"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|me|eu|io|rs|al|mk|ba)\b(?:/[\w./-]*)?"  # domains, t.me/name
    rf"|(?<![\w/])/[a-z_]+(?:[ \t]+{_SUBCOMMANDS}\b(?:\|{_SUBCOMMANDS}\b)*)?"  # commands and their sub-commands
    r"|@[A-Za-z0-9_]+\b"  # Telegram usernames
    r"|\b[A-Z]+(?:_[A-Z]+)+\b"  # USER_ID
)
_WORD = re.compile(r"[^\W\d_]+[^\W_]*|\d[^\W_]*")


@cache
def _field_names() -> re.Pattern[str]:
    """The English field names of the one-message form, longest first (they must be typed as they are)."""
    from bot.services.forms import FIELDS  # here, not at import: forms depends on the catalogues

    labels = {f.label for fields in FIELDS.values() for f in fields} - _SERBIAN_TOO
    ordered = sorted(labels, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(label) for label in ordered) + r")\b")


def _keeps(word: str) -> bool:
    if any(c.isdigit() for c in word) or word in KEEP:
        return True
    if word.isupper() and len(word) > 1:
        return word in ACRONYMS
    if any(c in "qwxyQWXY" for c in word):
        return True
    return any(c.isupper() for c in word[1:])  # WhatsApp, DevSecOps, IoT


def transliterate(word: str) -> str:
    """One Serbian Latin word in Cyrillic letters, with no rule about what to keep (the plain map)."""
    lower = word.lower()
    apart = {i + stem.index(pair) for stem in _SPLIT for pair in ("nj", "dž") if pair in stem
             for i in (m.start() for m in re.finditer(re.escape(stem), lower))}  # fmt: skip
    out, i = [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _DIGRAPHS and i not in apart:
            out.append(_DIGRAPHS[pair])
            i += 2
        else:
            out.append(_LETTERS.get(word[i], word[i]))
            i += 1
    return "".join(out)


def _word(word: str) -> str:
    return word if _keeps(word) else transliterate(word)


def _plain(text: str) -> str:
    parts, pos = [], 0
    for match in _field_names().finditer(text):
        parts.append(_WORD.sub(lambda m: _word(m.group(0)), text[pos : match.start()]))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(_WORD.sub(lambda m: _word(m.group(0)), text[pos:]))
    return "".join(parts)


def to_cyrillic(text: str) -> str:
    parts, pos = [], 0
    for match in _PROTECTED.finditer(text):
        parts.append(_plain(text[pos : match.start()]))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(_plain(text[pos:]))
    return "".join(parts)
