-- Moderation, invitations, reports, contact requests, and per-user blocking.
ALTER TABLE users ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vacancies ADD COLUMN hold_reason TEXT;
ALTER TABLE vacancies ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN hold_reason TEXT;

CREATE TABLE invites (
    code            TEXT PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created_by      INTEGER REFERENCES users(telegram_id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    used_by         INTEGER REFERENCES users(telegram_id) ON DELETE SET NULL
);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    post_kind   TEXT NOT NULL CHECK (post_kind IN ('vacancy', 'course')),
    post_id     INTEGER NOT NULL,
    reported_by INTEGER REFERENCES users(telegram_id) ON DELETE CASCADE,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE contact_requests (
    vacancy_id   INTEGER NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES professionals(user_id) ON DELETE CASCADE,
    requested_by INTEGER REFERENCES users(telegram_id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'pending',
    created_at   TEXT NOT NULL,
    answered_at  TEXT,
    PRIMARY KEY (vacancy_id, user_id)
);

CREATE TABLE admin_actions (
    id         INTEGER PRIMARY KEY,
    admin_id   INTEGER NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
