-- 0017 (PostgreSQL): the member search's index (kartu member find by a part
-- of a name).  SQLite's migration makes an FTS5 table of the words of the
-- members' name keys; here a GIN index of the key's tsvector with the simple
-- configuration (each word of the key one lexeme, as typed: no stemming, no
-- stop words) does the same, and src/core/search.c asks it the same question
-- as a tsquery ('budi':* & 'santoso', 'nur' <-> 'haliza').  An expression
-- index, not a column: nothing to keep in step on import, edit or
-- migration, and nothing for a backup to carry.  It is core PostgreSQL: no
-- extension, so no right beyond owning the database.
CREATE INDEX IF NOT EXISTS members_name_words ON members
	USING gin (to_tsvector('simple', name_key));
