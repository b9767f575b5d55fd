#!/bin/sh
# Operators: roles enforced on every step, PINs (argon2id), the station session.
. "$KARTU_SRC/tests/cli/lib.sh"
export KARTU_STATION=desk1	# sessions belong to a station (else the host name)
setup_desk

apply_umum "Muhammad Rizky" 1990-05-14 L 0812-3456-7890 6205031405900001
expect 3 "the desk cannot check applications" -- --as Dina check 1
expect 3 "an operator cannot check" -- --as Budi check 1
expect 0 "an officer checks" -- --as Sari check 1
expect 3 "an operator cannot validate" -- --as Budi validate 1
has "$err" "Budi is operator; only officer may validate" "saying who may"
expect 3 "the admin cannot validate" -- --as Admin validate 1
expect 0 "an officer validates" -- --as Sari validate 1
expect 3 "the desk cannot issue" -- --as Dina issue 1
has "$err" "only operator may issue" "saying who may"
expect 3 "an officer cannot issue" -- --as Sari issue 1
expect 0 "an operator issues" -- --as Budi issue 1
expect 3 "an operator cannot hand over" -- --as Budi handover 1 --phone 081234567890
expect 3 "only the admin adds operators" -- --as Sari operator add Eka --role desk
expect 3 "an operator does not make the library's keys" -- --as Budi keygen
expect 0 "the admin does" -- --as Admin keygen
[ -s "$trash/keys/library.pub" ] && pass "the keys are made" ||
    fail "the keys are made"
mno=$(sql "SELECT member_no FROM members")
run --as Dina desk --number "${mno}013" --once
[ "$rc" != 3 ] && has "$out" "Muhammad Rizky" "the desk checks a card"

# PINs.
printf '%s\n' 12ab >"$trash/pin"; run <"$trash/pin" --as Admin operator add Eka --role officer --pin
same "$rc" 2 "a PIN is digits"
printf '%s\n' 482913 >"$trash/pin"; run <"$trash/pin" --as Admin operator add Eka --role officer --pin
same "$rc" 0 "an officer added with a PIN"
hash=$(sql "SELECT pin_hash FROM operators WHERE name = 'Eka'")
case "$hash" in 'k1$argon2id$'*) pass "the PIN is kept as an argon2id hash of the keyed PIN" ;;
*) fail "the PIN is kept as an argon2id hash of the keyed PIN" ;; esac
db_lacks 482913 "the PIN itself is not in the database"
same "$(sql "SELECT count(*) FROM audit WHERE after LIKE '%argon2%' OR after LIKE '%482913%'")" 0 \
    "nor its hash in the audit trail"
same "$(sql "SELECT length(json_extract(after, '$.pin_hash')) FROM audit WHERE entity = 'operator'
    AND action = 'insert' ORDER BY id DESC LIMIT 1")" 16 \
    "where setting it shows as a keyed digest"

apply_umum "Siti Aminah" 1992-08-03 P 081211112222 6205034308920002
a=$(app_id)
KARTU_PIN= expect 3 "an operator with a PIN cannot act by name alone" -- --as Eka check "$a"
has "$err" "Eka has a PIN: log in first (kartu login Eka)" "and is told to log in"
KARTU_PIN=000000 expect 3 "a wrong KARTU_PIN is refused" -- --as Eka check "$a"
has "$err" "wrong PIN" "saying so"
KARTU_PIN=482913 expect 0 "the right KARTU_PIN acts" -- --as Eka check "$a"

# The session.
printf '%s\n' 111111 >"$trash/pin"; run <"$trash/pin" login Eka
same "$rc" 3 "login with a wrong PIN is refused"
printf '%s\n' 1234 >"$trash/pin"; run <"$trash/pin" login Budi
same "$rc" 3 "an operator without a PIN cannot log in"
has "$err" "has no PIN" "saying a PIN must be set first"
printf '%s\n' 482913 >"$trash/pin"; run <"$trash/pin" login Eka
same "$rc" 0 "Eka logs in"
has "$out" "Eka is logged in" "saying so"
KARTU_STATION=desk2 expect 2 "another station on the same database has no session" -- \
    complaint add --channel email --text x
KARTU_STATION=desk2 expect 3 "and Eka must log in there too" -- --as Eka complaint add \
    --channel email --text x
expect 0 "commands without --as act as Eka" -- validate "$a"
same "$(sql "SELECT o.name FROM app_events e JOIN operators o ON o.id = e.operator_id
    WHERE application_id = $a AND step = 'validate'")" Eka "recorded as Eka's step"
same "$(sql "SELECT o.name FROM audit a JOIN operators o ON o.id = a.operator_id
    ORDER BY a.id DESC LIMIT 1")" Eka "and in the audit trail"
