"""Data rights through the real bot: /mydata holds every row about the user, /delete_me leaves nothing running.

The export is checked against the live schema rather than against a list kept here: every column that points at
users (a foreign key to users, or to professionals(user_id), or a known id column without one) must be exported,
so a table added later without a /mydata section fails this file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.keyboards import Feedback
from bot.storage import profiles as profile_storage
from tests.harness import ADMIN_ID, BotHarness, make_settings, running_bot
from tests.journeys import VACANCY_FORM, register, register_org, rows

USER = 7100001  # the person exercising their rights: a professional, an organisation owner and an admin
EMPLOYER = 7100002
COLLEAGUE = 7100003
PRO = 7100004

# Columns that hold a Telegram user id without a foreign key saying so (the admin log outlives its admins).
WITHOUT_FOREIGN_KEY = {("admin_actions", "admin_id")}
# Names that look like a user id: such a column in a table that is neither exported nor excused is a mistake.
ID_LIKE = ("telegram_id", "user_id", "admin_id", "chat_id")


def course_form() -> str:
    start = (datetime.now(UTC).date() + timedelta(days=40)).isoformat()
    return (
        f"/post_course\nTitle: EDR in practice\nSkills taught: EDR, threat hunting\nLevel: mid\nFormat: online\n"
        f"Language: English\nStarts: {start}\nDuration: 3 weeks\nCost: free\nLink: https://example.org/edr"
    )


# ---------------------------------------------------------------------------- the schema, read from the database
def tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]


def user_id_columns(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Table → its columns that hold a Telegram user id, from the foreign keys (and the few ids without one)."""
    found: dict[str, set[str]] = {"users": {"telegram_id"}}
    for table in tables(conn):
        for _id, _seq, target, column, target_column, *_ in conn.execute(f"PRAGMA foreign_key_list({table})"):
            if target == "users" or (target == "professionals" and target_column in (None, "user_id")):
                found.setdefault(table, set()).add(column)
    for table, column in WITHOUT_FOREIGN_KEY:
        found.setdefault(table, set()).add(column)
    return found


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """Everything about the user that /mydata would miss, and registry entries that no longer match the schema."""
    registry = {spec.table: set(spec.columns) for spec in profile_storage.USER_ROWS}
    excused = profile_storage.NO_USER_ROWS
    problems = []
    for table, columns in sorted(user_id_columns(conn).items()):
        for column in sorted(columns - registry.get(table, set())):
            problems.append(f"{table}.{column} references users but is not exported (USER_ROWS)")
    for table in tables(conn):
        if table not in registry and table not in excused:
            problems.append(f"{table} is neither exported (USER_ROWS) nor excused (NO_USER_ROWS)")
        if table in registry and table in excused:
            problems.append(f"{table} is both exported and excused")
        names = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        id_like = {n for n in names if n in ID_LIKE or n.endswith("_by")}
        for column in sorted(id_like - registry.get(table, set())):
            if table not in excused:
                problems.append(f"{table}.{column} looks like a user id but is not exported")
        for column in sorted(registry.get(table, set()) - names):
            problems.append(f"USER_ROWS names {table}.{column}, which does not exist")
    problems += [f"USER_ROWS names {t}, which does not exist" for t in sorted(set(registry) - set(tables(conn)))]
    return problems


async def test_every_table_that_references_users_is_exported_or_excused(bot: BotHarness) -> None:
    conn = sqlite3.connect(":memory:")  # a copy of the migrated schema, so the last check can add to it
    with sqlite3.connect(bot.services.settings.database_path) as live:
        live.backup(conn)
    found = user_id_columns(conn)
    # the schema reading itself works: direct references, references through professionals, and the log
    assert found["contact_requests"] == {"user_id", "requested_by"}
    assert found["candidate_tokens"] == {"user_id"} and found["professional_skills"] == {"user_id"}
    assert found["invites"] == {"created_by", "used_by"} and found["admin_actions"] == {"admin_id"}
    assert schema_problems(conn) == []
    assert all(reason.strip() for reason in profile_storage.NO_USER_ROWS.values())
    # and it notices tables added later that reference users, directly or through a profile, without a section
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, author INTEGER REFERENCES users(telegram_id))")
    conn.execute("CREATE TABLE bookmarks (pro INTEGER REFERENCES professionals(user_id), vacancy_id INTEGER)")
    problems = schema_problems(conn)
    assert "notes.author references users but is not exported (USER_ROWS)" in problems
    assert "bookmarks.pro references users but is not exported (USER_ROWS)" in problems
    conn.close()


