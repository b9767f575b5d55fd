-- 0011: name keys of issue 18 (titles and degrees, bin / binti, boru, Balinese
-- names, the Arabic article, Abd joined or split, more transliteration folds).
-- The keys of members and open applications are recomputed from their names by
-- kartu_name_key(), src/name.c's name_key() that the store registers on each
-- connection: a later change to name keys repeats these two statements in a
-- migration of its own.
UPDATE members SET name_key = kartu_name_key(name);
UPDATE applications SET name_key = kartu_name_key(name);

-- Birth dates one digit or one year off (about 40 of them) are looked up with
-- the name key and birth place beside them in the index, so that the check
-- reads no member row until a name is similar.
CREATE INDEX members_birth_key ON members (birth_date, name_key, birth_place);
