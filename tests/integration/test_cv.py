"""A CV through the real bot: a PDF or DOCX built here with pypdf and python-docx, its skills found by the
normaliser and offered with Add / Don't add; nothing of the file written anywhere or kept in the database."""

from __future__ import annotations

import io
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from bot.services.cv import MAX_CV_BYTES
from tests.harness import BotHarness
from tests.journeys import register, rows

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKER = "Zanzibar Lighthouse Authority"  # in every CV: must never reach the disk or the database

CV_LINES = [
    "Ana Petrovic - Podgorica, Montenegro - ana.cv@example.org",
    f"2019-2024 Security analyst at {MARKER}.",
    "Built detection rules and led incident response for phishing campaigns.",
    "Skills: Wireshark, penetration testing, ISO 27001, Python",
    "Languages: Montenegrin, English",
]


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines of text in Helvetica, built with pypdf."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
         NameObject("/BaseFont"): NameObject("/Helvetica")}
    )  # fmt: skip
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines)
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 10 Tf 14 TL 40 800 Td {text} ET".encode("latin-1"))
    page.replace_contents(stream)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_docx(lines: list[str], table: list[tuple[str, str]] = ()) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=2)
        for i, (left, right) in enumerate(table):
            grid.cell(i, 0).text, grid.cell(i, 1).text = left, right
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# Every file opened for writing while a CV is handled, seen through Python's audit hook ("open" covers open(),
# io.open and os.open); the hook stays installed for the process, and records only while a list is set.
_writes: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event != "open" or _writes is None:
        return
    path, mode, flags = args
    writing = isinstance(mode, str) and any(c in mode for c in "wax+")
    if isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
        writing = True
    if writing:
        _writes.append(str(path))


sys.addaudithook(_audit)


@contextmanager
def no_files_written(*folders: Path) -> Iterator[list[str]]:
    """No file opened for writing by this process meanwhile (the system's temporary folder included, wherever
    it is), and nothing new in ``folders``."""
    global _writes
    before = {folder: set(folder.rglob("*")) for folder in folders}
    _writes = []
    try:
        yield _writes
    finally:
        written, _writes = _writes, None
    assert written == [], f"files opened for writing: {written}"
    for folder in folders:  # nothing new beside the database (and its journal)
        assert {p for p in folder.rglob("*") if "sqlite3" not in p.name} <= before[folder], folder


def database_text(bot: BotHarness) -> str:
    """Every value in every table, as text: what the bot keeps."""
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(str(row) for table in tables for row in conn.execute(f"SELECT * FROM {table}"))


def skills_of(bot: BotHarness, user: int) -> set[str]:
    return {
        r[0]
        for r in rows(bot, "SELECT skill_id FROM professional_skills WHERE user_id = ? AND skill_id IS NOT NULL", user)
    }


async def test_a_pdf_cv_gives_skills_to_add_and_leaves_no_file_behind(bot: BotHarness, tmp_path: Path) -> None:
    await register(bot, 7001, skills="SIEM, log analysis")
    before = skills_of(bot, 7001)
    with no_files_written(tmp_path):
        reply = (await bot.send_document(7001, make_pdf(CV_LINES), "Ana CV.pdf", PDF_MIME))[0]
    assert "Skills found in your CV" in reply.text
    for skill in ("Incident response", "Penetration testing", "ISO/IEC 27001", "Detection engineering"):
        assert skill in reply.text, reply.text
    assert "SIEM" not in reply.text.split("\n")[0]  # already on the profile: not offered again
    assert MARKER not in database_text(bot) and "ana.cv@example.org" not in database_text(bot)
    await bot.app.update_persistence()
    assert MARKER not in database_text(bot)  # the form data holds the skill ids waiting for the answer, no text

    await bot.press(7001, "➕ Add to my profile")
    added = skills_of(bot, 7001) - before
    assert {"dfir.ir", "off.pentest", "grc.iso27001", "soc.detection"} <= added
    assert "Added:" in bot.last(7001).text and "Your skills now" in bot.last(7001).text
    await bot.app.update_persistence()
    assert MARKER not in database_text(bot) and "cv" not in str(rows(bot, "SELECT data FROM user_data"))


async def test_a_docx_cv_and_dont_add(bot: BotHarness, tmp_path: Path) -> None:
    await register(bot, 7002, skills="SIEM")
    before = skills_of(bot, 7002)
    content = make_docx([*CV_LINES[:2], "Certifications: OSCP"], table=[("Tools", "Burp Suite, Wireshark")])
    with no_files_written(tmp_path):
        reply = (await bot.send_document(7002, content, "cv.docx", DOCX_MIME))[0]
    assert "Skills found in your CV" in reply.text and "Penetration testing" in reply.text
    await bot.press(7002, "✖️ Don't add")
    assert "Nothing was added" in bot.last(7002).text and skills_of(bot, 7002) == before
    assert MARKER not in database_text(bot)


async def test_cv_refusals(bot: BotHarness) -> None:
    # no profile yet: register first
    assert "register first" in (await bot.send_document(7003, make_pdf(CV_LINES), "cv.pdf", PDF_MIME))[0].text
    await register(bot, 7003)
    # other types, a PDF that is not one, and a file over the limit (refused before it is downloaded)
    for name, mime in (("cv.doc", "application/msword"), ("photo.jpg", "image/jpeg"), ("notes.txt", "text/plain")):
        assert "Other files are not read" in (await bot.send_document(7003, b"hello", name, mime))[0].text
    assert "doesn't look like a PDF" in (await bot.send_document(7003, b"not a pdf", "cv.pdf", PDF_MIME))[0].text
    broken = (await bot.send_document(7003, b"%PDF-1.4\n garbage", "cv.pdf", PDF_MIME))[0].text
    assert "couldn't read" in broken
    big = MAX_CV_BYTES + 1
    bot.core.files["HUGE"] = b"%PDF-"  # what getFile would serve; the declared size alone refuses it
    document = {"file_id": "HUGE", "file_unique_id": "huge", "file_name": "cv.pdf", "file_size": big}
    assert "too large: the limit is 5 MB" in (await bot.send(7003, None, document=document))[0].text
    # a CV with nothing from the taxonomy
    nothing = make_docx(["Dear reader,", "I like gardening and long walks."])
    assert "no new skills" in (await bot.send_document(7003, nothing, "cv.docx", DOCX_MIME))[0].text
    # the Add button of someone else's CV changes nothing
    await register(bot, 7004, skills="SIEM")
    await bot.send_document(7004, make_pdf(CV_LINES), "cv.pdf", PDF_MIME)
    data = next(b["callback_data"] for row in bot.last(7004).buttons for b in row if b["text"].startswith("➕"))
    skills = skills_of(bot, 7003)
    await bot.press_data(7003, data)
    assert skills_of(bot, 7003) == skills and bot.alerts(7003)
