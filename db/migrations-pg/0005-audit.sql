-- 0005 (PostgreSQL): the audit trail, as db/migrations/0005-audit.sql, and
-- what writes it here.  PostgreSQL has no TEMP triggers on the register's
-- tables and cannot call the station's C functions, so the trigger function
-- below only notes each change (the table, the action, the row before and
-- after as row_to_json, in the order of the changes) in kartu_audit_pending,
-- with the time and operator the store sets in the transaction (kartu.at,
-- kartu.actor); before COMMIT the store makes the log's entries from them in C
-- (src/store/audit.c, audit_pg_flush: the same JSON, digests, masks and keyed
-- chain as on SQLite) and empties the table.  The triggers themselves are
-- made by the store on each audited table (audit_install), named kartu_audit.
CREATE TABLE audit (
	id bigint PRIMARY KEY,
	at TEXT NOT NULL,
	operator_id bigint,
	entity TEXT NOT NULL,
	entity_id bigint,
	action TEXT NOT NULL CONSTRAINT audit_action_check
		CHECK (action IN ('insert', 'update', 'delete')),
	before TEXT,
	after TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit (entity, entity_id);

CREATE TABLE audit_head (
	one INTEGER PRIMARY KEY CHECK (one = 1),
	last_id bigint NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (one, last_id, hash) VALUES (1, 0, '');

-- Changes not yet in the log: none of kartu's own after its commit.  The store
-- chains only the rows of its own transaction, so a row left here was made by
-- another client (a change made with psql, or a row written here directly).
-- (A serial, not an identity: the store appends RETURNING id only to inserts
-- into tables with an identity id.)
CREATE TABLE kartu_audit_pending (
	id bigserial PRIMARY KEY,
	at TEXT DEFAULT nullif(current_setting('kartu.at', true), ''),
	operator_id bigint DEFAULT nullif(current_setting('kartu.actor', true), '')::bigint,
	tbl TEXT,			-- the table; NULL for an event
	entity TEXT NOT NULL,
	action TEXT NOT NULL,
	entity_id bigint,
	before json,
	after json,
	payload TEXT			-- an event's JSON, as given
);

-- TG_ARGV: the entity name, and the column of the entity id ('' for none).
CREATE FUNCTION kartu_audit_pending() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	b json;
	a json;
	eid bigint;
BEGIN
	IF TG_OP <> 'INSERT' THEN
		b := row_to_json(OLD);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		a := row_to_json(NEW);
	END IF;
	IF TG_ARGV[1] <> '' THEN
		eid := (coalesce(a, b) ->> TG_ARGV[1])::bigint;
	END IF;
	INSERT INTO kartu_audit_pending (tbl, entity, action, entity_id, before, after)
		VALUES (TG_TABLE_NAME, TG_ARGV[0], lower(TG_OP), eid, b, a);
	RETURN NULL;
END
$$;
