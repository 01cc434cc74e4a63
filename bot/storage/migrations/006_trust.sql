-- Trust: opaque candidate tokens instead of Telegram ids in buttons, how a professional wants to be reached,
-- and the indexes that membership and invite checks use on every organisation action.
CREATE TABLE candidate_tokens (
    token      TEXT PRIMARY KEY,
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES professionals(user_id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    UNIQUE (vacancy_id, user_id)
);

-- 'username', 'phone' or 'email'; NULL until the professional chooses, and nothing is shared before that.
ALTER TABLE professionals ADD COLUMN contact_kind TEXT;
ALTER TABLE professionals ADD COLUMN contact_value TEXT;

CREATE INDEX organisation_members_user ON organisation_members (user_id);
CREATE INDEX invites_created_by ON invites (created_by);
CREATE INDEX contact_requests_requested_by ON contact_requests (requested_by);
