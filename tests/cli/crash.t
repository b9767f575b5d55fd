#!/bin/sh
# Crash safety: the station killed with SIGKILL at random moments while it
# issues, encodes and replaces cards, then `kartu fsck` over what is left.
# Counts records half-made (fsck's problems) and lost (a step the station
# reported done that is gone), both expected 0, and checks that every step
# cut short can be finished.  CRASH_RUNS sets the number of runs (make check:
# 24; `make crash`: 240).
. "$KARTU_SRC/tests/cli/lib.sh"
runs=${CRASH_RUNS:-24}
setup_desk
start_sim --card ntag215
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }

# Applications ready to issue: one for every third run, and a few more.
napps=$((runs / 3 + 3))
i=1
while [ $i -le $napps ]; do
	w=$(printf '%03d' $i | tr 0-9 a-j)
	d=$(printf '%02d' $(( (i % 28) + 1 )))
	m=$(printf '%02d' $(( (i / 28) % 12 + 1 )))
	"$K" --as Sari apply --name "Warga $w Uji" --birth-place X --birth-date "1980-$m-$d" \
	    --sex L --address A --phone "0812$(printf '%08d' $i)" --category umum \
	    --document sim --document-no "12345678$(printf '%04d' $i)" >/dev/null 2>&1 &&
	"$K" --as Sari check "$i" --not-duplicate >/dev/null 2>&1 ||
	    "$K" --as Sari check "$i" >/dev/null 2>&1
	"$K" --as Sari validate "$i" >/dev/null 2>&1 || { echo "Bail out! setup $i"; exit 1; }
	i=$((i + 1))
done

now_us() { echo $(( $(date +%s%N) / 1000 )); }
rand() { od -An -N4 -tu4 /dev/urandom | tr -d ' '; }	# 0 .. 2^32-1
uid_n=0
fresh_chip() {
	uid_n=$((uid_n + 1))
	sim put ntag215 "$(printf '04C0%010X' $uid_n)" >/dev/null
}

# crashed CMD...: start kartu, SIGKILL it after a random delay between $mind
# and $maxd microseconds.  Sets killed=1 if it was still running, else its status.
crashed() {
	"$K" "$@" >"$trash/run.out" 2>"$trash/run.err" &
	p=$!
	d=$(( mind + $(rand) % (maxd - mind) ))
	sleep "$(printf '%d.%06d' $((d / 1000000)) $((d % 1000000)))"
	if kill -9 $p 2>/dev/null; then
		killed=1
		wait $p 2>/dev/null
		st=killed
	else
		killed=0
		wait $p
		st=$?
	fi
}

# How long a step takes, uncut, sets the range of the random delays (the
# sleep before the kill is a process of its own, so most kills land late).
timed() {
	t0=$(now_us)
	"$K" "$@" >"$trash/run.out" 2>"$trash/run.err" || { cat "$trash/run.err"; return 1; }
	echo $(( $(now_us) - t0 + 1 ))
}

fresh_chip
issue_max=$(timed --as Budi issue 1) || { echo "Bail out! issue"; exit 1; }
encode_max=$(timed --as Budi encode "$(sql "SELECT member_no FROM members")" --timeout 5) ||
    { echo "Bail out! encode"; exit 1; }
m1=$(sql "SELECT member_no FROM members")
fresh_chip
replace_max=$(timed --as Budi replace --member "$m1" --reason lost --document sim \
    --document-no 123456780001) || { echo "Bail out! replace"; exit 1; }
echo "# uncut: issue $issue_max us, encode $encode_max us, replace $replace_max us"

