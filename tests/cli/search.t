#!/bin/sh
# kartu member find: part of a name in any order, with the spelling folding of
# the already-a-member check; member, card, old number or phone; ranked.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
printf 'nama,tempat_lahir,tanggal_lahir,jenis_kelamin,alamat,telepon,kategori,nomor_lama\n' >"$trash/old.csv"
{
	echo 'Budi Santoso,Muara Teweh,1985-01-20,L,Jl. Pramuka 1,081255550001,umum,M-0001'
	echo 'Siti Nurhaliza,Muara Teweh,1992-08-03,P,Jl. Pramuka 2,081255550002,umum,M-0002'
	echo 'Muhammad Rizky Pratama,Muara Teweh,1990-05-14,L,Jl. Pramuka 3,081255550003,umum,M-0003'
	echo 'Budiman Hadi,Muara Teweh,1970-02-02,L,Jl. Pramuka 4,081255550004,umum,20231'
	echo 'Ahmad Budi Santoso Wijaya,Buntok,1980-03-03,L,Jl. Pramuka 5,081255550005,umum,M-0005'
	echo 'Rina Marlina,Buntok,1995-04-04,P,Jl. Pramuka 6,081255550006,umum,m-0006'
	echo 'Dewi Nur Haliza,Buntok,1996-06-06,P,Jl. Pramuka 7,081255550007,umum,M-0007'
	echo 'Santi Oktaviani,Buntok,1997-07-07,P,Jl. Pramuka 8,081255550008,umum,M-0008'
	echo 'Nyaring Lenjau,Buntok,1998-08-08,P,Jl. Pramuka 9,081255550009,umum,M-0009'
} >>"$trash/old.csv"
expect 0 "members of the old system" -- --as Admin import "$trash/old.csv"
no() { sql "SELECT member_no FROM members WHERE name = '$1'"; }
first() { sed -n '1s/ .*//p' "$out"; }

expect 0 "find budi" -- member find budi
has "$out" "Budi Santoso" "a first name alone finds Budi Santoso"
has "$out" "Ahmad Budi Santoso Wijaya" "and the Budi in the middle of a name"
has "$out" "Budiman Hadi" "and, as the start of a word, Budiman"
same "$(first)" "$(no 'Budi Santoso')" "the whole word in a short name first"
same "$(sed -n '$s/ .*//p' "$out")" "$(no 'Budiman Hadi')" "the start of a word last"
expect 0 "find Santoso" -- member find Santoso
has "$out" "Budi Santoso" "a family name alone"
hasnt "$out" "Santi" "not a name that only shares letters"
expect 0 "find santoso budi" -- member find "santoso budi"
same "$(first)" "$(no 'Budi Santoso')" "words in any order"
hasnt "$out" "Budiman" "every word must match"
expect 0 "find nurhaliza" -- member find nurhaliza
has "$out" "Siti Nurhaliza" "a joined name"
has "$out" "Dewi Nur Haliza" "finds the same name written in two words"
expect 0 "find nur haliza" -- member find "Nur Haliza"
has "$out" "Siti Nurhaliza" "two words find the name written joined"
expect 0 "find M Rizki" -- member find "M Rizki"
has "$out" "Muhammad Rizky Pratama" "an initial and another spelling"
expect 0 "find Moch Risky" -- member find "Moch. Rizky"
has "$out" "Muhammad Rizky Pratama" "Moch. for Muhammad"
expect 0 "find prat" -- member find prat
has "$out" "Muhammad Rizky Pratama" "the start of a word"
expect 0 "find lenj" -- member find "Lenj"
has "$out" "Nyaring Lenjau" "the start of a word whose last letter the key folds (j, y)"
expect 4 "no member of that name" -- member find "Zzyzx"
expect 2 "a single letter is not a name" -- member find "M"
has "$err" "two letters" "and says what to type"
expect 0 "--json gives the score" -- --json member find budi
has "$out" '"score":' "each member with its score"

