#!/bin/sh
# Trust boundaries (issue 13): the environment is never an authority.  The
# installed program ($KI, build/kartu) takes no clock, key, gateway or
# identity from it; the test hooks live only in the test build ($K,
# build/kartu-test).  A session belongs to the Unix user who logged in.  The
# SMS gateway comes only from the station's own configuration.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }

# issued NAME BIRTH SEX PHONE NIK: an issued application, its id in $id, its
# card of $media (a printed card printed).
issued() {
	apply_umum "$@"
	id=$(app_id)
	"$K" --as Sari check "$id" --not-duplicate >/dev/null 2>&1 ||
	    "$K" --as Sari check "$id" >/dev/null
	"$K" --as Sari validate "$id" >/dev/null &&
	    "$K" --as Budi issue "$id" --media "$media" >/dev/null ||
	    { echo "Bail out! cannot issue $1"; exit 1; }
	[ "$media" = chip ] || print_card_of "$id"
}
media=printed	# issued's cards: printed, and printed at once
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

# KARTU_KEYS names no key directory: the keys stay those beside the database.
KARTU_KEYS="$trash/otherkeys" runi --as Admin keygen
[ ! -e "$trash/otherkeys" ] && pass "the installed program ignores KARTU_KEYS" ||
    fail "the installed program ignores KARTU_KEYS"
# (a PostgreSQL database has no folder: keys/ here, in $trash, as README says)
has "$err" "$(engine "$trash/keys" "keys already holds a key")" \
    "it names the keys beside the database"

# KARTU_TRUST_ORIGINALITY_KEY does not make the simulator's chips genuine.
start_sim
media=chip
issued "Budi Santoso" 1985-01-20 L 085211112222 6205032001850003
media=printed
m=$(sql "SELECT member_no FROM members WHERE application_id = $id")
sim put ntag215 04A1B2C3D4E5F6 >/dev/null
expect 0 "the test build encodes on the simulator's chip" -- --as Budi encode "$m" --timeout 5
expect 0 "and answers ACTIVE for it" -- desk --once --timeout 5
runi desk --once --timeout 5
same "$rc" 17 "the installed program answers NOT GENUINE despite KARTU_TRUST_ORIGINALITY_KEY"
hasnt "$out" "ACTIVE" "never ACTIVE"

# --- Finding 6: the phone check cannot be skipped or redirected. ---

# The station's gateway: a script recording its arguments and environment.
cat >"$trash/sms" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$0.args"
env >"$0.env"
cat >/dev/null
SH
cp "$trash/sms" "$trash/own"
chmod +x "$trash/sms" "$trash/own"
issued "Nur Hasanah" 1995-06-30 P 081277778888 6205037006950005
n=$id
sql "UPDATE settings SET value = '$trash/sms {phone} {message}' WHERE key = 'sms_command'"
KARTU_SMS_COMMAND= KARTU_PIN=2468 run --as Sari handover "$n" --phone 081277778888
same "$rc" 0 "KARTU_SMS_COMMAND= : a code is sent"
has "$out" "sent by SMS" "by the library's gateway"
hasnt "$out" "read out this code" "and not shown on the screen"
same "$(grep -c '^KARTU_' "$trash/sms.env")" 0 "the gateway gets none of kartu's environment"
hasnt "$trash/sms.env" "2468" "KARTU_PIN does not reach it"
KARTU_SMS_COMMAND="$trash/own {message}" runi --as Sari handover "$n" --phone 081277778888
[ ! -e "$trash/own.args" ] && pass "the installed program does not run the officer's script" ||
    fail "the installed program does not run the officer's script"
