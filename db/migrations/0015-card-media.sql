-- 0015: card media.  A card is a chip ('chip'), a printed barcode ('printed')
-- or both ('chip+printed').  encoded_at is when its chip was written and
-- verified, printed_at when its print was verified (the barcodes read back
-- by the print self-check).  status becomes 'active' only when every medium
-- of the card is finished.  Cards made before this migration were chip
-- cards.
ALTER TABLE cards ADD COLUMN media TEXT NOT NULL DEFAULT 'chip'
	CHECK (media IN ('chip', 'printed', 'chip+printed'));
ALTER TABLE cards ADD COLUMN encoded_at TEXT;
ALTER TABLE cards ADD COLUMN printed_at TEXT;
UPDATE cards SET encoded_at = status_at WHERE status = 'active' OR (status IN
	('lost', 'damaged', 'replaced', 'revoked') AND uid IS NOT NULL);

-- Old member numbers are matched without regard to case (INLISLite's Code 39
-- carries them upper-cased).
CREATE INDEX members_legacy_upper ON members (upper(legacy_no)) WHERE legacy_no IS NOT NULL;
