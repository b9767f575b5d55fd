#!/bin/sh
# The reports for the head of the office: the figures of a month, as CSV and as
# a PDF whose rendered page is checked against the database.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# app UTC-TIME NAME BIRTH SEX NIK [CATEGORY]: apply then; sets $id.
app() {
	KARTU_NOW=$1 run --as Sari apply --name "$2" --birth-place "Muara Teweh" \
	    --birth-date "$3" --sex "$4" --address "Jl. Pramuka 1" \
	    --phone "0813$(echo "$5" | cut -c9-16)" --category "${6:-umum}" --document ktp \
	    --document-no "$5"
	id=$(app_id)
	[ -n "$id" ] || { echo "Bail out! apply failed: $(cat "$err")"; exit 1; }
}
# issue_at UTC-TIME APP: check, validate and issue at that time.
issue_at() {
	KARTU_NOW=$1 "$K" --as Sari check "$2" >/dev/null &&
	KARTU_NOW=$1 "$K" --as Sari validate "$2" >/dev/null &&
	KARTU_NOW=$1 "$K" --as Budi issue "$2" >/dev/null || { echo "Bail out! issue $2"; exit 1; }
}

# November 2026.
app 2026-11-27T07:00:00Z "Andi Pratama" 1990-01-05 L 6205030501900001
a1=$id; issue_at 2026-11-30T01:30:00Z $a1	# due Monday 09:00 WIB: on time
app 2026-11-28T01:30:00Z "Bayu Saputra" 1991-02-06 L 6205030602910002
a2=$id; issue_at 2026-11-30T06:00:00Z $a2	# due Monday 12:00 WIB: late
app 2026-11-02T01:00:00Z "Citra Dewi" 1992-03-07 P 6205034703920003 pegawai
a3=$id; issue_at 2026-11-02T03:00:00Z $a3	# the same morning: on time
app 2026-11-10T02:00:00Z "Dedi Kurniawan" 1993-04-08 L 6205030804930004
KARTU_NOW=2026-11-10T03:00:00Z run --as Sari reject $id --reason "KTP tidak terbaca"
app 2026-11-11T02:00:00Z "Eko Prasetyo" 1994-05-09 L 6205030905940005
KARTU_NOW=2026-11-11T03:00:00Z run --as Sari reject $id --reason "KTP tidak terbaca"
app 2026-11-12T02:00:00Z "Fajar Nugroho" 1995-06-10 L 6205031006950006
KARTU_NOW=2026-11-12T03:00:00Z run --as Sari reject $id --reason "Sudah menjadi anggota"
# The first cards were encoded at the desk (the chip's path is tested in nfc.t);
# only then may a card be replaced.
sql "UPDATE cards SET status = 'active'"
m1=$(sql "SELECT member_no FROM members WHERE application_id = $a1")
m3=$(sql "SELECT member_no FROM members WHERE application_id = $a3")
KARTU_NOW=2026-11-30T07:00:00Z run --as Budi replace --member "$m1" --reason lost \
    --document ktp --document-no 6205030501900001
same "$rc" 0 "a replacement for a lost card"
KARTU_NOW=2026-11-20T07:00:00Z run --as Budi replace --member "$m3" --reason damaged \
    --document ktp --document-no 6205034703920003
same "$rc" 0 "a replacement for a damaged card"
KARTU_NOW=2026-11-05T02:00:00Z run --as Dina complaint add --channel email --text "Lama"
KARTU_NOW=2026-11-06T02:00:00Z run --as Dina complaint add --channel email --text "Ramah"
KARTU_NOW=2026-11-07T02:00:00Z run --as Dina complaint add --channel instagram --text "Antre"
KARTU_NOW=2026-11-08T02:00:00Z run --as Sari complaint update 3 --status dianalisis --note x
# Outside November: the last of October (WIB), and December.
KARTU_NOW=2026-10-31T16:59:00Z run --as Dina complaint add --channel website --text "Oktober"
KARTU_NOW=2026-11-30T17:00:00Z run --as Dina complaint add --channel facebook --text "Desember"
app 2026-12-01T01:00:00Z "Gita Sari" 1996-07-11 P 6205035107960007
issue_at 2026-12-01T02:00:00Z $id

