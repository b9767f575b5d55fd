#!/bin/sh
# Printed cards: the layout rendered to PDF and PNG, a golden image, barcodes
# read back by zbar and by ZXing (an independent decoder), degraded copies,
# scanning, and bad input.  KARTU_BLESS=1 rewrites the golden image.
. "$KARTU_SRC/tests/cli/lib.sh"
export KARTU_LAYOUTS="$KARTU_SRC/layouts"
setup_desk
apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }
m=$(sql "SELECT member_no FROM members")
c=$(sql "SELECT card_no FROM cards")
start_sim --card ntag215
"$K" --as Admin keygen >/dev/null && "$K" --as Budi encode "$m" --timeout 5 >/dev/null ||
    { echo "Bail out! encode"; exit 1; }
zx() { ZXingReader -noscale -format Code128,QRCode -1 "$1" 2>/dev/null; }

expect 0 "print a card to PNG" -- print "$m" --out "$trash/card.png"
has "$out" "Card $c printed to $trash/card.png (2 barcode(s) read back)" \
    "after reading its two barcodes back"
same "$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(struct.unpack(">II", d[16:24]))' "$trash/card.png")" \
    "(1011, 638)" "the PNG is 85.60 x 53.98 mm at 300 dpi: 1011 x 638 pixels"
expect 0 "print a card to PDF" -- print "$c" --out "$trash/card.pdf"
has "$trash/card.pdf" "/MediaBox [ 0 0 242.645669 153.014173 ]" "the PDF page is exactly CR80"
hasnt "$trash/card.pdf" "6205034308920002" "the NIK is not on the card"
pdftotext "$trash/card.pdf" "$trash/card.txt"
has "$trash/card.txt" "$(echo "$c" | sed 's/^\(....\)\(..\)\(......\)\(.\)\(..\)\(.\)$/\1-\2-\3-\4-\5-\6/')" \
    "the card shows its number grouped for reading"
same "$(grep -c '[0-9]\{9\}' "$trash/card.txt")" 0 "and no other form of a number"

zbarimg -q "$trash/card.png" >"$out" 2>/dev/null
has "$out" "CODE-128:$c" "zbarimg reads the Code 128: the card number"
has "$out" "QR-Code:$c" "zbarimg reads the QR code: the card number"
zx "$trash/card.png" >"$out"
has "$out" "Code128 \"$c\"" "ZXing reads the Code 128 too"
has "$out" "QRCode \"$c\"" "ZXing reads the QR code too"

# A golden image: the same data renders the same card, within a tolerance of
# 0.5 % of the pixels (font hinting and antialiasing may move a little).
golden="$KARTU_SRC/tests/golden/cr80-front.png"
if [ "${KARTU_BLESS:-}" = 1 ]; then cp "$trash/card.png" "$golden"; fi
diff=$(compare -metric AE -fuzz 25% "$golden" "$trash/card.png" null: 2>&1 | cut -d' ' -f1)
[ "${diff%.*}" -lt 3225 ] 2>/dev/null && pass "the card matches the golden image ($diff pixels differ)" ||
    fail "the card matches the golden image ($diff pixels differ)"

# Degraded copies: rotated 5 degrees, at 150 dpi, lightly blurred.
convert "$trash/card.png" -background white -rotate 5 "$trash/rot.png"
convert "$trash/card.png" -resample 150 -resize 50% "$trash/150.png"
convert "$trash/card.png" -blur 0x1.2 "$trash/blur.png"
convert "$trash/card.png" -quality 40 "$trash/photo.jpg" && cp "$trash/photo.jpg" "$trash/jpg.png"
for f in rot 150 blur jpg; do
	run scan "$trash/$f.png"
	[ "$rc" = 0 ] && grep -q "ACTIVE .*$c" "$out" && pass "kartu scan reads the $f copy: ACTIVE" ||
	    fail "kartu scan reads the $f copy: ACTIVE"
	zx "$trash/$f.png" | grep -q "\"$c\"" && pass "ZXing reads the $f copy" ||
	    fail "ZXing reads the $f copy"
done

# The degraded copies kept in the tree (tests/data/README.md) decode too.
for f in "$KARTU_SRC"/tests/data/card-*; do
	run scan "$f"
	[ "$rc" = 0 ] && grep -q "ACTIVE .*$c" "$out" &&
	    pass "kartu scan reads the stored ${f##*/}: ACTIVE" ||
	    fail "kartu scan reads the stored ${f##*/}: ACTIVE"
	zx "$f" | grep -q "\"$c\"" && pass "ZXing reads the stored ${f##*/}" ||
	    fail "ZXing reads the stored ${f##*/}"
