-- 0025: the members moved from the old system, counted per hour (UTC) and
-- category, so that the report of a month of imports sums a few hundred rows
-- instead of counting a million index entries (make bench: /laporan for the
-- import's month at 1 000 000 members took 137-311 ms at p95 through
-- members_imported).  A WIB day starts at 17:00 UTC, so a day's or a month's
-- bounds are whole hours.  The core keeps the counts in the transaction that
-- adds a member or changes its category (report_tally, report.h); kartu fsck
-- compares them with the register.  Filled here from the members there are.
-- Tests that set the version back run this again: hence IF NOT EXISTS and
-- the DELETE before the count.
CREATE TABLE IF NOT EXISTS imported_counts (
	hour TEXT NOT NULL,		-- '2026-11-28T08': the first 13 of created_at
	category TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (hour, category)
);
DELETE FROM imported_counts;
INSERT INTO imported_counts (hour, category, n)
	SELECT substr(created_at, 1, 13), category, count(*) FROM members
	WHERE application_id IS NULL GROUP BY 1, 2;
