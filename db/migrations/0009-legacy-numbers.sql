-- 0009: members imported from the library's old system (kartu import) keep
-- their old member number, so that an old card's barcode still finds them.
-- (Numbered 0009 to leave 0005-0008 to the migrations of issue 5.)
ALTER TABLE members ADD COLUMN legacy_no TEXT;
CREATE UNIQUE INDEX members_legacy_no ON members (legacy_no) WHERE legacy_no IS NOT NULL;
