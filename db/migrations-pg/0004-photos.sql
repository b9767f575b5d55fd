-- 0004 (PostgreSQL): member photos, as db/migrations/0004-photos.sql; the
-- picture is bytea (bound as a binary parameter by src/store/store-pg.c).
CREATE TABLE photos (
	member_id bigint PRIMARY KEY REFERENCES members (id),
	type TEXT NOT NULL CHECK (type IN ('image/png', 'image/jpeg')),
	data bytea NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	at TEXT NOT NULL,
	operator_id bigint NOT NULL REFERENCES operators (id)
);

INSERT INTO settings (key, value) VALUES ('library_logo', '') ON CONFLICT DO NOTHING;
