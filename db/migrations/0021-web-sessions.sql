-- 0021: the screens' sessions (kartu serve).  A browser's session is a row of
-- sessions like a station's, at the station 'web', found by a keyed hash of
-- the random token its cookie carries (the token itself is never stored), with
-- the address it logged in from.  (A column cannot be added twice: the tests
-- that set the version back, search.t and trust-rules.t, drop these first.)
ALTER TABLE sessions ADD COLUMN token_hash TEXT;
ALTER TABLE sessions ADD COLUMN peer TEXT;
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash) WHERE token_hash IS NOT NULL;
