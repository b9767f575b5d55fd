-- 0018 (PostgreSQL): members of the old system, as
-- db/migrations/0018-legacy-members.sql: the NOT NULLs dropped in place
-- (SQLite makes the table again), the columns of the old records added.
ALTER TABLE members ALTER COLUMN birth_place DROP NOT NULL;
ALTER TABLE members ALTER COLUMN birth_date DROP NOT NULL;
ALTER TABLE members ALTER COLUMN address DROP NOT NULL;
ALTER TABLE members ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE members ADD COLUMN phone2 TEXT;
ALTER TABLE members ADD COLUMN registered_on TEXT;
ALTER TABLE members ADD COLUMN incomplete TEXT;
ALTER TABLE members ADD COLUMN email TEXT;
ALTER TABLE members ADD COLUMN notes TEXT;
CREATE INDEX members_incomplete ON members (id) WHERE incomplete IS NOT NULL;
