#!/bin/sh
# Many desks at once on one register (issue 17, item 3), on an SQLite file and
# on a PostgreSQL database (tests/pg-cluster.sh): bench-proof starts
# PROOF_DESKS long-running desks (8), each with one store connection and a
# simulated reader of its own, and takes PROOF_APPS applicants a desk (10;
# make proof: 200) through the six steps at the same time; every
# PROOF_SHARED-th applicant (5; 0 for none) comes to every desk at once, the same person
# with the same NIK, of whom step 3 lets at most one through (the others are
# rejected by their desk as already applied).  Then what the database holds:
# every application handed over or so rejected, no NIK twice among members,
# member numbers distinct and gapless, each member with one active card with
# its chip, every record with its audit entries, kartu fsck and kartu audit
# verify clean.
. "$KARTU_SRC/tests/cli/lib.sh"
desks=${PROOF_DESKS:-8}
apps=${PROOF_APPS:-10}
shared=${PROOF_SHARED:-5}
n=$((desks * apps))
SQLITE_DB=$KARTU_DB
[ "${KARTU_TEST_STORE:-}" = pg ] || use_pg
PG_DB=$KARTU_DB
export KARTU_KEYS="$trash/keys"
export KARTU_TRUST_ORIGINALITY_KEY=$SIM_ORIGINALITY_KEY
export LIBNFC_AUTO_SCAN=false LIBNFC_LOG_LEVEL=0

proof() {	# proof ENGINE
	setup_desk
	[ -f "$KARTU_KEYS/library.key" ] || "$K" --as Admin keygen >/dev/null ||
	    { echo "Bail out! keygen ($1)"; exit 1; }
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	"$KARTU_BUILD/bench-proof" "$KARTU_DB" "$KARTU_KEYS" "$desks" "$apps" \
	    "$KARTU_BUILD/pn532-sim" "$shared" >"$trash/proof-$1.out" 2>"$trash/proof-$1.err"
	rc=$?
	load1=$(cut -d' ' -f1-3 /proc/loadavg)
	sed "s/^/# $1: /" "$trash/proof-$1.out" | tail -2
	echo "# $1: load average $load0 before, $load1 after"
	same "$rc" 0 "$1: $desks desks x $apps applicants at once, every one handed over"
	same "$(head -5 "$trash/proof-$1.err")" "" "$1: no desk saw an error"
	# The shared applicants: desks x (apps / shared) applications of apps /
	# shared people; at most one member each.
	np=0
	[ "$shared" -gt 0 ] && np=$((apps / shared))
	m=$(sql "SELECT count(*) FROM applications WHERE state = 'handed-over'")
	same "$(sql "SELECT count(*) FROM applications")" "$n" "$1: $n applications recorded"
	same "$(sql "SELECT count(*) FROM applications WHERE state = 'rejected'
	    AND reason = 'already applied at another desk'")" "$((n - m))" \
	    "$1: $n applications, each handed over or rejected as already applied"
	if [ "$m" -ge $((n - desks * np)) ] && [ "$m" -le $((n - desks * np + np)) ]; then
		pass "$1: every applicant of one desk a member, at most one of each shared ($m)"
	else fail "$1: $m members, want $((n - desks * np)) to $((n - desks * np + np))"; fi
	same "$(sql "SELECT count(*) || ' ' || count(DISTINCT nik_hash) FROM members")" \
	    "$m $m" "$1: no NIK is a member twice"
	same "$(sql "SELECT count(*) || ' ' || count(DISTINCT member_no) FROM members")" \
	    "$m $m" "$1: $m members, $m distinct member numbers"
	# {lib}{yy}{seq:6} and a check digit: the sequence is gapless from 1.
	same "$(sql "SELECT count(DISTINCT CAST(substr(member_no, 7, 6) AS INTEGER)) || ' ' ||
	    min(CAST(substr(member_no, 7, 6) AS INTEGER)) || ' ' ||
	    max(CAST(substr(member_no, 7, 6) AS INTEGER)) FROM members")" "$m 1 $m" \
	    "$1: the numbers' sequence runs 1 to $m without a gap"
	same "$(sql "SELECT value FROM counters WHERE name = 'member:2026'")" "$m" \
	    "$1: the counter advanced once a member"
	same "$(sql "SELECT count(*) FROM members m WHERE (SELECT count(*) FROM cards c
	    WHERE c.member_id = m.id AND c.status = 'active' AND c.uid IS NOT NULL) = 1")" "$m" \
	    "$1: each member has one active card with its chip"
	same "$(sql "SELECT count(*) || ' ' || count(DISTINCT uid) || ' ' ||
	    count(DISTINCT card_no) FROM cards")" "$m $m $m" \
	    "$1: $m cards, each its own chip and number"
	same "$(sql "SELECT count(*) FROM handovers")" "$m" "$1: $m lines in the handover book"
	# The audit trail holds every record: its insert, and each application's
	# five steps after it (two, the check and the rejection, for one rejected).
	same "$(sql "SELECT count(*) FROM members m WHERE EXISTS (SELECT 1 FROM audit a
	    WHERE a.entity = 'member' AND a.action = 'insert' AND a.entity_id = m.id)")" "$m" \
	    "$1: every member's insert is in the audit trail"
	same "$(sql "SELECT count(*) FROM cards c WHERE (SELECT count(*) FROM audit a
	    WHERE a.entity = 'card' AND a.entity_id = c.id) = 4")" "$m" \
	    "$1: every card's insert and three changes are in it"
	same "$(sql "SELECT count(*) FROM applications p WHERE (SELECT count(*) FROM audit a
	    WHERE a.entity = 'application' AND a.entity_id = p.id) = CASE state
	    WHEN 'handed-over' THEN 6 ELSE 2 END")" "$n" \
	    "$1: every application's insert and steps are in it"
	expect 0 "$1: kartu audit verify" -- --as Admin audit verify
	has "$out" "The audit trail is whole" "$1: the chain is whole"
	expect 0 "$1: kartu fsck" -- --as Admin fsck
	has "$out" "0 problem(s), 0 unfinished" "$1: fsck finds nothing wrong"
}

if [ "${KARTU_TEST_STORE:-}" != pg ]; then
	KARTU_DB=$SQLITE_DB
	proof sqlite
fi
KARTU_DB=$PG_DB
proof pg
same "$(sql "SELECT count(*) FROM kartu_audit_pending")" 0 "pg: no change is left pending"
finish
