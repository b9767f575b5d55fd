#!/bin/sh
# Issue 13, findings 2, 3 and 7: what a copy of the database gives away, PINs
# that cannot be guessed by rolling the count back, and an audit trail that a
# copy of the database cannot rewrite.  Each check below failed on the main
# before the register key.
. "$KARTU_SRC/tests/cli/lib.sh"
sqlite_only "the database file's modes and attacks on copies of the file (python3 sqlite3); PostgreSQL's chain and key: pg.t"

setup_desk
nik=6205034308920002
apply_umum "Siti Aminah" 1992-08-03 P 081234567890 "$nik"
a=$(app_id)
"$K" --as Sari check "$a" >/dev/null && "$K" --as Sari validate "$a" >/dev/null &&
    "$K" --as Budi issue "$a" --media printed >/dev/null ||
    { echo "Bail out! cannot issue"; exit 1; }
print_card_of "$a"
mno=$(sql "SELECT member_no FROM members")

# --- Finding 2: the hashing key is not in the database. ---
same "$(sql "SELECT count(*) FROM settings WHERE key = 'pepper' OR length(value) = 64")" 0 \
    "no hashing key in the settings"
mode=$(stat -c %a "$trash/keys/register.key")
same "$mode" 600 "the register key is a file of its own, mode 600"
same "$(stat -c %a "$KARTU_DB")" 600 "the database is made without access for others"
[ -e "$KARTU_DB-wal" ] && same "$(stat -c %a "$KARTU_DB-wal")" 600 "and so is its WAL"

# The attack of the finding: every value in the copy tried as the key of the
# keyed hash, against the application's NIK hash.
cat >"$trash/attack.py" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
target = db.execute("SELECT nik_hash FROM applications").fetchone()[0]
for (v,) in db.execute("SELECT value FROM settings"):
    try:
        key = bytes.fromhex(v)
    except (ValueError, TypeError):
        continue
    if not 16 <= len(key) <= 64:
        continue
    h = hashlib.blake2b(b"nik\0" + sys.argv[2].encode(), digest_size=16, key=key)
    if h.hexdigest() == target:
        print("confirmed")
EOF
cp "$KARTU_DB" "$trash/copy.db"
same "$(python3 "$trash/attack.py" "$trash/copy.db" "$nik")" "" \
    "a copy of the database alone does not confirm a NIK"
# ... which the same script does with the key file beside it.
key=$(sed 's/^kartu-register-v1 //' "$trash/keys/register.key")
sqlite3 "$trash/copy.db" "INSERT INTO settings (key, value) VALUES ('x', '$key')"
same "$(python3 "$trash/attack.py" "$trash/copy.db" "$nik")" confirmed \
    "the script is right: with register.key it does"

# An older database keeps its key in its settings: it moves out, once.
cp "$KARTU_DB" "$trash/old.db"
mkdir -p "$trash/old"
mv "$trash/old.db" "$trash/old/kartu.db"
sqlite3 "$trash/old/kartu.db" "INSERT INTO settings (key, value) VALUES ('pepper', '$key');
    DELETE FROM settings WHERE key = 'register_key_id'"
KARTU_DB="$trash/old/kartu.db" expect 0 "an older database opens" -- audit verify
same "$(sed 's/^kartu-register-v1 //' "$trash/old/keys/register.key")" "$key" \
    "its key is written to register.key"
same "$(sqlite3 "$trash/old/kartu.db" "SELECT count(*) FROM settings WHERE key = 'pepper'")" 0 \
    "and is gone from the database"
same "$(sqlite3 "$trash/old/kartu.db" "SELECT count(*) FROM audit WHERE instr(before, '$key')
    OR instr(after, '$key')")" 0 "nor is it in the audit trail"
KARTU_DB="$trash/old/kartu.db" run --as Sari apply --name "Siti Aminah" \
    --birth-place "Muara Teweh" --birth-date 1992-08-03 --sex P --address "Jl. Yetro Sinseng 5" \
    --phone 081234567890 --category umum --document ktp --document-no "$nik"
has "$out" "$mno" "the NIK hashed before is still found: same key"

