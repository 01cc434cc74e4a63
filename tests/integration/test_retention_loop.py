"""The retention loop through the real bot (issue #16, item 4): a hire reported by the professional (/status) or by
the organisation (the pipeline's "Hired"), where it is, the check-ins 6 and 12 months later on a controlled clock,
and the retention figures in /stats, /stats csv, the report and the monthly report with small counts hidden, also
from every published total minus its parts."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from bot.domain import ECONOMIES, DigestSchedule, Level, Profile, SkillEntry, Visibility, WorkFormat
from bot.i18n import raw_message
from bot.report import build_report
from bot.services.hires import months_before
from tests.harness import ADMIN_ID, BotHarness
from tests.integration.test_applications import EMPLOYER, PRO, applied
from tests.journeys import register, rows
from tests.reader import SMALL, Sum, recoverable, subtract_all, subtraction_leaks

LEVELS = tuple(level.value for level in Level)
FIGURES = ("hires", "in_region_6", "in_region_12", "came_back")


class Clock:
    """The hire service's "now", walked forward by the test."""

    def __init__(self) -> None:
        self.start = self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def months(self, months: int, days: int = 0) -> None:
        self.now = months_before(self.start, -months) + timedelta(days=days)


def controlled(bot: BotHarness) -> Clock:
    clock = Clock()
    bot.services.hires.clock = clock
    return clock


async def check_ins(bot: BotHarness) -> None:
    await bot.app.job_queue.get_jobs_by_name("hire-check-ins")[0].run(bot.app)


def said(bot: BotHarness, user: int) -> int:
    return len(bot.core.bot_messages(user))


async def found_a_job(bot: BotHarness, user: int, where: str = "Montenegro") -> None:
    """/status → "I found a job" → in the region → the economy, or abroad."""
    await bot.send(user, "/status")
    await bot.press(user, "🎉 I found a job")
    if where == "Abroad":
        await bot.press(user, "Abroad")
        return
    await bot.press(user, "In the Western Balkans")
    assert "Which economy is the new job in?" in bot.last(user).text
    await bot.press(user, where)
    assert f"Noted: {where}" in bot.last(user).text


async def answer(bot: BotHarness, user: int, job: str, place: str | None) -> None:
    await bot.press(user, job)
    if place is not None:
        await bot.press(user, place)
        assert "Thank you" in bot.last(user).text


def followups(bot: BotHarness, user: int) -> list[tuple]:
    return rows(bot, "SELECT month, job, place FROM hire_followups WHERE user_id = ? ORDER BY month", user)


# ---------------------------------------------------------------------------- hires and check-ins
async def test_a_self_reported_hire_is_followed_up_at_6_and_12_months(bot: BotHarness) -> None:
    clock = controlled(bot)
    await register(bot, PRO)
    await found_a_job(bot, PRO, "Montenegro")
    assert rows(bot, "SELECT place, source, place_from, level, vacancy_id FROM hires WHERE user_id = ?", PRO) == [
        ("ME", "self", "self", "mid", None)
    ]
    assert rows(bot, "SELECT status, hired_where FROM professionals WHERE user_id = ?", PRO) == [("hired", "region")]

    clock.months(6, days=-1)
    before = said(bot, PRO)
    await check_ins(bot)
    assert said(bot, PRO) == before  # not yet
    clock.months(6)
    await check_ins(bot)
    ask = bot.last(PRO)
    assert "6 months ago" in ask.text and "Montenegro" in ask.text and "still in that job" in ask.text
    assert ask.button_labels() == ["✅ Yes, same job", "🔄 I changed jobs", "⏸ I'm not working now"]
    await bot.press(PRO, "✅ Yes, same job")
    assert "still in the Western Balkans" in bot.last(PRO).text
    await bot.press(PRO, "🏠 Yes, still in the region")
    assert "Thank you" in bot.last(PRO).text
    await check_ins(bot)  # asked once: a second run the same day sends nothing
    clock.months(7)
    await check_ins(bot)
    assert said(bot, PRO) == before + 1

    clock.months(12, days=3)
    await check_ins(bot)
    assert "12 months ago" in bot.last(PRO).text
    await answer(bot, PRO, "🔄 I changed jobs", "✈️ No, I moved abroad")
    assert followups(bot, PRO) == [(6, "same", "region"), (12, "changed", "abroad")]
    clock.months(24)
    await check_ins(bot)
    assert said(bot, PRO) == before + 2  # nothing after 12 months


