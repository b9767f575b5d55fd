-- 0006: the handover (step 6) with a one-time code to the applicant's phone.
--
-- kartu handover APP --phone N makes a 6-digit code, sends it by SMS (the
-- command in the setting sms_command, or $KARTU_SMS_COMMAND) or shows it for
-- the officer to read out on a test call.  Only a keyed hash of the code is
-- kept, with its expiry and the tries left; a new code replaces the old one.
CREATE TABLE handover_codes (
	application_id INTEGER PRIMARY KEY REFERENCES applications (id),
	phone TEXT NOT NULL,		-- the number the code went to (+62...)
	phone_changed INTEGER NOT NULL CHECK (phone_changed IN (0, 1)),
	code_hash TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	tries INTEGER NOT NULL DEFAULT 0,
	via TEXT NOT NULL CHECK (via IN ('sms', 'shown')),
	created_at TEXT NOT NULL,
	operator_id INTEGER NOT NULL REFERENCES operators (id)
);

-- The handover book: one row per card handed over, as signed on paper.
CREATE TABLE handovers (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
	member_id INTEGER NOT NULL REFERENCES members (id),
	card_no TEXT NOT NULL,
	phone TEXT NOT NULL,
	phone_verified INTEGER NOT NULL CHECK (phone_verified IN (0, 1)),
	phone_changed INTEGER NOT NULL CHECK (phone_changed IN (0, 1)),
	verified_via TEXT NOT NULL CHECK (verified_via IN ('sms', 'shown')),
	signed_name TEXT NOT NULL,
	at TEXT NOT NULL,
	operator_id INTEGER NOT NULL REFERENCES operators (id)
);
CREATE INDEX handovers_at ON handovers (at);

-- How long a code holds and how many wrong codes it takes; the SMS command
-- (empty: no gateway, the code is shown).  {phone} and {message} in the
-- command become those arguments; without {message} the text goes to stdin.
-- For gammu: gammu-smsd-inject TEXT {phone} -text {message}
INSERT OR IGNORE INTO settings (key, value) VALUES ('otp_minutes', '10');
INSERT OR IGNORE INTO settings (key, value) VALUES ('otp_tries', '3');
INSERT OR IGNORE INTO settings (key, value) VALUES ('sms_command', '');
