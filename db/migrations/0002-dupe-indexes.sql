-- 0002: indexes for the already-a-member check.  It looks candidates up by
-- birth date (the same, or day and month swapped), by phone and by NIK hash,
-- then compares name keys in C: a few dozen rows even at a million members.
CREATE INDEX members_birth ON members (birth_date);
CREATE INDEX members_phone ON members (phone);
CREATE INDEX members_nik ON members (nik_hash) WHERE nik_hash IS NOT NULL;
CREATE INDEX applications_state ON applications (state);
CREATE INDEX applications_birth ON applications (birth_date)
	WHERE state IN ('applied', 'checked', 'validated');
CREATE INDEX applications_phone ON applications (phone)
	WHERE state IN ('applied', 'checked', 'validated');
CREATE INDEX applications_nik ON applications (nik_hash)
	WHERE state IN ('applied', 'checked', 'validated');
CREATE INDEX cards_member ON cards (member_id);
