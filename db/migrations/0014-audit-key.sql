-- 0014-audit-key.sql - the audit chain gets a key (src/store/audit.h).
--
-- The log may now record events that change no row (action 'event'), and its
-- head carries a keyed seal.  keyed says whether the chain's hashes are
-- keyed: a log written before is rehashed with the register key the first
-- time a station that has the key opens it (audit_seal_chain).

CREATE TABLE audit_new (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	operator_id INTEGER,
	entity TEXT NOT NULL,
	entity_id INTEGER,
	action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'event')),
	before TEXT,
	after TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_new SELECT id, at, operator_id, entity, entity_id, action, before, after,
	prev_hash, hash FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_entity ON audit (entity, entity_id);

ALTER TABLE audit_head ADD COLUMN seal TEXT;
ALTER TABLE audit_head ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
