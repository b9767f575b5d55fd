-- 0010: operators' PINs and the station session.
-- (0009 is kartu import's legacy_no on main; this one comes after it.)
--
-- An operator with a PIN (argon2id, libsodium's crypto_pwhash_str) acts only
-- after logging in (kartu login NAME) or with the PIN at hand (KARTU_PIN);
-- operators without a PIN act by name as before.  One session per station
-- (the host name, or $KARTU_STATION): commands there without --as act as its
-- operator until kartu logout or session_minutes without a command.  Stations
-- sharing one database file do not share sessions.
ALTER TABLE operators ADD COLUMN pin_hash TEXT;
-- Five wrong PINs in a row lock the operator's PIN for 15 minutes.
ALTER TABLE operators ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operators ADD COLUMN pin_locked_until TEXT;

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	operator_id INTEGER NOT NULL REFERENCES operators (id),
	station TEXT NOT NULL,
	started_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	ended_at TEXT,
	end_reason TEXT CHECK (end_reason IN ('logout', 'timeout', 'replaced'))
);
CREATE INDEX sessions_open ON sessions (station) WHERE ended_at IS NULL;

INSERT OR IGNORE INTO settings (key, value) VALUES ('session_minutes', '30');
