"""Forged buttons from every role: a realistic board, then every button kind seen in the session, replayed and
forged (other ids, overflowing ids, non-ASCII digits, extra or missing segments, other tokens, every choice value)
by users who have no such button: a stranger, a professional, members of a pending, a rejected and another
organisation, a blocked user and the admin (who presses no admin button: those are theirs to press).

Each press is checked on its own: no table changes and no message to anybody else (except the presser's own
rows, with buttons anybody can get such as /language, /digest or a professional's /status; and a report or an
"I'm interested" about a post anybody can see), nobody's name, @username, Telegram id, phone, e-mail or t.me link
reaches the presser, no button anywhere carries a professional's Telegram id, the error handler is never called,
and a blocked user gets no answer at all. A button the presser was shown themselves is theirs and is not forged.

Three tests press: every seen button replayed by every other role; every well-formed button of each kind crossed
with the board's ids and tokens, and every variant of one button of each kind, by every role; and hypothesis's
random forgeries. A failure lists each problem with its press, e.g. ``stranger(8701) presses 'cand:13': …``.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import re
import secrets
import sqlite3
import string
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.ext import ConversationHandler

from bot.handlers.context import BotContext
from bot.handlers.freshness import freshness_job
from bot.handlers.hires import check_in_job
from bot.i18n import languages
from bot.keyboards import CALLBACK_DATA_LIMIT, Button, Consent, ContactRequest, ReportPost, Token
from bot.services.hires import utc_clock
from bot.services.organisations import OrganisationService
from fakebotapi import Seen
from tests.faults.test_abuse import snapshot
from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.integration.test_cv import CV_LINES, make_pdf
from tests.integration.test_imports import ENGLISH as IMPORT_CSV
from tests.journeys import VACANCY_FORM, register, register_org, rows

# ---------------------------------------------------------------------------- who is who
EMP_A, COLLEAGUE_A = 8101, 8102  # verified "Adriatic Bank": an open vacancy, candidates listed, a request pending
EMP_B = 8201  # verified "Balkan Telecom": its own open vacancy and a held one
PENDING_M = 8301  # "Pending Org": never decided, a pending post
REJECTED_M = 8401  # "Rejected Org": posted while pending, then rejected
BLOCKED_M = 8501  # "Blocked Org": verified, its only member blocked by the admin
PROVIDER = 8601  # "Kotor Cyber Academy": a course
STRANGER = 8701  # never registered anything
PROBER = 8801  # a professional (visible, matching) who forges

VISIBLE, ANONYMOUS, HIDDEN, HIRED = 7300001, 7300002, 7300003, 7300004
PROFESSIONALS = {
    # id: (display name, Telegram first name, @username, visibility, phone, e-mail)
    VISIBLE: ("Vesna Vidljiva", "Vesna", "vesna_sec", "visible", None, None),
    ANONYMOUS: ("Anja Anonimna", "Anja", None, "anonymous", None, "anja.secret@example.net"),
    HIDDEN: ("Hana Skrivena", "Hana", "hana_hidden", "hidden", "+38267123456", None),
    HIRED: ("Hrvoje Zaposleni", "Hrvoje", "hrvoje_h", "visible", None, None),
    PROBER: ("Petar Proba", "Petar", "petar_probe", "visible", None, None),
}

ROLES = {
    "stranger": STRANGER,
    "professional": PROBER,
    "pending_member": PENDING_M,
    "rejected_member": REJECTED_M,
    "blocked": BLOCKED_M,
    "other_org": EMP_B,
    "admin": ADMIN_ID,
}
# Roles whose standing was taken away after their buttons were shown: their own old buttons are forgeries too.
REVOKED = {"rejected_member", "blocked"}
ADMIN_KINDS = {"org", "mod"}  # the admin legitimately changes things with these: never pressed by the admin

# Buttons anybody can get (/language, /start, /digest, /vacancies, /report …): a press may change the presser's
# own rows, nothing else. "rep" stands for /report, which any user may type about a post they can see.
ANYONE_OWN = {"lang", "role", "dg2", "v", "rep"}
# Buttons about a professional's own data (status, how to be reached, "I'm interested" consent): own rows only.
PROFESSIONAL_OWN = {"st", "cm", "cs", "hp", "hc", "fr"}  # hp/hc/fr: where a hire is, check-ins, still looking
# fb/fbr/sv: save, hide, "not relevant" (and why) on a post anybody can see, /saved: the professional's own rows
PROFESSIONAL_OWN |= {"fb", "fbr", "sv"}

APOLOGY = "Sorry, something went wrong"
NON_ASCII_DIGITS = "²³¹٣١۴߁০௫๓１９"  # isdigit() is True for all; int() reads ٣ and １, raises on ²: none may decode
URLSAFE = string.ascii_letters + string.digits + "-_"


def vacancy_form(title: str, extra: str = "") -> str:
    return VACANCY_FORM.replace("Title: SOC Analyst <Tier 2>", f"Title: {title}") + extra


COURSE_FORM = """/post_course
Title: SOC Bootcamp
Skills taught: SIEM, log analysis, threat hunting
Level: mid
Format: online
Language: English
Starts: 30 days
Duration: 3 weeks
Cost: free
Link: https://example.org/bootcamp"""


