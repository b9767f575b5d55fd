#!/bin/sh
# The desk in Indonesian sees no English (issue 14, item 10): one desk day
# under LANG=id_ID.UTF-8 (apply, check, validate, issue, encode, handover,
# replace, queue, app show, member show, the desk check, report, calendar,
# complaint), every line of it on screen, the report and the handover book.  A line fails that holds a
# word of the English list below (codes of states, roles, kinds; English
# metavariables; English weekdays), a UTC timestamp or an ISO day (the desk
# writes DD-MM-YYYY; --json and CSV keep ISO and codes, checked at the end).
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
start_sim
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
export LANG=id_ID.UTF-8
day="$trash/day"
: >"$day"
# d ARGS: kartu ARGS, its stdout and stderr appended to the day.
d() { "$K" "$@" >>"$day" 2>&1 </dev/null; }
di() { "$K" "$@" >>"$day" 2>&1; }

echo 6205031405900001 | di --as Sari apply --name "Muhammad Rizky Pratama" \
    --birth-place "Muara Teweh" --birth-date 1990-05-14 --sex L --address "Jl. Yetro Sinseng 5" \
    --phone 0812-3456-7890 --category umum --document ktp --document-no -
echo 2101234567 | di --as Sari apply --name "Dewi Lestari" --birth-place "Palangka Raya" \
    --birth-date 2003-02-11 --sex P --address "Jl. Pramuka 3" --phone 081299990000 \
    --category mahasiswa --document ktm --document-no - --institution "Universitas Indonesia"
echo 6205034703100002 | di --as Sari apply --name "Siti Aminah" --birth-place "Muara Teweh" \
    --birth-date 2010-03-07 --sex P --address "Jl. Pramuka 4" --phone 081299990001 \
    --category umum --document ktp --document-no -
d queue
d --as Sari check 1
d --as Sari validate 1
d --as Sari validate 3
d --as Budi issue 1
d desk --number 6205260000010013
sim put ntag215 04A1B2C3D4E5F6 >/dev/null
d --as Budi encode 6205260000010 --timeout 5
d desk --once --timeout 5
d --as Sari handover 1 --phone 0812-3456-7890
code=$(sed -n 's/.*: \([0-9]\{6\}\)$/\1/p' "$day" | tail -1)
d --as Sari handover 1 --code "$code" --signed-name "Muhammad Rizky Pratama"
d --as Sari reject 3 --reason "berkas tidak lengkap"
# A lost card the same day: replaced, and the old one answers HILANG.
echo 6205031405900001 | di --as Budi replace --member 6205260000010 --reason lost --document ktp \
    --document-no -
d desk --number 6205260000010013
d --as Sari handover-book --out "$trash/book.pdf"
d queue
d app show 1
d app show 2
d app list
d member show 6205260000010
d member find "Rizki Pratama"
d operator list
d rules
d calendar
d --as Dina complaint add --channel kotak-saran --text "Antrean terlalu lama"
d --as Sari complaint update 1 --status dianalisis --note "Dicek"
d complaint list
d complaint show 1
d --as Admin report monthly --format pdf --out "$trash/report.pdf"
d --as Admin report daily --format pdf --out "$trash/daily.pdf"
pdftotext -layout "$trash/report.pdf" - >>"$day" 2>&1
pdftotext -layout "$trash/book.pdf" - >>"$day" 2>&1
same "$(grep -c 'AKTIF' "$day")" 1 "the day went through: the card answered AKTIF at the desk"
has "$day" "HILANG" "and HILANG once replaced"

# Words a desk in Indonesian must not see: the codes the store keeps, the
# English metavariables and weekdays, and common English words.  Command
# names and option names (kartu check, --phone) are what staff type, and are
# taken out first, as are the test's paths.
english='applied|checked|validated|issued|handed-over|rejected|refused|active|blocked|expired|encoding|lost|damaged|replaced|revoked|officer|desk|national|local|daily|monthly|none|optional|required|apply|validate|handover|reject|NUMBER|CODE|NAME|FILE|ROLE|Mon|Tue|Wed|Thu|Fri|Sat|Sun|the|of|and|is|card|member|report|application|new|due|since|until|valid|phone'
strip() {
	sed -e 's/kartu [a-z-]*//g' -e 's/--[a-z-]*//g' -e "s|$trash/[^ ]*||g" "$1"
}
strip "$day" >"$trash/day.stripped"
total=$(grep -c . "$trash/day.stripped")
bad=$(grep -Eic "(^|[^[:alnum:]_-])($english)([^[:alnum:]_-]|$)|[0-9]T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z|(^|[^0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}" \
    "$trash/day.stripped")
echo "# the desk day in Indonesian: $bad of $total lines with English words, UTC times or ISO days"
grep -Ei "(^|[^[:alnum:]_-])($english)([^[:alnum:]_-]|$)|[0-9]T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z|(^|[^0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}" \
    "$trash/day.stripped" | head -20 | sed 's/^/#   /'
same "$bad" 0 "no line of the desk day has an English word, a UTC time or an ISO day"
has "$day" "28-11-2026 08:30" "times on screen in WIB, as DD-MM-YYYY"
hasnt "$day" "Laporan monthly" "the report's kind is translated (was 'Laporan monthly')"

# --json and CSV keep the codes and ISO times.
run --json app show 1
has "$out" '"state":"handed-over"' "--json keeps the state's code"
has "$out" '"at":"2026-11-28T01:30:00Z"' "--json keeps the UTC timestamp"
run --as Admin report daily
has "$out" "daily,2026-11-28,2026-11-28,issued-by-category" "CSV keeps ISO days and codes"
run --json calendar
has "$out" '"kind":"national"' "--json keeps the holiday's kind"
finish