done

# The member's photo, for the layout with a pas foto.
convert -size 300x400 gradient:'#c03030-#3030c0' "$trash/foto.jpg"
expect 4 "a photo layout for a member without a photo" -- print "$m" \
    --layout cr80-front-photo --out "$trash/p.png"
has "$err" "has no photo (kartu member photo $m FILE)" "says how to add one"
expect 1 "a missing photo file" -- --as Sari member photo "$m" "$trash/nofoto.jpg"
has "$err" "nofoto.jpg" "names the file"
echo "not a photo" >"$trash/foto.txt"
expect 2 "a photo file that is no image" -- --as Sari member photo "$m" "$trash/foto.txt"
convert -size 20x20 xc:red "$trash/tiny.png"
expect 2 "a photo too small for a card" -- --as Sari member photo "$m" "$trash/tiny.png"
expect 3 "the desk does not take photos" -- --as Dina member photo "$m" "$trash/foto.jpg"
expect 0 "an officer keeps the photo" -- --as Sari member photo "$m" "$trash/foto.jpg"
same "$(sql "SELECT type || ' ' || width || 'x' || height FROM photos")" "image/jpeg 300x400" \
    "in the database, with its size"
expect 0 "print the card with the photo" -- print "$m" --layout cr80-front-photo \
    --out "$trash/p.png"
px() { convert "$1" -format "%[fx:int(255*r)],%[fx:int(255*g)],%[fx:int(255*b)]" \
    -crop "1x1+$2+$3" info:; }
rgb=$(px "$trash/p.png" 859 330)
case "$rgb" in 255,255,255|"") fail "the photo is in its frame ($rgb)";;
*) pass "the photo is in its frame ($rgb)";; esac
zbarimg -q "$trash/p.png" 2>/dev/null | grep -q "CODE-128:$c" &&
    pass "the photo card's Code 128 reads back" || fail "the photo card's Code 128 reads back"

# The library's logo, when the setting names one; a missing file is an error.
convert -size 100x100 xc:'#ffcc00' "$trash/logo.png"
sql "UPDATE settings SET value = '$trash/logo.png' WHERE key = 'library_logo'"
expect 0 "print a card with the library's logo" -- print "$m" --out "$trash/logo-card.png"
same "$(px "$trash/logo-card.png" 80 80)" "255,204,0" "the logo is in the corner"
sql "UPDATE settings SET value = '$trash/nologo.png' WHERE key = 'library_logo'"
expect 1 "a logo file that is missing" -- print "$m" --out "$trash/x.png"
has "$err" "nologo.png" "names the file"
sql "UPDATE settings SET value = '' WHERE key = 'library_logo'"

# A CUPS queue through lp(1); here a stand-in lp records what it was given.
mkdir -p "$trash/bin"
cat >"$trash/bin/lp" <<EOS
#!/bin/sh
echo "\$@" >>"$trash/lp.args"
for f; do :; done
[ "\$2" = Tidak ] && { echo "lp: The printer or class does not exist." >&2; exit 1; }
cp "\$f" "$trash/lp-\$(wc -l <"$trash/lp.args").pdf"
echo "request id is \$2-7 (1 file(s))"
EOS
chmod +x "$trash/bin/lp"
PATH="$trash/bin:$PATH" expect 0 "print to a CUPS printer" -- print "$m" --printer Evolis
has "$out" "Card $c sent to printer Evolis as Evolis-7" "with lp's job id"
has "$trash/lp.args" "-d Evolis -t $c -- " "lp gets the queue, a title and the file"
has "$trash/lp-1.pdf" "/MediaBox [ 0 0 242.645669 153.014173 ]" "the printer gets a CR80 PDF"
same "$(ls "${TMPDIR:-/tmp}" | grep -c "kartu-$c-")" 0 "the temporary file is gone"
PATH="$trash/bin:$PATH" expect 1 "a printer CUPS does not know" -- print "$m" --printer Tidak
has "$err" "printer Tidak refused the card: lp: The printer or class does not exist." \
    "says so in lp's words"
printf 'printer = Kantor\n' >"$trash/kartu.conf"
PATH="$trash/bin:$PATH" KARTU_CONFIG="$trash/kartu.conf" expect 0 \
    "the printer of kartu.conf, when no file is asked for" -- print "$m"
has "$out" "sent to printer Kantor" "is used"
KARTU_CONFIG="$trash/kartu.conf" expect 0 "a file asked for is still a file" -- print "$m" \
    --out "$trash/conf.pdf"
