#!/bin/sh
# The desk keeps answering when the register's server is away (issue 17, item
# 4): on a real PostgreSQL server (tests/pg-cluster.sh), the station's
# revocation list is taken while online; offline (a dead socket, or the
# server refusing the desk's connections) a tapped card is checked against
# its signature and that list, the answer says so with the list's time, a
# list edited by hand is refused, registration refuses with exit 5, and back
# online the register answers again; the desk writes nothing, so nothing is
# sent twice.  An SQLite station keeps no list and never answers offline.
. "$KARTU_SRC/tests/cli/lib.sh"
use_pg
PG_DB=$KARTU_DB
setup_desk
start_sim
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }

# member NAME BIRTH SEX PHONE NIK UID: a member whose card is on chip UID,
# its image saved as $trash/UID.img; prints the card number.
member() {
	u=$6
	apply_umum "$1" "$2" "$3" "$4" "$5"
	i=$(app_id)
	"$K" --as Sari check "$i" --not-duplicate >/dev/null 2>&1 || "$K" --as Sari check "$i" >/dev/null
	"$K" --as Sari validate "$i" >/dev/null && "$K" --as Budi issue "$i" >/dev/null ||
	    { echo "Bail out! cannot make member $1"; exit 1; }
	m=$(sql "SELECT member_no FROM members WHERE application_id = $i")
	sim put ntag215 "$u" >/dev/null
	"$K" --as Budi encode "$m" --timeout 5 >/dev/null || { echo "Bail out! encode $1"; exit 1; }
	sim save "$trash/$u.img" >/dev/null
	sim remove >/dev/null
	sql "SELECT card_no FROM cards c JOIN members m ON m.id = c.member_id WHERE m.member_no = '$m'"
}
tap() { sim load "$trash/$1.img" >/dev/null; }
c1=$(member "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002 04000000000001)
c2=$(member "Ahmad Fauzi" 1990-01-15 L 081234567891 6205031501900003 04000000000002)
c3=$(member "Rina Wati" 1995-05-20 P 081234567892 6205036005950001 04000000000003)
m2=$(sql "SELECT member_no FROM members WHERE name = 'Ahmad Fauzi'")
m3=$(sql "SELECT member_no FROM members WHERE name = 'Rina Wati'")

# Online: the desk answers from the register and takes the station's list.
tap 04000000000001
expect 0 "online, a good card is ACTIVE" -- desk --once --timeout 5
hasnt "$out" "offline" "with no offline note"
list="$KARTU_KEYS/revocation.list"
[ -f "$list" ] && pass "the desk took the revocation list" || fail "the desk took the revocation list"
same "$(stat -c %a "$list") $(stat -c %a "$KARTU_KEYS/revocation.key")" "600 600" \
    "the list and its key are the station's alone (0600)"
same "$(sed -n 5p "$list")" "cards 0" "no card is revoked yet"

# Revoked while online: Ahmad's card lost, Rina blocked.
expect 0 "Ahmad's card is reported lost" -- --as Budi replace --member "$m2" --reason lost \
    --document ktp --document-no 6205031501900003
expect 0 "Rina is blocked" -- --as Sari member block "$m3" --reason "buku belum kembali"
tap 04000000000001
expect 0 "a one-shot desk refreshes the list while online" -- desk --once --timeout 5
has "$list" "$c2 LOST" "the lost card is on the list"
has "$list" "$c3 BLOCKED" "so is the blocked member's"
hasnt "$list" "$c1" "the good card is not"
grep -q "Rina\|Ahmad\|6205031501900003\|6205036005950001" "$list" &&
    fail "nothing personal in the list" || pass "nothing personal in the list (no name, no NIK)"
sql "SELECT count(*) FROM audit" >"$trash/audit-before"
sql "SELECT count(*) || ' ' || coalesce(max(id), 0) FROM cards" >"$trash/cards-before"

# Offline: the same station, its server away (a socket no server listens on).
export KARTU_DB="postgresql:///kartu?host=$trash/no-server&user=kartu"
tap 04000000000001
expect 0 "offline, a good card still passes" -- desk --once --timeout 5
has "$out" "ACTIVE" "ACTIVE"
has "$out" "$c1" "with its card number"
has "$out" "offline: checked against the card and the revocation list of 08:30" \
    "saying it is an offline answer and the list's time (WIB)"
has "$err" "answering offline" "and on stderr that the server is away"
expect 0 "--json says so in fields" -- --json desk --once --timeout 5
has "$out" '"offline":true' "offline: true"
has "$out" '"list_taken":"2026-11-28T01:30:00Z"' "the list's time"
has "$out" '"verdict":"ACTIVE"' "the verdict"
tap 04000000000002
run desk --once --timeout 5
same "$rc" 12 "a card lost while online is refused offline (LOST, exit 12)"
has "$out" "offline: checked against" "offline"
tap 04000000000003
run desk --once --timeout 5
same "$rc" 11 "a blocked member's card is refused offline (BLOCKED, exit 11)"
run desk --number "$c2"
same "$rc" 12 "the lost card's number is refused offline too"
run desk --number "$c1"
same "$rc" 16 "a number alone cannot be verified offline (UNKNOWN, exit 16)"
has "$out" "tap the chip" "saying to tap the chip"
sim put ntag215 04000000000009 >/dev/null
run desk --once --timeout 5
same "$rc" 16 "a blank chip is UNKNOWN offline"
sim put foreign >/dev/null
run desk --once --timeout 5
same "$rc" 16 "a foreign card is UNKNOWN offline"
has "$out" "not a library card" "saying it is not a library card"
# A copy on another chip, and a clone that copied the UID too: the chip's
# own checks, which need no register.
sed 's/04000000000001/04000000000008/' "$trash/04000000000001.img" >"$trash/copy.img"
sim load "$trash/copy.img" >/dev/null
run desk --once --timeout 5
same "$rc" 14 "a copy on another chip is FORGED offline (exit 14)"
has "$out" "offline: checked against" "an offline answer"
sed 's/^signature .*/signature 0000000000000000000000000000000000000000000000000000000000000000/' \
    "$trash/04000000000001.img" >"$trash/clone.img"
sim load "$trash/clone.img" >/dev/null
run desk --once --timeout 5
same "$rc" 17 "a clone with the same UID is NOT GENUINE offline (exit 17)"
has "$out" "NOT GENUINE" "NOT GENUINE"

# Indonesian at the desk.
tap 04000000000002
LANG=id_ID.UTF-8 LANGUAGE=id run desk --once --timeout 5
has "$out" "HILANG" "Indonesian: HILANG"
has "$out" "luring: diperiksa dengan kartu dan daftar pencabutan pukul 08:30" \
    "Indonesian: the offline note"

# A list edited by hand (the lost card taken off it) is refused.
cp "$list" "$trash/list.good"
grep -v "$c2" "$trash/list.good" | sed 's/^cards 2$/cards 1/' >"$list"
run desk --once --timeout 5
same "$rc" 5 "an edited list is not used (exit 5)"
has "$err" "does not verify" "saying it does not verify"
hasnt "$out" "ACTIVE" "the lost card is not let through"
sed 's/ BLOCKED$/ EXPIRED/' "$trash/list.good" >"$list"
run desk --once --timeout 5
same "$rc" 5 "a verdict changed in the list is refused too"
cp "$trash/list.good" "$list"
run desk --once --timeout 5
same "$rc" 12 "the list as written verifies again"

# Registration and the other steps refuse clearly while offline.
apply_umum "Dewi Lestari" 1993-03-10 P 081234567893 6205035003930002
same "$rc" 5 "apply refuses offline (exit 5)"
has "$err" "kartu apply cannot be done offline" "saying what and why"
expect 5 "issue refuses offline" -- --as Budi issue 1
expect 5 "replace refuses offline" -- --as Budi replace --member "$m3" --reason lost \
    --document ktp --document-no 6205036005950001
LANG=id_ID.UTF-8 LANGUAGE=id run --as Sari validate 1
same "$rc" 5 "validate refuses offline"
has "$err" "luring" "in Indonesian"
expect 5 "--json: an error with status 5" -- --json --as Sari check 1
has "$out" '"status":5' "status 5"

# Back online: the register answers again, and nothing was written twice.
export KARTU_DB="$PG_DB"
tap 04000000000002
run desk --once --timeout 5
same "$rc" 12 "back online, the lost card is LOST from the register"
has "$out" "since" "with the register's date"
hasnt "$out" "offline" "and no offline note"
tap 04000000000001
expect 0 "back online, the good card is ACTIVE with its member's name" -- desk --once --timeout 5
has "$out" "Siti Nurhaliza" "the name, which only the register has"
same "$(sql "SELECT count(*) FROM audit")" "$(cat "$trash/audit-before")" \
    "the desk wrote nothing to the register, online or offline: nothing to send twice"
same "$(sql "SELECT count(*) || ' ' || coalesce(max(id), 0) FROM cards")" \
    "$(cat "$trash/cards-before")" "no card made or changed by the offline steps"
same "$(sql "SELECT count(*) FROM applications WHERE name = 'Dewi Lestari'")" 0 \
    "the refused application is not in the register"
expect 0 "the audit trail verifies" -- --as Admin audit verify

# A long-running desk: the connection dropped and refused (the database
# closed to new connections), answers offline, and reconnects by itself.
dbname=$(echo "$PG_DB" | sed 's|postgresql:///\([^?]*\)?.*|\1|')
su_sql() { "$(pg_config --bindir)/psql" -XAtq -v ON_ERROR_STOP=1 -h "$KARTU_PG_HOST" \
    -U postgres -d postgres -c "$1"; }
sim remove >/dev/null
"$K" desk >"$trash/desk.out" 2>"$trash/desk.err" &
desk_pid=$!
at_exit 'kill $desk_pid 2>/dev/null; wait $desk_pid 2>/dev/null'
# wait_line FILE N: until FILE has N lines (10 s at most).
wait_line() {
	n=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
}
sleep 0.5
tap 04000000000001
wait_line "$trash/desk.out" 1
sim remove >/dev/null
same "$(sed -n 1p "$trash/desk.out" | grep -c 'ACTIVE.*Siti Nurhaliza')" 1 \
    "the running desk answers online"
# A change at another desk reaches the running desk's list through the
# register's note (LISTEN/NOTIFY), within a second, not a minute.
m1=$(sql "SELECT member_no FROM members WHERE name = 'Siti Nurhaliza'")
# wait_list GREP-ARGS: until the list matches (5 s at most).
wait_list() {
	n=0
	while ! grep -q "$@" "$list" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	grep -q "$@" "$list"
}
"$K" --as Sari member block "$m1" --reason "uji" >/dev/null
wait_list "$c1 BLOCKED" && pass "a member blocked at another desk is on the running desk's list at once" ||
    fail "a member blocked at another desk is on the running desk's list at once"
"$K" --as Sari member unblock "$m1" >/dev/null
n=0
while grep -q "$c1" "$list" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
hasnt "$list" "$c1" "and off it once unblocked"
su_sql "ALTER DATABASE \"$dbname\" ALLOW_CONNECTIONS false" >/dev/null
su_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$dbname'" \
    >/dev/null
sleep 0.3
tap 04000000000002
wait_line "$trash/desk.out" 2
sim remove >/dev/null
same "$(sed -n 2p "$trash/desk.out" | grep -c 'LOST.*offline: checked against')" 1 \
    "its connection dropped, it answers the next tap offline"
su_sql "ALTER DATABASE \"$dbname\" ALLOW_CONNECTIONS true" >/dev/null
n=0
while ! grep -q "server is back" "$trash/desk.err" && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
has "$trash/desk.err" "the register's server is back" "it reconnects by itself"
tap 04000000000001
wait_line "$trash/desk.out" 3
sim remove >/dev/null
same "$(sed -n 3p "$trash/desk.out" | grep -c 'ACTIVE.*Siti Nurhaliza')" 1 \
    "and answers from the register again"
hasnt "$trash/desk.out" "error" "no tap went unanswered"
kill "$desk_pid" 2>/dev/null
wait "$desk_pid" 2>/dev/null

# Terms offline: the chip carries the term it was written with, the list
# what the register said on its day.
later=2032-01-05T01:30:00Z	# past Siti's term (2031-11-28)
dead="postgresql:///kartu?host=$trash/no-server&user=kartu"
tap 04000000000001
KARTU_DB=$dead KARTU_NOW=$later run desk --once --timeout 5
same "$rc" 10 "a chip whose term ran out after the list was taken is EXPIRED offline"
KARTU_NOW=$later expect 0 "Siti renews at the counter (the chip is not rewritten)" -- \
    --as Budi member renew "$m1"
KARTU_NOW=$later expect 0 "online, the renewed card is ACTIVE" -- desk --once --timeout 5
KARTU_DB=$dead KARTU_NOW=$later run desk --once --timeout 5
same "$rc" 0 "offline, a chip past its term that the day's list does not call EXPIRED passes (renewed)"
has "$out" "offline: checked against the card and the revocation list of 08:30" "offline"

# An SQLite station: no list, no offline answer, the desk as before.
export KARTU_DB="$trash/lite.db" KARTU_KEYS="$trash/lite-keys"
"$K" init >/dev/null 2>&1 || { echo "Bail out! init sqlite"; exit 1; }
run desk --number "$c1"
same "$rc" 16 "SQLite: a number not on record is UNKNOWN, as before"
hasnt "$out" "offline" "no offline note"
[ -e "$KARTU_KEYS/revocation.list" ] && fail "SQLite: no revocation list is kept" ||
    pass "SQLite: no revocation list is kept"
finish
