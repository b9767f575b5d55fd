#!/bin/sh
# Step 6: a one-time code to the applicant's phone, sent through the SMS
# command or shown for a test call; the right code within its time and tries
# completes the handover and the book entry.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# issued NAME BIRTH SEX PHONE NIK: an application through step 5; sets $id.
issued() {
	apply_umum "$@"
	id=$(app_id)
	"$K" --as Sari check "$id" >/dev/null && "$K" --as Sari validate "$id" >/dev/null &&
	    "$K" --as Budi issue "$id" --media printed >/dev/null ||
	    { echo "Bail out! cannot issue"; exit 1; }
	print_card_of "$id"
}

# The SMS gateway: a script that records its arguments, standard input and
# environment, and fails while $trash/sms.fail exists.
cat >"$trash/sms" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$0.args"
env >"$0.env"
cat >"$0.stdin"
[ ! -e "$0.fail" ]
SH
chmod +x "$trash/sms"
# gateway COMMAND: the test station's own kartu.conf names it (the test
# build's KARTU_STATION_CONFIG stands for /etc/kartu/kartu.conf).
gateway() {
	printf 'sms_command = %s\n' "$1" >"$trash/station.conf"
	export KARTU_STATION_CONFIG="$trash/station.conf"
}

issued "Siti Aminah" 1992-08-03 P 081211112222 6205034308920002
a=$id
expect 2 "neither --phone nor --code" -- --as Sari handover "$a"
expect 2 "both --phone and --code" -- --as Sari handover "$a" --phone 081211112222 --code 123456
expect 3 "only an officer hands over" -- --as Budi handover "$a" --phone 081211112222
expect 3 "a code before one was sent is refused" -- --as Sari handover "$a" --code 123456
has "$err" "no code was sent" "saying a code must be sent first"

# No gateway: the code is shown for a test call.
expect 0 "without a gateway the code is shown" -- --as Sari handover "$a" --phone 0812-1111-2222
code=$(otp_code)
case "$code" in [0-9][0-9][0-9][0-9][0-9][0-9]) pass "a six-digit code: $code" ;;
*) fail "a six-digit code" ;; esac
has "$out" "Call +6281211112222" "to read out on a call to the applicant's number"
same "$(sql "SELECT phone, tries, via, expires_at FROM handover_codes WHERE application_id = $a")" \
    "+6281211112222|0|shown|2026-11-28T01:40:00Z" "kept: the number, no tries, 10 minutes"
same "$(sql "SELECT count(*) FROM handover_codes WHERE code_hash LIKE '%$code%'")" 0 \
    "only a hash of the code is kept"
db_lacks "$code" "the code is not in the database"
wrong=$(echo "$code" | tr 0-9 1-90)
expect 2 "a malformed code" -- --as Sari handover "$a" --code 12ab56
expect 3 "a wrong code is refused" -- --as Sari handover "$a" --code "$wrong"
has "$err" "wrong code: 2 tries left" "and says how many tries are left"
same "$(sql "SELECT tries FROM handover_codes WHERE application_id = $a")" 1 "the try is counted"
same "$(sql "SELECT state FROM applications WHERE id = $a")" issued "still issued"
expect 0 "the right code hands over" -- --as Sari handover "$a" --code "$code" \
    --signed-name "Siti Aminah"
has "$out" "card handed over" "saying so"
same "$(sql "SELECT state FROM applications WHERE id = $a")" handed-over "state handed-over"
same "$(sql "SELECT h.phone, h.phone_verified, h.phone_changed, h.verified_via, h.signed_name,
    h.at, o.name, CASE WHEN h.card_no = (SELECT card_no FROM cards c JOIN members m
    ON m.id = c.member_id WHERE m.application_id = $a) THEN 1 ELSE 0 END FROM handovers h JOIN operators o ON o.id = h.operator_id
    WHERE h.application_id = $a")" \
    "+6281211112222|1|0|shown|Siti Aminah|$KARTU_NOW|Sari|1" \
    "the book entry: number verified, not changed, signed name, time, officer, card"
