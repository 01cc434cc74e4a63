"""Reach and imports without the bot: partners' counts under suppression (brute force), deep links, reading CSVs,
skills in CV text, the limits on CV files, and the fake Bot API's inline queries and channels."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Bot, InlineQueryResultArticle, InputTextMessageContent

import bot as _bot_options  # noqa: F401  (sets the python-telegram-bot options the bot runs with)
from bot.matching.normalize import default_normalizer
from bot.services.cv import MAX_CV_BYTES, cv_kind, cv_text, skills_in_text
from bot.services.errors import FormError
from bot.services.imports import columns, decode, detect_kind, read_table
from bot.services.insights import _people_cells
from bot.services.reach import deep_link, source_cells
from bot.services.suppression import suppress
from bot.storage.reach import Source
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest
from tests.reader import Sum, recoverable

# --- partners' counts: nothing hidden can be worked out -------------------------------------------------------

SOURCES = [Source("aaa", "A", ""), Source("bbb", "B", "")]
person = st.tuples(
    st.just("ME"),  # one economy and two levels: the sources' sums are what is tested, and brute force is costly
    st.sampled_from(("mid", "senior")),
    st.sampled_from(("looking", "hired")),
    st.sampled_from(("aaa", "bbb", None)),  # the source they came through
    st.booleans(),  # registered a profile
)


def model(people: list[tuple]) -> tuple[dict, list, set]:
    groups: dict[tuple, int] = {}
    without_profile = {"aaa": 0, "bbb": 0}
    for economy, level, status, source, registered in people:
        if not registered:
            if source:
                without_profile[source] += 1
            continue
        key = (economy, level, status, "region" if status == "hired" else None, source)
        groups[key] = groups.get(key, 0) + 1
    rows = [(*k[:4], n, k[4]) for k, n in sorted(groups.items(), key=repr)]
    cells, relations, unpublished = _people_cells(rows, {}, {}, [], {})
    more_cells, more_relations, more_unpublished = source_cells(rows, without_profile, SOURCES)
    return cells | more_cells, relations + more_relations, unpublished | more_unpublished


def reader_sums(cells: dict, relations: list) -> list[Sum]:
    """What a reader of /stats writes down about the sources, independently of ``source_cells``: all professionals
    = each source's + those of no source; a source's people = its professionals + its people without a profile."""
    codes = [s.code for s in SOURCES]
    sums = [Sum(r.total, r.parts) for r in relations if not any(k[0].startswith("source") for k in r.parts)]
    sums.append(Sum(("professionals",), (*(("source_pros", c) for c in codes), ("source_none",))))
    sums += [Sum(("source_people", c), (("source_pros", c), ("source_others", c))) for c in codes]
    return sums


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(person, max_size=9))
def test_no_partner_count_can_be_worked_out(people: list[tuple]) -> None:
    cells, relations, unpublished = model(people)
    hidden = suppress(cells, relations, unpublished=unpublished)
    shown = {k for k in cells if k not in unpublished}
    assert {k for k in shown if 0 < cells[k] < 5} <= hidden
    assert recoverable(cells, reader_sums(cells, relations), hidden, unpublished) == {}


def test_everybody_through_partners_hides_the_big_source_too() -> None:
    people = [("ME", "mid", "looking", "aaa", True)] * 6 + [("ME", "mid", "looking", "bbb", True)] * 2
    cells, relations, unpublished = model(people)
    hidden = suppress(cells, relations, unpublished=unpublished)
    assert ("source_pros", "bbb") in hidden
    # professionals = A + B + nobody else: A's 6 shown with the total would give B's 2 away
    assert ("source_pros", "aaa") in hidden or ("professionals",) in hidden


def test_no_sources_add_nothing() -> None:
    assert source_cells([("ME", "mid", "looking", None, 3, None)], {}, []) == ({}, [], set())


# --- deep links -------------------------------------------------------------------------------------------------


def test_deep_links_take_only_what_telegram_carries() -> None:
    assert deep_link("my_bot", "src_Ab-9_x") == "https://t.me/my_bot?start=src_Ab-9_x"
    for bad in ("", "a b", "x" * 65, "ünï", "a&b=c"):
        with pytest.raises(ValueError):
            deep_link("my_bot", bad)


# --- reading a CSV ----------------------------------------------------------------------------------------------


def test_csv_encodings_and_delimiters() -> None:
    assert decode("Naziv;Plata\n".encode("cp1250")) == "Naziv;Plata\n"
    assert decode("\ufeffTitle\n".encode()) == "Title\n"
    assert decode("Poželjno\n".encode("cp1250")) == "Poželjno\n"
    with pytest.raises(FormError):
        decode(b"Title\x00\n")
    table = read_table(b'Title;Required skills\n\n"SOC; L2";"SIEM, EDR"\n')
    assert table == [(1, ["Title", "Required skills"]), (3, ["SOC; L2", "SIEM, EDR"])]  # row numbers as a sheet's
    assert read_table(b"Title\tApply\nA\thttps://x.org\n")[1] == (2, ["A", "https://x.org"])
    for data, key in ((b"Title\n", "import.error.empty"), (b"Title\n" + b"x\n" * 101, "import.error.too_many_rows")):
        with pytest.raises(FormError) as err:
            read_table(data)
        assert err.value.key == key


def test_columns_in_any_language_and_the_kind_they_describe() -> None:
    keys, ignored = columns("vacancy", ["Naziv", "Aftësitë e kërkuara", "Локација", "Apply", "Colour", "Title"])
    assert keys == {0: "title", 1: "required", 2: "location", 3: "apply"} and ignored == ["Colour", "Title"]
    assert detect_kind(["Title", "Skills taught", "Starts", "Link"], ["vacancy", "course"]) == "course"
    assert detect_kind(["Titulli", "Aftësitë e kërkuara", "Aplikimi"], ["vacancy", "course"]) == "vacancy"
    assert detect_kind(["Title"], ["course", "vacancy"]) == "course"  # a tie: the organisation's kind


# --- a CV's text and skills -------------------------------------------------------------------------------------


def test_skills_in_prose_and_lists() -> None:
    text = (
        "Ana Petrovic, Bar. I like soccer and sock puppets.\n"
        "Skills: SIEM, log analisys, incident responce\n"
        "At the bank I ran the SOC and wrote detection rules in Splunk; soc in lower case is just a word.\n"
    )
    found = {m.skill_id for m in skills_in_text(default_normalizer(), text)}
    assert {"soc.logs", "dfir.ir", "soc.monitoring", "soc.detection"} <= found  # typos in list items too
    assert "soc.siem" in found
    assert not {m.skill_id for m in skills_in_text(default_normalizer(), "I like soccer, cooking and hiking.")}


def docx_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def test_cv_files_are_bounded() -> None:
    assert cv_kind(b"%PDF-1.7 ...") == "pdf" and cv_kind(b"PK\x03\x04 not a zip") is None
    assert cv_kind(docx_bytes({"word/document.xml": b"<x/>"})) == "docx"
    assert cv_kind(docx_bytes({"xl/workbook.xml": b"<x/>"})) is None  # a spreadsheet is not a CV
    for data, key in (
        (b"%PDF-" + b"0" * MAX_CV_BYTES, "cv.error.too_large"),
        (b"hello", "cv.error.type"),
        (docx_bytes({"word/document.xml": b"0" * (31 * 1024 * 1024)}), "cv.error.unreadable"),  # unpacks too big
        (docx_bytes({"word/document.xml": b"<not xml"}), "cv.error.unreadable"),
    ):
        with pytest.raises(FormError) as err:
            cv_text(data)
        assert err.value.key == key


def test_an_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(FormError) as err:
        cv_text(buf.getvalue())
    assert err.value.key == "cv.error.encrypted"


# --- the fake Bot API: inline queries and channels ------------------------------------------------------------


@pytest.fixture
async def api() -> tuple[FakeBotAPI, Bot]:
    core = FakeBotAPI()
    core.add_user(77)
    bot = Bot(DEFAULT_TOKEN, request=FakeRequest(core), get_updates_request=FakeRequest(core))
    await bot.initialize()
    return core, bot


async def test_inline_queries_are_answered_once_with_valid_results(api: tuple[FakeBotAPI, Bot]) -> None:
    core, bot = api
    query_id = core.user_inline_query(77, "soc")["inline_query"]["id"]
    article = InlineQueryResultArticle("abc", "SOC", InputTextMessageContent("<b>SOC</b>", parse_mode="HTML"))
    assert await bot.answer_inline_query(query_id, [article], cache_time=5)
    assert core.inline_answers[query_id]["results"][0]["input_message_content"]["message_text"] == "<b>SOC</b>"
    with pytest.raises(Exception, match=r"(?i)query is too old"):
        await bot.answer_inline_query(query_id, [article])
    query_id = core.user_inline_query(77, "x")["inline_query"]["id"]
    broken = InlineQueryResultArticle("abc", "SOC", InputTextMessageContent("<b>SOC", parse_mode="HTML"))
    with pytest.raises(Exception, match=r"(?i)can.t parse entities"):
        await bot.answer_inline_query(query_id, [broken])
    assert (await bot.get_me()).supports_inline_queries


async def test_channels_take_posts_by_id_or_username(api: tuple[FakeBotAPI, Bot]) -> None:
    core, bot = api
    core.add_channel(-100123, "Jobs", username="balkan_jobs")
    first = await bot.send_message(-100123, "one")
    second = await bot.send_message("@balkan_jobs", "two")
    assert first.chat.type == "channel" and first.chat.title == "Jobs" and first.from_user is None
    assert second.chat.id == -100123 and [m.text for m in core.chats[-100123].messages] == ["one", "two"]
    with pytest.raises(Exception, match=r"(?i)chat not found"):
        await bot.send_message("@nobody_here", "x")
