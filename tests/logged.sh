#!/bin/sh
# tests/logged.sh TEST - how make test-run has prove run each test file: the
# file's output reaches prove unchanged and is kept too, in
# $KARTU_TAP_LOGS/<file>.tap with its exit status in <file>.rc, so that a
# failing run can end with what failed and why (tests/failures.sh).  prove
# alone shows only the failed tests' numbers, and CI shows the end of the
# output.
t=$1
[ -n "$KARTU_TAP_LOGS" ] || exec "$t"
log=$KARTU_TAP_LOGS/$(printf '%s' "$t" | tr / %)
{ "$t"; echo $? >"$log.rc"; } | tee "$log.tap"
exit "$(cat "$log.rc")"