# ---------------------------------------------------------------------------- the board
@dataclass
class Event:
    chat: int
    text: str
    html: str
    data: tuple[str, ...]


@dataclass(repr=False)  # hypothesis prints the strategies it draws from, and a board holds thousands of events
class Board:
    bot: BotHarness
    events: list[Event] = field(default_factory=list)  # every message sent or edited, as it was then
    shown: dict[int, set[str]] = field(default_factory=dict)  # chat -> every callback_data ever shown there
    errors: list[BaseException] = field(default_factory=list)
    ints: list[int] = field(default_factory=list)  # existing ids of posts, organisations, reports
    tokens: list[str] = field(default_factory=list)  # candidate tokens of every vacancy
    base: list[str] = field(default_factory=list)  # every callback_data the board showed, frozen once built
    state: dict[str, list[tuple]] | None = None  # snapshot() as the last change left the tables
    last_print: tuple[list[tuple], ...] | None = None  # fingerprint() as the last press left them
    reader: sqlite3.Connection | None = None
    queries: list[str] = field(default_factory=list)
    presses: int = 0
    skipped: int = 0
    by_role_kind: dict[tuple[str, str], int] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<board: {len(self.base)} buttons seen, {self.presses} forged presses>"

    def record(self, chat: int, seen: Seen) -> None:
        data = tuple(b["callback_data"] for row in seen.buttons for b in row if "callback_data" in b)
        self.events.append(Event(chat, seen.text, seen.html, data))
        self.shown.setdefault(chat, set()).update(data)

    def fingerprint(self) -> tuple[list[tuple], ...]:
        """The rows ``snapshot`` compares, unsorted and read on one open connection: five times cheaper, so every
        press gets it; the full snapshot (and its diff) is taken only when this changes."""
        if self.reader is None:
            self.reader = sqlite3.connect(self.bot.services.settings.database_path)
            for (table,) in self.reader.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
                if table in {"processed_updates", "conversation_state", "user_data"}:  # as snapshot() does
                    continue
                columns = [c[1] for c in self.reader.execute(f"PRAGMA table_info({table})") if c[1] != "last_seen_at"]
                self.queries.append(f"SELECT {', '.join(columns)} FROM {table}")
        return tuple(self.reader.execute(query).fetchall() for query in self.queries)

    def seen_data(self) -> list[str]:
        return sorted({d for chat, datas in self.shown.items() for d in datas})

    def owners(self, data: str) -> set[int]:
        return {chat for chat, datas in self.shown.items() if data in datas}


async def register_professional(bot: BotHarness, user: int) -> None:
    name, first, username, visibility, _, _ = PROFESSIONALS[user]
    bot.core.add_user(user, first_name=first, username=username)
    await register(bot, user, visibility=visibility, name=name)
    assert "Your profile is saved" in bot.last(user).text


async def post(bot: BotHarness, user: int, form: str) -> None:
    await bot.send(user, form)
    await bot.press(user, "🚀 Publish")