same "$(sql "SELECT count(*) FROM handover_codes")" 0 "the used code is gone"
expect 3 "handing over twice is refused" -- --as Sari handover "$a" --phone 081211112222

# Too many tries.
issued "Rina Wati" 1993-02-11 P 081233334444 6205035102930003
b=$id
run --as Sari handover "$b" --phone 081233334444
code=$(otp_code)
wrong=$( [ "$code" = 111111 ] && echo 222222 || echo 111111 )
expect 3 "wrong code 1" -- --as Sari handover "$b" --code "$wrong"
expect 3 "wrong code 2" -- --as Sari handover "$b" --code "$wrong"
expect 3 "wrong code 3" -- --as Sari handover "$b" --code "$wrong"
has "$err" "no tries left" "the third says no tries are left"
expect 3 "then even the right code is refused" -- --as Sari handover "$b" --code "$code"
has "$err" "too many wrong codes" "saying why"
same "$(sql "SELECT state FROM applications WHERE id = $b")" issued "still issued"
expect 0 "a new code" -- --as Sari handover "$b" --phone 081233334444
expect 3 "the old code does not work for the new one" -- --as Sari handover "$b" --code "$code"
run --as Sari handover "$b" --phone 081233334444
expect 0 "the newest code works" -- --as Sari handover "$b" --code "$(otp_code)"

# An expired code.
issued "Dewi Lestari" 1994-04-21 P 081255556666 6205036104940004
c=$id
run --as Sari handover "$c" --phone 081255556666
code=$(otp_code)
KARTU_NOW=2026-11-28T01:40:00Z expect 3 "at its expiry the code no longer holds" -- \
    --as Sari handover "$c" --code "$code"
has "$err" "expired" "saying it expired"
KARTU_NOW=2026-11-28T01:39:59Z expect 0 "a second earlier it does" -- \
    --as Sari handover "$c" --code "$code"

# Through the SMS gateway, with a new number.
issued "Nur Hasanah" 1995-06-30 P 081277778888 6205037006950005
d=$id
gateway "$trash/sms TEXT {phone} -text {message}"
expect 3 "another number without --new-phone is refused" -- \
    --as Sari handover "$d" --phone 085299990000
has "$err" "--new-phone" "offering --new-phone"
[ ! -e "$trash/sms.args" ] && pass "and nothing was sent" || fail "and nothing was sent"
expect 0 "with --new-phone the code goes to the new number" -- \
    --as Sari handover "$d" --phone 0852-9999-0000 --new-phone
has "$out" "sent by SMS to +6285299990000" "saying where it went"
hasnt "$out" "read out" "not showing the code"
same "$(sed -n '1,3p' "$trash/sms.args" | tr '\n' ' ')" "TEXT +6285299990000 -text " \
    "the gateway gets the number as an argument"
code=$(sed -n '4p' "$trash/sms.args" | sed -n 's/.*code: \([0-9]\{6\}\)\..*/\1/p')
case "$code" in [0-9][0-9][0-9][0-9][0-9][0-9]) pass "and the message with the code" ;;
*) fail "and the message with the code" ;; esac
same "$(sql "SELECT phone FROM members WHERE application_id = $d")" "+6281277778888" \
    "the member's number is not changed before the code is back"
expect 0 "the code from the SMS hands over" -- --as Sari handover "$d" --code "$code"
same "$(sql "SELECT phone FROM members WHERE application_id = $d")" "+6285299990000" \
    "the new number is the member's now"
same "$(sql "SELECT phone_changed || via FROM (SELECT phone_changed, verified_via AS via
    FROM handovers WHERE application_id = $d) x")" "1sms" "recorded as a changed number, by SMS"
