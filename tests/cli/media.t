#!/bin/sh
# Card media (issue 14): chip, printed or chip+printed cards; a printed card is
# active once its print was verified, a chip+printed card once both are done;
# handover only of a card that works; replacement for every medium; old member
# numbers of the previous system at the desk, typed and scanned from Code 128,
# Code 39, Code 93 and QR barcodes rendered with zint and decoded by zbar.
. "$KARTU_SRC/tests/cli/lib.sh"
export KARTU_LAYOUTS="$KARTU_SRC/layouts"
setup_desk

# issue_one NAME BIRTH SEX PHONE NIK [issue options]: a member through step 5.
issue_one() {
	n=$1 b=$2 s=$3 p=$4 k=$5
	shift 5
	apply_umum "$n" "$b" "$s" "$p" "$k"
	i=$(app_id)
	"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
	    run --as Budi issue "$i" "$@"
}
card_of() { sql "SELECT c.card_no FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.application_id = $1 ORDER BY c.issue_no DESC LIMIT 1"; }

# The setting: the database's (rules), a station's kartu.conf, the option.
same "$(sql "SELECT value FROM settings WHERE key = 'card_media'")" chip \
    "the built-in rules make chip cards"
printf '[settings]\ncard_media = paper\n' >"$trash/bad.rules"
expect 2 "a medium that is none" -- --as Admin init --rules "$trash/bad.rules"
printf 'card_media = plastik\n' >"$trash/bad.conf"
KARTU_CONFIG="$trash/bad.conf" expect 2 "nor in kartu.conf" -- rules
has "$err" "chip, printed or chip+printed" "saying what it may be"
printf 'card_media = printed\n' >"$trash/printed.conf"
KARTU_CONFIG="$trash/printed.conf" expect 0 "init writes kartu.conf's card_media" -- \
    --as Admin init
same "$(sql "SELECT value FROM settings WHERE key = 'card_media'")" printed \
    "into the database's settings"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'setting' AND after LIKE '%card_media%'
    AND after LIKE '%printed%'")" 1 "audited"

# A printed card: 'new' until its print is verified, then ACTIVE by barcode.
issue_one "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
a1=$i
c1=$(card_of "$a1")
same "$(sql "SELECT media, status FROM cards WHERE card_no = '$c1'")" "printed|new" \
    "the library's default makes a printed card"
has "$out" "print the card (kartu print $c1)" "issue says to print it"
run desk --number "$c1"
same "$rc" 15 "before its print the card is UNFINISHED (exit 15)"
has "$out" "not printed yet: print it: kartu print $c1" "naming the command that finishes it"
hasnt "$out" "encode" "not encode"
expect 3 "handover of a card not yet printed is refused" -- --as Sari handover "$a1" \
    --phone 081234567890
has "$err" "kartu print $c1" "naming the command"
same "$(sql "SELECT count(*) FROM handover_codes")" 0 "no code was sent"
expect 2 "a print needs to know who prints it" -- print "$c1" --out "$trash/c1.png"
same "$(sql "SELECT status FROM cards WHERE card_no = '$c1'")" new "and stays new"
expect 0 "the operator prints it" -- --as Budi print "$c1" --out "$trash/c1.png"
has "$out" "Card $c1 is active: its print was verified." "the print made it active"
same "$(sql "SELECT c.status, c.printed_at, o.name FROM cards c JOIN operators o
    ON o.id = c.status_by WHERE card_no = '$c1'")" "active|2026-11-28T01:30:00Z|Budi" \
    "active, when and by whom"
run desk --number "$c1"
same "$rc" 0 "its number answers ACTIVE"
has "$out" "by barcode" "by barcode"
KARTU_PIN= "$K" --json desk --number "$c1" >"$out"
has "$out" '"via":"barcode"' "JSON says how"
run scan "$trash/c1.png"
has "$out" "ACTIVE" "the printed card's scan answers ACTIVE"
has "$out" "by barcode" "by barcode too"
expect 0 "printing it again changes nothing" -- print "$c1" --out "$trash/c1b.png"
hasnt "$out" "is active" "no second activation"
handover "$a1" 081234567890
same "$rc" 0 "the printed card is handed over"
run member show "$c1"
has "$out" "$c1  #01  active   printed" "member show gives the card's media"