# Another database's key is not taken.
mkdir -p "$trash/other"
KARTU_DB="$trash/other/kartu.db" expect 0 "another database" -- init
cp "$trash/other/keys/register.key" "$trash/keys/register.key.other"
mv "$trash/keys/register.key" "$trash/keys/register.key.mine"
mv "$trash/keys/register.key.other" "$trash/keys/register.key"
expect 3 "another database's register key is refused" -- member list
has "$err" "not this database's register key" "saying so"
mv "$trash/keys/register.key.mine" "$trash/keys/register.key"
expect 0 "its own key again" -- member list

# doctor warns about modes that let other users read.
chmod 644 "$KARTU_DB"
run doctor
has "$out" "can be read by every user of this computer (mode 644)" \
    "doctor warns about a database others can read"
chmod 600 "$KARTU_DB"
chmod 644 "$trash/keys/register.key"
run doctor
has "$out" "the register key $trash/keys/register.key is readable by others" \
    "and about a register key others can read"
chmod 600 "$trash/keys/register.key"

# --- Finding 3: wrong PINs are counted whatever the command. ---
same "$(sql "SELECT pin_hash IS NOT NULL FROM operators WHERE name = 'Admin'")" 1 \
    "the admin has a PIN"
expect 2 "an admin without a PIN is not added" -- --as Admin operator add Admin3 --role admin
has "$err" "an admin needs a PIN of 8 to 12 digits (--pin)" "saying why"
# An admin made before admins needed a PIN is a name anyone could use: it may
# only set its own PIN.
sql "INSERT INTO operators (name, role, created_at) VALUES ('Lama', 'admin', '2026-01-01')"
KARTU_PIN= expect 3 "an admin without a PIN does not act" -- --as Lama operator add X \
    --role officer
has "$err" "Lama is an admin without a PIN: set one first (kartu operator pin Lama)" \
    "and is told to set one"
printf '%s\n' 13572468 >"$trash/pin"
KARTU_PIN= expect 0 "but may set its own" -- --as Lama operator pin Lama <"$trash/pin"
KARTU_PIN=13572468 expect 0 "and then acts with it" -- --as Lama operator add X --role officer
printf '%s\n' 2468 >"$trash/pin"
run <"$trash/pin" --as Admin operator pin Sari
same "$rc" 0 "an officer's PIN may be 4 digits"
printf '%s\n' 1357 >"$trash/pin"
run <"$trash/pin" --as Admin operator add Admin2 --role admin --pin
same "$rc" 2 "an admin's PIN of 4 digits is refused"
has "$err" "an admin's PIN is 8 to 12 digits" "saying how long it must be"
i=0
while [ $i -lt 4 ]; do
	printf '%s\n' 11112222 >"$trash/pin"
	KARTU_PIN=0000000$i run <"$trash/pin" --as Admin operator add Mallory$i --role admin --pin
	i=$((i + 1))
done
same "$(sql "SELECT pin_failures FROM operators WHERE name = 'Admin'")" 4 \
    "wrong PINs given to operator add are counted"
convert -size 120x160 xc:gray "$trash/photo.png"
KARTU_PIN=00000009 expect 3 "a fifth, to member photo" -- --as Admin member photo "$mno" \
    "$trash/photo.png"
same "$(sql "SELECT pin_locked_until IS NOT NULL FROM operators WHERE name = 'Admin'")" 1 \
    "locks the PIN"
expect 3 "then the right PIN is refused too" -- --as Admin operator add \
    Mallory --role officer
has "$err" "locked until" "saying it is locked"
same "$(sql "SELECT count(*) FROM operators WHERE name LIKE 'Mallory%'")" 0 \
    "and nobody was added"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'operator'
    AND json_extract(after, '$.pin_failures') > json_extract(before, '$.pin_failures')")" 4 \
    "each wrong PIN is in the audit trail"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'operator'
    AND json_extract(after, '$.pin_locked_until') IS NOT NULL
    AND json_extract(before, '$.pin_locked_until') IS NULL")" 1 "and so is the lock"
