"""Many rows in few transactions: regional-scale data for the benchmarks, or data moved in from another system.

The bot itself writes one form at a time through the other repositories. Writing 100,000 profiles that way
would take 100,000 transactions; here each call is one transaction of ``executemany`` statements, and ids are
chosen by the caller so that no statement needs the row id of the one before. Rows go through the same tables,
constraints and triggers as the bot's own writes (the match index's change feed, the posts' share codes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain import Course, DigestSchedule, Organisation, PostStatus, Profile, User, Vacancy
from bot.storage.db import Database
from bot.storage.users import utc_now


class BulkWriter:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def users(self, users: Iterable[User]) -> None:
        rows = [
            (
                u.telegram_id, u.first_name, u.language, u.telegram_language, ",".join(sorted(u.roles)),
                u.created_at, u.last_seen_at, u.consent_version, u.consent_at, int(u.active), int(u.blocked),
            )
            for u in users
        ]  # fmt: skip
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO users (telegram_id, first_name, language, telegram_language, roles, created_at, "
                "last_seen_at, consent_version, consent_at, active, blocked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    async def profiles(self, items: Iterable[tuple[Profile, DigestSchedule | None]]) -> None:
        """Professionals with their skills (in order) and digest schedules; ``created_at`` is kept as given."""
        now = utc_now()
        profiles, skills, schedules = [], [], []
        for p, schedule in items:
            profiles.append(
                (
                    p.user_id, p.display_name, p.economy, p.city, p.level.value, p.years, ",".join(p.languages),
                    ",".join(f.value for f in p.work_formats), int(p.relocate), p.target_role, p.visibility.value,
                    p.status.value, p.hired_where, p.created_at or now, p.updated_at or p.created_at or now,
                    p.salary_net_eur,
                )
            )  # fmt: skip
            skills += [(p.user_id, i, s.skill_id, s.free_text) for i, s in enumerate(p.skills)]
            if schedule is not None:
                schedules.append((p.user_id, schedule.weekday, schedule.hour, schedule.timezone, int(schedule.paused)))
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO professionals (user_id, display_name, economy, city, level, years, languages, "
                "work_formats, relocate, target_role, visibility, status, hired_where, created_at, updated_at, "
                "salary_net_eur) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                profiles,
            )
            await conn.executemany(
                "INSERT INTO professional_skills (user_id, position, skill_id, free_text) VALUES (?, ?, ?, ?)", skills
            )
            await conn.executemany(
                "INSERT INTO digest_schedules (user_id, weekday, hour, timezone, paused) VALUES (?, ?, ?, ?, ?)",
                schedules,
            )

    async def organisations(self, items: Iterable[tuple[Organisation, str, Sequence[tuple[int, str]]]]) -> None:
        """(organisation, created_at, [(member user id, role)]) with the organisation's own id."""
        orgs, members = [], []
        for org, created_at, people in items:
            orgs.append(
                (org.id, org.kind, org.name, org.economy, org.sector, org.website, org.email, org.status.value,
                 org.created_by, created_at)
            )  # fmt: skip
            members += [(org.id, user_id, role) for user_id, role in people]
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO organisations (id, kind, name, economy, sector, website, email, status, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                orgs,
            )
            await conn.executemany(
                "INSERT INTO organisation_members (organisation_id, user_id, role) VALUES (?, ?, ?)", members
            )

    async def vacancies(self, items: Iterable[tuple[Vacancy, PostStatus, int | None]]) -> None:
        """(vacancy, status, author) with the vacancy's own id, organisation, ``published_at`` and skills."""
        vacancies, skills = [], []
        for v, status, author in items:
            vacancies.append(
                (
                    v.id, v.organisation_id, v.title, v.role_id, v.level.value, v.employment_type,
                    v.work_format.value, v.economy, v.city, int(v.remote_from_region), v.salary_min, v.salary_max,
                    ",".join(sorted(v.languages)), v.deadline, v.apply, v.description, status.value, v.published_at,
                    author, v.salary_basis.value if v.salary_basis else None,
                )
            )  # fmt: skip
            for kind, ids, free in (("required", v.required, v.free_required), ("nice", v.nice, v.free_nice)):
                skills += [(v.id, kind, s, None) for s in sorted(ids)]
                skills += [(v.id, kind, None, f) for f in free]
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO vacancies (id, organisation_id, title, role_id, level, employment_type, work_format, "
                "economy, city, remote_from_region, salary_min, salary_max, languages, deadline, apply, description, "
                "status, published_at, created_by, salary_basis) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                vacancies,
            )
            await conn.executemany(
                "INSERT INTO vacancy_skills (vacancy_id, kind, skill_id, free_text) VALUES (?, ?, ?, ?)", skills
            )

    async def courses(self, items: Iterable[tuple[Course, int, PostStatus, str, int | None]]) -> None:
        """(course, organisation id, status, published_at, author) with the course's own id."""
        courses, skills = [], []
        for c, org_id, status, published_at, author in items:
            courses.append(
                (
                    c.id, org_id, c.title, c.provider, c.level, c.format, c.economy, "", c.language, c.starts,
                    c.duration, c.cost_eur, c.link, c.deadline, status.value, published_at, author,
                )
            )  # fmt: skip
            skills += [(c.id, s) for s in sorted(c.skills)]
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO courses (id, organisation_id, title, provider_name, level, format, economy, city, "
                "language, starts, duration, cost_eur, link, deadline, status, published_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                courses,
            )
            await conn.executemany("INSERT INTO course_skills (course_id, skill_id) VALUES (?, ?)", skills)

    async def digest_history(
        self, runs: Iterable[tuple[str, str, str]], rows: Iterable[tuple[int, str, str, str, str]]
    ) -> None:
        """Past digest runs (run id, started at, trigger) and their ledger rows (user, period, state, run id, at)."""
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO digest_runs (run_id, started_at, finished_at, trigger) VALUES (?, ?, ?, ?)",
                [(run_id, started, started, trigger) for run_id, started, trigger in runs],
            )
            await conn.executemany(
                "INSERT INTO digest_ledger (user_id, period, state, run_id, messages, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(u, period, state, run, int(state == "sent"), at, at) for u, period, state, run, at in rows],
            )

    async def forget_changes(self) -> None:
        """Empty the match index's change feed: after a bulk load the index is built from the tables anyway."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM match_changes WHERE seq < (SELECT MAX(seq) FROM match_changes)")
