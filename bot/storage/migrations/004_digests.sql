-- The digest ledger: one row per (user, period); a lease so that one process runs digests at a time.
CREATE TABLE digest_ledger (
    user_id    INTEGER NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'sending', 'sent', 'empty', 'blocked', 'failed', 'uncertain')),
    run_id     TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    messages   INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, period)
);
CREATE INDEX digest_ledger_state ON digest_ledger (state);
CREATE INDEX digest_ledger_run ON digest_ledger (run_id);

CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE digest_runs (
    run_id      TEXT PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    trigger     TEXT NOT NULL
);
