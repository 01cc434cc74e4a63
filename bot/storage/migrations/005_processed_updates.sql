-- Update ids already handled, so an update delivered twice (a crash before its offset was confirmed) acts once.
CREATE TABLE processed_updates (
    update_id  INTEGER PRIMARY KEY,
    handled_at TEXT NOT NULL
);
CREATE INDEX processed_updates_time ON processed_updates (handled_at);
