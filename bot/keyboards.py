"""Every inline button the bot shows, one small typed class each, and the keyboards built from them.

Any Telegram client can send any ``callback_data`` with a press, so button data is parsed, never trusted: a class
declares its fields (bounded integers, fixed choices, short words, opaque tokens), ``pack`` writes them and
``unpack`` gives the button back or None. Handlers are registered with ``pattern=Kind.matches`` (PTB calls it with
the data), so a handler only ever sees data that decodes; what does not decode reaches the one "expired" answer.
Whether the presser may do what the button says is the services' business, checked against the current state.

Buttons carry no personal identifier: a candidate is a server-side token (see ``ContactRequest``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, ClassVar, Literal, NewType, Self, get_args, get_origin, get_type_hints

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import SafeHTML

CALLBACK_DATA_LIMIT = 64
BUTTON_LABEL_LIMIT = 64

# An opaque server-side token (secrets.token_urlsafe): means something only to the table that issued it.
Token = NewType("Token", str)

_INT = re.compile(r"[0-9]{1,18}")  # ASCII digits only ("²".isdigit() is True), and always fits SQLite's INTEGER
_WORD = re.compile(r"[A-Za-z0-9_-]{1,32}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,32}")

KindCode = Literal["v", "c"]
KIND_OF_CODE = {"v": "vacancy", "c": "course"}
CODE_OF_KIND = {"vacancy": "v", "course": "c"}


def _decode(kind: Any, raw: str) -> tuple[bool, Any]:
    if kind is int:
        return (True, int(raw)) if _INT.fullmatch(raw) else (False, None)
    if kind is Token:
        return (True, Token(raw)) if _TOKEN.fullmatch(raw) else (False, None)
    if kind is str:
        return (True, raw) if _WORD.fullmatch(raw) else (False, None)
    if get_origin(kind) is Literal:
        return (True, raw) if raw in get_args(kind) else (False, None)
    raise TypeError(f"unsupported button field type {kind!r}")  # pragma: no cover - a programming error


@dataclass(frozen=True)
class Button:
    """Base of all buttons: ``prefix`` names the kind; the dataclass fields are the values, in order."""

    prefix: ClassVar[str]
    _kinds: ClassVar[tuple[Any, ...]]
    _names: ClassVar[tuple[str, ...]]
    registry: ClassVar[dict[str, type[Button]]] = {}

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not prefix:
            raise TypeError(f"{cls.__name__} needs a prefix")
        if prefix in Button.registry:
            raise TypeError(f"button prefix {prefix!r} used twice")
        cls.prefix = prefix
        Button.registry[prefix] = cls

    @classmethod
    def _field_names(cls) -> tuple[str, ...]:
        if "_names" not in cls.__dict__:
            cls._names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
        return cls._names

    @classmethod
    def _field_kinds(cls) -> tuple[Any, ...]:
        if "_kinds" not in cls.__dict__:
            hints = get_type_hints(cls)
            cls._kinds = tuple(hints[f.name] for f in fields(cls))  # type: ignore[arg-type]
        return cls._kinds

    def pack(self) -> str:
        # getattr, not dataclasses.astuple: astuple deep-copies every field, and a weekly digest packs millions
        data = ":".join([self.prefix, *(str(getattr(self, name)) for name in self._field_names())])
        if len(data.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: object) -> Self | None:
        if not isinstance(data, str) or len(data) > CALLBACK_DATA_LIMIT:
            return None
        parts = data.split(":")
        kinds = cls._field_kinds()
        if parts[0] != cls.prefix or len(parts) != len(kinds) + 1:
            return None
        values = []
        for kind, raw in zip(kinds, parts[1:], strict=True):
            ok, value = _decode(kind, raw)
            if not ok:
                return None
            values.append(value)
        return cls(*values)

    @classmethod
    def matches(cls, data: object) -> bool:
        """PTB's callable ``pattern``: the handler runs only for data that decodes as this kind."""
        return cls.unpack(data) is not None

    @classmethod
    def where(cls, /, **values: Any) -> Callable[[object], bool]:
        """A pattern for this kind with some fields fixed, e.g. ``RoleChoice.where(role="professional")``; a tuple
        allows any of its values."""

        def allowed(value: Any, wanted: Any) -> bool:
            return value in wanted if isinstance(wanted, tuple) else value == wanted

        def pattern(data: object) -> bool:
            button = cls.unpack(data)
            return button is not None and all(allowed(getattr(button, k), v) for k, v in values.items())

        return pattern


