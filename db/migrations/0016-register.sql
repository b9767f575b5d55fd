-- 0016: the register's daily work (issue 14): renewing, correcting and
-- blocking members, and cards to print again after a correction.
--
-- A blocked member (status 'blocked', which 0001 allows) carries why, when and
-- by whom; the desk answers BLOCKED and shows staff the reason.  Unblocking
-- clears the three; the audit trail keeps every block and unblock with the
-- row before and after.
ALTER TABLE members ADD COLUMN block_reason TEXT;
ALTER TABLE members ADD COLUMN blocked_at TEXT;
ALTER TABLE members ADD COLUMN blocked_by INTEGER REFERENCES operators (id);

-- Renewing those expired or expiring before a date reads members by expiry.
CREATE INDEX members_expires ON members (expires_on);

-- A card whose printed face no longer shows the register (a corrected name, a
-- new category): one row per card until kartu print prints it again.  fields
-- names what changed ('name,category').  A table of its own rather than a
-- column of cards, so that the card's states stay the card's.
CREATE TABLE reprints (
	card_id INTEGER PRIMARY KEY REFERENCES cards (id),
	fields TEXT NOT NULL,
	at TEXT NOT NULL,
	operator_id INTEGER NOT NULL REFERENCES operators (id)
);
