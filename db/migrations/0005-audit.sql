-- 0005: the audit trail.  Every change to applications, members, cards,
-- operators, replacements (and complaints, once they exist) appends one row,
-- written by triggers the station installs on each connection (src/audit.c),
-- so no code path can forget it.  Personal numbers are never in it: hashed
-- columns are left out, phone numbers are masked.
--
-- hash = BLAKE2b-256(prev_hash || the row's fields, each length-prefixed);
-- prev_hash of the first row is ''.  audit_head holds the id and hash of the
-- last row, so deleting rows at the end is detected too (kartu audit verify).
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	operator_id INTEGER,		-- NULL: no operator (kartu init, the first admin)
	entity TEXT NOT NULL,		-- application, member, card, operator, ...
	entity_id INTEGER,
	action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
	before TEXT,			-- JSON of the row before, NULL for an insert
	after TEXT,			-- JSON of the row after, NULL for a delete
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit (entity, entity_id);

CREATE TABLE audit_head (
	one INTEGER PRIMARY KEY CHECK (one = 1),
	last_id INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (one, last_id, hash) VALUES (1, 0, '');