has "$out" "printed to $trash/conf.pdf" "and not the printer"
expect 2 "a printer name that cannot be one" -- print "$m" --printer "a/b"
expect 2 "--printer with --format png" -- print "$m" --printer Evolis --format png
PATH="$trash/bin:$PATH" expect 0 "a sheet to an office printer" -- print "$m" \
    --sheet "$trash/one.pdf" --printer Kantor
has "$out" "Sent to printer Kantor as Kantor-7" "the sheet is sent"

# A camera: the same decoder through zbar's video input; no camera here, so
# only the errors can be tested.
expect 4 "a camera that is not there" -- scan --camera "$trash/video9"
has "$err" "no camera" "says so"
expect 2 "a device that is no camera" -- scan --camera /dev/null
has "$err" "not a camera" "says so"
expect 2 "--camera with files" -- scan --camera /dev/null "$trash/card.png"

# Bad input.
convert -size 400x250 xc:white "$trash/blank.png"
expect 4 "an image without a barcode" -- scan "$trash/blank.png"
has "$err" "no barcode found" "says so"
zint -b 20 -d "LIB-ABC-123" -o "$trash/other.png" >/dev/null 2>&1
expect 2 "a barcode of another system" -- scan "$trash/other.png"
has "$err" "barcode of another system" "says so"
bad=$(echo "$c" | sed 's/3$/4/')
zint -b 20 -d "$bad" -o "$trash/typo.png" >/dev/null 2>&1
expect 2 "a barcode with a wrong check digit" -- scan "$trash/typo.png"
has "$err" "check digit" "says so"
expect 1 "a missing file" -- scan "$trash/none.png"
echo "not an image" >"$trash/text.png"
expect 2 "a file that is no image" -- scan "$trash/text.png"
expect 2 "a 453-byte PNG claiming a 2 GB chunk (found by fuzzing)" -- scan \
    "$KARTU_SRC/tests/fuzz/corpus/image/oom-regression.png"
kib=$("$KARTU_BUILD/bench-rss" "$K" scan "$KARTU_SRC/tests/fuzz/corpus/image/oom-regression.png")
[ "$kib" -lt 200000 ] && pass "and does not allocate it (peak $kib KiB)" ||
    fail "and does not allocate it (peak $kib KiB)"
convert -size 6000x5000 xc:white "$trash/huge.png"
expect 2 "a picture of 30 megapixels (found by fuzzing: memory)" -- scan "$trash/huge.png"
has "$err" "too large" "says so"
convert -size 6000x5000 xc:white -quality 10 "$trash/huge.jpg"
expect 2 "a JPEG of 30 megapixels" -- scan "$trash/huge.jpg"
head -c 300 "$trash/photo.jpg" >"$trash/cut.jpg"
expect 2 "a JPEG cut short" -- scan "$trash/cut.jpg"
printf 'kartu-layout 1\nsize 85.6 53.98\ntext 1 1 50 5 value="{name} {nik}"\n' >"$trash/bad.layout"
expect 2 "a layout with an unknown field" -- print "$m" --layout "$trash/bad.layout" --out x.pdf
has "$err" "bad.layout line 3: unknown field {nik}" "names the line and the field"
printf 'kartu-layout 1\nsize 85.6 53.98\nimage 1 1 20 20 value="{name}"\n' >"$trash/bad.layout"
expect 2 "an image of a text field" -- print "$m" --layout "$trash/bad.layout" --out x.pdf
has "$err" "bad.layout line 3: an image is {photo}, {logo} or a file name" "names the line"
printf 'kartu-layout 1\nsize 85.6 53.98\ntext 1 1 20 5 value="{photo}"\n' >"$trash/bad.layout"
expect 2 "a photo in a text" -- print "$m" --layout "$trash/bad.layout" --out x.pdf
expect 4 "an unknown layout" -- print "$m" --layout nosuch --out x.pdf
expect 2 "a bad calibration offset" -- print "$m" --offset 3 --out x.pdf
expect 0 "a calibration offset moves the print" -- print "$m" --offset 1.5,-0.5 --out "$trash/off.png"
expect 0 "--today prints the cards made today" -- print --today --out-dir "$trash"
has "$out" "Card $c printed to $trash/$c.pdf" "into the directory"
expect 0 "the back of the card" -- print "$m" --layout cr80-back --out "$trash/back.png"

# An A4 sheet of 10 cards a page for libraries without a card printer.
n=2
while [ $n -le 12 ]; do
	d=$(printf '%02d' $n)
	run --as Sari apply --name "Warga $(echo $n | tr 0-9 a-j) Contoh" --birth-place X \
	    --birth-date "1990-01-$d" --sex L --address A --phone "08120000$d$d" \
	    --category umum --document sim --document-no "1234567890$d"
	i=$(app_id)
	"$K" --as Sari check "$i" >/dev/null 2>&1 || "$K" --as Sari check "$i" --not-duplicate >/dev/null
	"$K" --as Sari validate "$i" >/dev/null && "$K" --as Budi issue "$i" >/dev/null
	n=$((n + 1))