async def build_board(bot: BotHarness) -> Board:
    board = Board(bot)
    bot.core.listeners.append(board.record)
    for job in bot.app.job_queue.jobs():  # reminders and digests must not change tables while we watch
        job.schedule_removal()

    async def record_error(update: object, context: Any) -> None:
        board.errors.append(context.error)

    bot.app.add_error_handler(record_error)
    await bot.services.seed_samples()
    names = {EMP_A: "Aleksa", COLLEAGUE_A: "Ceca", EMP_B: "Bojan", PENDING_M: "Pero", REJECTED_M: "Rade",
             BLOCKED_M: "Blagoje", PROVIDER: "Kosta", STRANGER: "Stevo"}  # fmt: skip
    for user, first in names.items():
        bot.core.add_user(user, first_name=first)

    # organisations
    await register_org(bot, EMP_A, name="Adriatic Bank")
    await bot.press(ADMIN_ID, "✅ Approve")
    code = (await bot.send(EMP_A, "/invite"))[0].text.split("/join ")[1].split()[0]
    assert "now part of" in (await bot.send(COLLEAGUE_A, f"/join {code}"))[0].text
    await register_org(bot, EMP_B, name="Balkan Telecom")
    await bot.press(ADMIN_ID, "✅ Approve")
    await register_org(bot, BLOCKED_M, name="Blocked Org")
    await bot.press(ADMIN_ID, "✅ Approve")
    await register_org(bot, PROVIDER, "/provider", "Kotor Cyber Academy")
    await bot.press(ADMIN_ID, "✅ Approve")
    await register_org(bot, PENDING_M, name="Pending Org")
    await register_org(bot, REJECTED_M, name="Rejected Org")

    # posts
    await post(bot, EMP_A, vacancy_form("Adriatic SOC Analyst"))
    await post(bot, EMP_B, vacancy_form("Balkan SOC Analyst"))
    scam = "\nDescription: write me on WhatsApp, registration fee 50 EUR"  # red flags: held for an admin
    await post(bot, EMP_B, vacancy_form("Balkan Easy Money", scam))
    await post(bot, PENDING_M, vacancy_form("Pending SOC Analyst"))
    await post(bot, REJECTED_M, vacancy_form("Rejected SOC Analyst"))
    await post(bot, PROVIDER, COURSE_FORM)
    await bot.send(PENDING_M, "/post_vacancy")  # the guided form's buttons, then /cancel
    await bot.send(PENDING_M, "Guided Title")
    await bot.send(PENDING_M, "/cancel")
    for user in (EMP_A, EMP_B, PENDING_M, REJECTED_M, PROVIDER):
        await bot.send(user, "/my_posts")

    # professionals
    for user in PROFESSIONALS:
        await register_professional(bot, user)
    await bot.send(HIRED, "/status")
    await bot.press(HIRED, "🎉 I found a job")
    await bot.press(HIRED, "In the Western Balkans")  # "which economy?" (hp) follows
    # the retention loop's daily jobs, ahead of time: HIRED's 6-month check-in (hc), "Still looking?" (fr)
    bot.services.hires.clock = bot.services.freshness.clock = lambda: datetime.now(UTC) + timedelta(days=200)
    await check_in_job(BotContext(bot.app))
    await freshness_job(BotContext(bot.app))
    bot.services.hires.clock = bot.services.freshness.clock = utc_clock
    # how the anonymous and the hidden professional are reached is chosen, nothing is shared
    await bot.send(ANONYMOUS, "/matches")
    await bot.press(ANONYMOUS, "🙋 I'm interested")
    await bot.press(ANONYMOUS, "✉️ An e-mail address")
    await bot.send(ANONYMOUS, PROFESSIONALS[ANONYMOUS][5])
    await bot.press(ANONYMOUS, "✅ Share")  # an application, for the organisation's pipeline buttons
    await bot.send(HIDDEN, "/matches")
    await bot.press(HIDDEN, "🙋 I'm interested")
    await bot.press(HIDDEN, "📱 My phone number")
    await bot.share_contact(HIDDEN, PROFESSIONALS[HIDDEN][4])
    await bot.press(HIDDEN, "✖ Don't share")
    await bot.send(VISIBLE, "/matches")  # a report, for the admin's moderation buttons
    await bot.press(VISIBLE, "🚩 Report")
    await bot.send(ADMIN_ID, "/pending")
    await post(bot, BLOCKED_M, vacancy_form("Blocked SOC Analyst"))  # after the others: it would be their top match
    await bot.send(BLOCKED_M, "/my_posts")

    # employers list candidates (real tokens); A asks the visible professional, who has not answered yet
    for user in (EMP_A, EMP_B, BLOCKED_M, COLLEAGUE_A):
        await bot.send(user, "/candidates")
        for label in bot.last(user).button_labels():
            await bot.press(user, label)
    await bot.send(EMP_A, "/candidates")
    await bot.press(EMP_A, "Adriatic SOC Analyst")
    card = next(m for m in reversed(bot.core.bot_messages(EMP_A)) if PROFESSIONALS[VISIBLE][0] in m.text)
    await bot.press_data(EMP_A, card.buttons[0][0]["callback_data"])
    assert "Request sent" in bot.alerts(EMP_A)[-1]
    await bot.press(VISIBLE, "✅ Continue")  # sees the consent card with the ways to be reached, stops there

    # the organisation that received the application opens its pipeline: Applicants and move buttons
    for user in (EMP_A, EMP_B):
        await bot.send(user, "/my_posts")
        for label in bot.last(user).button_labels() + [
            x for m in bot.core.bot_messages(user)[-4:] for x in m.button_labels()
        ]:
            if label.startswith("👥"):
                await bot.press(user, label)
                break

    # everyday menus of the forgers: /start, /language, /digest, /vacancies, /matches, /status, /delete_me → keep
    for user in ROLES.values():
        await bot.send(user, "/start")
        await bot.send(user, "/language")
        await bot.send(user, "/vacancies")
    await bot.send(PROBER, "/matches")
    await bot.send(PROBER, "/status")
    await bot.send(PROBER, "/digest")
    # feedback on matches: "not relevant" (its reasons), a save on the next match, /saved (its unsave buttons)
    await bot.send(PROBER, "/matches")
    await bot.press(PROBER, "👎 Not relevant")
    await bot.press(PROBER, "💾 Save")
    await bot.send(PROBER, "/saved")
    # files: A's CSV import waits for Publish all, the prober's CV skills for Add (tokens in the form data)
    await bot.send_document(EMP_A, IMPORT_CSV.encode(), "posts.csv", "text/csv")
    await bot.send_document(PROBER, make_pdf(CV_LINES), "cv.pdf", "application/pdf")
    await bot.send(STRANGER, "/delete_me")
    await bot.press(STRANGER, "Keep my data")

    # the admin rejects one organisation and blocks the only member of another
    (rejected_org,) = rows(bot, "SELECT id FROM organisations WHERE name = 'Rejected Org'")[0]
    await bot.press_data(ADMIN_ID, f"org:r:{rejected_org}")
    assert rows(bot, "SELECT status FROM organisations WHERE id = ?", rejected_org) == [("rejected",)]
    await bot.send(ADMIN_ID, f"/block {BLOCKED_M}")
    assert rows(bot, "SELECT blocked FROM users WHERE telegram_id = ?", BLOCKED_M) == [(1,)]

    # the board's own posts, organisations and reports, and one sample post (id 1): the ids forgeries use
    own = " UNION ".join(
        f"SELECT id FROM {t} WHERE created_by IS NOT NULL" for t in ("vacancies", "courses", "organisations")
    )
    board.ints = sorted({1} | {r[0] for r in rows(bot, f"{own} UNION SELECT id FROM reports")})
    board.tokens = [r[0] for r in rows(bot, "SELECT token FROM candidate_tokens ORDER BY token")]
    board.base = board.seen_data()
    assert not board.errors, board.errors
    return board


