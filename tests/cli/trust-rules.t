#!/bin/sh
# Issue 13, finding 1: kartu init and the rules file are trust boundaries.
# Once a database has an admin only an admin may upgrade it or load rules; a
# rules file is data (db/rules.conf), never SQL; every rules and settings change
# is audited; the library code of a database with issued cards does not change.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# --- A rules file with SQL in it (the file of the report) does nothing.
cat >"$trash/evil.sql" <<'SQL'
DROP TRIGGER IF EXISTS temp.kartu_audit_operators_update;
DROP TRIGGER IF EXISTS temp.kartu_audit_settings_insert;
UPDATE operators SET role = 'admin' WHERE name = 'Dina';
UPDATE members SET status = 'blocked';
INSERT INTO settings (key, value) VALUES ('sms_command', 'sh -c id')
	ON CONFLICT (key) DO UPDATE SET value = excluded.value;
SQL
n=$(sql "SELECT count(*) FROM audit")
expect 3 "init --rules without --as on a database with an admin is refused" -- \
    init --rules "$trash/evil.sql"
has "$err" "admin" "the message says an admin must do it"
expect 3 "so is init --rules by the desk" -- --as Dina init --rules "$trash/evil.sql"
expect 2 "the admin's init --rules with SQL in it is malformed" -- \
    --as Admin init --rules "$trash/evil.sql"
has "$err" "evil.sql:1:" "the message names the file and the line"
same "$(sql "SELECT role FROM operators WHERE name = 'Dina'")" desk "Dina is still the desk"
same "$(sql "SELECT value FROM settings WHERE key = 'sms_command'")" "" \
    "no SMS command was set"
same "$(sql "SELECT count(*) FROM audit")" "$n" "and nothing was written"

# --- Who may run init.
expect 3 "init without --as on a database with an admin" -- init
has "$err" "only an admin may upgrade it or load the rules" "says who may"
expect 3 "init by an officer" -- --as Sari init
has "$err" "only admin may upgrade the database or load the rules" "only the admin may"
expect 0 "init by the admin" -- --as Admin init
KARTU_PIN= expect 3 "an admin with a PIN, not logged in, without KARTU_PIN" -- --as Admin init
"$K" --as Admin init >"$out" 2>"$err"
same "$?" 0 "with KARTU_PIN the admin may"

# --- Rules changes are audited, under the admin.
cat >"$trash/own.conf" <<'RULES'
# a library's own rules
[settings]
regency = "Kabupaten Barito Selatan"

[institution]
name = Universitas Palangka Raya
kind = university
local = yes
alias = UPR
RULES
n=$(sql "SELECT count(*) FROM audit")
expect 0 "the admin loads a rules file" -- --as Admin init --rules "$trash/own.conf"
same "$(sql_words "SELECT a.entity || ':' || a.action || ':' || o.name
    FROM audit a JOIN operators o ON o.id = a.operator_id WHERE a.id > $n ORDER BY a.id")" \
    "setting:update:Admin institution:update:Admin rules-load:insert:Admin" \
    "the changed setting and institution and the load itself are logged as the admin's"
expect 0 "audit list shows them" -- --as Admin audit list --entity institution
has "$out" "Admin" "by the admin"
expect 0 "kartu audit verify" -- audit verify
has "$out" "whole" "says the trail is whole"
n=$(sql "SELECT count(*) FROM audit")
expect 0 "init again with the built-in rules" -- --as Admin init
same "$(sql_words "SELECT entity FROM audit WHERE id > $n ORDER BY id")" "rules-load" \
    "changes nothing but logs the load (the built-in rules do not undo the library's)"
same "$(sql "SELECT value FROM settings WHERE key = 'regency'")" \
    "Kabupaten Barito Selatan" "the regency stays the library's"
expect 0 "the trail is still whole after re-init" -- audit verify

# --- A rules file cannot set the SMS command, or anything but the rules.
for key in sms_command pepper session_minutes; do
	printf '[settings]\nlibrary_name = X\n%s = y\n' "$key" >"$trash/$key.conf"
	expect 2 "a rules file setting $key is refused" -- --as Admin init --rules "$trash/$key.conf"
	has "$err" "$key.conf:3: '$key' cannot be set by a rules file" "naming the line"
done
same "$(sql "SELECT value FROM settings WHERE key IN ('sms_command', 'session_minutes')
    OR value = 'X' ORDER BY key")" "30" "nothing was set"

# --- Malformed rules files: exit 2, FILE:LINE, nothing loaded.
bad() {	# bad NAME LINE DESCRIPTION (the file: $trash/NAME.conf)
	n=$(sql "SELECT count(*) FROM audit")
	expect 2 "$3" -- --as Admin init --rules "$trash/$1.conf"
	has "$err" "$1.conf:$2:" "the message names line $2"
	same "$(sql "SELECT count(*) FROM audit")" "$n" "and nothing was loaded"
}
printf '[document]\ncode = paspor\nname = Paspor \377\nformat = text\n' >"$trash/utf8.conf"
bad utf8 3 "invalid UTF-8"
printf '[document]\ncode = paspor\nname = Paspor\033[2J\nformat = text\n' >"$trash/control.conf"
bad control 3 "a control character"
printf '[document]\ncode = paspor\nnama = Paspor\nformat = text\n' >"$trash/key.conf"
bad key 3 "an unknown key"
printf '# x\n[library]\nname = x\n' >"$trash/kind.conf"
bad kind 2 "an unknown kind of record"
printf '[category]\ncode = lansia\nname = Lansia\ninstitution = none\nguardian = no\nvalid_months = 60\ndocuments = ktp, paspor\n' >"$trash/doc.conf"
bad doc 7 "a category naming a document the file does not define"
printf '[document]\ncode = kk\nname = A\nformat = kk\n\n[document]\ncode = kk\nname = B\nformat = kk\n' >"$trash/dup.conf"
bad dup 6 "a document given twice"
printf '[settings]\nregency = A\nregency = B\n' >"$trash/dupkey.conf"
bad dupkey 3 "a setting given twice"
printf '[settings]\nlibrary_name = %0300d\n' 0 >"$trash/long.conf"
bad long 2 "a value too long"
printf '[document]\ncode = paspor\nname = Paspor\n' >"$trash/lacks.conf"
bad lacks 1 "a record lacking a field"
printf '[category]\ncode = umum\nvalid_months = 12; DROP TABLE audit\n' >"$trash/number.conf"
bad number 3 "a malformed number"

