#!/bin/sh
# Trust boundaries (issue 13): the environment is never an authority.  The
# installed program ($KI, build/kartu) takes no clock, key, gateway or
# identity from it; the test hooks live only in the test build ($K,
# build/kartu-test).  A session belongs to the Unix user who logged in.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# issued NAME BIRTH SEX PHONE NIK: an issued application, its id in $id.
issued() {
	apply_umum "$@"
	id=$(app_id)
	"$K" --as Sari check "$id" --not-duplicate >/dev/null 2>&1 ||
	    "$K" --as Sari check "$id" >/dev/null
	"$K" --as Sari validate "$id" >/dev/null && "$K" --as Budi issue "$id" >/dev/null ||
	    { echo "Bail out! cannot issue $1"; exit 1; }
}
# runi CMD...: as run, with the installed program.
runi() { "$KI" "$@" >"$out" 2>"$err"; rc=$?; }

# --- Finding 4: test hooks do not work in the installed program. ---

run --version
has "$out" "(test build)" "the test build says what it is"
runi --version
hasnt "$out" "test build" "the installed program does not"
run doctor --no-nfc
same "$(grep -c '^warn  *build  *this is the test build' "$out")" 1 \
    "kartu doctor flags the test build"
runi doctor --no-nfc
hasnt "$out" "test build" "and not the installed program"

# KARTU_NOW does not take back the clock: a handover code made in 2020 is
# expired, whatever KARTU_NOW says.
issued "Siti Aminah" 1992-08-03 P 081211112222 6205034308920002
a=$id
KARTU_NOW=2020-01-01T00:00:00Z run --as Sari handover "$a" --phone 081211112222
code=$(otp_code)
KARTU_NOW=2020-01-01T00:05:00Z runi --as Sari handover "$a" --code "$code"
same "$rc" 3 "the installed program refuses an expired code despite KARTU_NOW"
has "$err" "expired" "saying it expired"
same "$(sql "SELECT state FROM applications WHERE id = $a")" issued "nothing handed over"

# KARTU_NOW does not backdate the audit trail.
before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
KARTU_NOW=2000-01-01T00:00:00Z runi --as Sari complaint add --channel email --text "Ruang baca"
same "$rc" 0 "the installed program records a change under KARTU_NOW"
at=$(sql "SELECT at FROM audit ORDER BY id DESC LIMIT 1")
[ "$at" \> "$before" ] || [ "$at" = "$before" ] && pass "stamped with the real time ($at)" ||
    { echo "#   at $at, before $before"; fail "stamped with the real time"; }

# KARTU_NOW does not outwait a PIN lock.
printf '%s\n' 482913 >"$trash/pin"
run <"$trash/pin" --as Admin operator add Eka --role officer --pin
for i in 1 2 3 4 5; do
	KARTU_PIN=0000 runi --as Eka complaint add --channel email --text x
done
has "$err" "the PIN is locked until" "five wrong PINs lock Eka's PIN"
KARTU_NOW=2099-01-01T00:00:00Z KARTU_PIN=482913 runi --as Eka complaint add \
    --channel email --text x
same "$rc" 3 "KARTU_NOW in the future does not lift the lock"
has "$err" "locked" "the PIN is still locked"

# KARTU_KEYS names no key directory.
KARTU_KEYS="$trash/otherkeys" runi --as Admin keygen
[ ! -e "$trash/otherkeys" ] && pass "the installed program ignores KARTU_KEYS" ||
    fail "the installed program ignores KARTU_KEYS"
[ -s "$trash/keys/library.pub" ] && pass "its keys go beside the database" ||
    fail "its keys go beside the database"

# KARTU_TRUST_ORIGINALITY_KEY does not make the simulator's chips genuine.
start_sim
issued "Budi Santoso" 1985-01-20 L 085211112222 6205032001850003
m=$(sql "SELECT member_no FROM members WHERE application_id = $id")
sim put ntag215 04A1B2C3D4E5F6 >/dev/null
expect 0 "the test build encodes on the simulator's chip" -- --as Budi encode "$m" --timeout 5
expect 0 "and answers ACTIVE for it" -- desk --once --timeout 5
runi desk --once --timeout 5
same "$rc" 17 "the installed program answers NOT GENUINE despite KARTU_TRUST_ORIGINALITY_KEY"
hasnt "$out" "ACTIVE" "never ACTIVE"

# --- Finding 5: a session belongs to the Unix user who logged in. ---

printf '%s\n' 1357 >"$trash/pin"
run <"$trash/pin" --as Admin operator pin Admin
KARTU_STATION=desk-1 run <"$trash/pin" login Admin
same "$rc" 0 "Admin logs in at desk-1"
KARTU_STATION=desk-1 expect 0 "and acts without --as" -- operator add Fajar --role desk
same "$(sql "SELECT uid FROM sessions WHERE ended_at IS NULL")" "$(id -u)" \
    "the session records the Unix user"
# The installed program takes no station name from the environment.
KARTU_STATION=desk-1 runi operator add Gita --role desk
same "$rc" 2 "the installed program ignores KARTU_STATION: no session there"
runi <"$trash/pin" login Admin
same "$rc" 0 "Admin logs in with the installed program (the host's station)"
runi operator add Hadi --role desk
same "$rc" 0 "and acts without --as"

# Another Unix user: needs root to become one, and a scratch directory it can
# write (this test's own only).
if [ "$(id -u)" != 0 ]; then
	pass "# SKIP not root: cannot run a command as another Unix user"
elif ! command -v setpriv >/dev/null; then
	pass "# SKIP setpriv (util-linux) is missing"
else
	chmod 777 "$trash" && chmod 666 "$KARTU_DB"*
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	if ! nobody test -x "$K" -a -w "$KARTU_DB"; then
		pass "# SKIP the user nobody cannot reach $K or the database"
	else
		KARTU_STATION=desk-1 nobody "$K" operator add Eve --role admin >"$out" 2>"$err"
		same "$?" 2 "another Unix user naming desk-1 has no session"
		has "$err" "who is acting?" "and must name the operator"
		KARTU_STATION=desk-1 nobody "$K" --as Admin operator add Eve --role admin \
		    >"$out" 2>"$err"
		same "$?" 3 "nor acts as Admin by name"
		has "$err" "Admin has a PIN: log in first" "Admin must log in first"
		nobody "$KI" operator add Eve --role admin >"$out" 2>"$err"
		same "$?" 2 "another Unix user of the host does not share Admin's session"
		same "$(sql "SELECT count(*) FROM operators WHERE name = 'Eve'")" 0 \
		    "no admin Eve was made"
	fi
fi
finish
