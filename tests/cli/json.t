#!/bin/sh
# --json prints exactly one JSON object, on errors too: every error path tried
# here is parsed with Python's json module.  A failure prints
# {"error":{"status":N,"message":...}} with N the exit status, and nothing of
# what the command had begun to print.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }
m=$(sql "SELECT member_no FROM members")
c=$(sql "SELECT card_no FROM cards")
# The same numbers with the check digit changed.
badm="${m%?}$(( (${m#"${m%?}"} + 1) % 10 ))"
badc="${c%?}$(( (${c#"${c%?}"} + 1) % 10 ))"
# A member number with a good check digit (Damm) that nobody has.
nobody=$(python3 -c '
t = ["0317598642","7092154863","4206871359","1750983426","6123045978",
     "3674209581","5869720134","8945362017","9438617205","2581436790"]
def damm(s):
    i = 0
    for ch in s: i = int(t[i][int(ch)])
    return str(i)
print("999999999999" + damm("999999999999"))')

# onejson WANT DESC -- kartu ARGS (stdin from /dev/null unless redirected):
# the exit status is WANT, stdout is one line holding one JSON object, and for
# a failure that object is only the error, with the exit status in it.
onejson() {
	want=$1 desc=$2
	shift 3
	"$K" --json "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "#   exit $rc, want $want"; fail "$desc"; return; fi
	if python3 - "$out" "$rc" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
status = int(sys.argv[2])
text = raw.decode("utf-8")		# strict: invalid UTF-8 fails
lines = text.split("\n")
assert lines[-1] == "" and len(lines) == 2, "want one line, got %r" % text[:200]
obj = json.loads(lines[0])
assert isinstance(obj, dict), "not an object"
if status != 0 and status < 10:
    assert list(obj) == ["error"], "more than the error: %r" % list(obj)
    assert obj["error"]["status"] == status, "status %r" % obj["error"]["status"]
    assert obj["error"]["message"], "no message"
else:
    assert "error" not in obj
PY
	then pass "$desc: one JSON object (exit $rc)"
	else fail "$desc: one JSON object"; fi
}

# Failures after the command had begun its object (the cases of issue 11).
onejson 2 "member list with an unknown category" -- member list --category nonsense
onejson 4 "member show of no member" -- member show "$nobody"
onejson 2 "member show with a wrong check digit" -- member show "$badm"
onejson 4 "member find with no match" -- member find Zzyzx
onejson 4 "app show of no application" -- app show 999
onejson 2 "app list in an unknown state" -- app list nonsense
hdr='name,birth_place,birth_date,sex,address,phone,category,nik'
printf '%s\nSiti Nurhaliza,X,1992-08-03,P,A,081299999999,umum,6205034308920002\nDewi Lestari,X,1991-13-01,P,A,081200000002,umum,\n' \
    "$hdr" >"$trash/dup-then-bad.csv"
onejson 20 "import --skip-duplicates, a bad row after a skipped one" -- \
    --as Admin import --skip-duplicates "$trash/dup-then-bad.csv"
onejson 1 "import of a file that is not there" -- --as Admin import "$trash/none.csv"

# Usage, refusals and lookups across the commands.
onejson 2 "an unknown command" -- frobnicate
onejson 2 "an unknown global option" -- --frob rules
onejson 2 "check abc" -- check abc
onejson 4 "check of no application" -- --as Sari check 999
onejson 3 "validate before check, by the desk" -- --as Dina validate "$i"
onejson 3 "issue of an issued application" -- --as Budi issue "$i"
onejson 4 "handover of no application" -- --as Sari handover 999 --phone 081234567890
onejson 2 "reject without a reason" -- --as Sari reject "$i"
onejson 2 "replace with an unknown reason" -- --as Budi replace --card "$c" --reason stolen \
    --document ktp --document-no 6205034308920002
onejson 2 "replace with an unknown document" -- --as Budi replace --card "$c" --reason lost \
    --document passport --document-no X1234567
onejson 2 "desk --number with a wrong check digit" -- desk --number "$badc"
onejson 1 "desk --number - --once with nothing typed" -- desk --number - --once
onejson 1 "desk --number - with nothing typed" -- desk --number -
onejson 1 "desk --scanner /dev/null --once" -- desk --scanner /dev/null --once
onejson 2 "complaint add with a wrong check digit" -- --as Sari complaint add \
    --channel email --text "Kartu belum jadi" --member "$badm"
onejson 4 "complaint show of no complaint" -- complaint show 999
onejson 2 "queue with a bad option" -- queue --bogus
onejson 2 "report with a bad date" -- --as Admin report daily --date 2026-13-01
onejson 2 "calendar holiday with a bad date" -- --as Admin calendar holiday add 2026-02-30 X
onejson 3 "keygen by an officer" -- --as Sari keygen
onejson 3 "audit list by the desk" -- --as Dina audit list
onejson 2 "dupes without a name" -- dupes
onejson 1 "scan of a file that is not there" -- scan "$trash/none.png"
onejson 4 "print of no member" -- print "$nobody" --out "$trash/x.pdf"
onejson 2 "handover-book with a bad date" -- handover-book --date 28-11-2026
onejson 1 "a --config file that is not there" -- --config "$trash/none.conf" rules
onejson 4 "a database that is not there" -- --db "$trash/none.db" app list
onejson 2 "operator add with an unknown role" -- --as Admin operator add Eka --role boss

# Every command refuses an unknown option the same way.
for cmd in $("$K" --help | sed -n 's/^  \([a-z-]*\)  .*/\1/p'); do
	onejson 2 "$cmd --no-such-option" -- "$cmd" --no-such-option
done

# Outside text in the message stays valid JSON: control characters escaped,
# bytes that are not UTF-8 replaced.
onejson 2 "an escape sequence in an argument" -- check "$(printf '\033]0;X\007')"
has "$out" '\u001b]0;X\u0007' "the escape sequence is escaped in the message"
onejson 2 "a byte that is not UTF-8 in an argument" -- check "$(printf 'A\377B')"
has "$out" 'A\ufffdB' "the byte is U+FFFD in the message"

# A success is one object too.
onejson 0 "member show" -- member show "$m"
onejson 15 "desk --number, UNFINISHED (exit 15)" -- desk --number "$c"
finish
