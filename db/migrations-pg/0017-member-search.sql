-- 0017 (PostgreSQL): nothing yet.  SQLite's migration makes the FTS5 index of
-- the member search (kartu member find by a part of a name); PostgreSQL has
-- no FTS5, and src/core/search.c queries it with MATCH.  Until the search has
-- a PostgreSQL form (pg_trgm or a tsvector index), a name search fails there;
-- searches by number, phone and NIK do not use the index.
SELECT 1;
