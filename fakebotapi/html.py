"""Telegram's HTML parse mode, strictly enough to catch what the real server rejects."""

from __future__ import annotations

import html
import re

SUPPORTED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
_ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>")


class EntityParseError(ValueError):
    """Carries Telegram's description after ``Bad Request: can't parse entities: ``."""


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse_html(text: str) -> str:
    """Validate Telegram HTML and return the plain text the user would see."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            match = _TAG_RE.match(text, i)
            if not match:
                name = re.match(r"</?([^\s>]*)", text[i:])
                raise EntityParseError(
                    f'Unsupported start tag "{name.group(1) if name else ""}" at byte offset {_offset(text, i)}'
                )
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in SUPPORTED_TAGS:
                kind = "end" if closing else "start"
                raise EntityParseError(f'Unsupported {kind} tag "{name}" at byte offset {_offset(text, i)}')
            if closing:
                if not stack:
                    raise EntityParseError(f"Unexpected end tag at byte offset {_offset(text, i)}")
                if stack[-1] != name:
                    raise EntityParseError(
                        f'Unmatched end tag at byte offset {_offset(text, i)}, expected "</{stack[-1]}>", '
                        f'found "</{name}>"'
                    )
                stack.pop()
            else:
                stack.append(name)
            i = match.end()
        elif ch == "&":
            match = _ENTITY_RE.match(text, i)
            if not match:
                raise EntityParseError(f"Unsupported HTML entity at byte offset {_offset(text, i)}")
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif ch == ">":
            raise EntityParseError(f"Unexpected end of tag at byte offset {_offset(text, i)}")
        else:
            out.append(ch)
            i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