same "$(sql "SELECT note FROM app_events WHERE application_id = $d AND step = 'handover'")" \
    "signed by Nur Hasanah; phone changed to +6285299990000 and verified" \
    "the history says the number changed"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'member' AND action = 'update'
    AND json_extract(before, '$.phone') != json_extract(after, '$.phone')")" 1 \
    "the audit trail has the change"

# The gateway comes only from the station's own kartu.conf: a file named
# with --config or KARTU_CONFIG may neither set it nor leave it out.
issued "Rahmah Wati" 1994-02-01 P 081255556666 6205034102940001
g=$id
rm -f "$trash/sms.args"
printf 'sms_command = %s\n' "$trash/sms CONF {phone} {message}" >"$trash/kartu.conf"
KARTU_CONFIG="$trash/kartu.conf" expect 2 "a named configuration may not set sms_command" -- \
    --as Sari handover "$g" --phone 081255556666
has "$err" "sms_command is taken only from the station's own configuration" "saying so"
[ ! -e "$trash/sms.args" ] && pass "and nothing was sent" || fail "and nothing was sent"
gateway "$trash/sms STATION {phone} {message}"
expect 0 "--config /dev/null does not leave out the station's gateway" -- \
    --config /dev/null --as Sari handover "$g" --phone 081255556666
same "$(sed -n '1,2p' "$trash/sms.args" 2>/dev/null | tr '\n' ' ')" "STATION +6281255556666 " \
    "the station's own sms_command sends the code"
KARTU_STATION_CONFIG="$trash/kartu.conf" expect 0 "the station's own file may name itself" -- \
    --config "$trash/kartu.conf" --as Sari handover "$g" --phone 081255556666
same "$(sed -n '1p' "$trash/sms.args")" CONF "and its sms_command is used"
printf 'sms_command = sms {phone} {message}\n' >"$trash/rel.conf"
KARTU_STATION_CONFIG="$trash/rel.conf" expect 2 "a gateway without an absolute path is refused" -- \
    --as Sari handover "$g" --phone 081255556666
has "$err" "rel.conf:1: bad value for sms_command" "naming the line"

# The message on standard input; a gateway that fails keeps no code.
issued "Ayu Lestari" 1996-01-15 P 081299990001 6205035501960006
e=$id
gateway "$trash/sms {phone}"
expect 0 "without {message} the text goes to stdin" -- --as Sari handover "$e" --phone 081299990001
same "$(cat "$trash/sms.args")" "+6281299990001" "the number is the only argument"
has "$trash/sms.stdin" "handover code:" "the message came on stdin"
kept=$(sql "SELECT code_hash FROM handover_codes WHERE application_id = $e")
: >"$trash/sms.fail"
expect 1 "a gateway that fails is an error" -- --as Sari handover "$e" --phone 081299990001
rm "$trash/sms.fail"
has "$err" "was not sent" "saying the code was not sent"
same "$(sql "SELECT code_hash FROM handover_codes WHERE application_id = $e")" "$kept" \
    "a code that was not sent replaces nothing"
gateway "$trash/nonexistent"
expect 1 "a missing gateway program is an error" -- --as Sari handover "$e" --phone 081299990001
export KARTU_STATION_CONFIG=/dev/null
sql "UPDATE settings SET value = 'sms {phone} {message}' WHERE key = 'sms_command'"
expect 3 "a setting without an absolute path is refused" -- \
    --as Sari handover "$e" --phone 081299990001
has "$err" "absolute path" "saying why"
sql "UPDATE settings SET value = '$trash/sms {phone} {message}' WHERE key = 'sms_command'"
KARTU_PIN=482913 expect 0 "the gateway from the setting sms_command" -- \
    --as Sari handover "$e" --phone 081299990001
has "$trash/sms.args" "+6281299990001" "is used"
same "$(sort "$trash/sms.env" | grep -v '^PWD=' | tr '\n' ' ')" \
    "LANG=C.UTF-8 PATH=/usr/bin:/bin " "it runs with a clean environment (no KARTU_PIN)"
