#!/bin/sh
# Cards through the real libnfc against the simulated PN532: encode with
# read-back and protection, the desk check's answers, a card pulled away at
# every step of an encode.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
start_sim
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }

# Members ready to encode: apply, check, validate, issue.
member() {	# member NAME BIRTH SEX PHONE NIK
	apply_umum "$@"
	i=$(app_id)
	"$K" --as Sari check "$i" --not-duplicate >/dev/null 2>&1 || "$K" --as Sari check "$i" >/dev/null
	"$K" --as Sari validate "$i" >/dev/null && "$K" --as Budi issue "$i" >/dev/null ||
	    { echo "Bail out! cannot make member $1"; exit 1; }
	sql "SELECT m.member_no FROM members m WHERE m.application_id = $i"
}
m1=$(member "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002)
c1=$(sql "SELECT card_no FROM cards c JOIN members m ON m.id = c.member_id WHERE member_no = '$m1'")

sim put ntag215 04A1B2C3D4E5F6 >/dev/null
expect 3 "a desk operator may not encode" -- --as Dina encode "$m1" --timeout 5
expect 0 "the operator encodes the member's card" -- --as Budi encode "$m1" --timeout 5
has "$out" "Card $c1 written to the ntag215 chip 04A1B2C3D4E5F6, read back and protected" \
    "encode says what it did"
same "$(sql "SELECT status, uid, chip FROM cards WHERE card_no = '$c1'")" \
    "active|04A1B2C3D4E5F6|ntag215" "the card is active with its chip's UID"
sim save "$trash/card1.img" >/dev/null

expect 0 "the desk check answers ACTIVE" -- desk --once --timeout 5
has "$out" "ACTIVE" "ACTIVE"
has "$out" "$c1  Siti Nurhaliza  umum  valid until 2031-11-28" "with the number, name, category, expiry"
expect 0 "--json gives one object" -- --json desk --once --timeout 5
has "$out" '"verdict":"ACTIVE"' "with the verdict code"
has "$out" "\"card_no\":\"$c1\"" "and the card number"
hasnt "$out" "6205034308920002" "and never the NIK"
expect 0 "kartu read shows the card" -- read --timeout 5
has "$out" "04A1B2C3D4E5F6" "with its UID"

# The card is protected: the stock nfc-mfultralight, without the password,
# reads it (reading stays open) but cannot change it.
timeout 20 nfc-mfultralight r "$trash/enc.mfd" >"$out" 2>"$err"
has "$out" "135 of 135 pages read" "nfc-mfultralight reads the protected card"
cp "$trash/enc.mfd" "$trash/evil.mfd"
printf 'EVIL' | dd of="$trash/evil.mfd" bs=4 seek=6 conv=notrunc 2>/dev/null
printf 'n\n' | timeout 20 nfc-mfultralight w "$trash/evil.mfd" >"$out" 2>"$err"
sim save "$trash/after.img" >/dev/null
grep -v '^#' "$trash/card1.img" >"$trash/a" && grep -v '^#' "$trash/after.img" >"$trash/b"
cmp -s "$trash/a" "$trash/b" && pass "a write without the password changed nothing" ||
    fail "a write without the password changed nothing"
hasnt "$trash/after.img" "4556494c" "the chip holds no EVIL"
run desk --once --timeout 5
same "$rc" 0 "and the card still checks ACTIVE"

# The chip cannot become another member's card.
m2=$(member "Budi Santoso" 1985-01-20 L 085211112222 6205032001850003)
expect 3 "the same chip cannot become another member's card" -- --as Budi encode "$m2" --timeout 15
has "$err" "already card $c1 of member $m1" "the refusal names the member number"

# A copy: the same memory on a chip with another UID.
sed 's/04A1B2C3D4E5F6/04A1B2C3D4E5F7/I' "$trash/card1.img" >"$trash/copy.img"
sim load "$trash/copy.img" >/dev/null
run desk --once --timeout 5
same "$rc" 14 "a copy on another chip is FORGED (exit 14)"
has "$out" "FORGED" "FORGED"

# A clone that copied the UID too: the payload verifies, the chip's NXP
# originality signature does not.
sed 's/^signature .*/signature 0000000000000000000000000000000000000000000000000000000000000000/' \
    "$trash/card1.img" >"$trash/clone.img"
sim load "$trash/clone.img" >/dev/null
run desk --once --timeout 5
same "$rc" 17 "a clone with the same UID is NOT GENUINE (exit 17)"
has "$out" "NOT GENUINE" "NOT GENUINE"
sim load "$trash/card1.img" >/dev/null
KARTU_TRUST_ORIGINALITY_KEY= "$K" desk --once --timeout 5 >"$out" 2>"$err"; rc=$?
same "$rc" 17 "a simulated chip is not genuine unless its test key is trusted"
sim put ntag215 >/dev/null
KARTU_TRUST_ORIGINALITY_KEY= "$K" --as Budi encode "$m2" --timeout 5 >"$out" 2>"$err"; rc=$?
same "$rc" 3 "a chip that is not genuine is not encoded"
has "$err" "not a genuine NTAG" "saying why"

sim put foreign >/dev/null
run desk --once --timeout 5
same "$rc" 16 "a foreign card is UNKNOWN (exit 16)"
has "$out" "not a library card" "saying it is not a library card"
sim put ntag213 >/dev/null
run desk --once --timeout 5
same "$rc" 16 "a blank card is UNKNOWN (exit 16)"

sim load "$trash/card1.img" >/dev/null
KARTU_NOW=2031-11-29T01:00:00Z "$K" desk --once --timeout 5 >"$out" 2>"$err"; rc=$?
same "$rc" 10 "after its expiry the card is EXPIRED (exit 10)"
sql "UPDATE cards SET status = 'replaced', status_at = '2026-12-01T02:00:00Z' WHERE card_no = '$c1'"
run desk --once --timeout 5
same "$rc" 13 "a replaced card is REPLACED (exit 13)"
has "$out" "since 2026-12-01" "with the date"
sql "UPDATE cards SET status = 'lost' WHERE card_no = '$c1'"
run desk --once --timeout 5
same "$rc" 12 "a lost card is LOST (exit 12)"
sql "UPDATE cards SET status = 'active' WHERE card_no = '$c1'; UPDATE members SET status = 'blocked' WHERE member_no = '$m1'"
run desk --once --timeout 5
same "$rc" 11 "a blocked member's card is BLOCKED (exit 11)"
sql "UPDATE members SET status = 'active' WHERE member_no = '$m1'"
run desk --number "$c1"
same "$rc" 0 "a typed card number is answered too"
has "$out" "ACTIVE" "ACTIVE by number"
expect 2 "a mistyped card number is caught" -- desk --number "$(echo "$c1" | sed 's/3$/4/')"

# kartu issue --encode: the number and the chip in one step.
apply_umum "Agus Setiawan" 1979-03-15 L 081355554444 6205031503790005
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null
sim put ntag215 04EEEEEEEEEE01 >/dev/null
expect 0 "kartu issue --encode assigns the number and writes the chip" -- \
    --as Budi issue "$i" --encode --timeout 5
has "$out" "read back and protected" "the chip is written"
same "$(sql "SELECT c.status, c.uid FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.application_id = $i")" "active|04EEEEEEEEEE01" "and the card is active"

# Signed by another library's key, or another library's card altogether.
sim load "$trash/card1.img" >/dev/null
# (the register's own key beside it: this station still writes to the register)
mkdir -m 700 "$trash/otherkeys" && cp -p "$trash/keys/register.key" "$trash/otherkeys/"
KARTU_KEYS="$trash/otherkeys" "$K" --as Admin keygen >/dev/null
KARTU_KEYS="$trash/otherkeys" "$K" desk --once --timeout 5 >"$out" 2>"$err"; rc=$?
same "$rc" 14 "a card signed by another key is FORGED (exit 14)"
has "$out" "signed by another key" "saying so"
sql "UPDATE settings SET value = '6206' WHERE key = 'library_code'"
run desk --once --timeout 5
same "$rc" 16 "another library's card is UNKNOWN (exit 16)"
has "$out" "another library (6205)" "naming its library code"
sql "UPDATE settings SET value = '6205' WHERE key = 'library_code'"

# MIFARE Classic 1K: the NFC Forum layout with the directory's CRC right.
sim put mfc1k 1A2B3C4D >/dev/null
expect 0 "a MIFARE Classic 1K card is encoded" -- --as Budi encode "$m2" --timeout 5
sim save "$trash/mfc.img" >/dev/null
mad=$(python3 -c '
c = 0xc7
for x in [1] + [3, 0xe1] * 3 + [0] * 24:
    c ^= x
    for _ in range(8):
        c = ((c << 1) ^ 0x1d) & 0xff if c & 0x80 else (c << 1) & 0xff
print("%02x01" % c + "03e1" * 3 + "00" * 8)')
has "$trash/mfc.img" "$mad" "sector 0 holds a MAD naming sectors 1-3 as NDEF, with its CRC"
run desk --once --timeout 5
same "$rc" 0 "the MIFARE card checks ACTIVE"
m3=$(member "Dewi Sartika" 1984-12-04 P 081377778888 6205034412840004)
expect 3 "the MIFARE chip cannot be encoded for another member" -- --as Budi encode "$m3" --timeout 5

# Faults: a NAK, a silent reader, Ctrl-C at the desk.
m5=$(member "Rina Wati" 1988-08-17 P 081366665555 6205035708880002)
sim put ntag216 >/dev/null
sim fault nak-next >/dev/null
expect 0 "a card that NAKs once (a bad contact) is selected again and encoded" -- \
    --as Budi encode "$m5" --timeout 5
sim fault timeout-next >/dev/null
run desk --once --timeout 5
[ "$rc" = 1 ] && pass "a reader that does not answer is a failure (exit 1)" ||
    fail "a reader that does not answer is a failure (exit $rc)"
[ -s "$err" ] && ! grep -q "internal" "$err" && pass "with a message: $(head -1 "$err")" ||
    fail "with a message"
sim fault clear >/dev/null
sim remove >/dev/null
"$K" desk >"$out" 2>"$err" &
pid=$!
sleep 1
kill -INT $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait $pid; rc=$?
same "$rc" 0 "Ctrl-C ends the desk check cleanly (nfc_abort_command)"

# Pulled away at every step of an encode: never active, answered UNFINISHED
# (or UNKNOWN when not even the UID was recorded), and the next encode finishes
# the card.  N counts the tag commands before the card leaves the field.
for kind in ntag213 mfc1k; do
	n=0 never_active=1 unfinished=1 repaired=1
	while [ $n -le 80 ]; do
		if [ $kind = mfc1k ]; then uid=$(printf 'C0FE%04X' $n); else uid=$(printf '04C0FFEE00%04X' $n); fi
		sim put $kind "$uid" >/dev/null
		mno=$(member "Warga $(printf '%s %s' $kind $n | tr 0-9 a-j)" 1990-01-01 L \
		    "0812$(printf '%08d' $((n + 1000 * ${#kind})))" "620503010190$(printf '%04d' $((n + 1 + 100 * ${#kind})))")
		sim fault remove-after "$n" >/dev/null
		run --as Budi encode "$mno" --timeout 3
		sim fault clear >/dev/null
		[ "$rc" = 0 ] && break
		st=$(sql "SELECT c.status FROM cards c JOIN members m ON m.id = c.member_id
		    WHERE member_no = '$mno'")
		[ "$st" = active ] && { never_active=0; echo "# $kind step $n: active"; }
		sim put-back >/dev/null
		run desk --once --timeout 3
		case "$rc" in 15 | 16) ;; *) unfinished=0; echo "# $kind step $n: check exit $rc" ;; esac
		run --as Budi encode "$mno" --timeout 3
		st=$(sql "SELECT c.status FROM cards c JOIN members m ON m.id = c.member_id
		    WHERE member_no = '$mno'")
		[ "$rc" = 0 ] && [ "$st" = active ] || { repaired=0; echo "# $kind step $n: redo exit $rc, $st"; cat "$err"; }
		run desk --once --timeout 3
		[ "$rc" = 0 ] || { repaired=0; echo "# $kind step $n: the repaired card checks $rc"; }
		n=$((n + 1))
	done
	[ $n -gt 5 ] && [ $n -le 80 ] && pass "$kind: an encode takes $n tag commands" ||
	    fail "$kind: an encode takes $n tag commands"
	[ $never_active = 1 ] && pass "$kind: pulled away after each of them, never active" ||
	    fail "$kind: pulled away after each of them, never active"
	[ $unfinished = 1 ] && pass "$kind: the half-written card is UNFINISHED or UNKNOWN at the desk" ||
	    fail "$kind: the half-written card is UNFINISHED or UNKNOWN at the desk"
	[ $repaired = 1 ] && pass "$kind: the next encode finishes it, and it checks ACTIVE" ||
	    fail "$kind: the next encode finishes it, and it checks ACTIVE"
done
finish
