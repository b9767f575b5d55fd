#!/bin/sh
# The service calendar and the queue: each application is due one working day
# after submission, counted in service hours (WIB) and skipping closed days.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# at UTC-TIME NAME BIRTH NIK: apply at that moment; sets $id.
at() {
	KARTU_NOW=$1 apply_umum "$2" "$3" L 08121000$(printf '%04d' $tests) "$4"
	id=$(app_id)
}
due() { sql "SELECT due_at FROM applications WHERE id = $1"; }

at 2026-11-27T07:00:00Z "Andi Pratama" 1990-01-05 6205030501900001
fri=$id
same "$(due $fri)" 2026-11-30T02:00:00Z \
    "Friday 14:00 WIB is due Monday 09:00 WIB (2 h Friday, 4.5 h Saturday, 2 h Monday)"
at 2026-11-28T01:30:00Z "Bayu Saputra" 1991-02-06 6205030602910002
sat=$id
same "$(due $sat)" 2026-11-30T05:00:00Z \
    "Saturday 08:30 WIB is due Monday 12:00 WIB (Sunday closed)"
at 2026-11-29T03:00:00Z "Candra Wijaya" 1992-03-07 6205030703920003
sun=$id
same "$(due $sun)" 2026-11-30T08:30:00Z "Sunday is due at Monday's closing, 15:30 WIB"
at 2026-08-15T03:00:00Z "Dedi Kurniawan" 1993-04-08 6205030804930004
hol=$id
same "$(due $hol)" 2026-08-18T06:30:00Z \
    "Saturday 10:00 WIB before Independence Day (Monday) is due Tuesday 13:30 WIB"

expect 0 "app show" -- app show "$fri"
has "$out" "Mon 2026-11-30 09:00" "gives the due time in WIB"
expect 0 "the calendar" -- calendar --year 2026
has "$out" "Friday     07:30-16:00" "shows the service hours"
has "$out" "Sunday     closed" "and Sunday closed"
has "$out" "2026-08-17  national      Hari Proklamasi Kemerdekaan RI" "and the holidays"
same "$(sql "SELECT count(*) FROM holidays WHERE date LIKE '2026-%'")" 25 \
    "2026: 17 national holidays and 8 days of cuti bersama"
expect 3 "the desk cannot change the calendar" -- --as Dina calendar holiday add 2026-11-30 Banjir
expect 2 "a malformed date" -- --as Admin calendar holiday add 2026-11-31 Banjir
expect 0 "the admin closes a Monday" -- --as Admin calendar holiday add 2026-11-30 \
    "Hari jadi Kabupaten" --kind local
at 2026-11-28T01:30:00Z "Eko Prasetyo" 1994-05-09 6205030905940005
same "$(due $id)" 2026-12-01T05:00:00Z "with Monday closed, Saturday 08:30 is due Tuesday 12:00"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'holiday' AND action = 'insert'")" 1 \
    "the change of the calendar is in the audit trail"
expect 0 "the admin opens it again" -- --as Admin calendar holiday remove 2026-11-30
expect 4 "removing a day that is not closed" -- --as Admin calendar holiday remove 2026-11-30

# Work outside service hours is allowed and marked.
same "$(sql "SELECT outside_hours FROM app_events WHERE application_id = $sun")" 1 \
    "applying on a Sunday is marked outside service hours"
same "$(sql "SELECT outside_hours FROM app_events WHERE application_id = $sat")" 0 \
    "applying on Saturday at 08:30 is not"
expect 0 "app show" -- app show "$sun"
has "$out" "[outside service hours]" "marks it in the history"

# The queue on Monday 10:00 WIB: Friday's application is overdue.
export KARTU_NOW=2026-11-30T03:00:00Z
run --as Sari check "$sat"
expect 0 "the queue" -- queue
has "$out" "applied:" "grouped by step: applied"
has "$out" "checked:" "and checked"
grep -q "A$fri .*due Mon 2026-11-30 09:00  OVERDUE" "$out" && pass "Friday's is overdue" ||
    fail "Friday's is overdue"
grep "A$sat " "$out" | grep -q OVERDUE && fail "Saturday's is not overdue yet" ||
    pass "Saturday's is not overdue yet"
has "$out" "due Mon 2026-11-30 12:00" "its due time in WIB"
[ "$(sed -n '/^checked:/,$p' "$out" | grep -c "A$sat ")" = 1 ] &&
    pass "the checked one is under checked" || fail "the checked one is under checked"
open=$(sql "SELECT count(*) FROM applications WHERE state IN ('applied','checked','validated','issued')")
late=$(sql "SELECT count(*) FROM applications WHERE state IN ('applied','checked','validated','issued')
    AND due_at < '$KARTU_NOW'")
has "$out" "$open open, $late overdue" "the totals agree with the database"
expect 0 "queue --json" -- --json queue
same "$(grep -o '"overdue":true' "$out" | wc -l | tr -d ' ')" "$late" "--json marks the same"
KARTU_NOW=2026-12-02T03:00:00Z run queue
has "$out" "$open open, $open overdue" "two days later all are overdue"
run --as Sari reject "$fri" --reason "tidak datang"
run queue
hasnt "$out" "A$fri " "a rejected application leaves the queue"
finish
