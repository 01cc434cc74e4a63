"""Bulk import: a verified organisation's CSV, one row per post, read by the one-message form's own rules.

The columns are the form's field names in any of the catalogues' languages (``field_key``), each row's values go
through the same field parsers (``parse_fields``), and publishing goes through ``PostService.publish`` row by
row, so quotas, red flags and authorisation apply exactly as for a post typed in the chat. Nothing is published
before the organisation has seen the per-row report and the preview and pressed Publish all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain import Organisation, OrgStatus, PostStatus
from bot.services.errors import FormError, NotAllowed
from bot.services.forms import FIELDS, FormResult, field_key, parse_fields, red_flags
from bot.services.posts import KIND_OF_ORG, LIVE, PostService, Published

MAX_IMPORT_BYTES = 512 * 1024
MAX_IMPORT_ROWS = 100
DELIMITERS = (",", ";", "\t")  # Excel writes ";" where the decimal separator is a comma, as across the region


@dataclass
class ImportRow:
    number: int  # the row as a spreadsheet numbers it: the header is row 1
    result: FormResult
    status: PostStatus | None = None  # what publishing would make of it (open or held); None: it has problems
    reasons: tuple[str, ...] = ()


@dataclass
class ImportPlan:
    kind: str
    org: Organisation
    rows: list[ImportRow]
    ignored_columns: list[str] = field(default_factory=list)
    room: int = 0  # posts the organisation may still publish now (daily quota, open vacancies)

    @property
    def ready(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status is not None]


@dataclass(frozen=True)
class RowOutcome:
    number: int
    published: Published | None = None
    error: FormError | None = None  # a quota reached, or not allowed any more (``import.row_refused``)


def decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's byte-order mark), else Windows-1250, which Excel uses for "CSV" in the
    region's Latin-script locales; anything else is refused with a hint to save as CSV UTF-8."""
    if b"\x00" in data:
        raise FormError("import.error.encoding")
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FormError("import.error.encoding")


def read_table(data: bytes) -> list[tuple[int, list[str]]]:
    """(row number, cells) of every non-empty row, header first; the delimiter is the header line's commonest."""
    if len(data) > MAX_IMPORT_BYTES:
        raise FormError("import.error.too_large", limit=MAX_IMPORT_BYTES // 1024)
    text = decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise FormError("import.error.columns") from None
    rows = [
        (n, [cell.strip() for cell in cells])
        for n, cells in enumerate(records, start=1)
        if any(c.strip() for c in cells)
    ]
    if len(rows) < 2:
        raise FormError("import.error.empty")
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise FormError("import.error.too_many_rows", limit=MAX_IMPORT_ROWS, count=len(rows) - 1)
    return rows


def columns(kind: str, header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index → field key, and the header names not recognised (or repeated), which are ignored."""
    keys: dict[int, str] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        key = field_key(kind, name)
        if key is None or key in keys.values():
            if name:
                ignored.append(name)
            continue
        keys[index] = key
    return keys, ignored


def detect_kind(header: list[str], kinds: list[str]) -> str:
    """Vacancies or courses: the kind whose required fields the header names most, then whose fields it names
    most; the first of ``kinds`` (the user's organisations') on a tie."""

    def score(kind: str) -> tuple[int, int]:
        keys, _ = columns(kind, header)
        required = {f.key for f in FIELDS[kind] if f.required}
        return len(required & set(keys.values())), len(keys)

    return max(kinds, key=lambda kind: (score(kind), -kinds.index(kind)))


class ImportService:
    def __init__(self, posts: PostService) -> None:
        self.posts = posts

    async def organisations(self, user_id: int) -> list[Organisation]:
        """The verified organisations the user acts for: only they may import."""
        return await self.posts.orgs.of_user(user_id, statuses=(OrgStatus.VERIFIED,))

    async def plan(self, user_id: int, data: bytes) -> ImportPlan:
        """Read the file and say, row by row, what is wrong or what publishing would make of it; nothing is
        stored. NotAllowed when the user acts for no verified organisation."""
        orgs = await self.organisations(user_id)
        if not orgs:
            raise NotAllowed
        table = read_table(data)
        header = table[0][1]
        kinds = [kind for kind, org_kind in KIND_OF_ORG.items() if any(o.kind == org_kind for o in orgs)]
        kind = detect_kind(header, kinds)
        keys, ignored = columns(kind, header)
        if not keys:
            raise FormError("import.error.columns")
        org = next(o for o in orgs if o.kind == KIND_OF_ORG[kind])
        ctx = self.posts.form_context()
        # a file sent twice, or a row repeated, must not publish the same post again
        seen = {
            p.title.casefold() for p in await self.posts.repo.posts_of([org.id]) if p.kind == kind and p.status in LIVE
        }
        rows = []
        for number, cells in table[1:]:
            raw = {key: cells[index] for index, key in keys.items() if index < len(cells) and cells[index]}
            row = ImportRow(number, parse_fields(kind, raw, ctx))
            title = str(row.result.values.get("title", "")).casefold()
            if title and title in seen:
                row.result.errors.append(("Title", FormError("import.error.duplicate")))
            seen.add(title)
            if not row.result.errors and not row.result.missing:
                full = self.posts.complete(kind, row.result.values, org)
                reasons = red_flags(full, org.name)
                row.status = PostStatus.HELD if reasons else PostStatus.OPEN
                row.reasons = tuple(reasons)
            rows.append(row)
        return ImportPlan(kind, org, rows, ignored, await self.room(user_id, org, kind))

    async def room(self, user_id: int, org: Organisation, kind: str) -> int:
        repo = self.posts.repo
        since = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
        room = self.posts.max_posts_per_day - await repo.count_posts_since(user_id, since)
        if kind == "vacancy":
            room = min(room, self.posts.max_open_vacancies - await repo.count_open_vacancies(org.id))
        return max(0, room)

    async def publish(
        self, user_id: int, org_id: int, kind: str, rows: list[tuple[int, dict[str, Any]]]
    ) -> list[RowOutcome]:
        """Publish the rows one by one through ``PostService.publish``: a quota reached or a standing lost on the
        way refuses that row and the ones after it that hit the same rule, the others still go."""
        out = []
        for number, values in rows:
            try:
                out.append(RowOutcome(number, published=await self.posts.publish(user_id, org_id, kind, values)))
            except FormError as err:
                out.append(RowOutcome(number, error=err))
            except NotAllowed:
                out.append(RowOutcome(number, error=FormError("import.row_refused")))
        return out