async def test_an_employer_reported_hire_is_noted_where_the_vacancy_is_and_followed_up(bot: BotHarness) -> None:
    clock = controlled(bot)
    vacancy = await applied(bot)
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "👥 Applicants (1)")
    await bot.press(EMPLOYER, "✅ Hired")
    told = bot.last(PRO)
    assert "hired" in told.text and "We noted the job as: Montenegro" in told.text
    assert {"Serbia", "Abroad"} <= set(told.button_labels())
    assert rows(bot, "SELECT place, source, place_from, vacancy_id FROM hires") == [
        ("ME", "employer", "employer", vacancy)
    ]
    # the professional says where, and says it again from /status: one hire, their answer, the organisation's report
    await bot.press(PRO, "Serbia")
    assert "Noted: Serbia" in bot.last(PRO).text
    await found_a_job(bot, PRO, "Serbia")
    assert rows(bot, "SELECT place, source, place_from, vacancy_id FROM hires") == [("RS", "employer", "self", vacancy)]

    clock.months(6, days=1)
    await check_ins(bot)
    assert "6 months ago" in bot.last(PRO).text and "Serbia" in bot.last(PRO).text
    await answer(bot, PRO, "⏸ I'm not working now", "🏠 Yes, still in the region")
    assert "/status puts you back" in bot.last(PRO).text
    clock.months(12, days=1)
    await check_ins(bot)
    await answer(bot, PRO, "✅ Yes, same job", "🏠 Yes, still in the region")
    assert followups(bot, PRO) == [(6, "none", "region"), (12, "same", "region")]
    # an old "which economy?" button long after the hire makes no new hire
    await bot.press(PRO, "Albania")
    assert bot.alerts(PRO)[-1] == "This button has expired."
    assert rows(bot, "SELECT COUNT(*), place FROM hires") == [(1, "RS")]


async def test_a_hire_abroad_is_asked_whether_they_came_back_in_their_language(bot: BotHarness) -> None:
    clock = controlled(bot)
    await register(bot, PRO)
    await bot.send(PRO, "/language")
    await bot.press(PRO, "Shqip")
    await bot.send(PRO, "/status")
    await bot.press(PRO, raw_message("sq", "status.choice.hired"))
    await bot.press(PRO, raw_message("sq", "status.hired_abroad"))
    assert rows(bot, "SELECT place FROM hires") == [("abroad",)]
    clock.months(6)
    await check_ins(bot)
    assert "Para 6 muajsh" in bot.last(PRO).text
    await bot.press(PRO, raw_message("sq", "checkin.job.same"))
    back = bot.last(PRO)
    assert back.text == raw_message("sq", "checkin.ask_back")
    assert raw_message("sq", "checkin.back.abroad") in back.button_labels()
    await bot.press(PRO, raw_message("sq", "checkin.back.abroad"))
    clock.months(12)
    await check_ins(bot)
    await bot.press(PRO, raw_message("sq", "checkin.job.changed"))
    await bot.press(PRO, "🏠 Po: Serbi")
    assert followups(bot, PRO) == [(6, "same", "abroad"), (12, "changed", "RS")]
    ins = await bot.services.insights.compute()
    assert ins.retention == {"hires": 0, "in_region_6": 0, "in_region_12": 0, "came_back": "x"}  # one person


async def test_forged_and_stale_retention_buttons_change_nothing(bot: BotHarness) -> None:
    clock = controlled(bot)
    await register(bot, PRO)
    await register(bot, PRO + 1)
    await bot.send(ADMIN_ID, "/start")
    await bot.press_data(PRO + 1, "hp:ME")  # no hire to say where of
    await bot.press_data(ADMIN_ID, "fr:hired")  # no profile
    await found_a_job(bot, PRO, "Montenegro")
    ((hire,),) = rows(bot, "SELECT id FROM hires")
    await bot.press_data(PRO, f"hc:{hire}:6:job:same")  # a check-in never asked
    clock.months(6)
    await check_ins(bot)
    await bot.press_data(PRO + 1, f"hc:{hire}:6:job:same")  # someone else's hire
    await bot.press_data(PRO, f"hc:{hire}:6:place:RS")  # an answer the question does not offer (not abroad)
    await bot.press_data(PRO, f"hc:{hire}:12:job:same")  # the 12-month one is not asked yet
    for user in (PRO + 1, ADMIN_ID, PRO, PRO):
        assert bot.alerts(user)[-1] == "This button has expired."
    assert followups(bot, PRO) == [(6, None, None)]
    assert rows(bot, "SELECT COUNT(*) FROM hires") == [(1,)]
    assert rows(bot, "SELECT status FROM professionals WHERE user_id = ?", PRO + 1) == [("looking",)]


