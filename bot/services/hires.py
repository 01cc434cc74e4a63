"""The retention loop: hires reported by the professional or their new employer, where they are, and the check-ins
6 and 12 months later; and the retention figures (with their sums, for suppression) the insights publish.

A hire is stated once and corrected afterwards: a report within ``SAME_HIRE_DAYS`` of the person's last one is the
same hire (the organisation's "Hired" and the professional's "I found a job" about one job), and only its place is
updated, never from the organisation's default over the professional's own answer. The check-ins go to the
person's latest hire only; a check-in the job missed (the bot was off at 6 months) is skipped when the next is due.

``clock`` is the service's "now": a test sets it to walk months ahead; jobs call the service and never read time.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.domain import ECONOMIES, JobStatus, Level
from bot.services.professionals import ProfessionalService
from bot.services.suppression import Relation
from bot.storage.hires import HireRepository

Clock = Callable[[], datetime]

SAME_HIRE_DAYS = 60
CHECK_INS = (6, 12)  # months after the hire
PLACES = (*ECONOMIES, "region", "abroad")  # "region": in the region, economy not said (yet)
SOURCES = ("self", "employer")
JOB_ANSWERS = ("same", "changed", "none")


def utc_clock() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 29th–31st fall back to the month's end)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, monthrange(year, month + 1)[1]))


def in_region(place: str | None) -> bool:
    return place is not None and place != "abroad"


@dataclass(frozen=True)
class Hire:
    id: int
    user_id: int
    hired_at: str
    place: str
    source: str
    place_from: str
    level: str
    vacancy_id: int | None

    @classmethod
    def of(cls, row: dict) -> Hire:
        return cls(*(row[k] for k in ("id", "user_id", "hired_at", "place", "source", "place_from", "level",
                                      "vacancy_id")))  # fmt: skip


@dataclass(frozen=True)
class CheckIn:
    """One check-in: the hire, the month (6 or 12), and where the person was last known to be before it."""

    hire_id: int
    user_id: int
    month: int
    hired_at: str
    place: str  # where the hire was
    before: str  # where they were last known to be: the hire's place, or the 6-month answer at 12 months
    language: str | None = None
    telegram_language: str | None = None
    job: str | None = None
    answer: str | None = None

    @property
    def abroad(self) -> bool:
        return not in_region(self.before)

    def place_answers(self) -> tuple[str, ...]:
        """What "still in the region?" may be answered with: abroad, or back in an economy; in the region, or
        moved abroad."""
        return ("abroad", *ECONOMIES) if self.abroad else ("region", "abroad")


class HireService:
    def __init__(self, repo: HireRepository, professionals: ProfessionalService, clock: Clock = utc_clock) -> None:
        self.repo = repo
        self.professionals = professionals
        self.clock = clock

    async def report(self, user_id: int, place: str, source: str, vacancy_id: int | None = None) -> Hire | None:
        """Record a hire (or restate the person's recent one) and set their status to hired; None without a
        profile or with a place or source that does not exist."""
        if place not in PLACES or source not in SOURCES:
            return None
        profile = await self.professionals.get(user_id)
        if profile is None:
            return None
        now = self.clock()
        row = await self.repo.latest(user_id)
        last = Hire.of(row) if row else None
        if last is not None and last.hired_at >= iso(now - timedelta(days=SAME_HIRE_DAYS)):
            keep = (last.place_from == "self" and source == "employer") or (
                place == "region" and last.place != "abroad"
            )
            await self.repo.restate(
                last.id, last.place if keep else place, last.place_from if keep else source, vacancy_id
            )
            hire_id = last.id
        else:
            hire_id = await self.repo.add(user_id, iso(now), place, source, profile.level.value, vacancy_id)
        stored = await self.repo.get(hire_id)
        assert stored is not None
        hire = Hire.of(stored)
        where = "region" if in_region(hire.place) else "abroad"
        await self.professionals.set_status(user_id, JobStatus.HIRED, where)
        return hire

    async def latest(self, user_id: int) -> Hire | None:
        row = await self.repo.latest(user_id)
        return Hire.of(row) if row else None

    async def restate(self, user_id: int, place: str) -> Hire | None:
        """The professional's own answer to "which economy?" (or to the organisation's report): about their hire
        of the last ``SAME_HIRE_DAYS`` days only, so an old button never makes a new hire."""
        last = await self.latest(user_id)
        if last is None or last.hired_at < iso(self.clock() - timedelta(days=SAME_HIRE_DAYS)):
            return None
        return await self.report(user_id, place, "self")

    # ------------------------------------------------------------------------ check-ins
    async def check_ins_due(self) -> list[CheckIn]:
        """The check-ins to send now: 12 months if due, else 6 (a missed 6-month one is not sent at 12)."""
        now = self.clock()
        rows = await self.repo.due(iso(months_before(now, 6)), iso(months_before(now, 12)))
        twelve = iso(months_before(now, 12))
        due = []
        for row in rows:
            month = 12 if row["hired_at"] <= twelve and not row["asked_12"] else 6
            before = row["place_6"] if month == 12 and row["place_6"] else row["place"]
            due.append(
                CheckIn(
                    row["id"], row["user_id"], month, row["hired_at"], row["place"], before, row["language"],
                    row["telegram_language"],
                )
            )  # fmt: skip
        return due

    async def mark_asked(self, check_in: CheckIn) -> bool:
        """Recorded before the message goes out: a check-in is asked at most once, delivered or not."""
        return await self.repo.mark_asked(check_in.hire_id, check_in.user_id, check_in.month, iso(self.clock()))

    async def check_in(self, user_id: int, hire_id: int, month: int) -> CheckIn | None:
        """The check-in if it was asked and the hire is the user's; None otherwise."""
        row = await self.repo.followup(hire_id, month)
        if row is None or row["user_id"] != user_id:
            return None
        before = row["place_6"] if month == 12 and row["place_6"] else row["hire_place"]
        return CheckIn(hire_id, user_id, month, row["hired_at"], row["hire_place"], before, job=row["job"],
                       answer=row["place"])  # fmt: skip

    async def answer(self, user_id: int, hire_id: int, month: int, question: str, answer: str) -> CheckIn | None:
        """Record one answer to an asked check-in of the user's own hire; None for anything else (a hire not
        theirs, a check-in never asked, an answer the question does not offer). Answering again replaces it."""
        check_in = await self.check_in(user_id, hire_id, month)
        if check_in is None:
            return None
        if question == "job" and answer in JOB_ANSWERS:
            await self.repo.answer(hire_id, month, "job", answer, iso(self.clock()))
        elif question == "place" and answer in check_in.place_answers():
            await self.repo.answer(hire_id, month, "place", answer, iso(self.clock()))
        else:
            return None
        return await self.check_in(user_id, hire_id, month)

    async def retention_rows(self) -> list[tuple[str, str, str | None, str | None]]:
        """Every hire as the figures need it: (place, level at hire, 6-month place, 12-month place)."""
        return await self.repo.retention_rows()


