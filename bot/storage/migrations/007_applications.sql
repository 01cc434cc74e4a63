-- After the match: "I'm interested" and accepted contact requests become applications with a status the
-- organisation moves along its pipeline; professionals keep, hide or dismiss matches.
ALTER TABLE interests ADD COLUMN status TEXT NOT NULL DEFAULT 'sent';
ALTER TABLE interests ADD COLUMN updated_at TEXT;
CREATE INDEX interests_vacancy ON interests (vacancy_id, status);

CREATE TABLE match_feedback (
    user_id    INTEGER NOT NULL REFERENCES professionals(user_id) ON DELETE CASCADE,
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('saved', 'hidden', 'not_relevant')),
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, vacancy_id)
);
