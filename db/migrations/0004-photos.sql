-- 0004: member photos, for card layouts with a {photo}.  The picture lives in
-- the store beside the member, so a backup of the database file holds it and
-- a change to it is one transaction like every other.
CREATE TABLE photos (
	member_id INTEGER PRIMARY KEY REFERENCES members (id),
	type TEXT NOT NULL CHECK (type IN ('image/png', 'image/jpeg')),
	data BLOB NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	at TEXT NOT NULL,
	operator_id INTEGER NOT NULL REFERENCES operators (id)
);

-- The library's logo for layouts with a {logo}: a PNG or JPEG file.
INSERT OR IGNORE INTO settings (key, value) VALUES ('library_logo', '');
