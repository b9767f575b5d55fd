-- 0003: replacement of lost and damaged cards.  One row per replacement: the
-- old card, the new one, why, the document the member showed (kept, like all
-- identity numbers, only as a keyed hash and a mask), who and when.
CREATE TABLE replacements (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members (id),
	old_card_id INTEGER NOT NULL UNIQUE REFERENCES cards (id),
	new_card_id INTEGER NOT NULL UNIQUE REFERENCES cards (id),
	reason TEXT NOT NULL CHECK (reason IN ('lost', 'damaged')),
	document TEXT NOT NULL REFERENCES documents (code),
	document_hash TEXT,
	document_masked TEXT,
	at TEXT NOT NULL,
	operator_id INTEGER NOT NULL REFERENCES operators (id)
);
CREATE INDEX replacements_member ON replacements (member_id);