# Replacement of a printed card: by card number, scan, member number and NIK;
# the new card is a printed card too, waiting for its print.
m1=$(sql "SELECT member_no FROM members WHERE application_id = $a1")
expect 0 "a lost printed card replaced by its scan" -- --as Budi replace --scan \
    "$trash/c1.png" --reason lost --document ktp --document-no 6205034308920002
c1b=$(sql "SELECT card_no FROM cards WHERE member_id = (SELECT id FROM members
    WHERE member_no = '$m1') AND issue_no = 2")
has "$out" "new card $c1b is waiting to be printed (kartu print $c1b)" \
    "the new card waits for its print"
same "$(sql "SELECT media, status FROM cards WHERE card_no = '$c1b'")" "printed|new" \
    "with the old card's media"
expect 3 "no second replacement before the new card is printed" -- --as Budi replace \
    --member "$m1" --reason lost --document sim --document-no 123456789012
has "$err" "waiting to be printed" "saying why"
has "$err" "kartu print $c1b" "and what finishes it"
"$K" --as Budi print "$c1b" --out "$trash/c1b.png" >/dev/null
expect 0 "the reprinted card replaced by member number" -- --as Budi replace --member "$m1" \
    --reason damaged --document ktp --document-no 6205034308920002
"$K" --as Budi print "$m1" --out "$trash/c1c.png" >/dev/null
expect 0 "and by NIK" -- --as Budi replace --nik 6205034308920002 --reason lost \
    --document ktp --document-no 6205034308920002
"$K" --as Budi print "$m1" --out "$trash/c1d.png" >/dev/null
c1d=$(sql "SELECT card_no FROM cards WHERE member_id = (SELECT id FROM members
    WHERE member_no = '$m1') AND issue_no = 4")
expect 0 "and by card number" -- --as Budi replace --card "$c1d" --reason lost \
    --document ktp --document-no 6205034308920002
run desk --number "$c1d"
same "$rc" 12 "the replaced printed card answers LOST"

# A chip card per card, although the library prints: issue --media.
start_sim
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
expect 3 "encoding a printed card is refused" -- --as Budi encode "$c1b" --timeout 1
has "$err" "printed card: it has no chip" "a printed card has no chip"
issue_one "Ahmad Fauzi" 1990-05-14 L 081255550001 6205031405900001 --media chip
a2=$i
c2=$(card_of "$a2")
same "$(sql "SELECT media FROM cards WHERE card_no = '$c2'")" chip "the operator's choice"
has "$out" "encode its chip (kartu encode $c2)" "issue says to encode it"
expect 3 "handover of a chip card not yet encoded is refused" -- --as Sari handover "$a2" \
    --phone 081255550001
has "$err" "kartu encode $c2" "naming the command"
expect 0 "printing a chip card" -- print "$c2" --out "$trash/c2.png"
same "$(sql "SELECT status, CAST(printed_at IS NULL AS INTEGER) FROM cards WHERE card_no = '$c2'")" "new|1" \
    "does not make it active"
sim put ntag215 04C2C2C2C2C201 >/dev/null
expect 0 "the chip card is encoded" -- --as Budi encode "$c2" --timeout 5
handover "$a2" 081255550001
same "$rc" 0 "and handed over"
expect 2 "a medium that is none" -- --as Budi issue 99 --media kertas

# chip+printed: active only when both are done, in either order.
issue_one "Maria Lenjau" 1985-11-02 P 081255550002 6205034211850002 --media chip+printed
a3=$i
c3=$(card_of "$a3")
sim put ntag215 04C3C3C3C3C301 >/dev/null
expect 0 "its chip is encoded" -- --as Budi encode "$c3" --timeout 5
same "$(sql "SELECT status, CAST(encoded_at IS NOT NULL AS INTEGER) FROM cards
    WHERE card_no = '$c3'")" \
    "new|1" "the chip is done, the card not yet"
