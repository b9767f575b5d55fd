-- 0008: complaints, suggestions and feedback from the five channels of the
-- service standard, followed up through the states the office uses:
-- diterima (received), dianalisis (being analysed), ditindaklanjuti (acted
-- upon), selesai (closed).  Every change of state is kept in complaint_events.
CREATE TABLE complaints (
	id INTEGER PRIMARY KEY,
	channel TEXT NOT NULL CHECK (channel IN ('kotak-saran', 'website', 'email', 'facebook',
		'instagram')),
	text TEXT NOT NULL,
	member_id INTEGER REFERENCES members (id),
	application_id INTEGER REFERENCES applications (id),
	status TEXT NOT NULL DEFAULT 'diterima' CHECK (status IN ('diterima', 'dianalisis',
		'ditindaklanjuti', 'selesai')),
	created_at TEXT NOT NULL,
	created_by INTEGER NOT NULL REFERENCES operators (id),
	updated_at TEXT NOT NULL
);
CREATE INDEX complaints_status ON complaints (status);
CREATE INDEX complaints_created ON complaints (created_at);

CREATE TABLE complaint_events (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints (id),
	at TEXT NOT NULL,
	operator_id INTEGER NOT NULL REFERENCES operators (id),
	from_status TEXT,
	to_status TEXT NOT NULL,
	note TEXT
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id);
