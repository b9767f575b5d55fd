-- 0023: indexes for the screens' pages (make bench: server time per page).
-- The print queue (src/core/printq.c) reads the printed cards whose print was
-- never verified through a partial index, not by a scan of every card.  The
-- report (src/core/report.c) counts a day's or a month's rows through an
-- index on their time: members issued from an application and members moved
-- from the old system apart (a month of imports is then counted from its
-- index alone), later cards (replacements), the issue steps, the closed
-- applications and the replacements.  No column is added: the tests that
-- set the version back run this again, hence IF NOT EXISTS.
CREATE INDEX IF NOT EXISTS cards_to_print ON cards (id) WHERE printed_at IS NULL AND
	media <> 'chip';
CREATE INDEX IF NOT EXISTS members_issued ON members (created_at, category)
	WHERE application_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS members_imported ON members (category, created_at)
	WHERE application_id IS NULL;
CREATE INDEX IF NOT EXISTS cards_reissued ON cards (created_at) WHERE issue_no > 1;
CREATE INDEX IF NOT EXISTS app_events_step_at ON app_events (step, at);
CREATE INDEX IF NOT EXISTS applications_closed ON applications (updated_at)
	WHERE state IN ('refused', 'rejected');
CREATE INDEX IF NOT EXISTS replacements_at ON replacements (at);