# ---------------------------------------------------------------------------- /stats with small counts hidden
async def professional(bot: BotHarness, user_id: int, level: Level) -> None:
    bot.core.add_user(user_id, first_name=f"P{user_id}")
    await bot.services.users.touch(user_id, f"P{user_id}", "en")
    profile = Profile(
        user_id=user_id, display_name=f"P{user_id}", economy="ME", city="", level=level, years=3,
        languages=("en",), work_formats=(WorkFormat.HYBRID,), relocate=True, target_role=None,
        visibility=Visibility.ANONYMOUS, skills=(SkillEntry("soc.siem"),),
    )  # fmt: skip
    await bot.services.professionals.profiles.save(profile, DigestSchedule(timezone="Europe/Podgorica"))


# (user, level, where hired, 6-month answers, 12-month answers); the job question is answered "same" throughout.
# PRO (mid) is hired by the organisation in Montenegro, where its vacancy is; everyone else says it with /status.
REGION, MOVED, STILL_ABROAD = "🏠 Yes, still in the region", "✈️ No, I moved abroad", "✈️ No, still abroad"
PEOPLE = [
    (PRO, "mid", "Montenegro", REGION, REGION),
    *((PRO + i, "mid", "Montenegro", REGION, REGION) for i in (1, 2, 3)),
    (PRO + 4, "mid", "Montenegro", REGION, None),  # does not answer at 12 months
    (PRO + 5, "mid", "Montenegro", MOVED, STILL_ABROAD),
    *((PRO + i, "senior", "Serbia", REGION, REGION) for i in (6, 7)),
    (PRO + 8, "junior", "Abroad", "🏠 Yes, in Albania", REGION),  # came back at 6 months; still there at 12
]
# What those answers make, counted by hand: (metric, dimension, value) → people.
TRUTH: dict[tuple, int] = {("hires", "all", "all"): 8, ("in_region_6", "all", "all"): 7}
TRUTH |= {("in_region_12", "all", "all"): 6, ("came_back", "all", "all"): 1}
TRUTH |= {("hires", "economy", "ME"): 6, ("in_region_6", "economy", "ME"): 5, ("in_region_12", "economy", "ME"): 4}
TRUTH |= {("hires", "economy", "RS"): 2, ("in_region_6", "economy", "RS"): 2, ("in_region_12", "economy", "RS"): 2}
TRUTH |= {("hires", "level", "mid"): 6, ("in_region_6", "level", "mid"): 5, ("in_region_12", "level", "mid"): 4}
TRUTH |= {(m, "level", "senior"): 2 for m in ("hires", "in_region_6", "in_region_12")}
TRUTH |= {("came_back", "economy", "AL"): 1, ("came_back", "level", "junior"): 1}


def groups() -> list[tuple[str, str]]:
    return [("all", "all"), *(("economy", e) for e in ECONOMIES), *(("level", v) for v in LEVELS)]


def truth() -> dict[tuple, int]:
    """Every count a reader meets (0 where nobody), and the never-published "other" (hires not known to be in the
    region at a check-in) that a reader can subtract: hires minus in the region."""
    cells = {(m, *g): TRUTH.get((m, *g), 0) for m in FIGURES for g in groups()}
    for g in groups():
        for month in (6, 12):
            cells[(f"other_{month}", *g)] = cells[("hires", *g)] - cells[(f"in_region_{month}", *g)]
    return cells


def reader_sums() -> list[Sum]:
    """What a reader of the retention tables writes down: each figure's total is the sum of its economies and the
    sum of its levels (nobody's economy is unstated here, so a reader guessing 0 for it is right), and in each row
    the hires are those in the region at a check-in plus the others, whom no table shows."""
    sums = []
    for m in FIGURES:
        for dimension, values in (("economy", ECONOMIES), ("level", LEVELS)):
            sums.append(Sum((m, "all", "all"), tuple((m, dimension, v) for v in values)))
    for g in groups():
        for month in (6, 12):
            sums.append(Sum(("hires", *g), ((f"in_region_{month}", *g), (f"other_{month}", *g))))
    return sums