done
expect 0 "twelve cards on A4 sheets" -- print --today --sheet "$trash/sheet.pdf"
has "$out" "12 card(s) printed on 2 A4 sheet(s)" "says how many cards and sheets"
same "$(grep -ac '/Type /Page %' "$trash/sheet.pdf")" 2 "the PDF has two pages"
has "$trash/sheet.pdf" "/MediaBox [ 0 0 595.275591 841.889764 ]" "each exactly A4"
# Measured on the page at 200 dpi: the gaps between the cards' blue bands
# across and down, and the cut marks inside the gap between the columns.
pdftoppm -r 200 -gray -f 1 -l 1 "$trash/sheet.pdf" "$trash/sheet"
python3 - "$trash/sheet-1.pgm" >"$trash/gaps" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
parts = d.split(maxsplit=4)
w, h, px = int(parts[1]), int(parts[2]), parts[4]
mm = 200 / 25.4
dark = lambda x, y: px[y * w + x] < 140
blue = lambda x, y: 40 < px[y * w + x] < 120
# the bands' tops, down the left card's column
col = int(w * 0.25)
ys = [y for y in range(h) if blue(col, y)]
tops = [ys[0]] + [b for a, b in zip(ys, ys[1:]) if b - a > 150]
pitch = (tops[1] - tops[0]) / mm
y = tops[0] + 10
xs = [x for x in range(w) if blue(x, y)]
ends = [a for a, b in zip(xs, xs[1:]) if b - a > 1]
starts = [b for a, b in zip(xs, xs[1:]) if b - a > 1]
gap_x = (starts[0] - ends[0] - 1) / mm
marks = sum(1 for yy in range(h) for xx in range(ends[0] + 3, starts[0] - 2) if dark(xx, yy))
print("across %.1f" % gap_x)
print("down %.1f" % (pitch - 53.98))
print("marks %d" % (marks > 0))
PY
awk '$1 == "across" && $2 >= 2 { print "ok" }' "$trash/gaps" | grep -q ok &&
    pass "at least 2 mm between the cards across ($(sed -n 's/across //p' "$trash/gaps") mm)" ||
    fail "at least 2 mm between the cards across ($(cat "$trash/gaps"))"
awk '$1 == "down" && $2 >= 2 { print "ok" }' "$trash/gaps" | grep -q ok &&
    pass "and down ($(sed -n 's/down //p' "$trash/gaps") mm)" ||
    fail "and down ($(cat "$trash/gaps"))"
has "$trash/gaps" "marks 1" "cut marks in the gap"
expect 2 "--sheet with --out" -- print --today --sheet "$trash/s.pdf" --out x.pdf

# A keyboard-wedge scanner types the number with a prefix and Enter.
printf ']C1%s\r\n\n%s\n12345\n' "$c" "$c" | "$K" desk --number - >"$out" 2>"$err"; rc=$?
same "$(grep -c "ACTIVE .*$c" "$out")" 2 "typed and scanned lines on stdin are answered"
same "$rc" 2 "a line that is no card number makes the exit 2"
has "$err" "card number" "with a message for that line"

printf ']C1%s\r\n' "$c" >"$trash/typed"
expect 2 "an --out-dir that is not there" -- print "$c" --out-dir "$trash/in"
has "$err" "in is not a directory" "says so"
mkdir "$trash/in"
expect 0 "print - takes the numbers a scanner sends" -- print - --out-dir "$trash/in" \
    <"$trash/typed"
has "$out" "Card $c printed to $trash/in/$c.pdf" "prints that card"
expect 0 "member show - takes the number a scanner sends" -- member show - <"$trash/typed"
has "$out" "Siti Nurhaliza" "and finds the member"
expect 2 "no number on stdin" -- member show - </dev/null

# The barcode finds the member for a replacement; the old barcode then
# answers LOST and is not printed again.
expect 0 "replace a lost card found by a photo of its barcode" -- --as Budi replace \
    --scan "$trash/rot.png" --reason lost --document ktp --document-no 6205034308920002
run scan "$trash/card.png"
grep -q "LOST .*$c" "$out" && pass "the old barcode answers LOST" || fail "the old barcode answers LOST"
expect 3 "a lost card is not printed again" -- print "$c" --out "$trash/again.pdf"
finish
