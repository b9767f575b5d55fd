#!/bin/sh
# kartu backup and kartu restore (issue 17, item 6), on SQLite and on
# PostgreSQL (a database of the run's cluster, tests/pg-cluster.sh): a backup
# taken while another process writes, restored into an empty database with
# the same members, cards and audit chain (audit verify passes); a register
# that holds records replaced only with --force by its admin; a damaged or
# truncated backup refused (exit 6) with nothing half-restored; the backup
# 0600, audited, and without the keys.
. "$KARTU_SRC/tests/cli/lib.sh"
# It runs each engine itself; on make check's PostgreSQL pass its SQLite half
# would be given a PostgreSQL database, so that pass leaves it out.
if on_pg; then
	echo "1..0 # SKIP runs SQLite and PostgreSQL itself (the SQLite pass)"
	cd / && rm -rf "$trash"
	exit 0
fi
SQLITE_DB=$KARTU_DB
export KARTU_KEYS="$trash/keys"

# The register's content as text, to compare two databases: its members and
# cards, its applications, its audit chain.
members() {
	sql "SELECT m.member_no || ' ' || m.name || ' ' || m.status || ' ' || c.card_no || ' ' ||
	    c.status FROM members m JOIN cards c ON c.member_id = m.id ORDER BY c.card_no"
}
chain() { sql "SELECT id || ' ' || entity || ' ' || action || ' ' || hash FROM audit ORDER BY id"; }
content() { members; sql "SELECT id || ' ' || state FROM applications ORDER BY id"
	sql "SELECT id || ' ' || entity || ' ' || action || ' ' || hash FROM audit WHERE entity <>
	    'restore-refused' ORDER BY id"; }
# refusal: the newest refused restore in the audit trail (why, and as whom),
# into a file for has.
refusal() { sql "SELECT after FROM audit WHERE entity = 'restore-refused' ORDER BY id DESC
    LIMIT 1" >"$trash/refusal"; echo "$trash/refusal"; }

# people N FIRST: N applicants through apply, check, validate and issue, each
# of her own name, birth date and NIK.
NAMES="Siti Nurhaliza Rina Marlina Dewi Lestari Ayu Wulandari Nur Aini Sri Rahayu Fitri Handayani Maya Sari Indah Permata"
people() {
	i=0
	while [ $i -lt "$1" ]; do
		n=$(($2 + i))
		d=$((1 + n % 28)) m=$((1 + n / 28 % 12))
		first=$(echo $NAMES | cut -d' ' -f$((1 + n % 9 * 2)))
		apply_umum "$first Binti$(printf %03d "$n" | tr 0-9 A-J)" \
		    "1992-$(printf %02d $m)-$(printf %02d $d)" P "08123456$(printf %04d "$n")" \
		    "620503$((d + 40))$(printf %02d $m)92$(printf %04d "$n")" >/dev/null 2>&1 ||
		    { cat "$err"; return 1; }
		a=$(app_id)
		"$K" --as Sari check "$a" --not-duplicate >/dev/null 2>&1 || "$K" --as Sari check "$a" \
		    >/dev/null || return 1
		"$K" --as Sari validate "$a" >/dev/null && "$K" --as Budi issue "$a" >/dev/null ||
		    return 1
		i=$((i + 1))
	done
}

# round ENGINE SOURCE EMPTY: the whole round on SOURCE, restored into EMPTY.
round() {
	e=$1
	KARTU_DB=$2
	setup_desk
	people 3 1 || { echo "Bail out! $e: the first members"; exit 1; }
	before=$(sql "SELECT count(*) FROM applications")
	# Another process writes while the backup is taken.
	(out=$trash/w.out err=$trash/w.err; people 6 100) >"$trash/writer-$e.log" 2>&1 &
	writer=$!
	sleep 0.3
	expect 0 "$e: a backup while another process writes" -- --as Admin backup "$trash/b-$e"
	wait $writer
	same "$?" 0 "$e: the writer went on undisturbed"
	has "$out" "It holds no keys" "$e: the backup says the keys are not in it"
	same "$(stat -c %a "$trash/b-$e")" 600 "$e: the backup is readable by its owner only"
	same "$(ls "$trash" | grep -c "^b-$e\.")" 0 "$e: no temporary file is left beside it"
	same "$(sql "SELECT count(*) FROM audit WHERE entity = 'backup' AND after LIKE
	    '%b-$e%'")" 1 "$e: the backup is in the audit trail with its file name"
	same "$(sql "SELECT o.name FROM audit a JOIN operators o ON o.id = a.operator_id
	    WHERE a.entity = 'backup'")" Admin "$e: ... and who made it"
	hexkey=$(od -An -tx1 "$KARTU_KEYS/register.key" | tr -d ' \n' | cut -c1-32)
	if grep -qi -- "$hexkey" "$trash/b-$e" || grep -qaF -- "$(head -c 16 \
	    "$KARTU_KEYS/register.key")" "$trash/b-$e"; then
		fail "$e: the register key is not in the backup"
	else pass "$e: the register key is not in the backup"; fi
	expect 3 "$e: the desk may not take a backup" -- --as Dina backup "$trash/x-$e"
	[ -e "$trash/x-$e" ] && fail "$e: ... and none is written" || pass "$e: ... and none is written"

	# Restore into the empty database.
	KARTU_DB=$3
	expect 0 "$e: restore into an empty database" -- --as Admin restore "$trash/b-$e"
	has "$out" "0 problem(s)" "$e: fsck after the restore finds nothing"
	has "$out" "The audit trail is whole" "$e: the audit chain verifies"
	expect 0 "$e: audit verify on the restored register" -- audit verify
	n=$(sql "SELECT count(*) FROM applications")
	[ "$n" -ge "$before" ] && [ "$n" -le $((before + 6)) ] &&
	    pass "$e: the backup is one moment of the register ($before <= $n <= $((before + 6)))" ||
	    fail "$e: the backup is one moment of the register ($n applications)"
	members >"$trash/members-r-$e"
	chain | grep -v ' restore event ' >"$trash/chain-r-$e"
	same "$(sql "SELECT count(*) FROM audit WHERE entity = 'restore'")" 1 \
	    "$e: the restore is in the restored register's audit trail"
	# The restored register is the source as it was at one moment: its
	# chain the source's first entries, hash for hash, its members and
	# cards the source's (the writer only adds).
	KARTU_DB=$2
	members >"$trash/members-s-$e"
	chain >"$trash/chain-s-$e"
	KARTU_DB=$3
	same "$(head -n "$(wc -l <"$trash/chain-r-$e")" "$trash/chain-s-$e" | cksum)" \
	    "$(cksum <"$trash/chain-r-$e")" \
	    "$e: the restored audit chain is the source's, entry for entry ($(wc -l <"$trash/chain-r-$e"))"
	same "$(grep -cvxFf "$trash/members-s-$e" "$trash/members-r-$e")" 0 \
	    "$e: every restored member and card is the source's ($(wc -l <"$trash/members-r-$e"))"
	same "$(sql "SELECT count(*) FROM members")" "$(sql "SELECT count(*) FROM applications
	    WHERE state = 'issued'")" "$e: one member per issued application"

	# A register with records is replaced only when told, by its admin.
	# Each refusal is a security event in the register it would have replaced
	# (the rest of the register stays as it was).
	snap=$(content)
	expect 3 "$e: a register that holds records is not replaced" -- restore "$trash/b-$e"
	has "$err" "--force" "$e: ... the message says how"
	same "$(content)" "$snap" "$e: ... and it is as it was"
	has "$(refusal)" '"refused":"no-force"' "$e: ... and the attempt is audited, with why"
	expect 3 "$e: --force is for the admin" -- --as Sari restore --force "$trash/b-$e"
	has "$(refusal)" '"asked_as":"Sari","refused":"not-admin"' \
	    "$e: ... audited: as whom, and why"
	# Damaged and truncated backups.
	size=$(stat -c %s "$trash/b-$e")
	head -c $((size / 2)) "$trash/b-$e" >"$trash/half-$e"
	expect 6 "$e: a truncated backup is refused" -- --as Admin restore --force "$trash/half-$e"
	has "$err" "is not a whole backup made by kartu" "$e: ... with a clear message"
	same "$(content)" "$snap" "$e: ... and nothing of it is restored"
	has "$(refusal)" '"refused":"damaged"' "$e: ... and the attempt is audited"
	expect 0 "$e: audit verify with the refusals in the trail" -- audit verify
	cp "$trash/b-$e" "$trash/bad-$e"
	# A page's worth of rubbish in the middle: a table's page on SQLite,
	# compressed data blocks on PostgreSQL.
	head -c 4096 /dev/zero | tr '\0' X |
	    dd of="$trash/bad-$e" bs=4096 seek=$((size / 4096 / 2)) conv=notrunc 2>/dev/null
	run --as Admin restore --force "$trash/bad-$e"
	case $rc in 6) pass "$e: a damaged backup is refused (exit 6)" ;;
	*) fail "$e: a damaged backup is refused (exit 6, got $rc)" ;; esac
	same "$(content)" "$snap" "$e: ... and the register is as it was"
	echo "not a backup" >"$trash/junk"
	expect 6 "$e: a file that is no backup is refused" -- --as Admin restore "$trash/junk"
	expect 1 "$e: a missing file is an I/O failure" -- --as Admin restore "$trash/nothing"
	expect 0 "$e: --force by the admin replaces it" -- --as Admin restore --force "$trash/b-$e"
	expect 0 "$e: audit verify after the forced restore" -- audit verify
}