# ---------------------------------------------------------------------------- figures
RetentionKey = tuple[str, ...]
#: The figures published per group; "other_6"/"other_12" (hires in the region not known to be in the region at the
#: check-in: moved abroad, not answered, or not due yet) are their complements, never published but a reader can
#: subtract them, so they take part in the sums.
PUBLISHED = ("hires", "in_region_6", "in_region_12", "came_back")
METRICS = ("hires", "in_region_6", "other_6", "in_region_12", "other_12", "came_back")
LEVELS = tuple(level.value for level in Level)


def retention_groups() -> list[tuple[str, str]]:
    """("all", "all"), the economies (and "unstated": in the region, economy not said) and the levels."""
    return [("all", "all"), *(("economy", e) for e in (*ECONOMIES, "unstated")), *(("level", v) for v in LEVELS)]


def retention_key(metric: str, dimension: str, value: str) -> RetentionKey:
    return ("retention", metric, dimension, value)


def retention_cells(
    rows: Sequence[tuple[str, str, str | None, str | None]],
) -> tuple[dict[RetentionKey, int], list[Relation[RetentionKey]], set[RetentionKey]]:
    """Every retention count, every sum a reader can form between them, and the counts never published.

    Per hire (place at hire, level at hire, 6- and 12-month place answers): a hire in the region counts in
    "hires" of its economy (or "unstated") and level, and at each check-in in "in_region" when the answer was in the
    region, else in "other". A hire counts in "came_back" once, at its first answer in the region after being last
    known abroad, under the economy it came back to. Sums: each metric's total is the sum of its economies and the
    sum of its levels; and every group's hires are its in_region + other at 6 months, and at 12.
    """
    groups = retention_groups()
    cells = {retention_key(m, *g): 0 for m in METRICS for g in groups}

    def add(metric: str, economy: str, level: str) -> None:
        for group in (("all", "all"), ("economy", economy), ("level", level)):
            cells[retention_key(metric, *group)] += 1

    for place, level, place_6, place_12 in rows:
        if level not in LEVELS:  # pragma: no cover - levels come from profiles
            continue
        if in_region(place):
            economy = place if place in ECONOMIES else "unstated"
            add("hires", economy, level)
            for month, answer in ((6, place_6), (12, place_12)):
                add(f"in_region_{month}" if in_region(answer) else f"other_{month}", economy, level)
        before = place
        for answer in (place_6, place_12):
            if answer is None:
                continue
            if not in_region(before) and in_region(answer):
                add("came_back", answer if answer in ECONOMIES else "unstated", level)
                break
            before = answer

    relations: list[Relation[RetentionKey]] = []
    for metric in METRICS:
        total = retention_key(metric, "all", "all")
        for dimension in ("economy", "level"):
            relations.append(Relation(total, tuple(retention_key(metric, *g) for g in groups if g[0] == dimension)))
    for group in groups:
        for month in CHECK_INS:
            relations.append(
                Relation(
                    retention_key("hires", *group),
                    (retention_key(f"in_region_{month}", *group), retention_key(f"other_{month}", *group)),
                )
            )
    unpublished = {k for k in cells if k[1].startswith("other_") or k[3] == "unstated"}
    return cells, relations, unpublished