expect 3 "the desk does not read reports" -- --as Dina report monthly --date 2026-11-15
expect 2 "a weekly report does not exist" -- --as Admin report weekly
expect 2 "an unknown format" -- --as Admin report monthly --format xls
expect 0 "the monthly report as CSV" -- --as Admin report monthly --date 2026-11-15
cp "$out" "$trash/nov.csv"
has "$out" "report,first,last,section,item,count" "with a header"
lo=2026-10-31T17:00:00Z hi=2026-11-30T17:00:00Z
row() { grep -F "monthly,2026-11-01,2026-11-30,$1,$2," "$trash/nov.csv" | sed 's/.*,//'; }
for c in umum pegawai; do
	same "$(row issued-by-category $c)" "$(sql "SELECT count(*) FROM cards c JOIN members m
	    ON m.id = c.member_id WHERE m.category = '$c' AND c.created_at >= '$lo'
	    AND c.created_at < '$hi'")" "cards issued, $c, as the database counts them"
done
same "$(row issued-by-category umum)" 3 "umum: two new cards and a replacement"
for r in lost damaged; do
	same "$(row replacements-by-reason $r)" "$(sql "SELECT count(*) FROM replacements
	    WHERE reason = '$r' AND at >= '$lo' AND at < '$hi'")" "replacements, $r"
done
same "$(row refusals-by-reason "rejected: KTP tidak terbaca")" "$(sql "SELECT count(*)
    FROM applications WHERE state = 'rejected' AND reason = 'KTP tidak terbaca'")" \
    "rejections by reason"