same "$(sql "SELECT group_concat(json_extract(after, '$.name')) FROM audit WHERE entity = 'operator'
    AND action = 'update'
    AND json_extract(after, '$.pin_hash') IS NOT json_extract(before, '$.pin_hash')")" Sari,Lama \
    "and the PINs set"

# Who is only a name: operator list says who has a PIN.
expect 0 "operator list" -- --as Admin operator list
has "$out" "Budi                     operator  no PIN" "an operator without a PIN shows"
has "$out" "Admin                    admin     PIN" "and one with a PIN"
run --json --as Admin operator list
has "$out" '"name":"Budi","role":"operator","active":true,"pin":false' "--json says so too"

# A copy of the database is no help in guessing a PIN: argon2id hashes the
# PIN keyed with the register key, so trying 0000-9999 against it fails.
cat >"$trash/pins.py" <<'EOF'
import sqlite3, sys

h = sqlite3.connect(sys.argv[1]).execute(
    "SELECT pin_hash FROM operators WHERE name = 'Sari'").fetchone()[0]
print("keyed" if h.startswith("k1$argon2id$") else "bare")
EOF
same "$(python3 "$trash/pins.py" "$KARTU_DB")" keyed "the PIN hash is of the keyed PIN"

# --- Finding 7: the audit chain is keyed and its head sealed. ---
sql "UPDATE operators SET pin_locked_until = NULL, pin_failures = 0 WHERE name = 'Admin'"
# Security events: a handover code sent and a wrong one given are logged.
KARTU_PIN=2468 expect 0 "a code is sent" -- --as Sari handover "$a" --phone 081234567890
code=$(otp_code)
wrong=$(( (1$code + 1) % 1000000 ))
KARTU_PIN=2468 expect 3 "a wrong code" -- --as Sari handover "$a" --code "$(printf %06d $wrong)"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'handover-code' AND action = 'insert'
    AND json_extract(after, '$.via') = 'shown'")" 1 "the code sent is in the log, and how"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'handover-code' AND action = 'update'
    AND json_extract(after, '$.tries') = 1")" 1 "and the wrong code given"
same "$(sql "SELECT count(*) FROM audit WHERE instr(after, '$code')")" 0 \
    "but never the code"
expect 0 "the log is whole" -- audit verify
cp "$KARTU_DB" "$trash/before-rewrite.db"
# The attacker edits a member-to-be and rehashes the chain as the old code did.
cat >"$trash/rechain.py" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def field(h, v):
    if v is None:
        h.update(b"N;")
    else:
        b = str(v).encode()
        h.update(str(len(b)).encode() + b":" + b + b";")
db.execute("UPDATE audit SET after = replace(after, 'Siti Aminah', 'Siti Aminah X')")
prev = ""
last = 0
for row in db.execute("SELECT id, at, operator_id, entity, entity_id, action, before, after"
                      " FROM audit ORDER BY id").fetchall():
    h = hashlib.blake2b(digest_size=32)
    for v in (prev,) + tuple(row):
        field(h, v)
    prev = h.hexdigest()
    db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?",
               (prev if row[0] > 1 else "", prev, row[0]))
    last = row[0]
db.execute("UPDATE audit SET prev_hash = (SELECT a2.hash FROM audit a2 WHERE a2.id = audit.id - 1)"
           " WHERE id > 1")
db.execute("UPDATE audit_head SET last_id = ?, hash = ?", (last, prev))
db.commit()
EOF
python3 "$trash/rechain.py" "$KARTU_DB"
expect 3 "a log rewritten and rehashed without the key is found" -- audit verify
cp "$trash/before-rewrite.db" "$KARTU_DB"
rm -f "$KARTU_DB-wal" "$KARTU_DB-shm"
sql "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);
    UPDATE audit_head SET last_id = (SELECT max(id) FROM audit),
    hash = (SELECT hash FROM audit WHERE id = (SELECT max(id) FROM audit))"
expect 3 "a log cut at its end, with its head moved, is found" -- audit verify
has "$err" "seal" "by the seal of its head"
cp "$trash/before-rewrite.db" "$KARTU_DB"
rm -f "$KARTU_DB-wal" "$KARTU_DB-shm"
expect 0 "the untouched copy is whole" -- audit verify

finish
