-- 0014 (PostgreSQL): the audit chain gets a key, as
-- db/migrations/0014-audit-key.sql; the CHECK is changed in place (SQLite
-- makes the table again).
ALTER TABLE audit DROP CONSTRAINT audit_action_check;
ALTER TABLE audit ADD CONSTRAINT audit_action_check
	CHECK (action IN ('insert', 'update', 'delete', 'event'));

ALTER TABLE audit_head ADD COLUMN seal TEXT;
ALTER TABLE audit_head ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
