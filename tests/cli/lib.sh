# tests/cli/lib.sh - shared by the command-line tests (TAP for prove).
#
# Each test file sources this, gets its own scratch directory (kept under
# tests/trash/NAME when a test fails, removed when all pass), a fixed clock and
# no user configuration.  run CMD... runs kartu with stdout in $out, stderr in
# $err and the exit status in $rc.
#
# $K is the test build, kartu-test: the program with the test hooks
# (KARTU_NOW, KARTU_TRUST_ORIGINALITY_KEY, KARTU_KEYS, KARTU_STATION,
# KARTU_SYSFS, KARTU_STATION_CONFIG, KARTU_BULK_INDEX_ROWS; src/cli/main.c).  $KI is the program make install installs,
# without them (tests/cli/trust-env.t runs it).
set -u

: "${KARTU_BUILD:?run through make check}"
: "${KARTU_SRC:?run through make check}"
K="$KARTU_BUILD/kartu-test"
KI="$KARTU_BUILD/kartu"
name=$(basename "$0" .t)
trash="$KARTU_SRC/tests/trash/$name-$(basename "$KARTU_BUILD")"
rm -rf "$trash"
mkdir -p "$trash"
cd "$trash" || exit 1
export KARTU_DB="$trash/kartu.db"
export KARTU_NOW=2026-11-28T01:30:00Z	# 08:30 WIB, a Saturday morning
export KARTU_LOCALEDIR="$KARTU_BUILD/locale"
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
unset KARTU_OPERATOR KARTU_READER
export KARTU_CONFIG=/dev/null	# not /etc/kartu/kartu.conf
export KARTU_STATION_CONFIG=/dev/null	# the test build's station's own file
out="$trash/out"
err="$trash/err"
tests=0
failed=0
# ImageMagick's convert (tools/deps.list), not another program of that name on PATH.
convert() { /usr/bin/convert "$@"; }