# ---------------------------------------------------------------------------- /mydata against the database
def exported_rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    section = next(spec.section for spec in profile_storage.USER_ROWS if spec.table == table)
    found = data[section]
    return [found] if isinstance(found, dict) else list(found or [])


def assert_export_holds_every_row(bot: BotHarness, data: dict[str, Any], user_id: int) -> set[tuple[str, str]]:
    """Every row whose user-id column is the user is in the export (others' ids masked); returns the columns seen."""
    seen = set()
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.row_factory = sqlite3.Row
        for table, columns in user_id_columns(conn).items():
            ordered = sorted(columns)
            where = " OR ".join(f"{c} = ?" for c in ordered)
            for row in conn.execute(f"SELECT * FROM {table} WHERE {where}", [user_id] * len(ordered)):
                expected = dict(row)
                for column in ordered:
                    if expected[column] == user_id:
                        seen.add((table, column))
                    elif expected[column] is not None:
                        expected[column] = profile_storage.OTHER_USER
                assert any(all(got.get(k) == v for k, v in expected.items()) for got in exported_rows(data, table)), (
                    f"{table} row {expected} is missing from /mydata"
                )
    return seen


async def test_mydata_exports_every_row_that_references_the_user(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3", admin_ids=frozenset({ADMIN_ID, USER}))
    async with running_bot(settings) as bot:
        bot.core.add_user(USER, first_name="Xenia", username="xenia_sec")
        await register(bot, USER, salary="1.500 €")  # the private salary expectation is theirs to export too
        await register_org(bot, USER, "/employer", "Xenia Consulting")
        await bot.press(ADMIN_ID, "✅ Approve")
        await register_org(bot, USER, "/provider", "Xenia Academy")
        await bot.press(ADMIN_ID, "✅ Approve")
        await bot.send(USER, VACANCY_FORM)
        await bot.press(USER, "🚀 Publish")
        await bot.send(USER, course_form())
        await bot.press(USER, "🚀 Publish")
        # as an employer, the user asks a candidate (themselves, the only professional) for contact
        await bot.send(USER, "/candidates")
        await bot.press(USER, "SOC Analyst <Tier 2>")
        await bot.press(USER, "📇 Request contact")
        code = (await bot.send(USER, "/invite"))[0].text.split("/join ")[1].split()[0]
        await bot.send(COLLEAGUE, f"/join {code}")

        # another organisation: the user approves it as an admin, joins it, and is asked for contact by it
        await register_org(bot, EMPLOYER, "/employer", "Luka Bank")
        await bot.press(USER, "✅ Approve")
        await bot.send(EMPLOYER, VACANCY_FORM.replace("SOC Analyst <Tier 2>", "Blue Team Engineer"))
        await bot.press(EMPLOYER, "🚀 Publish")
        (their_vacancy,) = rows(bot, "SELECT id FROM vacancies WHERE title = 'Blue Team Engineer'")[0]
        code = (await bot.send(EMPLOYER, "/invite"))[0].text.split("/join ")[1].split()[0]
        await bot.send(USER, f"/join {code}")
        await bot.send(EMPLOYER, "/candidates")
        await bot.press(EMPLOYER, "Blue Team Engineer")
        await bot.press(EMPLOYER, "📇 Request contact")
        await bot.send(USER, f"/report vacancy {their_vacancy} my personal reason text")
        await bot.send(USER, "/digest_now")
        # as an admin the user makes a partner's link, and comes through it themselves (first touch)
        link = (await bot.send(USER, "/source Xenia partners"))[0].text.split("start=")[1].split()[0]
        await bot.send(USER, f"/start {link}")
        # Rows that consent flows write (tested in their own files); written here as those flows would.
        with sqlite3.connect(settings.database_path) as conn:
            conn.execute(
                "INSERT OR IGNORE INTO candidate_tokens (token, vacancy_id, user_id, created_at) VALUES (?, ?, ?, ?)",
                ("tok-test", their_vacancy, USER, "2026-11-27T10:00:00+00:00"),
            )
            conn.execute(
                "INSERT OR IGNORE INTO interests (user_id, vacancy_id, created_at) VALUES (?, ?, ?)",
                (USER, their_vacancy, "2026-11-27T10:00:00+00:00"),
            )
        # feedback on a match: the vacancy saved with its button (match_feedback)
        await bot.press_data(USER, Feedback("s", their_vacancy, "d", 0).pack())
        assert rows(bot, "SELECT kind FROM match_feedback WHERE user_id = ?", USER) == [("saved",)]
        # the retention loop: a hire in Montenegro, and its 6-month check-in (a controlled clock), answered
        await bot.send(USER, "/status")
        await bot.press(USER, "🎉 I found a job")
        await bot.press(USER, "In the Western Balkans")
        await bot.press(USER, "Montenegro")
        bot.services.hires.clock = lambda: datetime.now(UTC) + timedelta(days=200)
        await bot.app.job_queue.get_jobs_by_name("hire-check-ins")[0].run(bot.app)
        await bot.press(USER, "✅ Yes, same job")
        # half-way through a form: its conversation state and draft are data about the user too
        await bot.send(USER, "/employer")
        await bot.send(USER, "Xenia Labs")
        await bot.app.update_persistence()

        data = json.loads(await bot.services.professionals.export(USER))
        seen = assert_export_holds_every_row(bot, data, USER)
        with sqlite3.connect(settings.database_path) as conn:
            wanted = {(table, column) for table, columns in user_id_columns(conn).items() for column in columns}
        assert wanted - seen == set(), "the scenario should put the user in every user-id column"

        await bot.send(USER, "/cancel")
        document = (await bot.send(USER, "/mydata"))[0]
        assert document.document is not None
        text = bot.core.files[document.document["file_id"]]
        text = text.decode() if isinstance(text, bytes) else text
        data = json.loads(text)
        assert data["profile"]["salary_net_eur"] == 1500
        assert_export_holds_every_row(bot, data, USER)
        assert [r["reason"] for r in data["reports_filed"]] == ["my personal reason text"]
        assert {r["requested_by"] for r in data["contact_requests"]} == {USER, profile_storage.OTHER_USER}
        organisations = {o["name"]: o for o in data["organisations"]}
        assert organisations["Luka Bank"]["email"] == "jobs@example.org"
        assert organisations["Luka Bank"]["website"] and organisations["Luka Bank"]["status"] == "verified"
        assert organisations["Luka Bank"]["your_role"] == "member"
        assert organisations["Xenia Consulting"]["your_role"] == "owner"
        # nobody else's Telegram id travels in someone's own export
        for other in (EMPLOYER, COLLEAGUE, ADMIN_ID):
            assert str(other) not in text, other


# ---------------------------------------------------------------------------- D12: /edit keeps the job status
async def test_edit_keeps_hired_abroad(bot: BotHarness) -> None:
    await register(bot, USER)
    await bot.send(USER, "/status")
    await bot.press(USER, "🎉 I found a job")
    await bot.press(USER, "Abroad")
    hired = rows(bot, "SELECT status, hired_where, hired_at FROM professionals WHERE user_id = ?", USER)
    assert hired[0][:2] == ("hired", "abroad") and hired[0][2]
    await bot.send(USER, "/edit")
    await bot.press(USER, "City")
    await bot.send(USER, "Budva")
    await bot.press(USER, "💾 Save")
    assert "profile is updated" in bot.last(USER).text
    await bot.send(USER, "/skills add EDR")
    assert rows(bot, "SELECT status, hired_where, hired_at, city FROM professionals WHERE user_id = ?", USER) == [
        (*hired[0], "Budva")
    ]


# ---------------------------------------------------------------------------- D13: the last member leaves
async def organisation_with_posts(bot: BotHarness) -> int:
    """Luka Bank (employer) and Bar Cyber Academy (provider), both EMPLOYER's, each with a live post."""
    await register_org(bot, EMPLOYER, "/employer", "Luka Bank")
    await bot.press(ADMIN_ID, "✅ Approve")
    await register_org(bot, EMPLOYER, "/provider", "Bar Cyber Academy")
    await bot.press(ADMIN_ID, "✅ Approve")
    await bot.send(EMPLOYER, VACANCY_FORM)
    await bot.press(EMPLOYER, "🚀 Publish")
    await bot.send(EMPLOYER, course_form())
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT status FROM vacancies UNION ALL SELECT status FROM courses") == [("open",), ("open",)]
    (vacancy_id,) = rows(bot, "SELECT id FROM vacancies")[0]
    return vacancy_id


async def test_last_member_erasing_closes_the_organisation_and_its_posts(bot: BotHarness) -> None:
    vacancy_id = await organisation_with_posts(bot)
    await register(bot, PRO)
    match = (await bot.send(PRO, "/matches"))[0]
    assert "SOC Analyst <Tier 2> — Luka Bank" in match.text
    interested = next(b["callback_data"] for row in match.buttons for b in row if b["text"] == "🙋 I'm interested")
    assert "SOC Analyst <Tier 2>" in (await bot.send(PRO, "/vacancies"))[0].text

    question = (await bot.send(EMPLOYER, "/delete_me"))[0].text
    assert "last member of Luka Bank, Bar Cyber Academy" in question and "e-mail and website" in question
    await bot.press(EMPLOYER, "🗑 Yes, erase everything")
    assert "erased" in bot.last(EMPLOYER).text

    assert rows(bot, "SELECT name, status, email, website FROM organisations ORDER BY id") == [
        ("Luka Bank", "closed", "", ""),
        ("Bar Cyber Academy", "closed", "", ""),
    ]
    assert rows(bot, "SELECT status FROM vacancies UNION ALL SELECT status FROM courses") == [
        ("closed",),
        ("closed",),
    ]
    assert "No open vacancy matches" in (await bot.send(PRO, "/matches"))[0].text
    assert "SOC Analyst" not in (await bot.send(PRO, "/vacancies"))[0].text
    assert await bot.services.opportunities.repo.open_courses() == []
    await bot.press_data(PRO, interested)  # the button on the match shown before the erasure
    assert bot.alerts(PRO)[-1] == "This vacancy is no longer open."
    assert rows(bot, "SELECT COUNT(*) FROM interests WHERE vacancy_id = ?", vacancy_id) == [(0,)]


async def test_organisation_with_another_active_member_stays_open(bot: BotHarness) -> None:
    await organisation_with_posts(bot)
    code = (await bot.send(EMPLOYER, "/invite"))[0].text.split("/join ")[1].split()[0]  # for Luka Bank only
    await bot.send(COLLEAGUE, f"/join {code}")
    question = (await bot.send(EMPLOYER, "/delete_me"))[0].text
    assert "last member of Bar Cyber Academy," in question and "Luka Bank" not in question
    await bot.press(EMPLOYER, "🗑 Yes, erase everything")
    assert rows(bot, "SELECT name, status, email FROM organisations ORDER BY id") == [
        ("Luka Bank", "verified", "jobs@example.org"),
        ("Bar Cyber Academy", "closed", ""),
    ]
    assert rows(bot, "SELECT status FROM vacancies UNION ALL SELECT status FROM courses") == [("open",), ("closed",)]
    await register(bot, PRO)
    assert "SOC Analyst <Tier 2> — Luka Bank" in (await bot.send(PRO, "/matches"))[0].text
    # the colleague, now alone, is told before erasing
    assert "last member of Luka Bank," in (await bot.send(COLLEAGUE, "/delete_me"))[0].text


async def test_a_blocked_colleague_does_not_keep_the_organisation_open(bot: BotHarness) -> None:
    await organisation_with_posts(bot)
    code = (await bot.send(EMPLOYER, "/invite"))[0].text.split("/join ")[1].split()[0]
    await bot.send(COLLEAGUE, f"/join {code}")
    await bot.send(ADMIN_ID, f"/block {COLLEAGUE}")
    question = (await bot.send(EMPLOYER, "/delete_me"))[0].text
    assert "last member of Luka Bank" in question
    await bot.press(EMPLOYER, "🗑 Yes, erase everything")
    assert rows(bot, "SELECT DISTINCT status FROM organisations") == [("closed",)]
    assert rows(bot, "SELECT status FROM vacancies") == [("closed",)]
