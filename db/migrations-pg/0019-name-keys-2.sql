-- 0019 (PostgreSQL): nothing.  SQLite's migration recomputes the name keys with
-- kartu_name_key() (see 0011 here): a PostgreSQL register has the new keys.
SELECT 1;