round sqlite "$SQLITE_DB" "$trash/restored.db"
expect 2 "sqlite: a backup onto the database itself is refused" -- --as Admin backup "$KARTU_DB"
KARTU_DB=$SQLITE_DB
expect 0 "sqlite: the source still works after all this" -- audit verify
# Without the keys the restored register does not check: the audit chain and
# the NIK hashes are keyed with register.key, which is not in the backup.
mkdir -p "$trash/nokeys"
KARTU_KEYS="$trash/nokeys" KARTU_DB="$trash/nokeys.db" run --as Admin restore "$trash/b-sqlite"
same "$rc" 1 "restored without the keys: the checks fail (exit 1)"
has "$out" "does not verify" "... and say the audit trail does not verify"
has "$err" "keys" "... and point at the keys"

use_pg
PG_SRC=$KARTU_DB
PG_EMPTY=$(pg_new_db "t_backup_empty_$(basename "$KARTU_BUILD" | tr -c 'a-zA-Z0-9\n' _)") ||
    { echo "Bail out! cannot make the second PostgreSQL database"; exit 1; }
rm -rf "$KARTU_KEYS"
round pg "$PG_SRC" "$PG_EMPTY"

# The connection's password reaches pg_dump in its environment, never in its
# argv (ps shows argv to every user).  The cluster trusts the socket, so any
# password is accepted; a watcher reads the command line and environment of
# every pg_dump while the backup runs.
KARTU_DB="$PG_SRC&password=s3cret-Pa55"
python3 - "$trash/seen" "$trash/stop" <<'PY' &
import os, sys, time
seen, stop = sys.argv[1], sys.argv[2]
out = open(seen, "w")
while not os.path.exists(stop):
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            if open("/proc/%s/comm" % p).read().strip() != "pg_dump":
                continue
            argv = open("/proc/%s/cmdline" % p, "rb").read().replace(b"\0", b" ")
            env = open("/proc/%s/environ" % p, "rb").read().split(b"\0")
        except OSError:
            continue
        out.write("argv %s\n" % argv.decode(errors="replace"))
        out.write("env %s\n" % " ".join(e.decode(errors="replace") for e in env
            if e.startswith(b"PG")))
        out.flush()
    time.sleep(0.002)
PY
watcher=$!
sleep 0.2
expect 0 "pg: a backup with a password in the connection string" -- --as Admin backup "$trash/b-pw"
touch "$trash/stop"
wait $watcher
if grep -q '^argv ' "$trash/seen"; then
	pass "the watcher saw pg_dump run"
	hasnt "$trash/seen" "argv.*s3cret" "the password is not in pg_dump's argv"
	has "$trash/seen" "PGPASSWORD=s3cret-Pa55" "... it is in pg_dump's environment"
	hasnt "$trash/seen" "argv.*$KARTU_PG_HOST" "nor is the server's address in its argv"
else
	echo "# pg_dump was too quick for the watcher"
	pass "the watcher saw pg_dump run # SKIP too quick"
fi
finish