expect 0 "find by an old number" -- member find M-0002
same "$(first)" "$(no 'Siti Nurhaliza')" "the old system's number"
expect 0 "find by an old number upper-cased by a Code 39 scanner" -- member find M-0006
same "$(first)" "$(no 'Rina Marlina')" "finds m-0006"
expect 0 "find by an old number of digits" -- member find 20231
same "$(first)" "$(no 'Budiman Hadi')" "before a member number's check digit"
mno=$(no 'Santi Oktaviani')
expect 0 "find by member number" -- member find "$mno"
same "$(first)" "$mno" "the member number"
card=$(sql "SELECT card_no FROM cards c JOIN members m ON m.id = c.member_id WHERE m.member_no = '$mno'")
expect 0 "find by card number" -- member find "$card"
same "$(first)" "$mno" "the card number"
expect 0 "find by phone" -- member find "0812 5555 0007"
same "$(first)" "$(no 'Dewi Nur Haliza')" "the phone, as people write it"

# The same answers on both engines (FTS5 on SQLite, a tsquery on
# PostgreSQL): the members found, their order and scores, against one golden
# file (KARTU_UPDATE_GOLDEN=1 rewrites it, on SQLite).
for q in budi santoso "santoso budi" nurhaliza "nur haliza" "m rizki" prat lenj sant \
    "budi s" ha ni "dewi haliza" "muhamad risky" "hadi budiman"; do
	echo "== $q"
	"$K" --json member find "$q" 2>&1
	echo "[exit $?]"
done >"$trash/search-answers"
if [ "${KARTU_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$trash/search-answers" "$KARTU_SRC/tests/golden/cli/search-answers"
	pass "search-answers: written"
elif diff -u "$KARTU_SRC/tests/golden/cli/search-answers" "$trash/search-answers" \
    >"$trash/search-answers.diff"; then
	pass "15 searches answer as tests/golden/cli/search-answers"
else
	sed 's/^/#   /' "$trash/search-answers.diff" | head -40
	fail "15 searches answer as tests/golden/cli/search-answers"
fi

# The index follows the register: a name changed in the database is found by
# its new words, not by its old ones.
sql "UPDATE members SET name = 'Siti Aminah', name_key = 'siti aminah' WHERE name = 'Siti Nurhaliza'"
expect 0 "find aminah" -- member find aminah
has "$out" "Siti Aminah" "a changed name by its new words"
expect 0 "find nurhaliza again" -- member find nurhaliza
hasnt "$out" "Siti Aminah" "not by its old ones"

# A migration that fails is rolled back whole and says why, in full: 0021
# run again over its own columns.
all=$(ls "$KARTU_SRC"/db/migrations/*.sql | wc -l)
m=$(ls "$KARTU_SRC"/db/migrations/*.sql | grep -n '/0021-' | cut -d: -f1)
schema_version $((m - 1))
expect 1 "a migration that cannot run" -- --as Admin init
has "$err" "migration 0021-web-sessions.sql failed: database error: $(engine \
    "duplicate column name: token_hash" 'column "token_hash" of relation "sessions" already exists')" \
    "names the migration and the engine's reason whole"
same "$(schema_version)" "$((m - 1))" "and leaves the version as it was"
schema_version $all

# A register of the release before (no index): the upgrade indexes its members.
# Its version is the one before 0017; migrations after it run again over
# themselves, except those that add a column (SQLite has no ADD COLUMN IF NOT
# EXISTS): what they added is undone here (0021, 0022).
n=$(ls "$KARTU_SRC"/db/migrations/*.sql | grep -n '/0017-' | cut -d: -f1)
if on_pg; then	# and PostgreSQL's 0018 adds its columns (SQLite's rebuilds the table)
	sql "DROP INDEX members_name_words; DROP INDEX members_incomplete;
	    ALTER TABLE members DROP COLUMN phone2, DROP COLUMN registered_on,
	    DROP COLUMN incomplete, DROP COLUMN email, DROP COLUMN notes"
else
	sql "DROP TRIGGER member_names_insert; DROP TRIGGER member_names_delete;
	    DROP TRIGGER member_names_update; DROP TABLE member_names"
fi
sql "DROP INDEX sessions_token; ALTER TABLE sessions DROP COLUMN token_hash;
    ALTER TABLE sessions DROP COLUMN peer;
    ALTER TABLE applications DROP COLUMN village; ALTER TABLE applications DROP COLUMN nik_region;
    ALTER TABLE members DROP COLUMN village; ALTER TABLE members DROP COLUMN nik_region"
schema_version $((n - 1))
expect 0 "the admin upgrades the database" -- --as Admin init
expect 0 "find santoso after the upgrade" -- member find santoso
has "$out" "Budi Santoso" "the members of before are in the index"
finish
