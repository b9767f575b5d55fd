-- 0013: a session belongs to the Unix user who logged in.
--
-- Until now a session was found by the station's name alone (the host name,
-- or $KARTU_STATION), so any Unix user of the host, or anyone who set the
-- same name, acted as the operator who logged in.  A station name is not a
-- credential: the session now also records the kernel's real uid of the
-- process that logged in, and only a process of that uid finds it.
ALTER TABLE sessions ADD COLUMN uid INTEGER;

-- Sessions opened before this belong to no one: they end now (as replaced),
-- and their operators log in again.
UPDATE sessions SET ended_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
	end_reason = 'replaced' WHERE ended_at IS NULL;

DROP INDEX sessions_open;
CREATE INDEX sessions_open ON sessions (station, uid) WHERE ended_at IS NULL;