mind=0 problems=0 lost=0 unrepaired=0 killed_n=0 done_n=0 unfinished=0
next_app=2
r=1
while [ $r -le "$runs" ]; do
	case $((r % 3)) in
	1)	# issue the next validated application
		[ $next_app -le $napps ] || { r=$((r + 1)); continue; }
		maxd=$issue_max
		crashed --as Budi issue $next_app
		if [ "$st" = 0 ]; then	# reported done: the member must be there
			[ "$(sql "SELECT count(*) FROM members WHERE application_id = $next_app")" = 1 ] ||
			    { lost=$((lost + 1)); echo "# lost: issue $next_app"; }
		fi
		# Cut short or not, the application is either issued or can be.
		if [ "$(sql "SELECT state FROM applications WHERE id = $next_app")" = validated ]; then
			"$K" --as Budi issue $next_app >/dev/null 2>&1 ||
			    { unrepaired=$((unrepaired + 1)); echo "# cannot issue $next_app again"; }
		fi
		next_app=$((next_app + 1))
		;;
	2)	# encode a card waiting for its chip, on a fresh chip
		card=$(sql "SELECT card_no FROM cards WHERE status IN ('new', 'encoding') LIMIT 1")
		[ -n "$card" ] || { r=$((r + 1)); continue; }
		fresh_chip
		maxd=$encode_max
		# Every other encode is cut late (measured with strace: the chip
		# is written in the last fifth of the step): the moment that
		# matters most.
		[ $((r % 2)) = 0 ] && mind=$((maxd * 6 / 10))
		crashed --as Budi encode "$card" --timeout 5
		if [ "$st" = 0 ]; then
			[ "$(sql "SELECT status FROM cards WHERE card_no = '$card'")" = active ] ||
			    { lost=$((lost + 1)); echo "# lost: encode $card"; }
		fi
		s=$(sql "SELECT status FROM cards WHERE card_no = '$card'")
		[ "$s" = encoding ] && unfinished=$((unfinished + 1))
		# Finish it with the chip still on the reader, half-written or not.
		if [ "$s" != active ]; then
			if "$K" --as Budi encode "$card" --timeout 5 >/dev/null 2>"$trash/fix.err" &&
			    "$K" desk --once --timeout 5 >"$trash/fix.out" 2>&1 &&
			    grep -q "ACTIVE .*$card" "$trash/fix.out"; then :; else
				unrepaired=$((unrepaired + 1))
				echo "# cannot finish encoding $card ($s): $(cat "$trash/fix.err")"
			fi
		fi
		;;
	0)	# replace an active card as lost
		mem=$(sql "SELECT m.member_no FROM members m JOIN cards c ON c.member_id = m.id
		    WHERE c.status = 'active' AND c.issue_no < 90 AND NOT EXISTS (SELECT 1 FROM
		    cards p WHERE p.member_id = m.id AND p.status IN ('new', 'encoding'))
		    ORDER BY random() LIMIT 1")
		[ -n "$mem" ] || { r=$((r + 1)); continue; }
		before=$(sql "SELECT count(*) FROM replacements")
		maxd=$replace_max
		crashed --as Budi replace --member "$mem" --reason lost --document sim \
		    --document-no 123456780001
		after=$(sql "SELECT count(*) FROM replacements")
		if [ "$st" = 0 ] && [ "$after" != $((before + 1)) ]; then
			lost=$((lost + 1)); echo "# lost: replace $mem"
		fi
		;;
	esac
	mind=0
	[ "$killed" = 1 ] && killed_n=$((killed_n + 1)) || done_n=$((done_n + 1))
	"$K" fsck --json >"$trash/fsck.json" 2>"$trash/fsck.err"
	n=$(sed -n 's/.*"problems":\([0-9]*\).*/\1/p' "$trash/fsck.json")
	if [ "${n:-x}" != 0 ]; then
		problems=$((problems + ${n:-1}))
		echo "# run $r: fsck found: $(cat "$trash/fsck.json" "$trash/fsck.err")"
	fi
	r=$((r + 1))
done

echo "# $runs runs: $killed_n killed mid-step, $done_n finished before the kill;"
echo "# $unfinished chips left half-written and finished afterwards"
same "$problems" 0 "records half-made after $runs runs: 0"
same "$lost" 0 "steps reported done and then lost: 0"
same "$unrepaired" 0 "steps cut short that could not be finished: 0"
# The test itself must cut steps short, or it proves nothing.
[ "$killed_n" -ge $((runs / 6 + 1)) ] && pass "runs cut mid-step: $killed_n of $runs" ||
    fail "runs cut mid-step: $killed_n of $runs (too few: the test proves little)"
expect 0 "the database passes fsck at the end" -- fsck
finish
