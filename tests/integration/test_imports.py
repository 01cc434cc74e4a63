"""Bulk import through the real bot: a verified organisation's CSV, read by the one-message form's rules in any of
the four languages, reported row by row, previewed once, published row by row through the posts service."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.journeys import EMPLOYER, register_org, rows, verified_employer

CSV_MIME = "text/csv"

ENGLISH = """Title,Required skills,Location,Apply,Salary,Level,Description
SOC Analyst L1,"SIEM, log analysis","Montenegro, Podgorica",https://example.org/soc,1200-1600,junior,Night shifts.
Penetration Tester,"penetration testing, Burp Suite","Serbia, Belgrade",jobs@example.org,,senior,
Broken Row,SIEM,Montenegro,,lots of money,wizard,
Easy Money,SIEM,"Serbia, Novi Sad",https://example.org/easy,,,Write me on WhatsApp for details
"""


def publish_all(replies: list) -> str:
    """The label of the preview's Publish all button."""
    return next(label for r in replies for label in r.button_labels() if label.startswith("🚀"))


async def test_a_csv_publishes_the_good_rows_and_names_the_bad_ones(bot: BotHarness) -> None:
    await verified_employer(bot)
    help_replies = await bot.send(EMPLOYER, "/import")
    assert "One row per post" in help_replies[0].text
    template = next(r.document for r in help_replies if r.document)
    assert template["file_name"] == "vacancy-template.csv"  # type: ignore[index]
    header = next(csv.reader(io.StringIO(bot.core.files[template["file_id"]].decode("utf-8-sig"))))  # type: ignore[index]
    assert header[:3] == ["Title", "Role", "Required skills"]

    replies = await bot.send_document(EMPLOYER, ENGLISH.encode(), "posts.csv", CSV_MIME)
    report = "\n".join(r.text for r in replies)
    button = next(b["callback_data"] for r in replies for row in r.buttons for b in row if b["text"].startswith("🚀"))
    assert "rows read: 4" in report
    assert "✅ Row 2: SOC Analyst L1" in report and "✅ Row 3: Penetration Tester" in report
    # the bad row: every problem named with its field
    bad = report.split("❌ Row 4:")[1].split("⏸")[0]
    assert "Apply" in bad and "Salary" in bad and "Level" in bad
    assert "⏸ Row 5: Easy Money — held" in report and "WhatsApp" in report
    assert "to publish: 2; to be held for review: 1; skipped for the problems above: 1" in report
    assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(0,)]  # nothing before Publish all

    await bot.press(EMPLOYER, publish_all(replies))
    done = bot.last(EMPLOYER).text
    assert "Row 2: SOC Analyst L1 — published" in done and "Row 5: Easy Money — held" in done
    assert "Published: 2 of 3." in done
    assert rows(bot, "SELECT title, status, salary_min, level FROM vacancies ORDER BY id") == [
        ("SOC Analyst L1", "open", 1200, "junior"),
        ("Penetration Tester", "open", None, "senior"),
        ("Easy Money", "held", None, "mid"),
    ]
    assert "Easy Money" in bot.last(ADMIN_ID).text  # the admins hear about the held row
    # the preview's buttons are gone, and the same button pressed again publishes nothing twice
    assert not any(label.startswith("🚀") for r in replies for label in r.button_labels())
    await bot.press_data(EMPLOYER, button)
    assert bot.alerts(EMPLOYER)[-1] and rows(bot, "SELECT COUNT(*) FROM vacancies") == [(3,)]

    # the same file sent again: every post it would publish is live already, so each row says so
    again = "\n".join(r.text for r in await bot.send_document(EMPLOYER, ENGLISH.encode(), "posts.csv", CSV_MIME))
    assert again.count("a post with this title is already live") == 3
    assert "to publish: 0; to be held for review: 0; skipped for the problems above: 4" in again


