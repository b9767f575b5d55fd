#!/bin/sh
# Output that a person and a script can trust: outside text never reaches the
# terminal raw, no answer is never a success, and the exit statuses are those
# the README promises (issue 11).
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }
m=$(sql "SELECT member_no FROM members")
c=$(sql "SELECT card_no FROM cards")
badm="${m%?}$(( (${m#"${m%?}"} + 1) % 10 ))"

# clean DESC: what kartu printed, stdout and stderr, is valid UTF-8 with no
# control character but tab and newline, no C1 control, no bidi override.
clean() {
	if python3 - "$out" "$err" <<'PY'
import sys, unicodedata
for path in sys.argv[1:]:
    text = open(path, "rb").read().decode("utf-8")	# strict
    for ch in text:
        o = ord(ch)
        bad = (o < 0x20 and ch not in "\t\n") or 0x7f <= o <= 0x9f or \
            0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069 or o in (0x200e, 0x200f, 0x061c)
        assert not bad, "raw U+%04X in %s: %r" % (o, path, text[:200])
PY
	then pass "$1: nothing raw on the terminal"; else fail "$1: nothing raw on the terminal"; fi
}

ESC=$(printf '\033')
osc=$(printf '\033]0;PWNED\007')		# sets the terminal's title
csi=$(printf '\033[2J\033[H')			# clears the screen
c1=$(printf '\302\233')				# U+009B, CSI as one C1 character
rlo=$(printf '\342\200\256')			# U+202E RIGHT-TO-LEFT OVERRIDE
ff=$(printf 'A\377B')				# not UTF-8

run check "$osc"
same "$rc" 2 "check with an OSC sequence as the application (exit 2)"
clean "an OSC sequence in an argument"
has "$err" "'\\x1b]0;PWNED\\x07' is not an application number" "is spelled out, whole"
run check abc
has "$err" "'abc' is not an application number" "check abc names abc, not bc"
run "$csi"
clean "a CSI sequence as the command"
run rules "--$csi"
clean "a CSI sequence as an option"
run member find "$c1$rlo"
clean "a C1 control and a bidi override in a query"
run check "$ff"
clean "a byte that is not UTF-8 in an argument"
has "$err" 'A\xffB' "the byte is shown as \\xff"
printf '%s\n' "$osc$c" | "$K" desk --number - >"$out" 2>"$err"
clean "a scanned code with an escape sequence"
printf 'name,birth_place,birth_date,sex,address,phone,category,nik\nBudi%s,X,1990-01-01,L,A,081200000001,umum,\nDewi,X,1991-13-01,P,A%s,081200000002,umum,\n' \
    "$csi" "$osc" >"$trash/esc.csv"
run --as Admin import "$trash/esc.csv"
clean "CSV fields with escape sequences"
printf 'library_name = Perpus%s\nlibary = 1\n' "$osc" >"$trash/esc.conf"
run --config "$trash/esc.conf" rules
clean "a configuration line with an escape sequence"
run --as "Sari$osc" apply --name "Budi$csi" --birth-place X --birth-date 1990-01-01 --sex L \
    --address A --phone 081200000003 --category umum --document ktp --document-no 6205030101900003
clean "a name with an escape sequence at the form"
run --as Sari complaint add --channel email --text "Kartu$osc belum jadi"
clean "a complaint with an escape sequence"
run complaint list
clean "the complaint listed"
grep -qF "$ESC" "$out" && fail "the complaint's escape is not listed raw" ||
    pass "the complaint's escape is not listed raw"

# No answer is never a success.
printf '' | "$K" desk --number - --once >"$out" 2>"$err"
same "$?" 1 "desk --number - --once with nothing typed fails (exit 1)"
has "$err" "standard input ended without a card number" "and says why"
printf '\n\n' | "$K" desk --number - >"$out" 2>"$err"
same "$?" 1 "desk --number - with only empty lines fails"
run desk --scanner /dev/null --once
same "$rc" 1 "desk --scanner /dev/null --once fails (exit 1)"
# a device node that reads nothing is no file that ended (issue 19; scanner.t)
has "$err" "the scanner /dev/null hangs up as soon as it is opened" "and says why"
: >"$trash/empty-scan"
run desk --scanner "$trash/empty-scan" --once
same "$rc" 1 "desk --scanner EMPTY-FILE --once fails (exit 1)"
has "$err" "the scanner $trash/empty-scan ended without a code" "and says why"
printf '%s\n%s\n' "$c" "$c" | "$K" desk --number - --once >"$out" 2>"$err"
same "$?" 15 "desk --number - --once answers the first number (UNFINISHED, 15)"
same "$(grep -c UNFINISHED "$out")" 1 "and only the first"

