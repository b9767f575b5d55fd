#!/bin/sh
# The Indonesian keeps to po/GLOSSARY.md: no avoided word in po/id.po or on a
# printed card, every placeholder and --option carried over, nothing left in
# English but the glossary's short list, and every command summary in one form.
# The glossary is the one source: tools/glossary-check reads its avoided words
# and its exceptions from it.  The second half shows the check fails when it
# should, on a scratch copy of id.po with one fault put in each time.
. "$KARTU_SRC/tests/cli/lib.sh"
gloss="$KARTU_SRC/po/GLOSSARY.md"
po="$KARTU_SRC/po/id.po"
# check NAME [PO [GLOSSARY]]: run one check, its findings in $out.
check() {
	python3 "$KARTU_SRC/tools/glossary-check" --only "$1" --src "$KARTU_SRC/src" \
	    --layouts "$KARTU_SRC/layouts" "${3:-$gloss}" "${2:-$po}" >"$out" 2>"$err"
	rc=$?
}

: >"$err"
if LC_ALL=C msgfmt --check -o /dev/null "$po" 2>"$out"; then pass "msgfmt --check po/id.po"
else fail "msgfmt --check po/id.po"; fi
check avoided
same "$rc" 0 "no word the glossary avoids, in po/id.po or layouts/"
check placeholders
same "$rc" 0 "every msgstr keeps its msgid's %-conversions, --options, kartu commands, settings"
check identical
same "$rc" 0 "no msgstr left in English, but the glossary's list"
check summaries
same "$rc" 0 "every command summary starts 'Langkah N: meN-' or 'meN-'"

# The check can fail.  bad FAULT SED: a scratch id.po with one line changed.
bad() { sed "$2" "$po" >"$trash/bad-$1.po"; }
bad galat 's/^msgstr "kartu: kesalahan: %s\\n"$/msgstr "kartu: galat: %s\\n"/'
check avoided "$trash/bad-galat.po"
same "$rc" 1 "fails on 'galat'"
has "$out" '"galat" (use kesalahan' "and says what to use instead"
bad suffix 's/^msgstr "Buku penyerahan kartu anggota"$/msgstr "Buku serah terimanya"/'
check avoided "$trash/bad-suffix.po"
same "$rc" 1 "fails on an avoided word with a suffix (serah terimanya)"
bad conv 's/^msgstr "tidak ada permohonan nomor %lld"$/msgstr "tidak ada permohonan nomor %d"/'
check placeholders "$trash/bad-conv.po"
same "$rc" 1 "fails on a %lld turned into %d"
bad order "s/^msgstr \"barcode yang dicetak terbaca '%.40s', bukan %s\"$/msgstr \"barcode %s, bukan '%.40s'\"/"
check placeholders "$trash/bad-order.po"
same "$rc" 1 "fails on placeholders in another order"
bad option 's/^msgstr "--db harus ditulis sebelum nama perintah"$/msgstr "--basisdata harus ditulis sebelum nama perintah"/'
check placeholders "$trash/bad-option.po"
same "$rc" 1 "fails on a translated --option"
has "$out" "--db" "and names it"
bad english 's/^msgstr "Buku penyerahan kartu anggota"$/msgstr "Member card handover book"/'
check identical "$trash/bad-english.po"
same "$rc" 1 "fails on a msgstr left in English"
bad summary 's/^msgstr "Menutup sesi petugas di komputer ini."$/msgstr "Tutup sesi petugas di komputer ini."/'
check summaries "$trash/bad-summary.po"
same "$rc" 1 "fails on a summary in another form (Tutup ...)"
# Without its marked rows the glossary gives no words: an error, not a pass.
sed 's/\xe2\x9c\x97/x/' "$gloss" >"$trash/GLOSSARY.md"
check avoided "$po" "$trash/GLOSSARY.md"
same "$rc" 2 "a glossary without avoided words is an error"
finish
