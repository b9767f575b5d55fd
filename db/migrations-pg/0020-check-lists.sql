-- 0020 (PostgreSQL): nothing.  SQLite's migration writes two tables' CHECKs as
-- ORs instead of IN lists, for the speed of SQLite's import; the constraints
-- allow the same values, and PostgreSQL checks IN lists without that cost.
SELECT 1;