# --- The library code of a database with issued cards.
apply_umum "Muhammad Rizky" 1990-05-14 L 0812-3456-7890 6205031405900001
run --as Sari check 1 && run --as Sari validate 1 && run --as Budi issue 1
same "$rc" 0 "a member and a card are issued"
printf '[settings]\nlibrary_code = 6299\nlibrary_name = Lain\n' >"$trash/code.conf"
n=$(sql "SELECT count(*) FROM audit")
expect 3 "a rules file with another library code is refused" -- \
    --as Admin init --rules "$trash/code.conf"
has "$err" "UNKNOWN" "the message says the cards would be UNKNOWN"
has "$err" "6205" "and names the code they carry"
printf 'library_code = 6299\n' >"$trash/kartu.conf"
expect 3 "so is a configuration file with another one" -- \
    --config "$trash/kartu.conf" --as Admin init
same "$(sql "SELECT value FROM settings WHERE key = 'library_code'")" 6205 "the code is unchanged"
same "$(sql "SELECT count(*) FROM settings WHERE value = 'Lain'")" 0 "nothing else was written"
same "$(sql "SELECT count(*) FROM audit")" "$n" "not even a log entry"
printf '[settings]\nlibrary_code = 6205\nlibrary_name = Perpustakaan Sama\n' >"$trash/same.conf"
expect 0 "the same code is fine" -- --as Admin init --rules "$trash/same.conf"
printf 'library_code = 6205\nlibrary_address = Jl. Baru 1\n' >"$trash/same-kartu.conf"
expect 0 "in a configuration file too" -- --config "$trash/same-kartu.conf" --as Admin init
same "$(sql "SELECT count(*) FROM audit a JOIN operators o ON o.id = a.operator_id
    WHERE a.entity = 'setting' AND o.name = 'Admin' AND a.after LIKE '%Jl. Baru 1%'")" 1 \
    "the configuration's settings are audited too"

# --- An older schema with an admin is upgraded by the admin's init only.
# (migrations 0012 to 0016 undone by hand, as a database of the release before,
# and the columns 0021 and 0022 add; the others after 0016 may run again)
if on_pg; then	# pg.t and search.t upgrade PostgreSQL databases
	skip 8 "the schema of the release before is undone by hand for SQLite's migrations"
else
	sql "DROP TABLE reprints; DROP INDEX members_expires; ALTER TABLE members DROP COLUMN
	    block_reason; ALTER TABLE members DROP COLUMN blocked_at; ALTER TABLE members DROP
	    COLUMN blocked_by;
	    DROP INDEX members_legacy_upper; DROP INDEX cards_to_print;
	    ALTER TABLE cards DROP COLUMN media;
	    ALTER TABLE cards DROP COLUMN encoded_at; ALTER TABLE cards DROP COLUMN printed_at;
	    DROP TABLE rules_loads; DROP INDEX sessions_open; ALTER TABLE sessions DROP COLUMN uid;
	    CREATE INDEX sessions_open ON sessions (station) WHERE ended_at IS NULL;
	    ALTER TABLE audit_head DROP COLUMN seal;
	    ALTER TABLE audit_head DROP COLUMN keyed;
	    DROP INDEX sessions_token; ALTER TABLE sessions DROP COLUMN token_hash;
	    ALTER TABLE sessions DROP COLUMN peer;
	    ALTER TABLE applications DROP COLUMN village; ALTER TABLE applications DROP COLUMN nik_region;
	    ALTER TABLE members DROP COLUMN village; ALTER TABLE members DROP COLUMN nik_region;
	    PRAGMA user_version = 11" >/dev/null
	expect 3 "another command does not upgrade it" -- --as Sari queue
	has "$err" "kartu --as Admin init" "and says the admin must run init"
	same "$(sql "PRAGMA user_version")" 11 "the schema is as it was"
	unset KARTU_PIN
	expect 3 "init without the admin does not either" -- init
	same "$(sql "PRAGMA user_version")" 11 "still as it was"
	KARTU_PIN=$ADMIN_PIN "$K" --as Admin init >"$out" 2>"$err"
	same "$?" 0 "the admin's init upgrades it"
	same "$(sql "PRAGMA user_version")" "$(ls "$KARTU_SRC"/db/migrations/*.sql | wc -l)" \
	    "to the newest schema"
	KARTU_PIN=$ADMIN_PIN expect 0 "the trail is whole at the end" -- audit verify
fi
finish
