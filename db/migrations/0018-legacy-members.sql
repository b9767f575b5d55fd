-- 0018: members of the library's old system as they are (issue 15).  An old
-- record may lack the birth place, the birth date, the address or the phone:
-- those columns may now be NULL (missing, never a placeholder such as "-"),
-- and incomplete names the fields still to be completed at the next visit
-- ('birth_place,phone'; NULL when nothing is missing).  phone2 is a second
-- number (a landline kept from the old record: it never receives handover
-- codes), registered_on the day the old system registered the member; email
-- and notes are the old record's, kept as they were.
--
-- SQLite cannot drop NOT NULL from a column, so members is made again by its
-- documented procedure (https://sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"): the store runs migrations with
-- foreign keys off and checks them (PRAGMA foreign_key_check) before the
-- commit.  The rows keep their ids, so every table that refers to members,
-- and the search index of 0017 (whose content is members), stay right; the
-- indexes and the search triggers are made again as they were.  The audit
-- triggers are the store's, made on each connection from the columns then
-- present (src/store/audit.c).  Only the columns of 0001 to 0016 are copied, so
-- this may run again over itself (tests/cli/trust-rules.t sets the version
-- back by hand).
CREATE TABLE members_new (
	id INTEGER PRIMARY KEY,
	member_no TEXT NOT NULL UNIQUE,
	application_id INTEGER UNIQUE REFERENCES applications (id),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
	category TEXT NOT NULL REFERENCES categories (code),
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	birth_place TEXT,
	birth_date TEXT,
	sex TEXT NOT NULL CHECK (sex IN ('L', 'P')),
	address TEXT,
	phone TEXT,
	institution TEXT,
	guardian TEXT,
	nik_hash TEXT,
	nik_masked TEXT,
	expires_on TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by INTEGER NOT NULL REFERENCES operators (id),
	legacy_no TEXT,
	block_reason TEXT,
	blocked_at TEXT,
	blocked_by INTEGER REFERENCES operators (id),
	phone2 TEXT,
	registered_on TEXT,
	incomplete TEXT,
	email TEXT,
	notes TEXT
);
INSERT INTO members_new (id, member_no, application_id, status, category, name, name_key,
	birth_place, birth_date, sex, address, phone, institution, guardian, nik_hash,
	nik_masked, expires_on, created_at, created_by, legacy_no, block_reason, blocked_at,
	blocked_by)
SELECT id, member_no, application_id, status, category, name, name_key, birth_place,
	birth_date, sex, address, phone, institution, guardian, nik_hash, nik_masked,
	expires_on, created_at, created_by, legacy_no, block_reason, blocked_at, blocked_by
FROM members;
DROP TABLE members;
ALTER TABLE members_new RENAME TO members;

CREATE INDEX members_birth ON members (birth_date);
CREATE INDEX members_phone ON members (phone);
CREATE INDEX members_nik ON members (nik_hash) WHERE nik_hash IS NOT NULL;
CREATE UNIQUE INDEX members_legacy_no ON members (legacy_no) WHERE legacy_no IS NOT NULL;
CREATE INDEX members_birth_key ON members (birth_date, name_key, birth_place);
CREATE INDEX members_legacy_upper ON members (upper(legacy_no)) WHERE legacy_no IS NOT NULL;
CREATE INDEX members_expires ON members (expires_on);
-- The desk's list of members still to complete.
CREATE INDEX members_incomplete ON members (id) WHERE incomplete IS NOT NULL;

-- The search index as 0017 made it (here too for a database whose index was
-- taken away by hand, as tests/cli/search.t does), rebuilt from members.
CREATE VIRTUAL TABLE IF NOT EXISTS member_names USING fts5 (name_key, content = 'members',
	content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0', prefix = '3');
INSERT INTO member_names (member_names) VALUES ('rebuild');
CREATE TRIGGER member_names_insert AFTER INSERT ON members BEGIN
	INSERT INTO member_names (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER member_names_delete AFTER DELETE ON members BEGIN
	INSERT INTO member_names (member_names, rowid, name_key)
		VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER member_names_update AFTER UPDATE OF name_key ON members BEGIN
	INSERT INTO member_names (member_names, rowid, name_key)
		VALUES ('delete', old.id, old.name_key);
	INSERT INTO member_names (rowid, name_key) VALUES (new.id, new.name_key);
END;
