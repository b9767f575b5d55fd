-- 0013 (PostgreSQL): a session belongs to a Unix user, as
-- db/migrations/0013-session-uid.sql (its time written with to_char).
ALTER TABLE sessions ADD COLUMN uid bigint;

UPDATE sessions SET ended_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	end_reason = 'replaced' WHERE ended_at IS NULL;

DROP INDEX sessions_open;
CREATE INDEX sessions_open ON sessions (station, uid) WHERE ended_at IS NULL;
