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
-- 2026, from the joint decree (SKB) of the Minister of Religious Affairs, the
-- Minister of Manpower and the Minister of State Apparatus Empowerment and
-- Bureaucratic Reform: No. 1497/2025, No. 2/2025, No. 5/2025 (17 national
-- holidays, 8 days of cuti bersama).  Check against the published decree.
INSERT INTO holidays (date, name, kind) VALUES
	('2026-01-01', 'Tahun Baru 2026 Masehi', 'national'),
	('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', 'national'),
	('2026-02-16', 'Cuti bersama Tahun Baru Imlek', 'cuti-bersama'),
	('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', 'national'),
	('2026-03-18', 'Cuti bersama Hari Suci Nyepi', 'cuti-bersama'),
	('2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948', 'national'),
	('2026-03-20', 'Cuti bersama Idulfitri 1447 H', 'cuti-bersama'),
	('2026-03-21', 'Idulfitri 1447 H', 'national'),
	('2026-03-22', 'Idulfitri 1447 H', 'national'),
	('2026-03-23', 'Cuti bersama Idulfitri 1447 H', 'cuti-bersama'),
	('2026-03-24', 'Cuti bersama Idulfitri 1447 H', 'cuti-bersama'),
	('2026-04-03', 'Wafat Yesus Kristus', 'national'),
	('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', 'national'),
	('2026-05-01', 'Hari Buruh Internasional', 'national'),
	('2026-05-14', 'Kenaikan Yesus Kristus', 'national'),
	('2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus', 'cuti-bersama'),
	('2026-05-27', 'Iduladha 1447 H', 'national'),
	('2026-05-28', 'Cuti bersama Iduladha 1447 H', 'cuti-bersama'),
	('2026-05-31', 'Hari Raya Waisak 2570 BE', 'national'),
	('2026-06-01', 'Hari Lahir Pancasila', 'national'),
	('2026-06-16', 'Tahun Baru Islam 1448 H', 'national'),
	('2026-08-17', 'Hari Proklamasi Kemerdekaan RI', 'national'),
	('2026-08-25', 'Maulid Nabi Muhammad SAW', 'national'),
	('2026-12-24', 'Cuti bersama Hari Raya Natal', 'cuti-bersama'),
	('2026-12-25', 'Hari Raya Natal', 'national');

-- How long "1 working day" is, in service minutes: a full Monday-Friday day.
INSERT INTO settings (key, value) VALUES ('due_service_minutes', '510') ON CONFLICT DO NOTHING;

-- The due time of each application (UTC), and steps done outside service hours.
ALTER TABLE applications ADD COLUMN due_at TEXT;
ALTER TABLE app_events ADD COLUMN outside_hours INTEGER NOT NULL DEFAULT 0;
CREATE INDEX applications_open ON applications (state, due_at)
	WHERE state IN ('applied', 'checked', 'validated', 'issued');
