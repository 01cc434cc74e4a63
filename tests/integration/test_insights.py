"""Insights for admins: figures checked by hand on seeded data, suppression, charts, CSV, refusal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import matplotlib.image as mpimg
import pytest

from bot.domain import JobStatus
from fakebotapi import DEFAULT_TOKEN
from tests.e2e.botprocess import run_once
from tests.harness import ADMIN_ID, BotHarness
from tests.integration.test_digests import add_professionals

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
    assert ins.returnees == "<5"  # nobody abroad: zero people is also below five
    assert (ins.hires_region, ins.hires_abroad) == (5, "<5")
    assert ins.open_vacancies == 12 and ins.open_courses == 14
    rows = {r[0]: r for r in ins.tables["skills_demand_supply"].rows}
    # SIEM: required by "SOC Analyst L2" and "Junior SOC Analyst"; 6 professionals; taught by the SIEM bootcamp
    assert rows["soc.siem"][2:] == [2, 6, 1]
    # Scripting: required by "Penetration Tester" and the automation internship; 3 professionals → suppressed;
    # taught by "Python for Security Automation"
    assert rows["edu.scripting"][2:] == [2, "<5", 1]
    assert ins.tables["professionals_by_economy"].rows == [["ME", 9]]
    assert ins.tables["professionals_by_status"].rows == [["hired", 7], ["looking", "<5"]]
    supply = {s: v for s, _, v, _ in ins.demand_supply}
    assert supply["edu.scripting"] is None  # the chart draws a gap, not the number


async def test_stats_sends_summary_and_two_readable_charts(populated: BotHarness) -> None:
    replies = await populated.send(ADMIN_ID, "/stats")
    assert "Regional insights" in replies[0].text
    assert "Professionals: 9" in replies[0].text and "Counts of fewer than 5 people are shown as <5" in replies[0].text
    photos = replies[1:]
    assert len(photos) == 2
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