# A prompt without a newline reaches the terminal at once: the PIN prompt on a
# pseudo-terminal appears before anything is typed.
printf '482913\n' | "$K" --as Admin operator add Eka --role officer --pin >/dev/null 2>&1
python3 - "$K" >"$out" 2>"$err" <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "login", "Eka"])
seen, end = b"", time.time() + 10
while b"PIN: " not in seen and time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            seen += os.read(fd, 100)
        except OSError:
            break
os.write(fd, b"482913\n")
end = time.time() + 10
while time.time() < end and os.waitpid(pid, os.WNOHANG) == (0, 0):
    time.sleep(0.1)
else:
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except (OSError, ChildProcessError):
        pass
print("PROMPT-SEEN" if b"PIN: " in seen else "NO-PROMPT: %r" % seen)
PY
has "$out" "PROMPT-SEEN" "the PIN prompt shows before the PIN is typed"
hasnt "$out" "NO-PROMPT" "(not only after it)"

# kartu check without an application is kartu desk for one release, with a note.
run check --number "$c"
same "$rc" 15 "the old desk form still answers (UNFINISHED, 15)"
has "$err" "the desk check is now 'kartu desk'" "with a note naming kartu desk"
run desk --number "$c"
same "$rc" 15 "kartu desk --number answers the same"
hasnt "$err" "note:" "without the note"
expect 2 "step 3 with a desk option" -- --as Sari check "$i" --once

# Exit statuses: a file is not a record.
expect 1 "scan of a missing file" -- scan "$trash/none.png"
expect 1 "replace --scan of a missing file" -- --as Budi replace --scan "$trash/none.png" \
    --reason lost --document ktp --document-no 6205034308920002
expect 1 "member photo of a missing file" -- --as Sari member photo "$m" "$trash/none.jpg"
expect 1 "import of a missing file" -- --as Admin import "$trash/none.csv"
chmod 000 "$trash/esc.csv"
if [ "$(id -u)" != 0 ]; then
	expect 1 "import of an unreadable file" -- --as Admin import "$trash/esc.csv"
fi
chmod 644 "$trash/esc.csv"
expect 2 "complaint add --member with a wrong check digit" -- --as Sari complaint add \
    --channel email --text "Kartu belum jadi" --member "$badm"
has "$err" "wrong check digit" "says the check digit is wrong"
expect 2 "replace --document passport, as in apply" -- --as Budi replace --card "$c" \
    --reason lost --document passport --document-no X1234567
has "$err" "unknown document kind 'passport'" "names the unknown kind"
expect 3 "replace --document kk, known but not for a replacement" -- --as Budi replace \
    --card "$c" --reason lost --document kk --document-no 6205031212120001

# replace --encode that commits and then cannot encode says so.
start_sim
sim put ntag215 04AAAAAAAAAA01 >/dev/null
"$K" --as Budi encode "$m" --timeout 5 >/dev/null || { echo "Bail out! encode"; exit 1; }
sim remove >/dev/null
expect 1 "replace --encode with no reader" -- --as Budi replace --card "$c" --reason lost \
    --document ktp --document-no 6205034308920002 --encode --reader pn532_uart:/nonexistent \
    --timeout 1
c2=$(sql "SELECT card_no FROM cards WHERE issue_no = 2")
same "$(sql "SELECT status FROM cards WHERE card_no = '$c'")" lost "the replacement is committed"
has "$err" "the replacement is done" "the message says the replacement is done"
has "$err" "Encode it next: kartu encode $c2" "and names the command for the new card"
finish
