-- The retention loop (issue #16, item 4): every reported hire, where it is (an economy of the region, 'region' while
-- the economy is not said yet, or 'abroad'), who reported it and the level at the time; and the answers to the
-- check-ins 6 and 12 months later ("still in that job?", "still in the region?" / "back in the region?").
CREATE TABLE hires (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
    hired_at   TEXT NOT NULL,
    place      TEXT NOT NULL CHECK (place IN ('AL', 'BA', 'XK', 'ME', 'MK', 'RS', 'region', 'abroad')),
    source     TEXT NOT NULL CHECK (source IN ('self', 'employer')),
    -- who said where: the professional's own answer is never overwritten by the organisation's report
    place_from TEXT NOT NULL CHECK (place_from IN ('self', 'employer')),
    level      TEXT NOT NULL,
    vacancy_id INTEGER REFERENCES vacancies(id) ON DELETE SET NULL
);
CREATE INDEX hires_user ON hires (user_id, hired_at);
CREATE INDEX hires_vacancy ON hires (vacancy_id);

CREATE TABLE hire_followups (
    hire_id     INTEGER NOT NULL REFERENCES hires(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
    month       INTEGER NOT NULL CHECK (month IN (6, 12)),
    asked_at    TEXT NOT NULL,
    job         TEXT CHECK (job IN ('same', 'changed', 'none')),
    -- 'region': still in the region; an economy: in the region, back from abroad there; 'abroad'
    place       TEXT CHECK (place IN ('AL', 'BA', 'XK', 'ME', 'MK', 'RS', 'region', 'abroad')),
    answered_at TEXT,
    PRIMARY KEY (hire_id, month)
);
CREATE INDEX hire_followups_user ON hire_followups (user_id);

-- Freshness (item 7): when "Still looking?" was last asked, and since when the profile is paused (not a candidate,
-- no digest). Any update from the person moves users.last_seen_at on, which un-pauses them (trigger below); a
-- question is unanswered while it is newer than last_seen_at.
ALTER TABLE professionals ADD COLUMN still_looking_asked_at TEXT;
ALTER TABLE professionals ADD COLUMN paused_at TEXT;

CREATE TRIGGER users_seen_unpauses AFTER UPDATE OF last_seen_at ON users
WHEN NEW.last_seen_at > OLD.last_seen_at
BEGIN
    UPDATE professionals SET paused_at = NULL WHERE user_id = NEW.telegram_id AND paused_at IS NOT NULL;
END;

-- The match index reloads a professional whose pause changes (the change feed of 009 lists other columns).
CREATE TRIGGER professionals_paused AFTER UPDATE OF paused_at ON professionals
WHEN NEW.paused_at IS NOT OLD.paused_at
BEGIN
    DELETE FROM match_changes WHERE kind = 'professional' AND id = NEW.user_id;
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
END;
