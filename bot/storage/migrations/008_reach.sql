-- Reach: every vacancy and course gets an opaque link code for t.me/<bot>?start=<code> (random, never its id),
-- written by triggers so that every way a post is created (the forms, a CSV import, the samples) has one;
-- partners' source codes (t.me/<bot>?start=src_<code>) and the one source each person first came through.
CREATE TABLE share_codes (
    code         TEXT PRIMARY KEY,
    post_kind    TEXT NOT NULL CHECK (post_kind IN ('vacancy', 'course')),
    post_id      INTEGER NOT NULL,
    announced_at TEXT,  -- when the post went to the channel (CHANNEL_ID); once per post
    UNIQUE (post_kind, post_id)
);

INSERT INTO share_codes (code, post_kind, post_id) SELECT lower(hex(randomblob(9))), 'vacancy', id FROM vacancies;
INSERT INTO share_codes (code, post_kind, post_id) SELECT lower(hex(randomblob(9))), 'course', id FROM courses;

CREATE TRIGGER vacancies_share_code AFTER INSERT ON vacancies
BEGIN
    INSERT INTO share_codes (code, post_kind, post_id) VALUES (lower(hex(randomblob(9))), 'vacancy', NEW.id);
END;

CREATE TRIGGER courses_share_code AFTER INSERT ON courses
BEGIN
    INSERT INTO share_codes (code, post_kind, post_id) VALUES (lower(hex(randomblob(9))), 'course', NEW.id);
END;

CREATE TRIGGER vacancies_share_code_gone AFTER DELETE ON vacancies
BEGIN
    DELETE FROM share_codes WHERE post_kind = 'vacancy' AND post_id = OLD.id;
END;

CREATE TRIGGER courses_share_code_gone AFTER DELETE ON courses
BEGIN
    DELETE FROM share_codes WHERE post_kind = 'course' AND post_id = OLD.id;
END;

CREATE TABLE sources (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    -- the admin who made it; the code and its counts outlive an admin who erases their account
    created_by INTEGER REFERENCES users(telegram_id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);

-- First touch only: one row per person, never overwritten; erased with the person.
CREATE TABLE user_sources (
    user_id    INTEGER PRIMARY KEY REFERENCES users(telegram_id) ON DELETE CASCADE,
    code       TEXT NOT NULL REFERENCES sources(code),
    created_at TEXT NOT NULL
);
CREATE INDEX user_sources_code ON user_sources (code);
