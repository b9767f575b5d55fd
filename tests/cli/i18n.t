#!/bin/sh
# The desk speaks Indonesian: LANG=id_ID.UTF-8 shows the translation, even on a
# machine where the id_ID locale was never generated.
. "$KARTU_SRC/tests/cli/lib.sh"
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$KARTU_SRC/po/id.po" 2>&1)
case "$stats" in
*untranslated* | *fuzzy*) fail "po/id.po is complete ($stats)" ;;
*) pass "po/id.po is complete ($stats)" ;;
esac
setup_desk
LANG=id_ID.UTF-8 "$K" --help >"$out" 2>"$err"
has "$out" "penggunaan: kartu" "--help in Indonesian"
LANG=id_ID.UTF-8 "$K" --as Sari validate 7 >"$out" 2>"$err"
same "$?" 4 "the exit status does not change with the language"
has "$err" "kartu: kesalahan:" "errors in Indonesian (po/GLOSSARY.md: kesalahan, not galat)"
has "$err" "tidak ada permohonan" "the message itself in Indonesian"
LANG=id_ID.UTF-8 "$K" reject >"$out" 2>"$err"
has "$err" "penggunaan: kartu reject" "a usage line in Indonesian"
hasnt "$err" "kesalahan: penggunaan" "is shown as a usage line, not as an error"
# No id_ID locale at all (LOCPATH points at an empty directory): still Indonesian.
mkdir -p "$trash/nolocale"
LOCPATH="$trash/nolocale" LANG=id_ID.UTF-8 "$K" --help >"$out" 2>"$err"
has "$out" "penggunaan: kartu" "Indonesian without the id_ID locale installed"
LANG=C "$K" --help >"$out" 2>"$err"
has "$out" "usage: kartu" "English when asked for"
LANG=id_ID.UTF-8 "$K" --json dupes --name "Siti" --birth-date 2000-01-01 >"$out" 2>"$err"
has "$out" '{"duplicates":[]}' "JSON keys stay English"
finish
