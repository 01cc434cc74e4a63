-- Scale (issue #14): the indexes the review found missing, and a change feed that keeps the in-memory match index
-- in step with every write, whoever makes it (the bot, a script, a cascade from an erased user).

-- Publishing: the open-vacancy quota per organisation and the daily quota per author; an organisation's posts
-- (verification, closing, the match index reloading them).
CREATE INDEX vacancies_organisation ON vacancies (organisation_id, status);
CREATE INDEX vacancies_created_by ON vacancies (created_by, published_at);
CREATE INDEX courses_organisation ON courses (organisation_id, status);
CREATE INDEX courses_created_by ON courses (created_by, published_at);

-- Erasing a user: every foreign key to the user (or to their posts) is checked through an index, not a scan.
CREATE INDEX organisations_created_by ON organisations (created_by);
CREATE INDEX contact_requests_user ON contact_requests (user_id);
CREATE INDEX candidate_tokens_user ON candidate_tokens (user_id);
CREATE INDEX reports_reported_by ON reports (reported_by);
CREATE INDEX reports_post ON reports (post_kind, post_id);
CREATE INDEX invites_organisation ON invites (organisation_id);
CREATE INDEX invites_used_by ON invites (used_by);
CREATE INDEX conversation_state_user ON conversation_state (user_id);
CREATE INDEX match_feedback_vacancy ON match_feedback (vacancy_id);

-- The digest ledger: pending rows in delivery order, and a run's counts, read from the index alone.
DROP INDEX digest_ledger_state;
CREATE INDEX digest_ledger_state ON digest_ledger (state, created_at, user_id, period);
DROP INDEX digest_ledger_run;
CREATE INDEX digest_ledger_run ON digest_ledger (run_id, state);

-- The change feed. Every write that can change what matching sees appends (kind, id) here; the match index reads
-- the rows after the last seq it applied and reloads those entities. Rows are only appended (so an outer
-- INSERT OR IGNORE cannot swallow them, and seq only grows: the newest row is never deleted), and the reader
-- deletes the rows it applied once they are ten minutes old, so an erased professional's id does not stay.
CREATE TABLE match_changes (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('professional', 'vacancy', 'course', 'organisation')),
    id         INTEGER NOT NULL,
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
);

CREATE TRIGGER professionals_inserted AFTER INSERT ON professionals BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
END;

-- (contact details and updated_at do not matter to matching)
CREATE TRIGGER professionals_updated AFTER UPDATE OF user_id, economy, level, languages, work_formats, relocate,
    target_role, visibility, status, hired_where, created_at ON professionals BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
    INSERT INTO match_changes (kind, id) SELECT 'professional', OLD.user_id WHERE OLD.user_id != NEW.user_id;
END;

CREATE TRIGGER professionals_deleted AFTER DELETE ON professionals BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', OLD.user_id);
END;

CREATE TRIGGER professional_skills_inserted AFTER INSERT ON professional_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
END;

CREATE TRIGGER professional_skills_updated AFTER UPDATE ON professional_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
    INSERT INTO match_changes (kind, id) SELECT 'professional', OLD.user_id WHERE OLD.user_id != NEW.user_id;
END;

CREATE TRIGGER professional_skills_deleted AFTER DELETE ON professional_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', OLD.user_id);
END;

CREATE TRIGGER vacancies_inserted AFTER INSERT ON vacancies BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('vacancy', NEW.id);
END;

CREATE TRIGGER vacancies_updated AFTER UPDATE ON vacancies BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('vacancy', NEW.id);
    INSERT INTO match_changes (kind, id) SELECT 'vacancy', OLD.id WHERE OLD.id != NEW.id;
END;

CREATE TRIGGER vacancies_deleted AFTER DELETE ON vacancies BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('vacancy', OLD.id);
END;

CREATE TRIGGER vacancy_skills_inserted AFTER INSERT ON vacancy_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('vacancy', NEW.vacancy_id);
END;

CREATE TRIGGER vacancy_skills_updated AFTER UPDATE ON vacancy_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('vacancy', NEW.vacancy_id);
    INSERT INTO match_changes (kind, id) SELECT 'vacancy', OLD.vacancy_id WHERE OLD.vacancy_id != NEW.vacancy_id;
END;

CREATE TRIGGER vacancy_skills_deleted AFTER DELETE ON vacancy_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('vacancy', OLD.vacancy_id);
END;

CREATE TRIGGER courses_inserted AFTER INSERT ON courses BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('course', NEW.id);
END;

CREATE TRIGGER courses_updated AFTER UPDATE ON courses BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('course', NEW.id);
    INSERT INTO match_changes (kind, id) SELECT 'course', OLD.id WHERE OLD.id != NEW.id;
END;

CREATE TRIGGER courses_deleted AFTER DELETE ON courses BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('course', OLD.id);
END;

CREATE TRIGGER course_skills_inserted AFTER INSERT ON course_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('course', NEW.course_id);
END;

CREATE TRIGGER course_skills_updated AFTER UPDATE ON course_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('course', NEW.course_id);
    INSERT INTO match_changes (kind, id) SELECT 'course', OLD.course_id WHERE OLD.course_id != NEW.course_id;
END;

CREATE TRIGGER course_skills_deleted AFTER DELETE ON course_skills BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('course', OLD.course_id);
END;

-- The partner source a person came through (migration 008) is counted per professional in /stats.
CREATE TRIGGER user_sources_inserted AFTER INSERT ON user_sources BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
END;

CREATE TRIGGER user_sources_updated AFTER UPDATE ON user_sources BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
    INSERT INTO match_changes (kind, id) SELECT 'professional', OLD.user_id WHERE OLD.user_id != NEW.user_id;
END;

CREATE TRIGGER user_sources_deleted AFTER DELETE ON user_sources BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', OLD.user_id);
END;

-- An organisation's status (verified, suspended, closed) or name decides whether and how its posts are shown.
CREATE TRIGGER organisations_updated AFTER UPDATE OF status, name ON organisations BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('organisation', NEW.id);
    INSERT INTO match_changes (kind, id) SELECT 'organisation', OLD.id WHERE OLD.id != NEW.id;
END;

CREATE TRIGGER organisations_deleted AFTER DELETE ON organisations BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('organisation', OLD.id);
END;
