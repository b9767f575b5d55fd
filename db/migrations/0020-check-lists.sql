-- 0020: the CHECK constraints of cards and audit written as comparisons
-- joined by OR instead of IN lists (issue 15, the speed of an import).
-- SQLite turns an IN list of more than two constants into a temporary b-tree,
-- built again at each run of the statement: each card's INSERT and each audit
-- entry built one (a page allocated and zeroed, its values inserted) for
-- every row an import writes.  The same values are allowed: 'x = a OR x = b'
-- holds exactly where 'x IN (a, b)' does, NULL included.
--
-- SQLite cannot change a CHECK in place, so both tables are made again by
-- its documented procedure (https://sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"), as 0018 did for members: the store
-- runs migrations with foreign keys off and checks them (PRAGMA
-- foreign_key_check) before the commit.  The rows keep their ids, so the
-- tables that refer to cards (replacements, register) and the audit chain
-- (whose hashes cover the ids, not the rowids' pages) stay right; the indexes
-- are made again as they were.  The audit triggers are the store's, made on
-- each connection (src/store/audit.c).
CREATE TABLE cards_new (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members (id),
	issue_no INTEGER NOT NULL CHECK (issue_no BETWEEN 1 AND 99),
	card_no TEXT NOT NULL UNIQUE,
	uid TEXT UNIQUE,
	chip TEXT,
	status TEXT NOT NULL CHECK (status = 'new' OR status = 'encoding' OR
		status = 'active' OR status = 'lost' OR status = 'damaged' OR
		status = 'replaced' OR status = 'revoked'),
	reason TEXT,
	created_at TEXT NOT NULL,
	created_by INTEGER NOT NULL REFERENCES operators (id),
	status_at TEXT NOT NULL,
	status_by INTEGER NOT NULL REFERENCES operators (id),
	media TEXT NOT NULL DEFAULT 'chip' CHECK (media = 'chip' OR media = 'printed' OR
		media = 'chip+printed'),
	encoded_at TEXT,
	printed_at TEXT,
	UNIQUE (member_id, issue_no)
);
INSERT INTO cards_new (id, member_id, issue_no, card_no, uid, chip, status, reason,
	created_at, created_by, status_at, status_by, media, encoded_at, printed_at)
	SELECT id, member_id, issue_no, card_no, uid, chip, status, reason, created_at,
	created_by, status_at, status_by, media, encoded_at, printed_at FROM cards;
DROP TABLE cards;
ALTER TABLE cards_new RENAME TO cards;
CREATE INDEX cards_member ON cards (member_id);

CREATE TABLE audit_new (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	operator_id INTEGER,
	entity TEXT NOT NULL,
	entity_id INTEGER,
	action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR
		action = 'delete' OR action = 'event'),
	before TEXT,
	after TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_new (id, at, operator_id, entity, entity_id, action, before, after,
	prev_hash, hash)
	SELECT id, at, operator_id, entity, entity_id, action, before, after, prev_hash,
	hash FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_entity ON audit (entity, entity_id);
