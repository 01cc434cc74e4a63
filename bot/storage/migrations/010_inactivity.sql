-- The 24-month inactivity erase that /privacy promises: when the person was last told that their account would
-- be erased. A notice counts only while it is newer than last_seen_at: coming back cancels it.
ALTER TABLE users ADD COLUMN inactivity_notice_at TEXT;
CREATE INDEX users_last_seen ON users (last_seen_at);
