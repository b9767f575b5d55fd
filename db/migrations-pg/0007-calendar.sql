-- 0007 (PostgreSQL): the service calendar, as db/migrations/0007-calendar.sql
-- (GLOB patterns as regular expressions, INSERT OR IGNORE as ON CONFLICT DO NOTHING).

-- weekday: 0 Sunday .. 6 Saturday; a weekday without a row is closed.
CREATE TABLE service_hours (
	weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
	opens TEXT NOT NULL CHECK (opens ~ '^[0-2][0-9]:[0-5][0-9]$'),
	closes TEXT NOT NULL CHECK (closes ~ '^[0-2][0-9]:[0-5][0-9]$' AND closes > opens)
);
-- The service standard: Monday-Thursday 07:00-15:30, Friday 07:30-16:00,
-- Saturday 07:30-12:00, closed on Sundays and public holidays.
INSERT INTO service_hours (weekday, opens, closes) VALUES
	(1, '07:00', '15:30'), (2, '07:00', '15:30'), (3, '07:00', '15:30'),
	(4, '07:00', '15:30'), (5, '07:30', '16:00'), (6, '07:30', '12:00');

-- Days the office is closed: national holidays, cuti bersama (joint leave
-- days, on which government offices close) and local closures.  THE LIBRARY
-- MAINTAINS THIS TABLE: add each year's days when the government publishes
-- them (kartu calendar holiday add DATE NAME), and local ones.
CREATE TABLE holidays (
	date TEXT PRIMARY KEY CHECK (date ~ '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$'),
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'local' CHECK (kind IN ('national', 'cuti-bersama', 'local'))
);
-- The days of 2026, as SQLite's migration has them (tools/embed.sh puts its
-- lines here: from the comment "-- 2026, from the joint decree" to the empty line).
-- @include db/migrations/0007-calendar.sql /^--.2026,.from.the.joint.decree/,/^$/

-- How long "1 working day" is, in service minutes: a full Monday-Friday day.
INSERT INTO settings (key, value) VALUES ('due_service_minutes', '510') ON CONFLICT DO NOTHING;

-- The due time of each application (UTC), and steps done outside service hours.
ALTER TABLE applications ADD COLUMN due_at TEXT;
ALTER TABLE app_events ADD COLUMN outside_hours INTEGER NOT NULL DEFAULT 0;
CREATE INDEX applications_open ON applications (state, due_at)
	WHERE state IN ('applied', 'checked', 'validated', 'issued');