expect 3 "the session does not give Eka the operator's role" -- issue "$a"
expect 0 "--as an operator without a PIN still works" -- --as Budi issue "$a" --media printed
print_card_of "$a"
export KARTU_NOW=2026-11-28T01:59:00Z
expect 0 "29 minutes later the session holds" -- --as Eka app show "$a"
run --as Eka handover "$a" --phone 081211112222
same "$rc" 0 "and Eka sends a handover code"
export KARTU_NOW=2026-11-28T02:30:00Z
KARTU_PIN= expect 3 "after 31 idle minutes the session is over" -- --as Eka handover "$a" --code 000000
has "$err" "log in first" "and Eka must log in again"
same "$(sql "SELECT end_reason FROM sessions ORDER BY id DESC LIMIT 1")" timeout "ended as timed out"
expect 2 "without --as nobody acts" -- validate "$a"
printf '%s\n' 482913 >"$trash/pin"; run <"$trash/pin" login Eka
expect 0 "logout" -- logout
has "$out" "Eka is logged out" "saying who"
expect 3 "after logout Eka must log in again" -- --as Eka handover "$a" --phone 081211112222
expect 4 "logout with nobody logged in" -- logout

# Changing PINs.
printf '%s\n' 5555 >"$trash/pin"; run <"$trash/pin" --as Sari operator pin Eka
same "$rc" 3 "an officer cannot set another operator's PIN"
printf '%s\n' 7777 >"$trash/pin"; run <"$trash/pin" --as Sari operator pin Sari
same "$rc" 0 "an operator sets their own PIN"
expect 3 "and from then on must log in" -- --as Sari complaint add --channel email --text x
printf '%s\n' 9999 >"$trash/pin"; run <"$trash/pin" --as Admin operator pin Eka
same "$rc" 0 "the admin sets Eka's PIN"
printf '%s\n' 482913 >"$trash/pin"; run <"$trash/pin" login Eka
same "$rc" 3 "the old PIN no longer logs in"
printf '%s\n' 9999 >"$trash/pin"; run <"$trash/pin" login Eka
same "$rc" 0 "the new one does"
same "$(sql_words "SELECT end_reason FROM sessions WHERE end_reason IS NOT NULL ORDER BY id")" "timeout logout" \
    "the sessions before ended by timeout and logout"

# Wrong PINs are bounded: five in a row lock the PIN for 15 minutes.
export KARTU_STATION=desk3
for i in 1 2 3 4; do
	KARTU_PIN=0000 run --as Eka complaint add --channel email --text x
done
same "$rc" 3 "a fourth wrong PIN is refused"
same "$(sql "SELECT pin_failures FROM operators WHERE name = 'Eka'")" 4 "and counted"
KARTU_PIN=0000 expect 3 "the fifth locks the PIN" -- --as Eka complaint add --channel email --text x
has "$err" "locked until 2026-11-28 09:45 (WIB)" "for 15 minutes, the time in WIB"
KARTU_PIN=9999 expect 3 "then even the right PIN is refused" -- --as Eka complaint add \
    --channel email --text x
printf '%s\n' 9999 >"$trash/pin"; run <"$trash/pin" login Eka
same "$rc" 3 "and so is a login"
KARTU_NOW=2026-11-28T02:45:00Z KARTU_PIN=9999 expect 0 "after 15 minutes the right PIN works" -- \
    --as Eka complaint add --channel email --text "Sudah bisa"
same "$(sql "SELECT pin_failures FROM operators WHERE name = 'Eka'")" 0 "and the count is reset"

# The admin deactivates an operator (as the screens' Operator page does): they
# can no longer act; not the admin themself; activate undoes it.
unset KARTU_STATION
KARTU_PIN=$ADMIN_PIN expect 0 "the admin deactivates Eka" -- --as Admin operator deactivate Eka
has "$out" "Eka is deactivated" "says so"
same "$(sql "SELECT active FROM operators WHERE name = 'Eka'")" 0 "Eka is inactive"
KARTU_NOW=2026-11-28T02:45:00Z KARTU_PIN=9999 expect 3 "Eka can no longer act" -- \
    --as Eka complaint add --channel email --text x
has "$err" "no longer active" "and is told why"
KARTU_PIN=$ADMIN_PIN expect 3 "nor does the admin deactivate themself" -- --as Admin \
    operator deactivate Admin
KARTU_PIN=9999 expect 3 "Eka cannot do it" -- --as Eka operator activate Eka
KARTU_PIN=$ADMIN_PIN expect 0 "the admin activates Eka again" -- --as Admin operator activate Eka
same "$(sql "SELECT active FROM operators WHERE name = 'Eka'")" 1 "Eka is active"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'operator' AND action = 'update'
    AND after LIKE '%\"active\":0%'")" 1 "the deactivation is in the audit trail"
KARTU_PIN=$ADMIN_PIN expect 4 "no such operator" -- --as Admin operator deactivate Nobody
finish
