#!/bin/sh
# kartu doctor on a PostgreSQL database (issue 17): the server's version, how
# long opening the database took, and a warning when the role connects with
# more rights than kartu needs (superuser, createdb, createrole).
. "$KARTU_SRC/tests/cli/lib.sh"
export LIBNFC_AUTO_SCAN=false KARTU_SYSFS="$trash/sys"
mkdir -p "$trash/sys/module"
use_pg
setup_desk
line() { grep "^[a-zA-Z]*  *$1 " "$out"; }

run doctor --no-nfc
line database >"$trash/db-line"
has "$trash/db-line" "PostgreSQL $("$(pg_config --bindir)/postgres" --version | sed 's/.* \([0-9]*\)\..*/\1/')." \
    "the database line names the server's version"
grep -qE 'opened in [0-9]+ ms' "$trash/db-line" && pass "... and how long opening it took" ||
    { cat "$trash/db-line" >"$out"; fail "... and how long opening it took"; }
same "$(awk '{print $1}' "$trash/db-line")" ok "the role kartu (LOGIN only): ok"
has "$trash/db-line" "no more rights than kartu needs" "... and says its rights were checked"
run --json doctor --no-nfc
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = [x for x in d["checks"] if x["check"] == "database"][0]
assert c["status"] == "ok" and "PostgreSQL" in c["message"], c' "$out" &&
    pass "--json says the same" || fail "--json says the same"

# The cluster's superuser: more than kartu needs.
su_db=$(echo "$KARTU_DB" | sed 's/user=kartu/user=postgres/')
KARTU_DB=$su_db run doctor --no-nfc
line database >"$trash/db-line"
same "$(awk '{print $1}' "$trash/db-line")" warn "connected as a superuser: a warning"
has "$trash/db-line" "SUPERUSER" "... naming the right"
has "$trash/db-line" "CREATEDB" "... each of them"
has "$out" "NOSUPERUSER NOCREATEDB NOCREATEROLE" "... and how to take them away"
finish
