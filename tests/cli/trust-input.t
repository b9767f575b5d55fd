#!/bin/sh
# Issue 13, finding 8: an identity number need never be on the command line,
# where ps, /proc/PID/cmdline and the shell's history keep it.  "-" in place of
# the number (--document-no, --nik, member find) reads it from standard
# input: after a prompt without echo on a terminal, one line otherwise.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
nik=6205036107950004

printf '%s\n' "$nik" | "$K" --as Sari apply --name "Ani Lestari" --birth-place "Muara Teweh" \
    --birth-date 1995-07-21 --sex P --address "Jl. Durian 24" --phone 081299998888 \
    --category umum --document ktp --document-no - >"$out" 2>"$err"
same "$?" 0 "apply --document-no - takes the number from standard input"
a=$(app_id)
same "$(sql "SELECT document_masked, nik_masked FROM applications WHERE id = '$a'")" \
    "6205**********04|6205**********04" "and records it, masked"
hasnt "$err" "Nomor dokumen" "no prompt when standard input is not a terminal"

run --as Sari apply --name "Budi Santoso" --birth-place X --birth-date 1990-01-01 --sex L \
    --address A --phone 081200000001 --category umum --document ktp --document-no - </dev/null
same "$rc" 2 "--document-no - with nothing on standard input is a usage error (exit 2)"
has "$err" "--document-no -: no number on standard input" "saying what is missing"
printf '\n  \n' >"$trash/blank"
run --as Sari apply --name "Budi Santoso" --birth-place X --birth-date 1990-01-01 --sex L \
    --address A --phone 081200000001 --category umum --document ktp --document-no - \
    <"$trash/blank"
same "$rc" 2 "a blank line is no number either (exit 2)"
same "$(sql "SELECT count(*) FROM applications")" 1 "neither recorded anything"

# Both from standard input: the document's number first, then the NIK.
printf '123456789012\n6205031405900001\n' >"$trash/two"
run --as Sari apply --name "Budi Santoso" --birth-place X --birth-date 1990-05-14 --sex L \
    --address A --phone 081200000001 --category umum --document sim --document-no - \
    --nik - <"$trash/two"
same "$rc" 0 "--document-no - --nik - read two lines (exit $rc)"
b=$(app_id)
same "$(sql "SELECT document_masked, nik_masked FROM applications WHERE id = '$b'")" \
    "1234******12|6205**********01" "the first the document's, the second the NIK"

# The other commands that take a NIK.
printf '%s\n' "$nik" | "$K" --json dupes --name "Ani Lestari" --birth-date 1995-07-21 \
    --nik - >"$out" 2>"$err"
has "$out" '"same-nik"' "dupes --nik - compares the NIK from standard input"
run --as Sari check "$a" && run --as Sari validate "$a" && run --as Budi issue "$a"
m=$(sql "SELECT member_no FROM members")
printf '%s\n' "$nik" | "$K" member find - >"$out" 2>"$err"
has "$out" "$m" "member find - finds the member by the NIK from standard input"
# As if its chip were written (tests/cli/replace.t does it through the reader).
sql "UPDATE cards SET status = 'active', uid = '04AAAAAAAAAA01'"
printf '%s\n%s\n' "$nik" "$nik" | "$K" --as Budi replace --nik - --reason lost \
    --document ktp --document-no - >"$out" 2>"$err"
same "$?" 0 "replace --nik - --document-no - (the NIK first, then the KTP's number)"
same "$(sql "SELECT document_masked FROM replacements")" "6205**********04" \
    "the replacement records the document, masked"
run --as Budi replace --nik - --reason lost --document ktp --document-no 1 </dev/null
same "$rc" 2 "replace --nik - with nothing on standard input (exit 2)"
has "$err" "--nik -: no number on standard input" "says so"

# On a terminal: a prompt, nothing echoed, and the number is nowhere in the
# process's command line while it waits.
python3 - "$K" "$KARTU_DB" >"$out" 2>"$err" <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "--db", sys.argv[2], "--as", "Sari", "apply",
        "--name", "Citra Dewi", "--birth-place", "X", "--birth-date", "1990-01-01",
        "--sex", "P", "--address", "A", "--phone", "081200000003", "--category", "umum",
        "--document", "sim", "--document-no", "-"])
def read_until(want, secs):
    seen, end = b"", time.time() + secs
    while want not in seen and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 200)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen
seen = read_until(b"Document number: ", 10)
print("PROMPT-SEEN" if b"Document number: " in seen else "NO-PROMPT: %r" % seen)
with open("/proc/%d/cmdline" % pid, "rb") as f:
    cmdline = f.read()
print("CMDLINE-CLEAN" if b"998877665544" not in cmdline else "CMDLINE-HAS-NUMBER")
os.write(fd, b"998877665544\n")
rest = read_until(b"recorded", 10)
print("ECHOED" if b"998877665544" in rest else "NOT-ECHOED")
print("RECORDED" if b"recorded" in rest else "NOT-RECORDED: %r" % rest)
end = time.time() + 10
while time.time() < end and os.waitpid(pid, os.WNOHANG) == (0, 0):
    time.sleep(0.1)
else:
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except (OSError, ChildProcessError):
        pass
PY
has "$out" "PROMPT-SEEN" "on a terminal, a prompt asks for the number"
has "$out" "CMDLINE-CLEAN" "the number is not in /proc/PID/cmdline"
has "$out" "NOT-ECHOED" "the number typed is not shown"
has "$out" "RECORDED" "and the application is recorded"
same "$(sql "SELECT document_masked FROM applications WHERE name = 'Citra Dewi'")" \
    "9988******44" "with the number typed"
finish
