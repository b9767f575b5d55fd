-- 0017: the search of issue 14 (kartu member find).  Every word of a member's
-- name key (src/core/name.c: titles left out, spelling folded) is indexed in
-- an FTS5 table that reads its text from members, so that a part of a name
-- finds the member among a million by an index, in any order, by prefix.
-- The triggers keep it in step with members on every path (issue, import, an
-- edit of the name, a migration that recomputes the keys).  It is derived data
-- like an index, so it has no audit triggers of its own: the members' rows it
-- follows are audited.  It may run again over itself (a database whose
-- version was set back by hand, as tests/cli/trust-rules.t does): the index is
-- then rebuilt from members.
CREATE VIRTUAL TABLE IF NOT EXISTS member_names USING fts5 (name_key, content = 'members',
	content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0', prefix = '3');
INSERT INTO member_names (member_names) VALUES ('rebuild');
CREATE TRIGGER IF NOT EXISTS member_names_insert AFTER INSERT ON members BEGIN
	INSERT INTO member_names (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER IF NOT EXISTS member_names_delete AFTER DELETE ON members BEGIN
	INSERT INTO member_names (member_names, rowid, name_key)
		VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER IF NOT EXISTS member_names_update AFTER UPDATE OF name_key ON members BEGIN
	INSERT INTO member_names (member_names, rowid, name_key)
		VALUES ('delete', old.id, old.name_key);
	INSERT INTO member_names (rowid, name_key) VALUES (new.id, new.name_key);
END;