same "$(row refusals-by-reason "rejected: KTP tidak terbaca")" 2 "two for an unreadable KTP"
issued=$(sql "SELECT count(*) FROM app_events WHERE step = 'issue' AND at >= '$lo' AND at < '$hi'")
ontime=$(sql "SELECT count(*) FROM app_events e JOIN applications a ON a.id = e.application_id
    WHERE e.step = 'issue' AND e.at >= '$lo' AND e.at < '$hi' AND e.at <= a.due_at")
same "$(row within-1-working-day issued)" "$issued" "applications issued in November"
same "$(row within-1-working-day on-time)" "$ontime" "of them within 1 working day"
same "$issued/$ontime" "3/2" "three issued, two on time (one issued Monday afternoon)"
same "$(row complaints-by-channel-and-state "email / diterima")" 2 "complaints: email, received"
same "$(row complaints-by-channel-and-state "instagram / dianalisis")" 1 "instagram, analysed"
same "$(grep -c complaints-by "$trash/nov.csv")" "$(sql "SELECT count(DISTINCT channel || status)
    FROM complaints WHERE created_at >= '$lo' AND created_at < '$hi'")" \
    "October's and December's complaints are not in November's"
hasnt "$trash/nov.csv" "fee" "no fee anywhere"
expect 0 "--out writes the CSV to a file" -- --as Admin report monthly --date 2026-11-15 \
    --out "$trash/nov2.csv"
cmp -s "$trash/nov.csv" "$trash/nov2.csv" && pass "the same CSV" || fail "the same CSV"
expect 0 "the daily report of 30 November" -- --as Sari report daily --date 2026-11-30
same "$(grep -F ',within-1-working-day,issued,' "$out" | sed 's/.*,//')" 2 \
    "two applications issued that day"
same "$(grep -F ',replacements-by-reason,lost,' "$out" | sed 's/.*,//')" 1 "one lost card replaced"
hasnt "$out" "damaged" "the damaged card was replaced on another day"

# The PDF, rendered and read back.
expect 0 "the monthly report as PDF" -- --as Admin report monthly --date 2026-11-15 \
    --format pdf --out "$trash/nov.pdf"
pdftotext -layout "$trash/nov.pdf" "$trash/nov.txt"
has "$trash/nov.txt" "Monthly report on the member-card service" "titled"
has "$trash/nov.txt" "Period: 2026-11-01 to 2026-11-30 (WIB)" "with the period"
has "$trash/nov.txt" "2 of 3 (67%)" "the share within 1 working day"
has "$trash/nov.txt" "rejected: KTP tidak terbaca" "the rejection reasons"
has "$trash/nov.txt" "instagram / dianalisis" "the complaints by channel and state"
hasnt "$trash/nov.txt" "fee" "no fee"
pdftoppm -r 72 -gray -f 1 -l 1 "$trash/nov.pdf" "$trash/nov"
pgm=$(ls "$trash"/nov*.pgm | head -1)
# The bars are drawn in one grey (0.35); measure each bar's width in points
# (1 pixel at 72 dpi), top to bottom.
bars=$(python3 - "$pgm" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h:]
grey = round(0.35 * 255)
widths, last = [], -2
for y in range(h):
    row = px[y * w:(y + 1) * w]
    run = best = 0
    for v in row:
        run = run + 1 if abs(v - grey) <= 3 else 0
        best = max(best, run)
    if best >= 6:
        if y != last + 1:
            widths.append(best)
        last = y
print(' '.join(str(x) for x in widths))
PY
)
# What the database says the bars must be: each section's counts scaled to its
# largest (85 mm = 241 pt), and the share on time of the full width.
want=$(sql "WITH p(lo, hi) AS (SELECT '$lo', '$hi'),
 s1 AS (SELECT m.category k, count(*) n FROM cards c JOIN members m ON m.id = c.member_id, p
        WHERE c.created_at >= lo AND c.created_at < hi GROUP BY 1),
 s2 AS (SELECT reason k, count(*) n FROM replacements, p WHERE at >= lo AND at < hi GROUP BY 1),
 s3 AS (SELECT state || reason k, count(*) n FROM applications, p WHERE state IN ('refused', 'rejected')
        AND updated_at >= lo AND updated_at < hi GROUP BY 1)
 SELECT w FROM (
  SELECT 1 s, k, CAST(round(241.0 * n / (SELECT max(n) FROM s1)) AS INT) w FROM s1
  UNION ALL SELECT 2, k, CAST(round(241.0 * n / (SELECT max(n) FROM s2)) AS INT) FROM s2
  UNION ALL SELECT 3, k, CAST(round(241.0 * n / (SELECT max(n) FROM s3)) AS INT) FROM s3
  UNION ALL SELECT 4, '', CAST(round(241.0 * $ontime / $issued) AS INT)
  ) x ORDER BY s, k" | paste -sd' ' -)
echo "# bars in the PDF: $bars"
echo "# bars from the database (before the complaints): $want"
ok=1
set -- $bars
for w in $want; do
	[ $# -gt 0 ] || { ok=0; break; }
	d=$(( $1 - w )); [ ${d#-} -le 2 ] || ok=0
	shift
done
[ $ok = 1 ] && pass "the rendered bars have the database's proportions" ||
    fail "the rendered bars have the database's proportions"
ncomp=$(sql "SELECT count(DISTINCT channel || status) FROM complaints WHERE created_at >= '$lo'
    AND created_at < '$hi'")
same "$#" "$ncomp" "and one bar per channel and state of complaints follows"
# Members moved from the old system in October (kartu import): reported as
# moved, not as cards issued, and not as applications late or on time.
printf 'nama,tempat_lahir,tanggal_lahir,jenis_kelamin,alamat,telepon,kategori,nomor_lama\n' >"$trash/old.csv"
i=0
for n in "Hadi Susanto" "Indah Permata" "Joko Widodo" "Kartini Rahayu"; do
	i=$((i + 1))
	printf '%s,Muara Teweh,1980-01-0%d,L,Jl. Pramuka %d,08125555000%d,%s,L-%d\n' "$n" $i $i $i \
	    "$([ $i = 4 ] && echo pegawai || echo umum)" $i >>"$trash/old.csv"
done
KARTU_NOW=2026-10-15T02:00:00Z expect 0 "members of the old system imported in October" -- \
    --as Admin import "$trash/old.csv"
expect 0 "October's report" -- --as Admin report monthly --date 2026-10-15
same "$(grep -c ',moved-from-old-system,' "$out")" 2 "moved from the old system, by category"
has "$out" "monthly,2026-10-01,2026-10-31,moved-from-old-system,umum,3" "three of umum"
hasnt "$out" "issued-by-category" "not reported as cards issued"
has "$out" ",within-1-working-day,issued,0" "nor as applications issued (or late)"
# The report sums counts per hour and category (imported_counts), kept with
# the register: a member moved to another category is counted there.
mno=$(sql "SELECT member_no FROM members WHERE legacy_no = 'L-4'")
expect 0 "an imported member moved from pegawai to umum" -- --as Sari member edit "$mno" \
    --category umum
expect 0 "October's report again" -- --as Admin report monthly --date 2026-10-15
has "$out" "monthly,2026-10-01,2026-10-31,moved-from-old-system,umum,4" "four of umum now"
hasnt "$out" "moved-from-old-system,pegawai" "and none of pegawai"
# (fsck finds the card left without its chip above: exit 1 either way)
expect 1 "fsck compares the counts with the register" -- fsck
hasnt "$out" "report-count" "no count is off"
sql "UPDATE imported_counts SET n = n + 1 WHERE category = 'umum'"
expect 1 "a count changed behind the station's back" -- fsck
has "$out" "report-count" "is found by fsck"
sql "UPDATE imported_counts SET n = n - 1 WHERE category = 'umum'"

# A report the head can sign: the letterhead from the settings, the totals
# with the thousands grouped, labels instead of codes, the signature block.
cat >"$trash/rules.conf" <<'RULES'
[settings]
library_city = Muara Teweh
head_name = Drs. H. Muhammad Iskandar, M.Si.
head_title = Kepala Dinas Kearsipan dan Perpustakaan
head_nip = 196805121994031007
RULES
expect 0 "the head's name and NIP in the rules file" -- --as Admin init --rules "$trash/rules.conf"
printf '[settings]\nhead_nip = 1968\n' >"$trash/bad-nip.conf"
expect 2 "an NIP has 18 digits" -- --as Admin init --rules "$trash/bad-nip.conf"
# 1 234 members moved in September, to see the thousands grouped.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234)
 INSERT INTO members (member_no, category, name, name_key, birth_place, birth_date, sex,
  address, phone, expires_on, created_at, created_by)
 SELECT 'X' || i, 'sd-sma', 'Murid ' || i, 'murid', 'Muara Teweh', '2010-01-01', 'L', 'Jl. 1',
  '+6281200000000', '2030-01-01', '2026-09-10T02:00:00Z', 1 FROM n"
# and their count, as kartu import keeps it (report_tally)
sql "INSERT INTO imported_counts (hour, category, n) VALUES ('2026-09-10T02', 'sd-sma', 1234)"
convert -size 60x40 xc:gray50 "$trash/logo.png"
sql "INSERT INTO settings (key, value) VALUES ('library_logo', '$trash/logo.png')
 ON CONFLICT (key) DO UPDATE SET value = excluded.value"
KARTU_NOW=2026-10-01T02:00:00Z expect 0 "September's report as PDF" -- --as Admin report \
    monthly --date 2026-09-30 --format pdf --out "$trash/sep.pdf"
pdftotext -layout "$trash/sep.pdf" "$trash/sep.txt"
has "$trash/sep.txt" "Dinas Kearsipan dan Perpustakaan Kabupaten Barito Utara" "the letterhead: the office"
has "$trash/sep.txt" "Jl. Durian No. 24, Muara Teweh 73811" "and its address"
[ "$(pdfimages -list "$trash/sep.pdf" | grep -c ' 60 *40 ')" -ge 1 ] && pass "and its logo" ||
    fail "and its logo"
has "$trash/sep.txt" "SD - SMA" "the category's name, not its code"
has "$trash/sep.txt" "1,234" "the thousands grouped"
has "$trash/sep.txt" "Total" "a total per section"
has "$trash/sep.txt" "Muara Teweh, 2026-10-01" "signed at the library's town, that day"
has "$trash/sep.txt" "Drs. H. Muhammad Iskandar, M.Si." "the head's name"
has "$trash/sep.txt" "NIP 196805121994031007" "and NIP"
LANG=id_ID.UTF-8 KARTU_NOW=2026-10-01T02:00:00Z "$K" --as Admin report monthly --date 2026-09-30 \
    --format pdf --out "$trash/sep-id.pdf" >/dev/null 2>&1
pdftotext -layout "$trash/sep-id.pdf" "$trash/sep-id.txt"
has "$trash/sep-id.txt" "1.234" "in Indonesian, 1.234"
has "$trash/sep-id.txt" "Muara Teweh, 01-10-2026" "and the day as DD-MM-YYYY"
has "$trash/sep-id.txt" "Jumlah" "Jumlah for the total"
has "$trash/sep-id.txt" "Laporan bulanan" "the title in Indonesian"
hasnt "$trash/sep-id.txt" "2026-09-01" "no ISO day"
# The same from the station's kartu.conf, which kartu init writes into the
# settings; an NIP that is not 18 digits is refused, naming the line.
printf 'library_city = Muara Teweh\nhead_name = "Hj. Siti Rahmah, S.Sos."\nhead_nip = 197001012000032001\n' \
    >"$trash/kartu.conf"
KARTU_CONFIG="$trash/kartu.conf" expect 0 "kartu init takes the head from kartu.conf" -- --as Admin init
KARTU_NOW=2026-10-01T02:00:00Z expect 0 "and the report signs with it" -- --as Admin report \
    monthly --date 2026-09-30 --format pdf --out "$trash/sep2.pdf"
pdftotext -layout "$trash/sep2.pdf" "$trash/sep2.txt"
has "$trash/sep2.txt" "Hj. Siti Rahmah, S.Sos." "the head's name from kartu.conf"
has "$trash/sep2.txt" "NIP 197001012000032001" "and NIP"
printf 'head_nip = 1970 0101\n' >"$trash/bad.conf"
KARTU_CONFIG="$trash/bad.conf" expect 2 "kartu.conf: an NIP of 18 digits" -- report daily
has "$err" "bad.conf:1" "names the line"
finish