async def test_serbian_and_albanian_column_names(bot: BotHarness) -> None:
    await verified_employer(bot)
    serbian = (
        "Naziv;Potrebne veštine;Lokacija;Prijava;Nivo;Format rada;Jezici\n"
        "Analitičar SOC-a;SIEM, analiza logova;Crna Gora, Bar;https://example.org/bar;Srednji nivo;hibridno;"
        "crnogorski, engleski\n"
        "Bez prijave;SIEM;Crna Gora;;;;\n"
    )
    replies = await bot.send_document(EMPLOYER, serbian.encode("cp1250"), "oglasi.csv", CSV_MIME)  # Excel's CSV
    report = "\n".join(r.text for r in replies)
    assert "Row 2: Analitičar SOC-a" in report and "❌ Row 3:" in report and "Apply" in report.split("❌ Row 3:")[1]
    await bot.press(EMPLOYER, publish_all(replies))
    assert rows(bot, "SELECT title, city, level, work_format, languages FROM vacancies") == [
        ("Analitičar SOC-a", "Bar", "mid", "hybrid", "cnr,en")
    ]

    await register_org(bot, 4011, name="Tirana Telecom")
    await bot.press(ADMIN_ID, "✅ Approve")
    bot.core.add_user(4011, first_name="Besa", language_code="sq")  # the app now in Albanian
    albanian = (
        "Titulli,Aftësitë e kërkuara,Vendndodhja,Aplikimi,Paga\n"
        'Analist SOC,"SIEM, analiza e logjeve","Shqipëri, Tiranë",https://example.org/tirana,900-1300\n'
    )
    replies = await bot.send_document(4011, albanian.encode(), "vende.csv", caption="/import")
    report = "\n".join(r.text for r in replies)
    assert "Rreshti 2: Analist SOC" in report  # the report in the sender's language
    await bot.press(4011, publish_all(replies))
    assert rows(bot, "SELECT economy, salary_min, salary_max FROM vacancies WHERE title = 'Analist SOC'") == [
        ("AL", 900, 1300)
    ]


async def test_courses_by_a_provider(bot: BotHarness) -> None:
    await register_org(bot, 4021, "/provider", "Kotor Cyber Academy")
    await bot.press(ADMIN_ID, "✅ Approve")
    courses = (
        "Title,Skills taught,Starts,Link,Cost,Format\n"
        'SOC Bootcamp,"SIEM, threat hunting",30 days,https://example.org/bootcamp,free,online\n'
        "Old Course,SIEM,2001-01-01,https://example.org/old,,\n"
    )
    replies = await bot.send_document(4021, courses.encode(), "courses.csv", CSV_MIME)
    report = "\n".join(r.text for r in replies)
    assert "Courses for Kotor Cyber Academy" in report and "❌ Row 3:" in report and "Starts" in report
    await bot.press(4021, publish_all(replies))
    assert rows(bot, "SELECT title, status, cost_eur FROM courses") == [("SOC Bootcamp", "open", 0)]


async def test_quota_authorisation_cancel_and_other_peoples_buttons(tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path / "bot.sqlite3", max_posts_per_day=1)) as bot:
        await verified_employer(bot)
        replies = await bot.send_document(EMPLOYER, ENGLISH.encode(), "posts.csv", CSV_MIME)
        assert "You can publish 1 more posts now" in "\n".join(r.text for r in replies)
        button = next(
            b["callback_data"] for r in replies for row in r.buttons for b in row if b["text"].startswith("🚀")
        )
        # another user presses the same button: nothing happens
        bot.core.add_user(4031, first_name="Mallory")
        await bot.press_data(4031, button)
        assert bot.alerts(4031) and rows(bot, "SELECT COUNT(*) FROM vacancies") == [(0,)]
        await bot.press_data(EMPLOYER, button)
        done = bot.last(EMPLOYER).text
        assert "Published: 1 of 3." in done and "not published" in done and "new posts a day" in done
        assert rows(bot, "SELECT title FROM vacancies") == [("SOC Analyst L1",)]
        await bot.press_data(EMPLOYER, button)  # a second press: the import is spent
        assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(1,)]

        # Cancel publishes nothing
        replies = await bot.send_document(EMPLOYER, ENGLISH.encode(), "posts.csv", CSV_MIME)
        await bot.press(EMPLOYER, "✖️ Cancel")
        assert "Nothing was published" in bot.last(EMPLOYER).text
        assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(1,)]

        # an organisation nobody verified, and a professional, cannot import
        await register_org(bot, 4032, name="Pending Org")
        for user in (4032, 4033):
            assert "verified organisation" in (await bot.send(user, "/import"))[0].text
            replies = await bot.send_document(user, ENGLISH.encode(), "posts.csv", CSV_MIME)
            assert "verified organisation" in replies[0].text
        # a file that is not CSV text, one without known columns, and one too large
        assert "CSV UTF-8" in (await bot.send_document(EMPLOYER, b"\x00\x01binary", "x.csv", CSV_MIME))[0].text
        unknown = (await bot.send_document(EMPLOYER, b"foo,bar\n1,2\n", "x.csv", CSV_MIME))[0].text
        assert "don't recognise the columns" in unknown and "Required skills" in unknown
        big = (await bot.send_document(EMPLOYER, b"Title\n" + b"x\n" * 300_000, "big.csv", CSV_MIME))[0].text
        assert "too large" in big
        assert rows(bot, "SELECT COUNT(*) FROM vacancies") == [(1,)]