run desk --once --timeout 5
same "$rc" 15 "its chip answers UNFINISHED"
has "$out" "kartu print $c3" "naming the print"
expect 3 "handover before the print" -- --as Sari handover "$a3" --phone 081255550002
has "$err" "kartu print $c3" "naming the print"
expect 0 "the print" -- --as Budi print "$c3" --out "$trash/c3.png"
has "$out" "is active" "makes it active"
run desk --once --timeout 5
same "$rc" 0 "the chip answers ACTIVE"
hasnt "$out" "by barcode" "not by barcode"
issue_one "Rina Wati" 1995-01-02 P 081255550004 6205034201950001 --media chip+printed
c4=$(card_of "$i")
expect 0 "printed first" -- --as Budi print "$c4" --out "$trash/c4.png"
same "$(sql "SELECT status FROM cards WHERE card_no = '$c4'")" new "is not yet active"
run desk --number "$c4"
has "$out" "encode it again: kartu encode $c4" "the desk names the encode"
sim put ntag215 04C4C4C4C4C401 >/dev/null
expect 0 "then encoded" -- --as Budi encode "$c4" --timeout 5
same "$(sql "SELECT status FROM cards WHERE card_no = '$c4'")" active "active"
expect 2 "issue --encode of a printed card" -- --as Budi issue 99 --media printed --encode
issue_one "Sri Wahyuni" 1996-03-04 P 081255550008 6205034403960001 --media chip+printed
c5=$(card_of "$i")
sim put ntag215 04C5C5C5C5C501 >/dev/null
"$K" --as Budi encode "$c5" --timeout 5 >/dev/null 2>&1
issue_one "Dewi Sartika" 1997-05-06 P 081255550009 6205034605970001 --media printed
"$K" --as Budi print "$(card_of "$i")" --out "$trash/c6.png" >/dev/null

run fsck
same "$rc" 0 "fsck: printed cards without chips, a chip waiting for its print are fine"
sql "UPDATE cards SET printed_at = NULL WHERE card_no = '$c3'"
run fsck
same "$rc" 1 "fsck finds an active printed card whose print was never verified"
has "$out" "is an active chip+printed card whose print was never verified" "saying so"
sql "UPDATE cards SET printed_at = '2026-11-28T01:30:00Z' WHERE card_no = '$c3'"

