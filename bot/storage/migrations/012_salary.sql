-- Salary (issue #16, item 1). A professional may give the net monthly salary they expect, in EUR: private, never
-- shown to an organisation, which sees only "within your range" / "above your range". A vacancy's range
-- (salary_min/salary_max, EUR a month, since 002) says whether it is gross or net; NULL when the post did not say.
ALTER TABLE professionals ADD COLUMN salary_net_eur INTEGER CHECK (salary_net_eur IS NULL OR salary_net_eur > 0);
ALTER TABLE vacancies ADD COLUMN salary_basis TEXT CHECK (salary_basis IN ('gross', 'net'));

-- The expectation changes scores, so a change of it reaches the match index like the other matching columns
-- (professionals_updated, migration 009, lists its columns; vacancies_updated fires on any column).
CREATE TRIGGER professionals_salary_updated AFTER UPDATE OF salary_net_eur ON professionals BEGIN
    INSERT INTO match_changes (kind, id) VALUES ('professional', NEW.user_id);
END;