@pytest.fixture
async def board(tmp_path: Path) -> AsyncIterator[Board]:
    async with running_bot(make_settings(tmp_path / "bot.sqlite3"), rate_limit=False) as bot:
        board = await build_board(bot)
        yield board
        if board.reader is not None:
            board.reader.close()


# ---------------------------------------------------------------------------- forging
def _kinds(cls: type[Button]) -> list[Any]:
    hints = get_type_hints(cls)
    return [hints[f.name] for f in fields(cls)]


def _unpack(data: str) -> Button | None:
    cls = Button.registry.get(data.split(":", 1)[0])
    return cls.unpack(data) if cls is not None else None


def _fit(data: str) -> str:
    """Telegram carries at most 64 bytes of callback data; a longer forgery never reaches the bot."""
    return data.encode()[:CALLBACK_DATA_LIMIT].decode(errors="ignore") or "x"


def _exotic(digits: str) -> list[str]:
    """The same number written with digits ``isdigit()`` accepts but that are not ASCII."""
    tables = ["０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "⁰¹²³⁴⁵⁶⁷⁸⁹"]
    return [digits.translate(str.maketrans("0123456789", table)) for table in tables] + [digits[:-1] + "²"]


SPECIAL_INTS = ["0", "00", "-1", "+1", " 1", "1.0", "0x1", "1e3", "1_0", "",
                str(10**18 - 1), str(10**18), str(2**63 - 1), str(2**63), str(10**30), "²", "٣", "１"]  # fmt: skip
JUNK = ["", "x", "%00", "../..", "<b>x</b>", "🙂", "1 OR 1=1", "';--", "\u202e1", "None", "true", "-", "_"]


def int_values(board: Board, current: str) -> list[str]:
    ids = [str(i) for i in board.ints]
    return [*SPECIAL_INTS, *ids, "0" + current, *_exotic(current)]


def token_values(board: Board, current: str) -> list[str]:
    flipped = current[:-1] + ("A" if current[-1:] != "A" else "B")
    return [*board.tokens, secrets.token_urlsafe(9), "A" * 7, "A" * 8, "A" * 32, "A" * 33, current[:-1],
            current + "x", current.upper(), flipped, current + "=", current + "%3D", ""]  # fmt: skip


def values_for(kind: Any, board: Board, current: str) -> list[str]:
    """Every value a field of this type is forged with: choices all, ids other and broken, tokens of others."""
    if kind is int:
        return int_values(board, current)
    if kind is Token:
        return token_values(board, current)
    if get_origin(kind) is Literal:
        return [*get_args(kind), "zz", "", str(get_args(kind)[0]).upper()]
    return [*languages(), "xx", "EN", "en-US", "a" * 33, "", "../en"]  # str: a language code


def field_variants(data: str, board: Board) -> list[str]:
    """Each field of the button replaced by each of its forged values, the others kept."""
    prefix, *parts = data.split(":")
    cls = Button.registry.get(prefix)
    kinds = _kinds(cls) if cls is not None and cls.unpack(data) is not None else [None] * len(parts)
    out = []
    for i, (kind, current) in enumerate(zip(kinds, parts, strict=True)):
        if kind is None:  # a conversation step's "verb:step:value": ids and junk in each place
            values = [*SPECIAL_INTS[:8], *JUNK, *(int_values(board, current) if current.isdigit() else [])]
        else:
            values = values_for(kind, board, current)
        out += [":".join([prefix, *parts[:i], value, *parts[i + 1 :]]) for value in values]
    return out


def segment_variants(data: str) -> list[str]:
    prefix, *parts = data.split(":")
    return [
        data + ":1", data + ":", data + ":" + data, ":".join([prefix, *parts[:-1]]), prefix, prefix + ":",
        data.replace(":", "::", 1), ":" + data, data.upper(), data + " ", data + "\n", " " + data,
        ":".join([prefix, *reversed(parts)]),
    ]  # fmt: skip


def raw_variants(data: str) -> list[str]:
    prefix = data.split(":", 1)[0]
    return [f"{prefix}:{junk}" for junk in JUNK]


def variants(data: str, board: Board) -> list[str]:
    """Kept as is, every field forged, segments added or dropped, and raw junk behind the prefix."""
    seen, out = set(), []
    for forged in [data, *field_variants(data, board), *segment_variants(data), *raw_variants(data)]:
        forged = _fit(forged)
        if forged not in seen:
            seen.add(forged)
            out.append(forged)
    return out


def grid(cls: type[Button], board: Board, cap: int = 90) -> list[str]:
    """Every well-formed button of a kind the board could name: each choice value crossed with each of the
    board's ids (and 0 and the largest id that decodes) or tokens; at most ``cap`` of them, evenly picked."""
    choices = []
    for kind in _kinds(cls):
        if kind is int:
            choices.append([str(i) for i in [0, *board.ints, 10**18 - 1]])
        elif kind is Token:
            choices.append([*board.tokens, secrets.token_urlsafe(9)])
        elif get_origin(kind) is Literal:
            choices.append([str(v) for v in get_args(kind)])
        else:
            choices.append([*languages(), "xx"])
    every = [":".join([cls.prefix, *combo]) for combo in itertools.product(*choices)]
    return every if len(every) <= cap else every[:: -(-len(every) // cap)]


# ---------------------------------------------------------------------------- one forged press, checked
@dataclass(frozen=True)
class Press:
    role: str
    data: str

    def __repr__(self) -> str:
        return f"{self.role}({ROLES[self.role]}) presses {self.data!r}"


def is_own(board: Board, press: Press) -> bool:
    """The presser was shown exactly this button (or one that decodes to the same value, e.g. "cand:014"), and
    still stands where they stood when it was shown: pressing it is theirs to do."""
    if press.role in REVOKED:
        return False
    mine = board.shown.get(ROLES[press.role], set())
    button = _unpack(press.data)
    return press.data in mine or (button is not None and button.pack() in mine)


def public(board: Board, kind: str, post_id: int) -> bool:
    """Whether anybody can see the post now (open, not past its deadline, its organisation verified)."""
    table = {"v": "vacancies", "c": "courses"}[kind]
    return bool(
        rows(board.bot, f"SELECT 1 FROM {table} p JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ? "
                        "AND p.status = 'open' AND p.deadline >= date('now') AND o.status = 'verified'", post_id)
    )  # fmt: skip


def allowance(board: Board, press: Press) -> tuple[bool, set[int]]:
    """What a press may do: (change the presser's own rows, tell these others). Nothing, except buttons anybody
    can get and a professional's own; of these, two reach other people, and only about a post anybody can see:
    a report (the admins hear of it) and a professional's "I'm interested" consent (the post's organisation)."""
    prefix, uid = press.data.split(":", 1)[0], ROLES[press.role]
    if press.role == "blocked":
        return False, set()
    if (report := ReportPost.unpack(press.data)) is not None:
        if not public(board, report.kind, report.id):
            return False, set()
        return True, set(board.bot.services.settings.admin_ids)
    if (consent := Consent.unpack(press.data)) is not None and uid in PROFESSIONALS:
        if consent.purpose != "int" or not public(board, "v", consent.vacancy):
            return False, set()
        members = rows(board.bot, "SELECT user_id FROM organisation_members WHERE organisation_id = "
                                  "(SELECT organisation_id FROM vacancies WHERE id = ?)", consent.vacancy)  # fmt: skip
        return True, {m for (m,) in members}
    return prefix in ANYONE_OWN or (prefix in PROFESSIONAL_OWN and uid in PROFESSIONALS), set()


def _diff(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    out = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, []), after.get(table, [])
        if old == new:
            continue
        changed = [("-", *r) for r in old if r not in new] + [("+", *r) for r in new if r not in old]
        if changed or len(old) != len(new):
            out[table] = changed or [("count", len(old), len(new))]
    return out


@functools.cache
def secrets_of_others(uid: int) -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for pid, (name, first, username, _, phone, email) in PROFESSIONALS.items():
        if pid == uid:
            continue
        found += [(f"name of {pid}", re.compile(rf"\b{re.escape(name)}\b|\b{re.escape(first)}\b")),
                  (f"Telegram id of {pid}", re.compile(rf"(?<!\d){pid}(?!\d)"))]  # fmt: skip
        if username:
            found.append((f"username of {pid}", re.compile(re.escape(username), re.IGNORECASE)))
        if phone:
            found.append((f"phone of {pid}", re.compile(re.escape(phone.lstrip("+")))))
        if email:
            found.append((f"e-mail of {pid}", re.compile(re.escape(email), re.IGNORECASE)))
    return found


def leaks(uid: int, texts: list[str]) -> list[str]:
    own_username = next((p[2] for pid, p in PROFESSIONALS.items() if pid == uid), None)
    out = []
    for text in texts:
        out += [f"{what} in {text[:300]!r}" for what, pattern in secrets_of_others(uid) if pattern.search(text)]
        for link in LINK.findall(text):
            if link[1] or (link[0] or "").lower() not in {(own_username or "").lower(), BOT_USERNAME}:
                out.append(f"link {link} in {text[:300]!r}")
    return out


BOT_USERNAME = "cyber_talent_bridge_bot"  # the fake's bot: a link to it (a post's deep link) names nobody
PROFESSIONAL_ID = re.compile("|".join(rf"(?<![0-9]){pid}(?![0-9])" for pid in PROFESSIONALS))
LINK = re.compile(r"t\.me/([\w+]*)|tg://user\?id=(\d+)")


def ids_in_buttons(events: list[Event]) -> list[str]:
    pattern = PROFESSIONAL_ID
    return [f"chat {e.chat} shown button {d!r}" for e in events for d in e.data if pattern.search(d)]


def in_conversation(bot: BotHarness, uid: int) -> bool:
    handlers = [h for group in bot.app.handlers.values() for h in group if isinstance(h, ConversationHandler)]
    return any(uid in key for h in handlers for key in h._conversations if isinstance(key, tuple))


async def forge(board: Board, press: Press) -> list[str]:
    """Play one forged press and return what went wrong (nothing, when the bot behaves)."""
    bot, uid = board.bot, ROLES[press.role]
    if board.state is None or board.last_print is None:
        board.state, board.last_print = snapshot(bot), board.fingerprint()
    n_events, n_alerts, n_errors = len(board.events), len(bot.alerts(uid)), len(board.errors)
    own_rows, may_tell = allowance(board, press)  # judged on the state the press finds
    await bot.press_data(uid, press.data)
    board.presses += 1
    kind = press.data.split(":", 1)[0] if press.data.split(":", 1)[0] in Button.registry else "other"
    board.by_role_kind[(press.role, kind)] = board.by_role_kind.get((press.role, kind), 0) + 1
    events, alerts = board.events[n_events:], bot.alerts(uid)[n_alerts:]
    problems = [f"error handler called: {e!r}" for e in board.errors[n_errors:]]
    problems += [f"apology: {e.text!r}" for e in events if APOLOGY in e.text]
    changes = {}
    if (now := board.fingerprint()) != board.last_print:
        before, board.state, board.last_print = board.state, snapshot(bot), now
        changes = _diff(before, board.state)
    if changes and not (own_rows and all(uid in row for rs in changes.values() for row in rs)):
        problems.append(f"tables changed: {changes}")
    mine = [e for e in events if e.chat == uid]
    if others := sorted({e.chat for e in events if e.chat != uid} - may_tell):
        problems.append(f"messages sent to {others}: {[e.text[:200] for e in events if e.chat in others]}")
    if press.role == "blocked" and (mine or (alerts and not press.data.startswith("del:"))):
        problems.append(f"a blocked user got an answer: {[e.text for e in mine] + alerts}")
    problems += leaks(uid, [f"{e.text}\n{e.html}\n{' '.join(e.data)}" for e in mine] + alerts)
    cards = [d for e in mine for d in e.data if ContactRequest.matches(d)]
    if cards:  # an anonymous candidate is still a candidate: a forger sees no card at all
        problems.append(f"candidate cards shown: {cards}")
    problems += ids_in_buttons(events)
    if in_conversation(bot, uid):  # a press that starts a dialogue (role, phone or e-mail): leave it again
        await bot.send(uid, "/cancel")
        board.state = None
    return [f"{press!r}: {p}" for p in problems]


async def forge_all(board: Board, presses: Iterable[Press]) -> list[str]:
    """Play the presses that are forgeries for their presser (the admin's own admin buttons and buttons the
    presser was shown are not), and return every problem."""
    problems = []
    for press in presses:
        if (press.role == "admin" and press.data.split(":", 1)[0] in ADMIN_KINDS) or is_own(board, press):
            board.skipped += 1
            continue
        problems += await forge(board, press)
    return problems


def report(problems: list[str]) -> str:
    """Problems grouped by kind of button and what went wrong, with the count and the first example of each."""
    groups: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        data = re.search(r"presses '([^:']*)", problem)
        what = re.sub(r"\d+|'[^']*'", "…", problem.split(": ", 1)[1])[:60]
        groups.setdefault((data.group(1) if data else "?", what), []).append(problem)
    lines = [f"[{len(found)}× {kind}] {found[0][:900]}" for (kind, _), found in sorted(groups.items())]
    return f"{len(problems)} problems in {len(groups)} groups:\n" + "\n".join(lines)


# ---------------------------------------------------------------------------- the tests
async def test_board_shows_every_kind_of_button_and_no_professional_id(board: Board) -> None:
    kinds = {d.split(":", 1)[0] for d in board.base}
    assert set(Button.registry) <= kinds, f"kinds never shown on the board: {set(Button.registry) - kinds}"
    assert not ids_in_buttons(board.events)


async def test_the_checks_catch_a_planted_hole(board: Board, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks themselves: with the organisation check switched off, a stranger's forged candidate list and
    contact request are caught as a disclosure, a table change and a message to somebody else."""

    async def anybody(self: OrganisationService, user_id: int, org_id: int, statuses: object) -> object:
        return await self.repo.get(org_id)

    monkeypatch.setattr(OrganisationService, "acting", anybody)
    ((vacancy,),) = rows(board.bot, "SELECT id FROM vacancies WHERE title = 'Adriatic SOC Analyst'")
    ((token,),) = rows(board.bot, "SELECT token FROM candidate_tokens WHERE vacancy_id = ? AND user_id = ?",
                       vacancy, ANONYMOUS)  # fmt: skip
    problems = await forge_all(board, [Press("stranger", f"cr:{token}"), Press("stranger", f"cand:{vacancy}")])
    assert any(f"name of {VISIBLE}" in p for p in problems), problems
    assert any("tables changed: {'contact_requests'" in p for p in problems), problems
    assert any(f"messages sent to [{ANONYMOUS}]" in p for p in problems), problems
    assert any("candidate cards shown" in p for p in problems), problems


async def test_every_seen_button_replayed_by_every_role_that_was_not_shown_it(board: Board) -> None:
    """Every callback_data shown anywhere in the session, exactly as shown, pressed by every role it was not shown
    to (and by the rejected member and the blocked user even if it was)."""
    started = time.monotonic()
    presses = [Press(role, data) for data in board.base for role in ROLES]
    problems = await forge_all(board, presses)
    print(f"replay: {board.presses} presses, {board.skipped} skipped, {time.monotonic() - started:.1f}s")
    assert not problems, report(problems)


def representatives(board: Board) -> dict[str, str]:
    """One seen button of each kind: the one shown to the fewest chats (the most private), the first if tied."""
    out: dict[str, str] = {}
    for data in board.base:
        prefix = data.split(":", 1)[0]
        if prefix not in out or len(board.owners(data)) < len(board.owners(out[prefix])):
            out[prefix] = data
    return out


ADMIN_PAIRS = {("admin", kind) for kind in ADMIN_KINDS}


async def test_forged_variants_of_every_kind_pressed_by_every_role(board: Board) -> None:
    """Every well-formed button of every kind the board's ids and tokens can make (all choice values), then every
    variant of one seen button per kind (ids other, 0, 10**18-1, overflowing, non-ASCII; tokens of other
    vacancies, random, too short or long; segments added or dropped; junk), each by every role."""
    started = time.monotonic()
    presses = [Press(role, data) for cls in Button.registry.values() for data in grid(cls, board) for role in ROLES]
    for prefix, data in sorted(representatives(board).items()):
        forged = variants(data, board)
        if prefix in Button.registry:  # every variant by every role
            presses += [Press(role, f) for f in forged for role in ROLES]
        else:  # a conversation step's button outside its conversation: every variant once, roles in turn
            presses += [Press(list(ROLES)[i % len(ROLES)], f) for i, f in enumerate(forged)]
    problems = await forge_all(board, presses)
    print(f"variants: {board.presses} presses, {board.skipped} skipped, {time.monotonic() - started:.1f}s")
    pressed = {pair for pair, n in board.by_role_kind.items() if n}
    wanted = {(role, kind) for role in ROLES for kind in Button.registry if (role, kind) not in ADMIN_PAIRS}
    assert wanted <= pressed, f"never pressed: {sorted(wanted - pressed)}"
    assert not problems, report(problems)


# ---------------------------------------------------------------------------- hypothesis: random forgeries
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def value_strategy(kind: Any, board: Board) -> st.SearchStrategy[str]:
    if kind is int:  # mostly ids that decode (the board's, any up to 18 digits), else ones that must not
        ids = st.sampled_from([str(i) for i in board.ints])
        return st.one_of(
            ids,
            ids,
            st.integers(0, 10**18 - 1).map(str),
            st.sampled_from(SPECIAL_INTS),
            st.integers(0, 10**30).map(str),
            st.text(st.sampled_from(string.digits + NON_ASCII_DIGITS), min_size=1, max_size=20),
        )
    if kind is Token:
        return st.one_of(st.sampled_from(board.tokens), st.text(st.sampled_from(URLSAFE), min_size=7, max_size=33))
    if get_origin(kind) is Literal:
        return st.one_of(st.sampled_from(get_args(kind)), st.text(st.sampled_from(URLSAFE), max_size=12))
    return st.one_of(st.sampled_from(languages()), st.text(st.sampled_from(URLSAFE), max_size=40))


@st.composite
def forgery(draw: st.DrawFn, board: Board) -> Press:
    """A seen button of a random kind, with up to four of: a field replaced (by a value of its type, or one that
    must not decode), a segment added or dropped, junk behind the prefix; pressed by any role."""
    kinds = sorted({d.split(":", 1)[0] for d in board.base})  # a kind first, so that reg:* does not crowd out
    kind = draw(st.sampled_from(kinds))
    of_kind = [d for d in board.base if d.split(":", 1)[0] == kind]
    data = of_kind[draw(st.integers(0, len(of_kind) - 1))]  # an index: a long list's repr warns
    for _ in range(draw(st.integers(0, 4))):
        prefix, *parts = data.split(":")
        cls = Button.registry.get(prefix)
        how = draw(st.sampled_from(["field"] * 5 + ["append", "drop", "raw"]))
        if how == "field" and parts:
            i = draw(st.integers(0, len(parts) - 1))
            kinds = _kinds(cls) if cls is not None and cls.unpack(data) is not None else None
            value = draw(value_strategy(kinds[i], board) if kinds else st.one_of(ANY_TEXT, value_strategy(int, board)))
            parts[i] = value
        elif how == "append":
            parts.append(draw(st.one_of(value_strategy(int, board), ANY_TEXT)))
        elif how == "drop" and parts:
            parts.pop(draw(st.integers(0, len(parts) - 1)))
        else:
            parts = [draw(ANY_TEXT)]
        data = ":".join([prefix, *parts])
    return Press(draw(st.sampled_from(sorted(ROLES))), _fit(data))


async def test_random_forgeries_from_random_roles(board: Board) -> None:
    """Hypothesis draws batches of forgeries; each batch is played in the one running bot (built once: it takes a
    second). A bad press is recorded, not raised: on a shared board a replay would not fail the same way, so
    shrinking or replaying an example would only report flakiness. The recorded press is the example."""
    loop, problems = asyncio.get_running_loop(), []

    @settings(
        max_examples=300,
        deadline=None,
        database=None,  # the board's tokens are new every run: a stored example would not mean the same
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(presses=st.lists(forgery(board), min_size=1, max_size=8))
    def play(presses: list[Press]) -> None:
        problems.extend(asyncio.run_coroutine_threadsafe(forge_all(board, presses), loop).result(timeout=60))

    started = time.monotonic()
    await asyncio.to_thread(play)  # hypothesis runs in a thread; the presses run here, in the bot's event loop
    print(f"hypothesis: {board.presses} presses, {board.skipped} skipped, {time.monotonic() - started:.1f}s")
    assert not problems, report(problems)
