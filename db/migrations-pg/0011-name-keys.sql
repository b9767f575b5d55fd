-- 0011 (PostgreSQL): as db/migrations/0011-name-keys.sql, without recomputing
-- the stored name keys: SQLite does it with kartu_name_key(), a C function of
-- the station that PostgreSQL cannot call, and a PostgreSQL register was made
-- by a kartu that already writes these keys.  (A later change of the keys'
-- rules recomputes them from C on this engine.)
CREATE INDEX members_birth_key ON members (birth_date, name_key, birth_place);
