-- 0022 (PostgreSQL): region codes, as db/migrations/0022-regions.sql (GLOB
-- patterns as regular expressions).
ALTER TABLE applications ADD COLUMN village TEXT
	CHECK (village ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$');
ALTER TABLE applications ADD COLUMN nik_region TEXT
	CHECK (nik_region ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$');
ALTER TABLE members ADD COLUMN village TEXT
	CHECK (village ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$');
ALTER TABLE members ADD COLUMN nik_region TEXT
	CHECK (nik_region ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$');
