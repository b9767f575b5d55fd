-- 0024: the report (src/core/report.c) counts a day's or a month's rows
-- through an index on their time instead of a scan of the table (make bench:
-- /laporan went from 471 to 30 ms at 100 000 members): members issued from an
-- application and members moved from the old system apart (the latter per
-- category, so a month of imports is counted from its index alone, without a
-- sort), later cards (replacements), the issue steps, the closed
-- applications, the replacements.  (0023 was already run where main was
-- merged: these are a migration of their own.)  No column is added: the tests
-- that set the version back run this again, hence IF NOT EXISTS.
CREATE INDEX IF NOT EXISTS members_issued ON members (created_at, category)
	WHERE application_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS members_imported ON members (category, created_at)
	WHERE application_id IS NULL;
CREATE INDEX IF NOT EXISTS cards_reissued ON cards (created_at) WHERE issue_no > 1;
CREATE INDEX IF NOT EXISTS app_events_step_at ON app_events (step, at);
CREATE INDEX IF NOT EXISTS applications_closed ON applications (updated_at)
	WHERE state IN ('refused', 'rejected');
CREATE INDEX IF NOT EXISTS replacements_at ON replacements (at);