expect 0 "--json gives no code when it was sent" -- --as Sari --json handover "$e" --phone 081299990001
has "$out" '"via":"sms"' "via sms"
hasnt "$out" '"code"' "no code"

# Handed over just after midnight WIB: in the next day's book.
export KARTU_NOW=2026-11-28T17:00:00Z
run --as Sari handover "$e" --phone 081299990001
code=$(sed -n 's/.*code: \([0-9]\{6\}\)\..*/\1/p' "$trash/sms.args")
expect 0 "handed over at 00:00 WIB on the 29th" -- --as Sari handover "$e" --code "$code"
export KARTU_NOW=2026-11-28T01:30:00Z

# The handover book.
expect 3 "the operator does not print the book" -- --as Budi handover-book --date 2026-11-28
expect 2 "a malformed date" -- --as Sari handover-book --date 2026-13-01
expect 0 "the book of the 28th" -- --as Sari handover-book --date 2026-11-28 --out "$trash/book.pdf"
has "$out" "(4 handovers)" "has the four handovers of that day"
pdftotext -layout "$trash/book.pdf" "$trash/book.txt"
has "$trash/book.txt" "Member card handover book" "the PDF has the title"
has "$trash/book.txt" "Dinas Kearsipan dan Perpustakaan Kabupaten Barito Utara" "the library"
has "$trash/book.txt" "Signature" "and a signature column"
for n in "Siti Aminah" "Rina Wati" "Dewi Lestari" "Nur Hasanah"; do
	has "$trash/book.txt" "$n" "$n is in the book"
done
hasnt "$trash/book.txt" "Ayu Lestari" "the one handed over on the 29th is not"
for c in $(sql "SELECT card_no FROM handovers WHERE at < '2026-11-28T17:00:00Z'"); do
	has "$trash/book.txt" "$c" "card $c is in the book"
done
same "$(grep -c ' yes (call) ' "$trash/book.txt")" 3 "each with its phone verified: by a call"
same "$(grep -c ' yes (SMS) ' "$trash/book.txt")" 1 "or by SMS"
has "$trash/book.txt" "+628********00 (new)" "the new number marked, masked"
hasnt "$trash/book.txt" "+6285299990000" "no whole phone number"
same "$(pdftotext "$trash/book.pdf" - | grep -c '^[1-4]$')" 4 "numbered 1 to 4"
expect 0 "--json lists the same" -- --as Sari --json handover-book --date 2026-11-28 --out "$trash/b2.pdf"
same "$(grep -o '"signed_name":"[^"]*"' "$out" | tr '\n' ' ')" \
    '"signed_name":"Siti Aminah" "signed_name":"Rina Wati" "signed_name":"Nur Hasanah" "signed_name":"Dewi Lestari" ' \
    "in the order they were handed over"
same "$(grep -o '"verified_via":"[a-z]*"' "$out" | tr '\n' ' ')" \
    '"verified_via":"shown" "verified_via":"shown" "verified_via":"sms" "verified_via":"shown" ' \
    "with how each code was delivered"
expect 0 "the book of the 29th" -- --as Sari handover-book --date 2026-11-29 --out "$trash/b29.pdf"
has "$out" "(1 handovers)" "has the one after midnight"
pdftotext "$trash/b29.pdf" "$trash/b29.txt"
has "$trash/b29.txt" "Ayu Lestari" "Ayu Lestari is in it"
expect 0 "a day without handovers" -- --as Admin handover-book --date 2026-11-01 --out "$trash/b1.pdf"
pdftotext "$trash/b1.pdf" "$trash/b1.txt"
has "$trash/b1.txt" "No cards were handed over" "says so on its page"
(cd "$trash" && "$K" --as Sari handover-book >/dev/null)
[ -s "$trash/handover-book-2026-11-28.pdf" ] && pass "today's book by default" ||
    fail "today's book by default"
finish