pass() { tests=$((tests + 1)); echo "ok $tests - $*"; }
fail() {
	tests=$((tests + 1)); failed=$((failed + 1)); echo "not ok $tests - $*"
	sed 's/^/#   out: /' "$out" 2>/dev/null | head -20
	sed 's/^/#   err: /' "$err" 2>/dev/null | head -20
}
run() { "$K" "$@" >"$out" 2>"$err"; rc=$?; }
# expect STATUS DESCRIPTION -- kartu arguments
expect() {
	want=$1 desc=$2
	shift 3
	run "$@"
	if [ "$rc" = "$want" ]; then pass "$desc (exit $rc)"; else
		echo "#   exit $rc, want $want"; fail "$desc"; fi
}
# has FILE TEXT DESCRIPTION: FILE contains TEXT (fixed string)
has() { if grep -qF -- "$2" "$1"; then pass "$3"; else echo "#   no '$2'"; fail "$3"; fi; }
hasnt() { if grep -qF -- "$2" "$1"; then echo "#   found '$2'"; fail "$3"; else pass "$3"; fi; }
same() { if [ "$1" = "$2" ]; then pass "$3"; else echo "#   got '$1', want '$2'"; fail "$3"; fi; }
# The database shell on whichever engine the test runs against: sqlite3 on
# the file, or psql on a PostgreSQL database (the same list format, columns
# joined by |; booleans print as t and f there).  Write SQL both engines take
# (the schema is the same; say IS DISTINCT FROM, not IS NOT, for a value).
# One translation is made for PostgreSQL: json_extract(COL, '$.KEY'), the
# tests' way into the audit trail's JSON text, becomes (COL::json ->> 'KEY').
on_pg() {
	case "$KARTU_DB" in
	postgres*://* | *=*) return 0 ;;
	esac
	return 1
}
sql() {
	if on_pg; then
		PGOPTIONS="-c client_min_messages=warning" "$(pg_config --bindir)/psql" \
		    -XAtq -v ON_ERROR_STOP=1 -d "$KARTU_DB" -c "$(printf '%s' "$*" |
		    perl -0pe "s/json_extract\(\s*([\w.]+)\s*,\s*'\\\\?\\\$\.(\w+)'\s*\)/(\1::json ->> '\2')/g")"
	else
		sqlite3 "$KARTU_DB" "$@"
	fi
}
# sql_words SQL: the rows of a one-column query joined by spaces, in its
# ORDER BY (group_concat is SQLite's, string_agg PostgreSQL's).
sql_words() { sql "$1" | paste -sd' ' -; }
# db_dump: the database's rows as text (sqlite3's .dump without its PRAGMAs;
# pg_dump --data-only without its random \restrict key), to compare before
# and after or to grep.  pg_dump's warnings go to $trash/pg_dump.err.  A
# failure ends the script, or its $(...), with a line that matches no other
# dump (an empty dump would compare equal).
db_dump() {
	if on_pg; then
		"$(pg_config --bindir)/pg_dump" --data-only -d "$KARTU_DB" \
		    2>"$trash/pg_dump.err" >"$trash/pg_dump.out" || {
			echo "pg_dump failed at $(date +%s%N): $(tail -1 "$trash/pg_dump.err")"
			echo "pg_dump failed: $(tail -1 "$trash/pg_dump.err")" >&2
			exit 1; }
		grep -v '^\\\(un\)*restrict ' "$trash/pg_dump.out"
	else
		sql .dump | grep -v '^PRAGMA'
	fi
}
# db_lacks TEXT DESCRIPTION: TEXT is nowhere in the database: not in the
# SQLite file or its WAL, byte for byte; in no row of the PostgreSQL
# database (db_dump: every table, the audit trail's too).
db_lacks() {
	if on_pg; then
		db_dump >"$trash/dump.txt"
		set -- "$1" "$2" "$trash/dump.txt"
	else
		set -- "$1" "$2" "$KARTU_DB" "$KARTU_DB-wal"
	fi
	lacks_text=$1 lacks_desc=$2	# sh has no locals: names no test uses
	shift 2
	if grep -qaF -- "$lacks_text" "$@" 2>/dev/null; then
		echo "#   found '$lacks_text'"; fail "$lacks_desc"
	else pass "$lacks_desc"; fi
}
# Copies of the database, changed behind kartu's back (fsck.t): db_keep
# NAME keeps the database as it is now (SQLite: VACUUM INTO $trash/NAME.db;
# PostgreSQL: a database made with it as template); db_copy NAME COPY makes
# COPY afresh from NAME and prints its KARTU_DB; db_tamper DB SQL runs SQL
# there with foreign keys and triggers off (SQLite's PRAGMA foreign_keys;
# session_replication_role = replica as the cluster's superuser).
pg_dbname() { printf '%s\n' "${1:-$KARTU_DB}" | sed 's|^postgres[a-z]*:///\([^?]*\).*|\1|'; }
pg_super() {
	pg_super_db=$1
	shift
	PGOPTIONS="-c client_min_messages=warning" "$(pg_config --bindir)/psql" -XAtq \
	    -v ON_ERROR_STOP=1 -h "$KARTU_PG_HOST" -U postgres -d "$pg_super_db" "$@"
}
pg_clone() {	# pg_clone FROM TO: TO made afresh from database FROM
	pg_super postgres -c "DROP DATABASE IF EXISTS \"$2\"" \
	    -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\" OWNER kartu"
}
db_keep() {
	if on_pg; then pg_clone "$(pg_dbname)" "$(pg_dbname)_$1"
	else sqlite3 "$KARTU_DB" "VACUUM INTO '$trash/$1.db'"; fi
}
db_copy() {
	if on_pg; then
		pg_clone "$(pg_dbname)_$1" "$(pg_dbname)_$2" &&
		    printf '%s\n' "$KARTU_DB" | sed "s|^\(postgres[a-z]*:///\)[^?]*|\1$(pg_dbname)_$2|"
	else
		cp "$trash/$1.db" "$trash/$2.db" && rm -f "$trash/$2.db-wal" "$trash/$2.db-shm" &&
		    echo "$trash/$2.db"
	fi
}
db_tamper() {
	case "$1" in
	postgres*://*) pg_super "$(pg_dbname "$1")" -c "SET session_replication_role = replica; $2" ;;
	*) sqlite3 "$1" "PRAGMA foreign_keys = OFF; $2" ;;
	esac
}
# schema_version [N]: the database's schema version, or set it to N (tests
# of upgrades: SQLite's user_version, PostgreSQL's kartu_schema row).
schema_version() {
	if [ $# = 0 ]; then
		if on_pg; then sql "SELECT version FROM kartu_schema WHERE one = 1"
		else sql "PRAGMA user_version"; fi
	elif on_pg; then sql "UPDATE kartu_schema SET version = $1 WHERE one = 1"
	else sql "PRAGMA user_version = $1"; fi
}
# engine SQLITE PG: the word for this engine (an engine's own message or SQL).
engine() { if on_pg; then echo "$2"; else echo "$1"; fi; }
# skip N REASON: N checks that do not apply to this engine, as TAP skips.
skip() {
	skip_k=0
	while [ $skip_k -lt "$1" ]; do
		skip_k=$((skip_k + 1)); tests=$((tests + 1)); echo "ok $tests # skip $2"
	done
}
# at_exit CMD: run CMD when the test script exits (after those given before).
at_exit_cmds=:
at_exit() {
	at_exit_cmds="$1; $at_exit_cmds"
	trap "$at_exit_cmds" EXIT
	trap 'exit 1' HUP INT TERM PIPE
}
# use_pg: this test's database is a PostgreSQL one of its own (tests/pg-cluster.sh):
# on the run's cluster (KARTU_PG_HOST, make test-run starts it when a test needs
# it), else on a cluster started for this file and stopped when it exits.  The
# key directory is then $trash/keys (a server's database has no folder beside
# it).  Bails out when PostgreSQL is not installed.
use_pg() {
	. "$KARTU_SRC/tests/pg-cluster.sh"
	if [ -z "${KARTU_PG_HOST:-}" ]; then
		pg_cluster_start >"$trash/pg-cluster.log" 2>&1 || {
			echo "Bail out! cannot start PostgreSQL: $(tail -1 "$trash/pg-cluster.log")"
			exit 1; }
		at_exit pg_cluster_stop
	fi
	KARTU_DB=$(pg_new_db "t_$(echo "$name-$(basename "$KARTU_BUILD")" | tr -c 'a-zA-Z0-9\n' _)") || {
		echo "Bail out! cannot make the test's PostgreSQL database"; exit 1; }
	export KARTU_DB KARTU_KEYS="$trash/keys"
}
# KARTU_TEST_STORE=pg runs any test file on PostgreSQL (make test-run
# KARTU_TEST_STORE=pg TESTS=...).  A file SQLite-specific by nature (the file's
# permissions, WAL, the sqlite3 shell's own commands) says so first with
# sqlite_only REASON; a part of a file with skip.
if [ "${KARTU_TEST_STORE:-}" = pg ]; then
	use_pg
fi
# sqlite_only REASON: the whole file is about SQLite; skipped on PostgreSQL.
sqlite_only() {
	if on_pg; then
		echo "1..0 # SKIP SQLite-specific: $*"
		cd / && rm -rf "$trash"
		exit 0
	fi
}
finish() {
	echo "1..$tests"
	if [ "$failed" = 0 ]; then cd / && rm -rf "$trash"; fi
	[ "$failed" = 0 ]
}

# A database with an admin, an officer (Sari) and an operator (Budi).  The admin
# has a PIN (admins must), given to every command through KARTU_PIN; the others
# have none.  A test that wants no PIN given writes KARTU_PIN= before it.
ADMIN_PIN=24681357
setup_desk() {
	"$K" init >/dev/null &&
	echo "$ADMIN_PIN" | "$K" operator add Admin --role admin --pin >/dev/null &&
	"$K" --as Admin operator add Sari --role officer >/dev/null &&
	"$K" --as Admin operator add Budi --role operator >/dev/null &&
	"$K" --as Admin operator add Dina --role desk >/dev/null || {
		echo "Bail out! cannot set up the desk"; exit 1; }
}
export KARTU_PIN=$ADMIN_PIN

# apply_umum NAME BIRTH SEX PHONE NIK [more kartu apply options]
apply_umum() {
	n=$1 b=$2 s=$3 p=$4 k=$5
	shift 5
	run --as Sari apply --name "$n" --birth-place "Muara Teweh" --birth-date "$b" \
	    --sex "$s" --address "Jl. Yetro Sinseng 5" --phone "$p" --category umum \
	    --document ktp --document-no "$k" "$@"
}

# print_card_of APP: Budi prints the card of application APP (issued with
# --media printed) to a file, which makes it active: only a card that works
# is handed over.
print_card_of() {
	KARTU_LAYOUTS="$KARTU_SRC/layouts" "$K" --as Budi print "$(sql "SELECT c.card_no
	    FROM cards c JOIN members m ON m.id = c.member_id WHERE m.application_id = $1
	    ORDER BY c.issue_no DESC LIMIT 1")" --out "$trash/card-$1.png" >/dev/null ||
	    { echo "Bail out! cannot print the card of application $1"; exit 1; }
}

# The one-time code kartu handover APP --phone showed (no SMS gateway set).
otp_code() { sed -n 's/.*read out this code: \([0-9]\{6\}\).*/\1/p' "$out"; }

# handover APP PHONE [--code options]: send a code (shown) and give it back.
handover() {
	a=$1 p=$2
	shift 2
	run --as Sari handover "$a" --phone "$p" && run --as Sari handover "$a" --code "$(otp_code)" "$@"
}

# The id in "Application N recorded".
app_id() { sed -n 's/^Application \([0-9]*\) recorded.*/\1/p' "$out"; }

# The simulated PN532 reader (drivers/pn532-sim) with a control socket:
# start_sim [--card KIND] starts it and points kartu and libnfc at its pty;
# sim COMMAND... talks to it; it is stopped when the test script exits.
start_sim() {
	"$KARTU_BUILD/pn532-sim" --control "$trash/sim.sock" "$@" >"$trash/sim.out" \
	    2>"$trash/sim.err" &
	sim_pid=$!
	at_exit 'kill $sim_pid 2>/dev/null; wait $sim_pid 2>/dev/null'
	n=0
	while ! grep -q '^pty ' "$trash/sim.out" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt 100 ] && { echo "Bail out! the simulator did not start"; exit 1; }
		sleep 0.05
	done
	export KARTU_READER="pn532_uart:$(sed -n 's/^pty //p' "$trash/sim.out")"
	export LIBNFC_DEFAULT_DEVICE="$KARTU_READER"	# for the stock nfc-* tools
	export LIBNFC_AUTO_SCAN=false LIBNFC_LOG_LEVEL=0
	# The simulator signs its NTAGs with a test key instead of NXP's.
	export KARTU_TRUST_ORIGINALITY_KEY=$SIM_ORIGINALITY_KEY
}
SIM_ORIGINALITY_KEY=04ABDBF77F4F00DEE5BA559C31AAD6E5059C152B0E353C167A36A82A3038F555BC
sim() { "$KARTU_BUILD/pn532-sim" --ctl "$trash/sim.sock" "$@"; }
