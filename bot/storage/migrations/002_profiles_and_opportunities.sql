-- Professionals' profiles, organisations, their vacancies and courses, and consents between them.
CREATE TABLE professionals (
    user_id       INTEGER PRIMARY KEY REFERENCES users(telegram_id) ON DELETE CASCADE,
    display_name  TEXT NOT NULL,
    economy       TEXT NOT NULL,
    city          TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL,
    years         INTEGER NOT NULL,
    languages     TEXT NOT NULL,
    work_formats  TEXT NOT NULL,
    relocate      INTEGER NOT NULL,
    target_role   TEXT,
    visibility    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'looking',
    hired_where   TEXT,
    hired_at      TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE professional_skills (
    user_id   INTEGER NOT NULL REFERENCES professionals(user_id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    skill_id  TEXT,
    free_text TEXT,
    PRIMARY KEY (user_id, position),
    CHECK ((skill_id IS NULL) != (free_text IS NULL))
);

CREATE TABLE digest_schedules (
    user_id  INTEGER PRIMARY KEY REFERENCES users(telegram_id) ON DELETE CASCADE,
    weekday  INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    hour     INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    timezone TEXT NOT NULL,
    paused   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('employer', 'provider')),
    name       TEXT NOT NULL,
    economy    TEXT NOT NULL,
    sector     TEXT NOT NULL,
    website    TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'pending',
    is_sample  INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(telegram_id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE organisation_members (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
    role            TEXT NOT NULL DEFAULT 'member',
    PRIMARY KEY (organisation_id, user_id)
);

CREATE TABLE vacancies (
    id                 INTEGER PRIMARY KEY,
    organisation_id    INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    role_id            TEXT,
    level              TEXT NOT NULL,
    employment_type    TEXT NOT NULL DEFAULT 'full_time',
    work_format        TEXT NOT NULL,
    economy            TEXT NOT NULL,
    city               TEXT NOT NULL DEFAULT '',
    remote_from_region INTEGER NOT NULL DEFAULT 0,
    salary_min         INTEGER,
    salary_max         INTEGER,
    languages          TEXT NOT NULL,
    deadline           TEXT NOT NULL,
    apply              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'open',
    published_at       TEXT NOT NULL,
    created_by         INTEGER REFERENCES users(telegram_id) ON DELETE SET NULL
);
CREATE INDEX vacancies_open ON vacancies (status, deadline);

CREATE TABLE vacancy_skills (
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('required', 'nice')),
    skill_id   TEXT,
    free_text  TEXT,
    CHECK ((skill_id IS NULL) != (free_text IS NULL))
);
CREATE INDEX vacancy_skills_vacancy ON vacancy_skills (vacancy_id);

CREATE TABLE courses (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    provider_name   TEXT NOT NULL,
    level           TEXT NOT NULL,
    format          TEXT NOT NULL,
    economy         TEXT,
    city            TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL,
    starts          TEXT NOT NULL DEFAULT '',
    duration        TEXT NOT NULL DEFAULT '',
    cost_eur        INTEGER NOT NULL DEFAULT 0,
    link            TEXT NOT NULL DEFAULT '',
    deadline        TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open',
    published_at    TEXT NOT NULL,
    created_by      INTEGER REFERENCES users(telegram_id) ON DELETE SET NULL
);

CREATE TABLE course_skills (
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    skill_id  TEXT NOT NULL
);
CREATE INDEX course_skills_course ON course_skills (course_id);

-- A professional's "I'm interested" in a vacancy: their consent to share their profile with its employer.
CREATE TABLE interests (
    user_id    INTEGER NOT NULL REFERENCES professionals(user_id) ON DELETE CASCADE,
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, vacancy_id)
);
