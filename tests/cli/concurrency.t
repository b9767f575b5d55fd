#!/bin/sh
# Two stations issuing on one database file at the same time: no shared member
# number, no "database is locked".
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
n=12
i=1
while [ $i -le $((2 * n)) ]; do
	d=$(printf '%02d' $(( (i % 28) + 1 )))
	run --as Sari apply --name "Warga $(printf '%s' "$i" | tr 0-9 a-j) Test" \
	    --birth-place X --birth-date "1999-01-$d" --sex L --address A \
	    --phone "0812000000$(printf '%02d' $i)" --category umum --document sim \
	    --document-no "1234567890$(printf '%02d' $i)" || true
	"$K" --as Sari check "$i" --not-duplicate >/dev/null 2>&1 ||
	    "$K" --as Sari check "$i" >/dev/null 2>&1
	"$K" --as Sari validate "$i" >/dev/null 2>&1 || { echo "Bail out! setup $i"; exit 1; }
	i=$((i + 1))
done
station() {	# station FIRST: issue FIRST, FIRST+2, ...
	j=$1 bad=0
	while [ $j -le $((2 * n)) ]; do
		"$K" --as Budi issue "$j" >/dev/null 2>>"$trash/station$1.err" || bad=$((bad + 1))
		j=$((j + 2))
	done
	echo $bad >"$trash/station$1.bad"
}
station 1 & p1=$!
station 2 & p2=$!
wait $p1 $p2
same "$(cat "$trash/station1.bad") $(cat "$trash/station2.bad")" "0 0" \
    "both stations issued every card"
hasnt "$trash/station1.err" "locked" "station 1 never saw 'database is locked'"
hasnt "$trash/station2.err" "busy" "station 2 never saw a busy database"
same "$(sql "SELECT count(*), count(DISTINCT member_no) FROM members")" "$((2 * n))|$((2 * n))" \
    "$((2 * n)) members, $((2 * n)) distinct member numbers"
same "$(sql "SELECT value FROM counters WHERE name = 'member:2026'")" "$((2 * n))" \
    "the sequence advanced once per card"
finish