rm -f "$trash/sms.args"
KARTU_SMS_COMMAND="$trash/own {message}" run --as Sari handover "$n" --phone 081277778888
same "$rc" 0 "KARTU_SMS_COMMAND=/own/script: a code is sent"
[ ! -e "$trash/own.args" ] && pass "nor the test build" || fail "nor the test build"
has "$trash/sms.args" "+6281277778888" "the library's gateway sends it"
code=$(sed -n 's/.*code: \([0-9]\{6\}\)\..*/\1/p' "$trash/sms.args")
expect 0 "the code from the SMS hands the card over" -- --as Sari handover "$n" --code "$code"
expect 0 "the handover book" -- --as Sari --json handover-book --date 2026-11-28 \
    --out "$trash/book.pdf"
has "$out" '"verified_via":"sms"' "records that the code went by SMS"
pdftotext -layout "$trash/book.pdf" - | grep -q 'yes (SMS)' && pass "and prints it" ||
    fail "and prints it"

# A gateway is an absolute path, never looked up on the officer's PATH.
issued "Rahmah Wati" 1994-02-01 P 081255556666 6205034102940001
g=$id
sql "UPDATE settings SET value = 'sms {phone} {message}' WHERE key = 'sms_command'"
PATH="$trash:$PATH" expect 3 "a gateway without an absolute path is refused" -- \
    --as Sari handover "$g" --phone 081255556666
has "$err" "absolute path" "saying why"
sql "UPDATE settings SET value = '' WHERE key = 'sms_command'"

# The gateway in the station's own kartu.conf: a file named with --config may
# neither leave it out nor set another.  (KARTU_CONFIG names it too, for
# builds that know no KARTU_STATION_CONFIG.)
printf 'sms_command = %s\n' "$trash/sms {phone} {message}" >"$trash/station.conf"
printf 'sms_command = %s\n' "$trash/own {phone} {message}" >"$trash/mine.conf"
rm -f "$trash/sms.args" "$trash/own.args"
KARTU_STATION_CONFIG="$trash/station.conf" KARTU_CONFIG="$trash/station.conf" \
    run --config /dev/null --as Sari handover "$g" --phone 081255556666
has "$out" "sent by SMS" "--config /dev/null does not leave out the station's gateway"
hasnt "$out" "read out this code" "the code is not shown"
KARTU_STATION_CONFIG="$trash/station.conf" KARTU_CONFIG="$trash/station.conf" \
    run --config "$trash/mine.conf" --as Sari handover "$g" --phone 081255556666
same "$rc" 2 "a named file may not set sms_command"
[ ! -e "$trash/own.args" ] && pass "the code does not go to its command" ||
    fail "the code does not go to its command"

# --- Finding 5: a session belongs to the Unix user who logged in. ---

printf '%s\n' "$ADMIN_PIN" >"$trash/pin"
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
	# (the register key too, still private: this is about the session, not the
	# files; root reads it all the same)
	# (PostgreSQL: the socket is open to every user, the database's role is
	# named in KARTU_DB)
	chmod 777 "$trash" && chown -R 65534 "$trash/keys" && { on_pg || chmod 666 "$KARTU_DB"*; }
	# Not even the admin's PIN in its environment.
	nobody() { KARTU_PIN= setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	if ! nobody test -x "$K" || { ! on_pg && ! nobody test -w "$KARTU_DB"; }; then
		pass "# SKIP the user nobody cannot reach $K or the database"
	else
		KARTU_STATION=desk-1 nobody "$K" operator add Eve --role admin >"$out" 2>"$err"
		same "$?" 2 "another Unix user naming desk-1 has no session"
		has "$err" "who is acting?" "and must name the operator"
		KARTU_STATION=desk-1 nobody "$K" --as Admin operator add Evi --role admin \
		    >"$out" 2>"$err"
		same "$?" 3 "nor acts as Admin by name"
		has "$err" "Admin has a PIN: log in first" "Admin must log in first"
		nobody "$KI" operator add Eva --role admin >"$out" 2>"$err"
		same "$?" 2 "another Unix user of the host does not share Admin's session"
		same "$(sql "SELECT count(*) FROM operators WHERE name IN ('Eve', 'Evi', 'Eva')")" \
		    0 "no admin was made"
	fi
fi
finish