# ---------------------------------------------------------------------------- everyone
@dataclass(frozen=True)
class RoleChoice(Button, prefix="role"):
    role: Literal["professional", "employer", "provider"]


@dataclass(frozen=True)
class LanguageChoice(Button, prefix="lang"):
    code: str


@dataclass(frozen=True)
class DeleteConfirm(Button, prefix="del"):
    answer: Literal["yes", "no"]


@dataclass(frozen=True)
class ReportPost(Button, prefix="rep"):
    kind: KindCode
    id: int


@dataclass(frozen=True)
class SharePost(Button, prefix="sh"):
    """Under a post card: its shareable link, if anybody may see the post now."""

    kind: KindCode
    id: int


# ---------------------------------------------------------------------------- professionals
@dataclass(frozen=True)
class MatchAction(Button, prefix="m"):
    """p: page of /matches; d: a vacancy's details; i: "I'm interested" (shows what would be shared first)."""

    action: Literal["p", "d", "i"]
    id: int


@dataclass(frozen=True)
class Feedback(Button, prefix="fb"):
    """A professional's word on a vacancy: s save (a second press unsaves, except on a digest item), h hide,
    n not relevant (then asks why), u undo a hide or a "not relevant". ``at`` says where the button sat, so the
    answer can redraw it: m the /matches card (``page`` its page), d a vacancy card, g a digest item, c a
    confirmation."""

    action: Literal["s", "h", "n", "u"]
    id: int
    at: Literal["m", "d", "g", "c"] = "d"
    page: int = 0


FEEDBACK_REASONS = Literal["skills", "level", "location", "salary", "other", "skip"]


@dataclass(frozen=True)
class FeedbackReason(Button, prefix="fbr"):
    """Why a vacancy is not relevant, asked after "👎 Not relevant"; "skip" keeps the mark without a reason."""

    vacancy: int
    reason: FEEDBACK_REASONS


@dataclass(frozen=True)
class SavedList(Button, prefix="sv"):
    """/saved: show ``page``; with ``remove`` (a vacancy id, 0 for none) unsave it first."""

    page: int
    remove: int = 0


ECONOMY_FILTER = Literal["-", "AL", "BA", "XK", "ME", "MK", "RS"]
FORMAT_FILTER = Literal["-", "onsite", "hybrid", "remote"]
LEVEL_FILTER = Literal["-", "student", "junior", "mid", "senior", "lead"]
SALARY_FILTER = Literal["-", "1000", "1500", "2000", "3000"]  # at least this many EUR a month


@dataclass(frozen=True)
class BrowseVacancies(Button, prefix="v"):
    """/vacancies keeps its filters and page in the button, "-" meaning any."""

    economy: ECONOMY_FILTER
    format: FORMAT_FILTER
    level: LEVEL_FILTER
    salary: SALARY_FILTER
    page: int


@dataclass(frozen=True)
class StatusChoice(Button, prefix="st"):
    status: Literal["looking", "open", "not_looking", "hired"]
    where: Literal["-", "region", "abroad"]


@dataclass(frozen=True)
class HirePlace(Button, prefix="hp"):
    """Where the new job is, after "I found a job" → in the region (or after an organisation's "Hired"): an
    economy, or abroad. It restates the presser's own recent hire."""

    place: Literal["AL", "BA", "XK", "ME", "MK", "RS", "abroad"]


@dataclass(frozen=True)
class HireCheckIn(Button, prefix="hc"):
    """An answer to the 6- or 12-month check-in on a hire: ``job`` (same, changed, none) or ``place`` (region or
    abroad; from abroad, abroad or the economy come back to). The service checks the hire is the presser's, the
    check-in was asked and the answer is one it offers."""

    hire: int
    month: Literal["6", "12"]
    question: Literal["job", "place"]
    answer: Literal["same", "changed", "none", "region", "abroad", "AL", "BA", "XK", "ME", "MK", "RS"]


@dataclass(frozen=True)
class StillLooking(Button, prefix="fr"):
    """The answer to "Still looking?" after 60 days away; "hired" goes on to where the new job is."""

    answer: Literal["looking", "open", "not_looking", "hired"]