def _count(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def read_tables(tables: dict[str, list[list[str]]]) -> dict[tuple, int | None]:
    shown: dict[tuple, int | None] = {}
    for dimension in ("economy", "level"):
        header, *body = tables[f"retention_by_{dimension}"]
        assert header == [dimension, "hires_in_region", "in_region_after_6_months", "in_region_after_12_months",
                          "came_back_from_abroad"]  # fmt: skip
        for value, *figures in body:
            group = ("all", "all") if value == "all" else (dimension, value)
            for metric, figure in zip(FIGURES, figures, strict=True):
                key = (metric, *group)
                assert shown.get(key, _count(figure)) == _count(figure), key  # "all" is in both tables, alike
                shown[key] = _count(figure)
    return shown


async def test_hires_followed_up_show_in_stats_with_small_counts_hidden_even_by_subtraction(bot: BotHarness) -> None:
    clock = controlled(bot)
    await applied(bot)  # PRO applies to the Montenegrin vacancy, and is hired by the organisation
    for user, level, *_ in PEOPLE[1:]:
        await professional(bot, user, Level(level))
    await bot.send(EMPLOYER, "/my_posts")
    await bot.press(EMPLOYER, "👥 Applicants (1)")
    await bot.press(EMPLOYER, "✅ Hired")
    for user, _, where, *_ in PEOPLE[1:]:
        await found_a_job(bot, user, where)
    assert rows(bot, "SELECT source, COUNT(*) FROM hires GROUP BY source") == [("employer", 1), ("self", 8)]
    for month, index in ((6, 3), (12, 4)):
        clock.months(month, days=1)
        await check_ins(bot)
        for person in PEOPLE:
            if person[index] is not None:
                await answer(bot, person[0], "✅ Yes, same job", person[index])

    # /stats csv, the text, the report and the monthly report publish the same figures
    documents = [r.document for r in await bot.send(ADMIN_ID, "/stats csv") if r.document]
    tables = {
        d["file_name"].removesuffix(".csv"): list(csv.reader(io.StringIO(bot.core.files[d["file_id"]].decode())))
        for d in documents
    }
    shown = read_tables(tables)
    report = await build_report(bot.services.settings)
    for name in ("retention_by_economy", "retention_by_level"):
        assert list(csv.reader(io.StringIO(report[f"{name}.csv"].decode()))) == tables[name]
    text = (await bot.send(ADMIN_ID, "/stats"))[0].text
    line = re.search(r"Retention \(hires reported in the bot\): (\S+) in the region · still in the region after 6 "
                     r"months: (\S+), after 12 months: (\S+) · came back from abroad: (\S+)", text)  # fmt: skip
    assert line, text
    assert [_count(v) for v in line.groups()] == [shown[(m, "all", "all")] for m in FIGURES]
    for dimension, names in (("economy", {"ME": "Montenegro", "RS": "Serbia"}), ("level", {"mid": "Mid-level"})):
        row = re.search(rf"Retention by {dimension}[^:]*: (.*)", text)
        assert row, text
        for code, name in names.items():
            figures = " · ".join("x" if shown[(m, dimension, code)] is None else str(shown[(m, dimension, code)])
                                 for m in FIGURES)  # fmt: skip
            assert f"{name}: {figures}" in row[1], (name, row[1])
    await bot.app.job_queue.get_jobs_by_name("monthly-report")[0].run(bot.app)
    monthly = next(m.text for m in reversed(bot.core.bot_messages(ADMIN_ID)) if "Monthly report" in m.text)
    assert line[0] in monthly

    cells = truth()
    # what is shown is true, and every count of 1 to 4 people is hidden
    assert {k: v for k, v in shown.items() if v is not None} == {k: cells[k] for k in shown if shown[k] is not None}
    assert all(shown[k] is None for k in shown if 0 < cells[k] < SMALL)
    assert shown[("hires", "all", "all")] == 8  # the figure readers need most stays
    hidden = {k for k, v in shown.items() if v is None}
    others = {k for k in cells if k[0].startswith("other_")}
    sums = reader_sums()
    # every published total minus its published parts, again with what that gives: no hidden count comes out,
    # and no "other" (people who left the region or did not answer) is pinned to 1–4
    found = subtract_all(shown | {k: None for k in others}, sums)
    assert {k: v for k, v in found.items() if k not in others or 0 < v < SMALL} == {}  # 0 − 0 tells nothing
    assert subtraction_leaks(cells, sums, hidden, others) == []
    # nor from all the sums together, knowing a hidden count is at least 1 (a 0 would be shown)
    assert recoverable(cells, sums, hidden, others) == {}