# The print queue: the printed cards whose print was never verified (a new
# printed card, a chip+printed one already encoded), as Cetak shows it.
issue_one "Rina Marlina" 1998-07-08 P 081255550010 6205034807980001 --media printed
c7=$(card_of "$i")
mkdir -p "$trash/queue"
q=$(sql "SELECT count(*) FROM cards WHERE media <> 'chip' AND printed_at IS NULL AND
    status NOT IN ('lost', 'damaged', 'replaced', 'revoked')")
expect 0 "print --queue" -- --as Budi print --queue --out-dir "$trash/queue"
has "$out" "Card $c7 printed to $trash/queue/$c7.pdf" "prints the new printed card"
has "$out" "Card $c5 printed to" "and the encoded chip+printed card waiting for its print"
same "$(grep -c 'printed to' "$out")" "$q" "and every other card waiting, no more"
same "$(sql "SELECT status FROM cards WHERE card_no IN ('$c5', '$c7')")" "active
active" "both active now"
expect 0 "print --queue again" -- --as Budi print --queue --out-dir "$trash/queue"
has "$out" "No cards to print." "the queue is empty"
expect 2 "--queue with card numbers" -- --as Budi print --queue "$c7"

# Old numbers of the previous system.
printf 'nama;tempat_lahir;tanggal_lahir;jenis_kelamin;alamat;telepon;kategori;nomor_lama\n' \
    >"$trash/old.csv"
printf 'Utuh Masrani;Banjarmasin;1979-01-20;L;Jl. Ahmad Yani 1;081255550003;umum;m0001\n' \
    >>"$trash/old.csv"
printf 'Galuh Rahayu;Muara Teweh;1980-02-21;P;Jl. Negara 2;081255550005;umum;MBR-0002-X\n' \
    >>"$trash/old.csv"
printf 'Dayang Sumbi;Muara Teweh;1981-03-22;P;Jl. Negara 3;081255550006;umum;0120112300007\n' \
    >>"$trash/old.csv"
printf 'Intan Sari;Muara Teweh;1982-04-23;P;Jl. Negara 4;081255550007;umum;QR-0004\n' \
    >>"$trash/old.csv"
"$K" --as Admin import "$trash/old.csv" >/dev/null || { echo "Bail out! import"; exit 1; }
run desk --number M0001
same "$rc" 0 "an old number answers the member's status, in any case (ACTIVE)"
has "$out" "old card: replace it at the counter" "and says to replace the old card"
has "$out" "Utuh Masrani" "with the member's name"
KARTU_PIN= "$K" --json desk --number m0001 >"$out"
has "$out" '"old_card":true' "JSON marks an old card"
run desk --number NOBODY-1
same "$rc" 2 "a number that is neither is a usage error, as before"
sql "UPDATE members SET status = 'blocked' WHERE legacy_no = 'MBR-0002-X'"
run desk --number MBR-0002-X
same "$rc" 11 "a blocked member's old card answers BLOCKED"
has "$out" "old card" "as an old card"

# Each old symbology, rendered with zint and decoded through zbar: kartu scan,
# replace --scan.  SLiMS: Code 128 (as is) or Code 39 (no check digit);
# INLISLite: Code 39 upper-cased, Code 93; INLISLite 3.3: QR.
zint -b CODE128 -d "m0001" -o "$trash/slims128.png" --scale 3 >/dev/null 2>&1
zint -b CODE39 -d "MBR-0002-X" -o "$trash/c39.png" --scale 3 >/dev/null 2>&1
zint -b CODE93 -d "0120112300007" -o "$trash/c93.png" --scale 3 >/dev/null 2>&1
zint -b QRCODE -d "QR-0004" -o "$trash/qr.png" --scale 6 >/dev/null 2>&1
zint -b CODE39 -d "M0001" -o "$trash/inlis39.png" --scale 3 >/dev/null 2>&1
run scan "$trash/slims128.png"
has "$out" "Utuh Masrani" "SLiMS's Code 128 is read"
run scan "$trash/inlis39.png"
has "$out" "Utuh Masrani" "INLISLite's upper-cased Code 39 finds the lower-case number"
run scan "$trash/c39.png"
has "$out" "Galuh Rahayu" "Code 39 without a check digit is read"
run scan "$trash/c93.png"
has "$out" "Dayang Sumbi" "INLISLite's Code 93 is read"
has "$out" "old card: replace it at the counter" "as an old card"
run scan "$trash/qr.png"
has "$out" "Intan Sari" "INLISLite 3.3's QR is read"
printf ']E0Q-0004\n]A0M0001\r\n' >"$trash/serial"
run desk --scanner "$trash/serial"
same "$rc" 2 "a scanner device's lines: one no number at all"
has "$out" "Utuh Masrani" "and an old card's Code 39 with its AIM identifier, answered"
printf ']A0M0001\r\n' | "$K" desk --number - --once >"$out" 2>"$err"
same "$?" 0 "a wedge scanner's Code 39 with its AIM identifier"
has "$out" "Utuh Masrani" "finds the member"

# Replace by the old number: the member's first card of this station waits for
# its print (imported members get one); once printed, the old card answers
# REPLACED, and a lost new card is replaced by the old number too.
expect 3 "an old card's member whose new card is not printed" -- --as Budi replace \
    --scan "$trash/qr.png" --reason lost --document kartu-anggota-lama
has "$err" "waiting to be printed" "must collect the new card first"
cq=$(sql "SELECT c.card_no FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.legacy_no = 'QR-0004'")
"$K" --as Budi print "$cq" --out "$trash/cq.png" >/dev/null
run scan "$trash/qr.png"
has "$out" "REPLACED" "once the new card is active the old one answers REPLACED"
has "$out" "replaced by card $cq" "naming the new card"
expect 0 "replace by the old number" -- --as Budi replace --card qr-0004 --reason lost \
    --document kartu-anggota-lama
has "$out" "Card $cq is now lost" "the member's current card is the one replaced"

finish