@dataclass(frozen=True)
class DigestAction(Button, prefix="dg2"):
    """/digest: open the day or hour choice, pause, resume, preview; or set ``day``/``hour`` to ``value``."""

    action: Literal["days", "hours", "pause", "resume", "preview", "day", "hour"]
    value: int = 0


Purpose = Literal["req", "int"]  # answering an employer's contact request, or "I'm interested"


@dataclass(frozen=True)
class ContactAnswer(Button, prefix="ca"):
    """The professional's first answer to a contact request; "y" shows what would be shared, nothing is sent yet."""

    vacancy: int
    answer: Literal["y", "n"]


@dataclass(frozen=True)
class Consent(Button, prefix="cs"):
    """The second tap: share now, or do not."""

    purpose: Purpose
    vacancy: int
    answer: Literal["share", "cancel", "change"]


@dataclass(frozen=True)
class ContactMethod(Button, prefix="cm"):
    """How the professional wants to be reached; chosen before anything is shared."""

    purpose: Purpose
    vacancy: int
    method: Literal["username", "phone", "email"]


@dataclass(frozen=True)
class CvSkills(Button, prefix="cv"):
    """The skills found in a CV: add them to the profile, or not; the token names that one reading."""

    action: Literal["add", "cancel"]
    token: Token


# ---------------------------------------------------------------------------- organisations
@dataclass(frozen=True)
class PostAction(Button, prefix="p"):
    """From /my_posts and reminders: c close, x extend, e edit."""

    action: Literal["c", "x", "e"]
    kind: KindCode
    id: int


@dataclass(frozen=True)
class PreviewAction(Button, prefix="pp"):
    action: Literal["publish", "edit", "cancel"]


@dataclass(frozen=True)
class CandidatesOf(Button, prefix="cand"):
    vacancy: int


@dataclass(frozen=True)
class ContactRequest(Button, prefix="cr"):
    """An employer asks to contact a candidate; the token stands for one (vacancy, professional) pair."""

    token: Token


@dataclass(frozen=True)
class Applicants(Button, prefix="ap"):
    """From /my_posts: the vacancy's applicants and their pipeline."""

    vacancy: int


@dataclass(frozen=True)
class MoveApplicant(Button, prefix="am"):
    """Move one applicant (a token for that vacancy and person, as for candidates) to a pipeline status."""

    token: Token
    status: Literal["contacted", "interviewing", "offer", "hired", "declined"]


@dataclass(frozen=True)
class ImportAction(Button, prefix="imp"):
    """The preview of a CSV import: publish every ready row, or none; the token names that one file."""

    action: Literal["publish", "cancel"]
    token: Token


# ---------------------------------------------------------------------------- admins
@dataclass(frozen=True)
class OrgDecision(Button, prefix="org"):
    action: Literal["a", "r"]
    id: int


@dataclass(frozen=True)
class Moderate(Button, prefix="mod"):
    """approve: a held post goes live; dismiss: reports resolved, status untouched; reject/takedown: removed."""

    action: Literal["approve", "dismiss", "reject", "takedown"]
    kind: KindCode
    id: int


# ---------------------------------------------------------------------------- keyboards
Rows = Sequence[Sequence[tuple[str, "Button | str"]]]


def button_text(label: str) -> str:
    """Buttons show plain text: catalogue messages arrive HTML-escaped (SafeHTML), so undo that for labels."""
    text = html.unescape(label) if isinstance(label, SafeHTML) else label
    return text if len(text) <= BUTTON_LABEL_LIMIT else text[: BUTTON_LABEL_LIMIT - 1] + "…"


def keyboard(rows: Rows) -> InlineKeyboardMarkup:
    """Inline keyboard from rows of (label, button); plain strings are conversation steps' ``verb:step:value``."""
    return InlineKeyboardMarkup([[_inline_button(isinstance(label, SafeHTML), label, data) for label, data in row]
                                 for row in rows])  # fmt: skip


@lru_cache(maxsize=50_000)
def _inline_button(escaped: bool, label: str, data: Button | str) -> InlineKeyboardButton:
    """One button, built once: PTB's objects are immutable, and a weekly digest shows the same few thousand
    buttons (the week's best vacancies, numbered 1 to 5, in each language) to a hundred thousand people."""
    packed = data.pack() if isinstance(data, Button) else data
    if len(packed.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {packed!r}")
    return InlineKeyboardButton(button_text(SafeHTML(label) if escaped else label), callback_data=packed)
