#!/bin/sh
# libpq and the environment (issue 17): libpq fills every parameter the
# connection string leaves unset from PGHOST, PGUSER, PGPASSWORD, PGSERVICE,
# ...  The environment is never an authority, so the installed program drops
# every PG* variable before it connects: PGHOST or PGUSER do not redirect it.
# The test build keeps them, and shows that the same variables would.
. "$KARTU_SRC/tests/cli/lib.sh"
use_pg
setup_desk
dbname=$(echo "$KARTU_DB" | sed 's|^postgresql:///\([^?]*\)?.*|\1|')
me=$(id -un)
[ "$me" != kartu ] || { echo "1..0 # SKIP the Unix user is named like the test role"; exit 0; }

# No user in the connection string: the role comes from PGUSER, or is the
# Unix user's name.
nouser="postgresql:///$dbname?host=$KARTU_PG_HOST"
PGUSER=kartu "$K" --db "$nouser" audit verify >"$out" 2>"$err"
same "$?" 0 "the test build takes PGUSER from the environment (libpq's default)"
PGUSER=kartu "$KI" --db "$nouser" audit verify >"$out" 2>"$err"
rc=$?
[ "$rc" != 0 ] && pass "the installed program does not take PGUSER (exit $rc)" ||
    fail "the installed program does not take PGUSER"
has "$err" "\"$me\"" "... it connects as the Unix user $me, whom the server does not know"

# No host: the server comes from PGHOST, or is the default socket.
nohost="postgresql:///$dbname?user=kartu"
PGHOST=$KARTU_PG_HOST "$K" --db "$nohost" audit verify >"$out" 2>"$err"
same "$?" 0 "the test build takes PGHOST from the environment"
PGHOST=$KARTU_PG_HOST PGPORT=5432 PGDATABASE=$dbname PGSSLMODE=disable \
    "$KI" --db "$nohost" audit verify >"$out" 2>"$err"
rc=$?
[ "$rc" != 0 ] && pass "the installed program does not take PGHOST (exit $rc)" ||
    fail "the installed program does not take PGHOST"
hasnt "$err" "$KARTU_PG_HOST" "... and never reached the environment's server"
# A service file named by the environment is not read either.
cat >"$trash/pg_service.conf" <<EOT
[kartu]
host=$KARTU_PG_HOST
user=kartu
dbname=$dbname
EOT
PGSERVICEFILE="$trash/pg_service.conf" "$K" --db "service=kartu" audit verify >"$out" 2>"$err"
same "$?" 0 "the test build reads PGSERVICEFILE"
PGSERVICEFILE="$trash/pg_service.conf" "$KI" --db "service=kartu" audit verify >"$out" 2>"$err"
rc=$?
[ "$rc" != 0 ] && pass "the installed program does not (exit $rc)" ||
    fail "the installed program does not read PGSERVICEFILE"
# What the connection string says is enough for the installed program.
PGHOST=/nonexistent PGUSER=nobody "$KI" --db "$KARTU_DB" audit verify >"$out" 2>"$err"
same "$?" 0 "the installed program connects with the connection string alone"
finish
