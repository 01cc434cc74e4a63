-- Users, their consent record, and the conversation state python-telegram-bot persists for them.
CREATE TABLE users (
    telegram_id       INTEGER PRIMARY KEY,
    first_name        TEXT NOT NULL DEFAULT '',
    language          TEXT,
    telegram_language TEXT,
    roles             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    last_seen_at      TEXT NOT NULL,
    consent_version   TEXT,
    consent_at        TEXT,
    active            INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE conversation_state (
    name    TEXT NOT NULL,
    key     TEXT NOT NULL,
    user_id INTEGER REFERENCES users(telegram_id) ON DELETE CASCADE,
    state   TEXT NOT NULL,
    PRIMARY KEY (name, key)
);

CREATE TABLE user_data (
    user_id INTEGER PRIMARY KEY REFERENCES users(telegram_id) ON DELETE CASCADE,
    data    TEXT NOT NULL
);

CREATE TABLE chat_data (
    chat_id INTEGER PRIMARY KEY,
    data    TEXT NOT NULL
);
