-- 0022: where an applicant and a member live and where their KTP was made, as
-- region codes (src/core/region.h, doc/REGIONS.md): village, the desa or
-- kelurahan of the address ("62.05.01.2005", kartu apply --village), and
-- nik_region, the district the NIK's first six digits name ("62.05.05"), kept
-- so that a screen can say "KTP: Kab. Barito Utara, Kec. Teweh Tengah"
-- without the NIK (which is kept only hashed and masked).  Records made
-- before have neither.  (A column cannot be added twice: the tests that set
-- the version back, search.t and trust-rules.t, drop these first.)
ALTER TABLE applications ADD COLUMN village TEXT
	CHECK (village GLOB '[0-9][0-9].[0-9][0-9].[0-9][0-9].[0-9][0-9][0-9][0-9]');
ALTER TABLE applications ADD COLUMN nik_region TEXT
	CHECK (nik_region GLOB '[0-9][0-9].[0-9][0-9].[0-9][0-9]');
ALTER TABLE members ADD COLUMN village TEXT
	CHECK (village GLOB '[0-9][0-9].[0-9][0-9].[0-9][0-9].[0-9][0-9][0-9][0-9]');
ALTER TABLE members ADD COLUMN nik_region TEXT
	CHECK (nik_region GLOB '[0-9][0-9].[0-9][0-9].[0-9][0-9]');
