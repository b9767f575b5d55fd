#!/bin/sh
# The desk check survives its reader going away: the simulator behind a
# stable name (as udev's /dev/kartu-reader) is stopped (unplugged) and
# started again (plugged back); the desk says so and answers taps again.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
start_sim --link "$trash/reader"
export KARTU_READER="pn532_uart:$trash/reader"
# wait_for FILE TEXT [COUNT]: until FILE has COUNT lines with TEXT (10 s at most)
wait_for() {
	i=0
	# A file not there yet counts 0 lines (grep -c prints nothing then).
	while n=$(grep -c -- "$2" "$1" 2>/dev/null); [ "${n:-0}" -lt "${3:-1}" ] &&
	    [ $i -lt 200 ]; do
		sleep 0.05; i=$((i + 1)); done
	[ $i -lt 200 ]
}
"$K" desk >"$out" 2>"$err" &
desk=$!
wait_for "$err" "Desk check" && pass "the desk check runs" || fail "the desk check runs"
sim put foreign >/dev/null
wait_for "$out" UNKNOWN && pass "a tap is answered" || fail "a tap is answered"
sim remove >/dev/null
kill "$sim_pid"; wait "$sim_pid" 2>/dev/null
wait_for "$err" "the reader is gone" && pass "unplugged: a message" || fail "unplugged: a message"
kill -0 "$desk" 2>/dev/null && pass "not a crash: the desk still runs" || fail "the desk still runs"
sleep 1.5
kill -0 "$desk" 2>/dev/null && pass "it waits for the reader" || fail "it waits for the reader"
start_sim --link "$trash/reader"
export KARTU_READER="pn532_uart:$trash/reader"
wait_for "$err" "the reader is back" && pass "plugged back: reopened" || fail "plugged back: reopened"
sim put foreign >/dev/null
wait_for "$out" UNKNOWN 2 && pass "taps are answered again" || fail "taps are answered again"
kill -INT "$desk"
wait "$desk"
same "$?" 0 "Ctrl-C ends the desk cleanly"
# Ctrl-C while the reader is away ends it cleanly too.
"$K" desk >"$out" 2>"$err" &
desk=$!
wait_for "$err" "Desk check"
kill "$sim_pid"; wait "$sim_pid" 2>/dev/null
wait_for "$err" "the reader is gone"
kill -INT "$desk"
wait "$desk"
same "$?" 0 "Ctrl-C while waiting for the reader"

# A reader plugged in after the desk started is picked up; --once does not wait.
run desk --once --timeout 2
same "$rc" 1 "--once without a reader: a failure at once"
"$K" desk >"$out" 2>"$err" &
desk=$!
wait_for "$err" "no reader yet" && pass "no reader at the start: a message" ||
	fail "no reader at the start: a message"
start_sim --link "$trash/reader"
export KARTU_READER="pn532_uart:$trash/reader"
wait_for "$err" "the reader is back" && pass "a reader plugged in later is picked up" ||
	fail "a reader plugged in later is picked up"
sim put foreign >/dev/null
wait_for "$out" UNKNOWN && pass "and answers taps" || fail "and answers taps"
kill -INT "$desk"
wait "$desk"
same "$?" 0 "Ctrl-C ends it"
finish
