"""Insights for admins: figures checked by hand on seeded data, suppression, charts, CSV, refusal."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import matplotlib.image as mpimg
import pytest

from bot.domain import DigestSchedule, JobStatus, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.i18n import catalogues, raw_message
from bot.report import build_report
from fakebotapi import DEFAULT_TOKEN
from tests.e2e.botprocess import run_once
from tests.harness import ADMIN_ID, BotHarness
from tests.integration.test_digests import SOC, add_professionals
from tests.reader import Sum, recoverable, subtract_all

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def populated(bot: BotHarness) -> BotHarness:
    await bot.services.seed_samples()
    await add_professionals(bot, range(100, 106), skills=("soc.siem", "soc.logs"))  # 6, economy ME
    await add_professionals(bot, range(200, 203), skills=("off.pentest", "edu.scripting"))  # 3
    for user_id in range(100, 105):
        await bot.services.professionals.set_status(user_id, JobStatus.HIRED, "region")
    for user_id in range(200, 202):
        await bot.services.professionals.set_status(user_id, JobStatus.HIRED, "abroad")
    return bot


async def test_figures_match_hand_counts_and_small_counts_are_suppressed(populated: BotHarness) -> None:
    ins = await populated.services.insights.compute()
    assert ins.professionals == 9
    assert ins.returnees == 0  # nobody abroad: 0 is nobody, and the economy table shows it by leaving out the row
    assert (ins.hires_region, ins.hires_abroad) == (5, "x")
    assert ins.open_vacancies == 12 and ins.open_courses == 14
    rows = {r[0]: r for r in ins.tables["skills_demand_supply"].rows}
    # SIEM: required by "SOC Analyst L2" and "Junior SOC Analyst"; 6 professionals; taught by the SIEM bootcamp
    assert rows["soc.siem"][2:] == [2, 6, 1]
    # Scripting: required by "Penetration Tester" and the automation internship; 3 professionals → suppressed;
    # taught by "Python for Security Automation"
    assert rows["edu.scripting"][2:] == [2, "x", 1]
    assert ins.tables["professionals_by_economy"].rows == [["ME", 9]]
    # looking (2) is hidden, so hired (7) is too, or 9 - 7 would give it away; region 5 stays, as hired = 5 + abroad
    # is then a sum with two unknowns
    assert ins.tables["professionals_by_status"].rows == [["hired", "x"], ["looking", "x"]]
    supply = {s: v for s, _, v, _ in ins.demand_supply}
    assert supply["edu.scripting"] is None  # the chart draws a gap, not the number


async def test_stats_sends_summary_and_two_readable_charts(populated: BotHarness) -> None:
    replies = await populated.send(ADMIN_ID, "/stats")
    assert "Regional insights" in replies[0].text
    assert (
        "Professionals: 9" in replies[0].text and "x: hidden, because it counts fewer than 5 people" in replies[0].text
    )
    # the charts follow the figures, drawn after the answer
    await populated.core.wait_for(lambda: [m.kind for m in populated.core.bot_messages(ADMIN_ID)].count("photo") == 2)
    photos = [m for m in populated.core.bot_messages(ADMIN_ID) if m.kind == "photo"]
    for photo in photos:
        content = populated.core.files[photo.document["file_id"]]  # type: ignore[index]
        assert content.startswith(PNG_SIGNATURE)
        image = mpimg.imread(io.BytesIO(content), format="png")
        height, width = image.shape[:2]
        assert 400 <= width <= 3000 and 300 <= height <= 3000


async def test_stats_csv_round_trips(populated: BotHarness) -> None:
    replies = await populated.send(ADMIN_ID, "/stats csv")
    documents = [r for r in replies if r.document]
    ins = await populated.services.insights.compute()
    assert {d.document["file_name"] for d in documents} == {f"{n}.csv" for n in ins.tables}  # type: ignore[index]
    for document in documents:
        name = document.document["file_name"].removesuffix(".csv")  # type: ignore[index]
        parsed = list(csv.reader(io.StringIO(populated.core.files[document.document["file_id"]].decode())))  # type: ignore[index]
        table = ins.tables[name]
        assert parsed[0] == table.header
        assert parsed[1:] == [[str(v) for v in row] for row in table.rows]


async def test_non_admins_are_refused_without_learning_the_command_exists(populated: BotHarness) -> None:
    refused = (await populated.send(100, "/stats"))[0].text
    unknown = (await populated.send(100, "/nonexistent"))[0].text
    assert refused == unknown.replace("/nonexistent", "/stats")
    assert (await populated.send(100, "/stats csv"))[0].text == refused


async def test_report_command_writes_csv_and_png(populated: BotHarness, tmp_path: Path) -> None:
    out = tmp_path / "report"
    env = {"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "DATABASE_PATH": str(populated.services.settings.database_path)}
    code, output = await run_once(env, tmp_path, "report", "--out", str(out))
    assert code == 0, output
    names = {p.name for p in out.iterdir()}
    assert {"skills_demand_supply.csv", "retention.csv", "demand_vs_supply.png", "per_economy.png"} <= names
    assert (out / "per_economy.png").read_bytes().startswith(PNG_SIGNATURE)


async def test_monthly_report_job_reaches_admins(populated: BotHarness) -> None:
    job = populated.app.job_queue.get_jobs_by_name("monthly-report")[0]
    await job.run(populated.app)
    texts = [m.text for m in populated.core.bot_messages(ADMIN_ID)]
    assert any("Monthly report" in text for text in texts)


# The audit's D6 population: 5 ME/mid/hired in the region, 1 AL/senior/hired abroad, 1 AL/senior/looking.
D6_PEOPLE = [(300 + i, "ME", Level.MID, JobStatus.HIRED, "region") for i in range(5)] + [
    (310, "AL", Level.SENIOR, JobStatus.HIRED, "abroad"),
    (311, "AL", Level.SENIOR, JobStatus.LOOKING, None),
]


def _count(text: str) -> int | None:
    """A published figure, or None where the output hides it (whatever the marker)."""
    return int(text) if text.isdigit() else None


def _read_stats(text: str) -> dict[tuple, int | None]:
    """The counts of people in the /stats summary, keyed as a reader would name them."""
    shown: dict[tuple, int | None] = {}
    people = re.search(r"Professionals: (\S+) · abroad and willing to return: (\S+)", text)
    hires = re.search(r"Reported hires: (\S+) in the region, (\S+) abroad", text)
    assert people and hires, text
    shown[("professionals",)], shown[("returnees",)] = _count(people[1]), _count(people[2])
    shown[("hired_in", "region")], shown[("hired_in", "abroad")] = _count(hires[1]), _count(hires[2])
    for dimension in ("economy", "level", "status"):
        line = re.search(rf"By {dimension}: (.*)", text)
        assert line, text
        codes = {raw_message("en", k): k.split(".", 1)[1] for k in catalogues()["en"].keys if k.startswith(dimension)}
        for item in line[1].split(", "):
            name, value = item.rsplit(": ", 1)
            shown[(dimension, codes.get(name, name))] = _count(value)
    return shown


async def test_no_published_total_minus_its_parts_gives_away_a_small_count(bot: BotHarness) -> None:
    """Audit D6: with 7 people, /stats, /stats csv, the report and the monthly report hide what subtraction gives."""
    await bot.services.seed_samples()  # open vacancies, so the skill tables and the per-economy chart have rows
    for user_id, economy, level, status, where in D6_PEOPLE:
        bot.core.add_user(user_id, first_name=f"P{user_id}")
        await bot.services.users.touch(user_id, f"P{user_id}", "en")
        profile = Profile(
            user_id=user_id,
            display_name=f"P{user_id}",
            economy=economy,
            city="",
            level=level,
            years=3,
            languages=("en",),
            work_formats=(WorkFormat.REMOTE,),
            relocate=False,
            target_role=None,
            visibility=Visibility.ANONYMOUS,
            skills=tuple(SkillEntry(s) for s in SOC),
        )
        await bot.services.professionals.profiles.save(profile, DigestSchedule(timezone="Europe/Podgorica"))
        if status is JobStatus.HIRED:
            await bot.services.professionals.set_status(user_id, status, where)

    text = (await bot.send(ADMIN_ID, "/stats"))[0].text
    shown = _read_stats(text)
    await bot.core.wait_for(lambda: [m.kind for m in bot.core.bot_messages(ADMIN_ID)].count("photo") == 2)  # charts
    documents = [r.document for r in await bot.send(ADMIN_ID, "/stats csv") if r.document]
    tables = {
        d["file_name"].removesuffix(".csv"): list(csv.reader(io.StringIO(bot.core.files[d["file_id"]].decode())))
        for d in documents
    }
    # the CSV publishes the same figures as the text: neither shows what the other hides
    for dimension in ("economy", "level", "status"):
        rows = {(dimension, name): _count(value) for name, value in tables[f"professionals_by_{dimension}"][1:]}
        assert rows == {k: v for k, v in shown.items() if k[0] == dimension}
    assert {("hired_in", n): _count(v) for n, v in tables["retention"][1:]} == {
        k: v for k, v in shown.items() if k[0] == "hired_in"
    }
    # the report and the monthly report publish the very same figures
    report = await build_report(bot.services.settings)
    for name, rows in tables.items():
        assert list(csv.reader(io.StringIO(report[f"{name}.csv"].decode()))) == rows, name
    await bot.app.job_queue.get_jobs_by_name("monthly-report")[0].run(bot.app)
    monthly = next(m.text for m in reversed(bot.core.bot_messages(ADMIN_ID)) if "Monthly report" in m.text)
    assert text in monthly

    # What a reader writes down: each breakdown adds up to the total, hires in the region and abroad to "hired"
    # (every hire here stated a place), the returnees are the "abroad" row, and each skill's supply is the sum of
    # its per-economy supply (these 7 people are all in ME and AL, so the chart's bars for them are all of it).
    sums = [Sum(("professionals",), tuple(k for k in shown if k[0] == d)) for d in ("economy", "level", "status")]
    sums.append(Sum(("status", "hired"), (("hired_in", "region"), ("hired_in", "abroad"))))
    sums.append(Sum(("returnees",), (("economy", "abroad"),)))
    shown.setdefault(("economy", "abroad"), 0)  # no row: nobody
    insights = await bot.services.insights.compute()
    skills = {row[0]: _count(row[3]) for row in tables["skills_demand_supply"][1:]}
    drawn: dict[str, list[tuple]] = {}
    for economy, entries in insights.per_economy.items():
        for skill, _, supply in entries:
            if skill in skills and economy in ("ME", "AL"):
                shown[("economy_supply", economy, skill)] = supply
                drawn.setdefault(skill, []).append(("economy_supply", economy, skill))
    for skill, value in skills.items():
        shown[("supply", skill)] = value
    sums += [Sum(("supply", s), tuple(parts)) for s, parts in drawn.items() if len(parts) == 2]

    # every published total minus its published parts, again with what that gives: nothing hidden comes out
    assert subtract_all(shown, sums) == {}
    # nor from all the sums together, knowing a hidden count is at least 1 (a 0 would be shown)
    truth: dict[tuple, int] = {("professionals",): 7, ("returnees",): 0, ("economy", "abroad"): 0}
    truth |= {("economy", "ME"): 5, ("economy", "AL"): 2, ("level", "mid"): 5, ("level", "senior"): 2}
    truth |= {("status", "hired"): 6, ("status", "looking"): 1, ("hired_in", "region"): 5, ("hired_in", "abroad"): 1}
    for key in shown:  # everyone has the SOC skills and nothing else
        if key[0] == "supply":
            truth[key] = 7 if key[1] in SOC else 0
        elif key[0] == "economy_supply":
            truth[key] = truth[("economy", key[1])] if key[2] in SOC else 0
    assert {k: v for k, v in shown.items() if v is not None} == {k: truth[k] for k in shown if shown[k] is not None}
    hidden = {k for k, v in shown.items() if v is None}
    assert recoverable(truth, sums, hidden) == {}
    assert shown[("professionals",)] == 7  # and the total is still there to read


async def test_charts_are_drawn_off_the_event_loop_in_the_admin_s_language(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawing takes most of a second, holding the interpreter lock: it happens in a worker process, after the
    figures are answered."""
    import os

    from bot import charts

    drawn: list[tuple[str, str]] = []
    real = charts.draw

    async def spy(kind, insights, taxonomy, lang="en"):  # type: ignore[no-untyped-def]
        drawn.append((kind, lang))
        return await real(kind, insights, taxonomy, lang)

    monkeypatch.setattr(charts, "draw", spy)
    await bot.services.seed_samples()
    await bot.send(ADMIN_ID, "/language")
    await bot.press(ADMIN_ID, "Shqip")
    replies = await bot.send(ADMIN_ID, "/stats")
    assert replies[0].kind == "text"  # the figures at once; the charts follow, drawn after the answer
    await bot.core.wait_for(lambda: [m.kind for m in bot.core.bot_messages(ADMIN_ID)].count("photo") == 2, 60)
    assert drawn == [("demand_supply", "sq"), ("per_economy", "sq")]
    assert await charts.worker_pid() != os.getpid()


async def test_stats_before_anyone_registered_says_so_instead_of_empty_lines(bot: BotHarness) -> None:
    summary = (await bot.send(ADMIN_ID, "/stats"))[0].text
    for heading in ("By economy:", "By level:", "By status:"):
        line = next(line for line in summary.splitlines() if line.startswith(heading))
        assert line == f"{heading} —"
