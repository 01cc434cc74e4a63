"""The bot at regional scale: a populated SQLite file driven through the production Application.

Run: ``python -m bench.scale`` (options: --professionals 100000 --vacancies 10000 --courses 1000 --samples 30
--seed 11). Prints one JSON object last: ``p95_ms`` (per command: matches, courses, vacancies, vacancies_filtered,
candidates, digest_preview, post_vacancy, publish, stats, help; and stats_charts, until /stats's two charts, which
follow its answer, have been sent), ``p50_ms`` and ``max_ms`` likewise,
``digest_compose_seconds`` (``DigestRunner.run("now")`` for every due user, composing and ledger writes included,
sending stubbed), ``digest_users``, ``idle_tick_seconds`` (the repeating digest job when nothing is due: the worst
of three), ``loop_lag_p99_ms`` and ``loop_lag_max_ms`` (a task that sleeps 5 ms and records how late it woke,
over the whole run from start-up to the last tick), ``startup_seconds`` (build, initialise, ``post_init``:
the match index is built there), ``peak_rss_mb``.

Data (seeded): professionals with 3–12 skills drawn with Zipf-like weights (s = 1.0), 8% with free-text skills;
economies, levels, statuses, visibility and digest schedules in the proportions the scale review used; one
verified employer per 5 open vacancies (plus pending and rejected ones), 3–7 required skills with their own
Zipf ordering, 5% with a free-text requirement, published over 60 days; half as many closed or expired ones;
one verified provider per 5 courses; four past weeks of digests in the ledger, this week's not yet sent.
It is written through ``bot.storage.bulk`` in a child process (so its memory is not counted) and cached under
the temp directory, keyed by the arguments and the schema; every run measures a fresh copy.

Each command is timed like ``bench.load``: from ``Application.process_update`` to its return, with the outgoing
flood limiter off (``rate_limit=False``), so the figures are the bot's own cost. Nothing touches the network.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import hashlib
import inspect
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import peak_rss_mb

ADMIN = 900_001
PRO_BASE = 10_000_000
MEMBER_BASE = 20_000_000
POPULATE_VERSION = "3"
LAG_TICK = 0.005

REGION = (("RS", 0.30), ("AL", 0.15), ("BA", 0.15), ("MK", 0.12), ("XK", 0.10), ("ME", 0.06), ("abroad", 0.12))
LOCAL_LANGUAGE = {"RS": "sr", "AL": "sq", "BA": "bs", "MK": "mk", "XK": "sq", "ME": "cnr", "abroad": "en"}
LEVELS = (("student", 0.10), ("junior", 0.30), ("mid", 0.35), ("senior", 0.20), ("lead", 0.05))
STATUSES = (("looking", 0.45), ("open", 0.35), ("not_looking", 0.15), ("hired", 0.05))
VISIBILITIES = (("anonymous", 0.70), ("visible", 0.20), ("hidden", 0.10))
HOURS = (7, 8, 9, 10, 12, 14, 17, 19)
FREE_SKILLS = (
    "Splunk SOAR playbook development", "Kubernetes hardening", "SCADA protocol fuzzing", "mainframe RACF",
    "SAP security", "smart card forensics", "Zeek scripting", "Sigma rule writing", "YARA rules",
    "Velociraptor hunts", "OT asset inventory", "Azure Sentinel KQL", "bug bounty triage",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------- populate
def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


class _Zipf:
    """Skill ids in a random order of popularity, drawn with weights 1 / rank^s."""

    def __init__(self, rng: random.Random, ids: list[str], s: float) -> None:
        self.ids = ids[:]
        rng.shuffle(self.ids)
        self.cum: list[float] = []
        total = 0.0
        for rank in range(1, len(self.ids) + 1):
            total += 1.0 / rank**s
            self.cum.append(total)
        self.rng = rng

    def draw(self, k: int) -> list[str]:
        k = min(k, len(self.ids))
        chosen: dict[str, None] = {}
        while len(chosen) < k:
            for s in self.rng.choices(self.ids, cum_weights=self.cum, k=k - len(chosen)):
                chosen[s] = None
        return list(chosen)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


async def populate(path: Path, professionals: int, vacancies: int, courses: int, seed: int) -> dict[str, Any]:
    """Write the database through the storage layer; returns who the bench plays (ids only)."""
    from bot.digest.schedule import period_of
    from bot.domain import (
        TIMEZONES,
        Course,
        DigestSchedule,
        JobStatus,
        Level,
        Organisation,
        OrgStatus,
        PostStatus,
        Profile,
        Role,
        SkillEntry,
        User,
        Vacancy,
        Visibility,
        WorkFormat,
    )
    from bot.matching.taxonomy import default_taxonomy
    from bot.storage.bulk import BulkWriter
    from bot.storage.db import Database

    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    taxonomy = default_taxonomy()
    skill_ids = list(taxonomy.skill_ids)
    roles = list(taxonomy.roles)
    supply = _Zipf(rng, skill_ids, 1.0)
    demand = _Zipf(rng, skill_ids, 0.9)
    db = Database(path)
    await db.connect()
    bulk = BulkWriter(db)
    users: list[User] = []
    items: list[tuple[Profile, DigestSchedule | None]] = []
    plain_pros: list[int] = []  # looking or open, English interface: the people the bench plays
    for i in range(professionals):
        uid = PRO_BASE + i
        economy = _pick(rng, REGION)
        created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
        language = rng.choice(("sq", "sr", "mk", "en")) if rng.random() < 0.30 else None
        users.append(
            User(uid, f"P{i}", language, "en", frozenset({Role.PROFESSIONAL}), _iso(created), _iso(now),
                 "2026-11", _iso(created), active=rng.random() >= 0.02)
        )  # fmt: skip
        n_skills = max(3, min(12, round(rng.triangular(3, 12, 7))))
        skills = [SkillEntry(s) for s in supply.draw(n_skills)]
        if rng.random() < 0.08:
            skills += [SkillEntry(free_text=t) for t in rng.sample(FREE_SKILLS, rng.randint(1, 2))]
        spoken = [LOCAL_LANGUAGE[economy]]
        if rng.random() < 0.90 and "en" not in spoken:
            spoken.append("en")
        if rng.random() < 0.10:
            spoken.append(rng.choice(("de", "it", "fr", "hr")))
        status = JobStatus(_pick(rng, STATUSES))
        formats = tuple(f for f in WorkFormat if rng.random() < 0.6) or (WorkFormat.HYBRID,)
        profile = Profile(
            user_id=uid, display_name=f"P{i}", economy=economy, city="", level=Level(_pick(rng, LEVELS)),
            years=rng.randint(0, 20), languages=tuple(dict.fromkeys(spoken)), work_formats=formats,
            relocate=rng.random() < 0.35, target_role=rng.choice(roles) if rng.random() < 0.25 else None,
            visibility=Visibility(_pick(rng, VISIBILITIES)), skills=tuple(skills), status=status,
            hired_where=rng.choice(("region", "abroad")) if status is JobStatus.HIRED else None,
            created_at=_iso(created), updated_at=_iso(created),
        )  # fmt: skip
        schedule = DigestSchedule(
            weekday=0 if rng.random() < 0.7 else rng.randrange(7),
            hour=9 if rng.random() < 0.6 else rng.choice(HOURS),
            timezone=TIMEZONES.get(economy, "Europe/Belgrade"),
            paused=rng.random() < 0.08,
        )
        items.append((profile, schedule))
        if language is None and status in (JobStatus.LOOKING, JobStatus.OPEN):
            plain_pros.append(uid)
    # Organisations: verified employers (one per 5 open vacancies), pending and rejected ones; providers.
    orgs: list[tuple[Organisation, str, list[tuple[int, str]]]] = []
    next_member = MEMBER_BASE
    employers: list[tuple[int, int]] = []  # (org id, owner)
    providers: list[tuple[int, int]] = []

    def organisation(kind: str, status: OrgStatus) -> tuple[int, int]:
        nonlocal next_member
        org_id = len(orgs) + 1
        people = [(next_member, "owner")] + ([(next_member + 1, "member")] if rng.random() < 0.5 else [])
        for user_id, _ in people:
            users.append(
                User(user_id, f"M{user_id}", None, "en", frozenset(), _iso(now - timedelta(days=200)), _iso(now))
            )
        next_member += len(people)
        org = Organisation(org_id, kind, f"{kind.title()} {org_id}", rng.choice(REGION[:6])[0], "finance",
                           "example.org", "jobs@example.org", status, people[0][0])  # fmt: skip
        orgs.append((org, _iso(now - timedelta(days=200)), people))
        return org_id, people[0][0]

    for _ in range(max(1, vacancies // 5)):
        employers.append(organisation("employer", OrgStatus.VERIFIED))
    for _ in range(max(1, vacancies // 50)):
        organisation("employer", OrgStatus.PENDING)
    for _ in range(max(1, vacancies // 150)):
        organisation("employer", OrgStatus.REJECTED)
    for _ in range(max(1, courses // 5)):
        providers.append(organisation("provider", OrgStatus.VERIFIED))

    def vacancy(vid: int, open_: bool) -> tuple[Vacancy, PostStatus, int]:
        org_id, owner = rng.choice(employers)
        required = frozenset(demand.draw(rng.randint(3, 7)))
        nice = frozenset(demand.draw(rng.randint(0, 3))) - required
        if open_:
            published = now - timedelta(seconds=rng.uniform(0, 60 * 86400))
            deadline = today + timedelta(days=rng.randint(7, 90))
        else:
            published = now - timedelta(days=rng.uniform(60, 200))
            deadline = today - timedelta(days=rng.randint(1, 60))
        economy = rng.choice(REGION[:6])[0]
        v = Vacancy(
            id=vid, title=f"Vacancy {vid}", required=required, nice=nice, level=Level(_pick(rng, LEVELS)),
            work_format=rng.choice(list(WorkFormat)), economy=economy, remote_from_region=rng.random() < 0.3,
            languages=frozenset({LOCAL_LANGUAGE[economy], "en"} if rng.random() < 0.5 else {"en"}),
            free_required=(rng.choice(FREE_SKILLS),) if rng.random() < 0.05 else (), published_at=_iso(published),
            organisation_id=org_id, deadline=deadline.isoformat(), apply="https://example.org/apply",
            role_id=rng.choice(roles),
        )  # fmt: skip
        status = PostStatus.OPEN if open_ or rng.random() < 0.5 else PostStatus.CLOSED
        return v, status, owner

    posts = [vacancy(i + 1, True) for i in range(vacancies)]
    posts += [vacancy(vacancies + i + 1, False) for i in range(vacancies // 2)]
    course_rows = []
    for i in range(courses):
        org_id, owner = rng.choice(providers)
        published = now - timedelta(seconds=rng.uniform(0, 60 * 86400))
        starts = "" if rng.random() < 0.3 else (today + timedelta(days=rng.randint(5, 120))).isoformat()
        course = Course(
            id=i + 1, title=f"Course {i + 1}", provider=f"Provider {org_id}",
            skills=frozenset(demand.draw(rng.randint(2, 5))), free=False,
            economy=None if rng.random() < 0.5 else rng.choice(REGION[:6])[0],
            language=rng.choice(("en", "sr", "sq", "mk")), starts=starts, link="https://example.org/course",
            level=rng.choice(("junior", "mid", "senior")), format=rng.choice(("online", "in_person")),
            cost_eur=0 if rng.random() < 0.4 else rng.randrange(100, 900, 50), duration="6 weeks",
            deadline=(today + timedelta(days=rng.randint(30, 120))).isoformat(),
        )  # fmt: skip
        course_rows.append((course, org_id, PostStatus.OPEN, _iso(published), owner))
    # Four past weekly runs: 80% sent, 19% empty, 1% blocked, for everyone who existed then.
    runs, ledger = [], []
    for week in range(1, 5):
        at = now - timedelta(days=7 * week)
        run_id = f"past-{week}"
        runs.append((run_id, _iso(at), "schedule"))
        period = period_of(at, "Europe/Belgrade")
        for profile, _ in items:
            if profile.created_at < _iso(at):
                state = rng.choices(("sent", "empty", "blocked"), (0.80, 0.19, 0.01))[0]
                sent_at = _iso(at + timedelta(seconds=rng.uniform(0, 3600)))
                ledger.append((profile.user_id, period, state, run_id, sent_at))
    await bulk.users(users)
    await bulk.profiles(items)
    await bulk.organisations(orgs)
    await bulk.vacancies(posts)
    await bulk.courses(course_rows)
    await bulk.digest_history(runs, ledger)
    await bulk.forget_changes()
    await db.close()
    open_by_owner: dict[int, list[int]] = {}
    for v, _, owner in posts[:vacancies]:
        open_by_owner.setdefault(owner, []).append(v.id)
    rng.shuffle(plain_pros)
    owners = [o for _, o in employers if o in open_by_owner]
    rng.shuffle(owners)
    return {
        "professionals": plain_pros[:2000],
        "employers": [(o, open_by_owner[o][0]) for o in owners[:500]],
        "admin": ADMIN,
    }


def _cache_key(args: argparse.Namespace) -> str:
    from bot import SEED_DATA_DIR

    digest = hashlib.sha256()
    digest.update(f"{POPULATE_VERSION}:{args.professionals}:{args.vacancies}:{args.courses}:{args.seed}".encode())
    digest.update((SEED_DATA_DIR / "skills.json").read_bytes())
    for migration in sorted((Path(__file__).parent.parent / "bot" / "storage" / "migrations").glob("*.sql")):
        digest.update(migration.name.encode() + migration.read_bytes())
    digest.update(inspect.getsource(populate).encode())  # the data, not the rest of the bench
    return digest.hexdigest()[:16]


def cached_database(args: argparse.Namespace) -> tuple[Path, dict[str, Any], float | None]:
    """The populated file for these arguments (made in a child process if missing), its cast, populate seconds."""
    cache = args.cache_dir or Path(tempfile.gettempdir()) / "bench-scale"
    cache.mkdir(parents=True, exist_ok=True)
    key = _cache_key(args)
    db, meta = cache / f"{key}.sqlite3", cache / f"{key}.json"
    seconds = None
    if not (db.exists() and meta.exists()):
        for stale in (db, meta, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        command = [sys.executable, "-m", "bench.scale", "--populate-to", str(db), "--professionals",
                   str(args.professionals), "--vacancies", str(args.vacancies), "--courses", str(args.courses),
                   "--seed", str(args.seed)]  # fmt: skip
        subprocess.run(command, check=True)
        seconds = round(time.perf_counter() - started, 1)
    return db, json.loads(meta.read_text()), seconds


# ---------------------------------------------------------------------------------------------------- measure
class LagSampler:
    """Sleeps LAG_TICK again and again and records how late each wake-up was: the event loop's lag.

    Each sample is filed under the phase the bench is in (``phase``), and garbage-collector pauses are timed
    alongside, so that a late wake-up can be put down to its cause.
    """

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.phase = "startup"
        self.worst: dict[str, float] = {}
        self.gc_pauses: list[float] = []
        self._gc_started = 0.0
        self._task: asyncio.Task[None] | None = None

    def _on_gc(self, event: str, info: dict[str, int]) -> None:
        if event == "start":
            self._gc_started = time.perf_counter()
        elif info.get("generation") == 2:
            self.gc_pauses.append(time.perf_counter() - self._gc_started)
            if os.environ.get("BENCH_GC_TRACE"):
                print(f"gc2 {self.phase} {threading.current_thread().name} {self.gc_pauses[-1] * 1000:.1f} ms "
                      f"{info} tracked={len(gc.get_objects())}", file=sys.stderr)  # fmt: skip

    async def _run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            lag = max(0.0, time.perf_counter() - start - LAG_TICK)
            self.lags.append(lag)
            self.worst[self.phase] = max(lag, self.worst.get(self.phase, 0.0))

    def start(self) -> None:
        gc.callbacks.append(self._on_gc)
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        gc.callbacks.remove(self._on_gc)
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


class Driver:
    """Plays users against the Application through the fake Bot API, timing each update."""

    def __init__(self, app: Any, core: Any) -> None:
        self.app, self.core = app, core
        self.times: dict[str, list[float]] = {}

    async def feed(self, payload: dict[str, Any], name: str | None) -> None:
        from telegram import Update

        self.core.take_update(payload["update_id"])
        started = time.perf_counter()
        await self.app.process_update(Update.de_json(payload, self.app.bot))
        if name is not None:
            self.times.setdefault(name, []).append((time.perf_counter() - started) * 1000)

    async def send(self, user: int, text: str, name: str | None = None) -> None:
        if user not in self.core.chats:
            self.core.add_user(user, first_name=f"U{user}")
        await self.feed(self.core.user_sends(user, text), name)

    async def press(self, user: int, data: str, name: str | None = None) -> None:
        await self.feed(self.core.user_presses_data(user, data), name)

    async def press_label(self, user: int, label: str, name: str | None = None) -> None:
        await self.feed(self.core.user_presses(user, label), name)


async def scenarios(driver: Driver, cast: dict[str, Any], samples: int) -> None:
    """Each command ``samples`` times (after two unmeasured warm-ups), for different users, round-robin."""
    from bot.keyboards import BrowseVacancies, CandidatesOf, DigestAction
    from tests.journeys import VACANCY_FORM  # the one-message form the journeys post

    pros = cast["professionals"]
    employers = cast["employers"]
    admin = cast["admin"]
    preview = DigestAction("preview").pack()
    filtered = BrowseVacancies("RS", "-", "mid", "-", 1).pack()
    for round_ in range(samples + 2):
        measured = round_ >= 2

        def name(command: str, measured: bool = measured) -> str | None:
            return command if measured else None

        pro = pros[round_ % len(pros)]
        await driver.send(pro, "/help", name("help"))
        await driver.send(pro, "/matches", name("matches"))
        await driver.send(pro, "/courses", name("courses"))
        await driver.send(pro, "/vacancies", name("vacancies"))
        await driver.press(pro, filtered, name("vacancies_filtered"))
        await driver.send(pro, "/digest")
        await driver.press(pro, preview, name("digest_preview"))
        owner, vacancy_id = employers[round_ % len(employers)]
        await driver.send(owner, "/candidates")
        await driver.press(owner, CandidatesOf(vacancy_id).pack(), name("candidates"))
        poster, _ = employers[-1 - round_ % len(employers)]
        await driver.send(poster, VACANCY_FORM, name("post_vacancy"))
        await driver.press_label(poster, "🚀 Publish", name("publish"))
        charts = _photos(driver, admin) + 2
        started = time.perf_counter()
        await driver.send(admin, "/stats", name("stats"))  # the figures; the two charts follow, drawn after it
        await driver.core.wait_for(lambda charts=charts: _photos(driver, admin) >= charts, 120)
        if measured:
            driver.times.setdefault("stats_charts", []).append((time.perf_counter() - started) * 1000)


def _photos(driver: Driver, user: int) -> int:
    return [m.kind for m in driver.core.bot_messages(user)].count("photo")


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from bot.app import build_application
    from bot.config import Settings
    from bot.digest import deliver
    from bot.handlers.digest import RUNNER_KEY
    from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest

    cached, cast, populate_seconds = cached_database(args)
    result: dict[str, Any] = {
        "professionals": args.professionals, "vacancies": args.vacancies, "courses": args.courses,
        "populate_seconds": populate_seconds,
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "scale.sqlite3"
        shutil.copyfile(cached, db)
        settings = Settings(
            token=DEFAULT_TOKEN, database_path=db, admin_ids=frozenset({cast["admin"]}),
            flood_rate_per_minute=1_000_000, flood_burst=1_000_000,
        )  # fmt: skip
        core = FakeBotAPI()
        core.add_user(cast["admin"], first_name="Admin")
        lag = LagSampler()
        lag.start()
        started = time.perf_counter()
        app = build_application(settings, request=FakeRequest(core), rate_limit=False)
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)  # the repeating jobs are registered but not started: the bench runs the tick
        result["startup_seconds"] = round(time.perf_counter() - started, 2)
        driver = Driver(app, core)
        lag.phase = "commands"
        await scenarios(driver, cast, args.samples)
        result["p50_ms"] = {k: round(statistics.median(v), 1) for k, v in driver.times.items()}
        result["p95_ms"] = {k: round(_percentile(v, 0.95), 1) for k, v in driver.times.items()}
        result["max_ms"] = {k: round(max(v), 1) for k, v in driver.times.items()}
        runner = app.bot_data[RUNNER_KEY]

        async def stubbed_send(chat_id: int, text: str, markup: object) -> None:
            return None

        runner._send = stubbed_send  # sending stubbed: composing and the ledger are what is measured
        deliver.PER_CHAT_INTERVAL = 0.0  # Telegram's per-chat pacing, not the bot's work
        if not args.skip_digest:
            lag.phase = "digest"
            started = time.perf_counter()
            summary = await runner.run("now")
            result["digest_compose_seconds"] = round(time.perf_counter() - started, 1)
            result["digest_users"] = summary.enqueued if summary else None
            result["digest_states"] = summary.counts if summary else None
        ticks = []
        tick = app.job_queue.get_jobs_by_name("digest-tick")[0]
        lag.phase = "idle_ticks"
        for _ in range(0 if args.skip_digest else 3):  # idle only once this period's digests are done
            started = time.perf_counter()
            await tick.run(app)
            ticks.append(time.perf_counter() - started)
        result["idle_tick_seconds"] = round(max(ticks), 2) if ticks else None
        result["idle_tick_all_seconds"] = [round(t, 2) for t in ticks]
        await lag.stop()
        result["loop_lag_p99_ms"] = round(_percentile(lag.lags, 0.99) * 1000, 1)
        result["loop_lag_max_ms"] = round(max(lag.lags) * 1000, 1)
        result["loop_lag_max_ms_by_phase"] = {k: round(v * 1000, 1) for k, v in lag.worst.items()}
        result["gc_full_collections"] = len(lag.gc_pauses)
        result["gc_pause_max_ms"] = round(max(lag.gc_pauses, default=0.0) * 1000, 1)
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--professionals", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--courses", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=30, help="timed calls per command (after 2 warm-ups)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--skip-digest", action="store_true", help="leave out the full digest run")
    parser.add_argument("--cache-dir", type=Path, help="where populated files are kept (default: a temp subfolder)")
    parser.add_argument("--populate-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate_to is not None:
        cast = asyncio.run(populate(args.populate_to, args.professionals, args.vacancies, args.courses, args.seed))
        args.populate_to.with_suffix(".json").write_text(json.dumps(cast))
        return
    import logging

    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
