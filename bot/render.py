"""HTML text rules: escaping user text, Telegram's length in UTF-16, and splitting at the message limit."""

from __future__ import annotations

import html
import re

MESSAGE_LIMIT = 4096

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")


def esc(text: str) -> str:
    """Escape user text for Telegram HTML (quotes are safe outside attributes, so they stay readable)."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units: an emoji outside the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _utf16_prefix(text: str, budget: int) -> str:
    """The longest prefix of ``text`` that fits in ``budget`` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > budget:
            return text[:index]
    return text


def _tokens(text: str) -> list[str]:
    """Split HTML into tags, entities, and single characters grouped into words, so no cut lands inside a tag."""
    tokens: list[str] = []
    pos = 0
    for match in re.finditer(r"<[^>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]", text):
        if match.start() != pos:  # pragma: no cover - the pattern covers every character
            tokens.append(text[pos : match.start()])
        tokens.append(match.group(0))
        pos = match.end()
    return tokens


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split a message at line boundaries (then word boundaries) so every part is ≤ limit and valid HTML.

    Tags open at a cut are closed at the end of one part and reopened at the start of the next.
    """
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    stack: list[tuple[str, str]] = []  # (name, full opening tag)
    current = ""
    # Reserve room for closing the tags that may be open at a cut.
    reserve = 64

    def closing() -> str:
        return "".join(f"</{name}>" for name, _ in reversed(stack))

    def flush() -> None:
        nonlocal current
        if current.strip():
            parts.append(current + closing())
        current = "".join(tag for _, tag in stack)

    lines = text.split("\n")
    for index, line in enumerate(lines):
        piece = line + ("\n" if index < len(lines) - 1 else "")
        if utf16_len(current) + utf16_len(piece) + reserve > limit and current.strip():
            flush()
        for token in _tokens(piece):
            if utf16_len(current) + utf16_len(token) + reserve > limit:
                flush()
                while utf16_len(token) + reserve > limit:  # one enormous word: cut it hard
                    head = _utf16_prefix(token, limit - reserve - utf16_len(current))
                    current += head
                    token = token[len(head) :]
                    flush()
            current += token
            tag = _TAG_RE.fullmatch(token)
            if tag:
                closing_tag, name = tag.group(1) == "/", tag.group(2).lower()
                if closing_tag:
                    for i in range(len(stack) - 1, -1, -1):
                        if stack[i][0] == name:
                            del stack[i]
                            break
                else:
                    stack.append((name, token))
    if current.strip():
        parts.append(current + closing())
    return [p.strip("\n") for p in parts if p.strip()]
