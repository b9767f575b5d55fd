-- 0001: the store of the station.  Times are UTC, ISO 8601 ('2026-11-28T08:00:00Z').
-- Identity numbers (NIK, KK, NISN, SIM, ...) are never stored as typed: only a
-- keyed hash (for "same NIK" look-ups) and a masked form for the screen.

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE operators (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	role TEXT NOT NULL CHECK (role IN ('officer', 'operator', 'desk', 'admin')),
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);

-- The rules: documents, categories and which documents each accepts, the
-- institutions.  Seeded from db/rules.conf; a library edits them as data.
CREATE TABLE documents (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	format TEXT NOT NULL CHECK (format IN ('nik', 'kk', 'nisn', 'sim', 'text'))
);

CREATE TABLE categories (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	-- none: no institution; optional; required: free text (a school, an
	-- employer); local: must be a university on the list with local = 1.
	institution TEXT NOT NULL CHECK (institution IN ('none', 'optional', 'required', 'local')),
	guardian INTEGER NOT NULL DEFAULT 0,
	valid_months INTEGER NOT NULL CHECK (valid_months > 0),
	position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE category_documents (
	category TEXT NOT NULL REFERENCES categories (code),
	document TEXT NOT NULL REFERENCES documents (code),
	PRIMARY KEY (category, document)
);

CREATE TABLE institutions (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('university', 'school', 'employer')),
	local INTEGER NOT NULL CHECK (local IN (0, 1)),
	aliases TEXT NOT NULL DEFAULT ''	-- other names, separated by '|'
);

CREATE TABLE members (
	id INTEGER PRIMARY KEY,
	member_no TEXT NOT NULL UNIQUE,
	application_id INTEGER UNIQUE REFERENCES applications (id),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
	category TEXT NOT NULL REFERENCES categories (code),
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	birth_place TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	sex TEXT NOT NULL CHECK (sex IN ('L', 'P')),
	address TEXT NOT NULL,
	phone TEXT NOT NULL,
	institution TEXT,
	guardian TEXT,
	nik_hash TEXT,
	nik_masked TEXT,
	expires_on TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by INTEGER NOT NULL REFERENCES operators (id)
);

-- One row per physical card.  Encoding fills uid and chip and moves status
-- from 'new' through 'encoding' (written to the chip, not yet verified) to
-- 'active' (read back and protected).
CREATE TABLE cards (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members (id),
	issue_no INTEGER NOT NULL CHECK (issue_no BETWEEN 1 AND 99),
	card_no TEXT NOT NULL UNIQUE,
	uid TEXT UNIQUE,
	chip TEXT,
	status TEXT NOT NULL CHECK (status IN ('new', 'encoding', 'active', 'lost', 'damaged',
		'replaced', 'revoked')),
	reason TEXT,
	created_at TEXT NOT NULL,
	created_by INTEGER NOT NULL REFERENCES operators (id),
	status_at TEXT NOT NULL,
	status_by INTEGER NOT NULL REFERENCES operators (id),
	UNIQUE (member_id, issue_no)
);

CREATE TABLE applications (
	id INTEGER PRIMARY KEY,
	state TEXT NOT NULL CHECK (state IN ('applied', 'checked', 'validated', 'issued',
		'handed-over', 'rejected', 'refused')),
	category TEXT NOT NULL REFERENCES categories (code),
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	birth_place TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	sex TEXT NOT NULL CHECK (sex IN ('L', 'P')),
	address TEXT NOT NULL,
	phone TEXT NOT NULL,
	institution TEXT,
	institution_id INTEGER REFERENCES institutions (id),
	guardian TEXT,
	document TEXT NOT NULL REFERENCES documents (code),
	document_hash TEXT NOT NULL,
	document_masked TEXT NOT NULL,
	nik_hash TEXT,
	nik_masked TEXT,
	reason TEXT,
	member_id INTEGER REFERENCES members (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- The history of every application: each step, who, when, from which state.
CREATE TABLE app_events (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id),
	at TEXT NOT NULL,
	operator_id INTEGER NOT NULL REFERENCES operators (id),
	step TEXT NOT NULL,
	from_state TEXT,
	to_state TEXT NOT NULL,
	note TEXT
);
CREATE INDEX app_events_app ON app_events (application_id);

-- Named sequences (member numbers per year), advanced inside the issuing
-- transaction so that two stations never hand out the same number.
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
