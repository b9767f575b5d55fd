#!/bin/sh
# tests/cli/sim.t - the PN532 simulator (drivers/pn532-sim/), checked from
# outside: libnfc's own example tools (Debian's libnfc-bin and libnfc-examples) talk to it
# through the unmodified pn532_uart driver, and what they read is compared
# with the card images the simulator saves.
. "$KARTU_SRC/tests/cli/lib.sh"

SIM="$KARTU_BUILD/pn532-sim"
for t in nfc-list nfc-mfultralight nfc-mfclassic nfc-poll nfc-anticol od \
    timeout; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "Bail out! $t is missing (libnfc-bin, libnfc-examples, coreutils: tools/deps.list)"; exit 1; }
done
[ -x "$SIM" ] || { echo "Bail out! no $SIM"; exit 1; }

# A Unix socket path has at most 107 bytes.
sock="$trash/ctl"
if [ ${#sock} -gt 100 ]; then
	sockdir=$(mktemp -d /tmp/pn532-sim.XXXXXX) || exit 1
	sock="$sockdir/ctl"
fi
log="$trash/sim.log"
simpid=
cleanup() {
	[ -n "$simpid" ] && kill "$simpid" 2>/dev/null
	[ -n "${sockdir:-}" ] && rm -rf "$sockdir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ctl COMMAND...: the reply in $reply, the exit status in $rc.
ctl() { "$SIM" --ctl "$sock" "$@" >"$out" 2>"$err"; rc=$?; reply=$(cat "$out"); }
# tool CMD...: a libnfc tool, bounded in time; 124 means it hung.
tool() { timeout 20 "$@" >"$out" 2>"$err" </dev/null; rc=$?; }
# One hex line per NTAG page / MIFARE block of a binary dump.
pages() { od -An -v -tx1 -w4 "$1" | tr -d ' '; }
blocks() { od -An -v -tx1 -w16 "$1" | tr -d ' '; }
# The memory lines of a card image.
memlines() { grep -E '^[0-9a-f]+$' "$1"; }
# setmem IMAGE INDEX HEX: the image with memory line INDEX (from 0) replaced.
setmem() {
	awk -v i="$2" -v v="$3" \
	    '/^[0-9a-f]+$/ { if (n++ == i) { print v; next } } { print }' "$1"
}
samefile() {
	if cmp -s "$1" "$2"; then pass "$3"; else
		diff "$1" "$2" | head -10 | sed 's/^/#   /'; fail "$3"; fi
}
# wait_log PATTERN N: until the simulator's log has N lines with PATTERN.
wait_log() {
	i=0
	while [ "$(grep -c -- "$1" "$log")" -lt "$2" ] && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
# wait_gone PID: up to 5 s for the process to end.
wait_gone() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	! kill -0 "$1" 2>/dev/null
}

"$SIM" --control "$sock" --link "$trash/reader" --log "$log" \
    >"$trash/sim.out" 2>"$trash/sim.err" &
simpid=$!
i=0
while ! grep -q '^pty ' "$trash/sim.out" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
pty=$(sed -n 's/^pty //p' "$trash/sim.out")
case "$pty" in
/dev/pts/*) pass "the simulator announces its pty ($pty)" ;;
*) echo "Bail out! no pty line: $(cat "$trash/sim.out" "$trash/sim.err")"
   exit 1 ;;
esac
same "$(readlink "$trash/reader")" "$pty" "--link points at the pty"
export LIBNFC_DEFAULT_DEVICE="pn532_uart:$pty" LIBNFC_AUTO_SCAN=false \
    LIBNFC_LOG_LEVEL=0

# --- no card ---
ctl status
same "$reply" "ok empty" "status with no card"
tool nfc-list
if [ $rc = 0 ] && grep -q 'NFC device: .* opened' "$out"; then
	pass "nfc-list opens the simulated reader"
else echo "#   exit $rc"; fail "nfc-list opens the simulated reader"; fi
hasnt "$out" "target(s) found" "nfc-list finds no target in an empty field"

# --- NTAG215 ---
ctl put ntag215 04a1b2c3d4e5f6
same "$reply" "ok ntag215 04a1b2c3d4e5f6" "put ntag215 with a UID"
tool nfc-list
has "$out" "UID (NFCID1): 04  a1  b2  c3  d4  e5  f6" "nfc-list: the NTAG215's UID"
has "$out" "ATQA (SENS_RES): 00  44" "nfc-list: NTAG ATQA 00 44"
has "$out" "SAK (SEL_RES): 00" "nfc-list: NTAG SAK 00"
has "$log" "in  d4 4a 01 00" "the log shows InListPassiveTarget"

tool nfc-mfultralight r dump.mfd
has "$out" "NTAG Type: NTAG215" "nfc-mfultralight: GET_VERSION says NTAG215"
has "$out" "Done, 135 of 135 pages read" "nfc-mfultralight reads all 135 pages"
ctl save "$trash/ntag.img"
same "$reply" "ok ntag215 04a1b2c3d4e5f6" "save the NTAG215"
has ntag.img "e1103e00" "the image has the NTAG215 capability container"
pages dump.mfd >dump.pages
memlines ntag.img >img.pages
samefile dump.pages img.pages "nfc-mfultralight's dump equals the saved pages"

# Write back the dump with two pages changed; page 2 is lock bytes, 3 the
# CC, so writing them again leaves them as they are.
cp dump.mfd new.mfd
printf '\336\255\276\357' | dd of=new.mfd bs=4 seek=10 conv=notrunc 2>/dev/null
printf 'KART' | dd of=new.mfd bs=4 seek=20 conv=notrunc 2>/dev/null
printf 'n\n' | timeout 20 nfc-mfultralight w new.mfd --otp --lock --dynlock \
    >"$out" 2>"$err"
has "$out" "133 of 135 pages written" "nfc-mfultralight writes 133 pages"
ctl save "$trash/ntag2.img"
pages new.mfd >new.pages
memlines ntag2.img >img2.pages
samefile new.pages img2.pages "the written pages are on the card"
has ntag2.img "pwd 00000000" "writing the zeros of the dump's PWD page sets PWD"

ctl load "$trash/ntag2.img"
same "$reply" "ok ntag215 04a1b2c3d4e5f6" "load an image"
ctl save "$trash/ntag3.img"
samefile ntag2.img ntag3.img "an image loads and saves unchanged"

# A copy of the memory on another chip: the uid line names the chip
# (BCC1 = c3 ^ d4 ^ e5 ^ f7 = 05).
sed 's/^uid 04a1b2c3d4e5f6$/uid 04A1B2C3D4E5F7/' ntag2.img >copy.img
ctl load "$trash/copy.img"
same "$reply" "ok ntag215 04a1b2c3d4e5f7" "an image with another uid line is another chip"
tool nfc-mfultralight r copy.mfd
same "$(pages copy.mfd | sed -n '1,3p' | tr '\n' ' ')" "04a1b29f c3d4e5f7 05480000 " \
    "its pages 0-2 carry that UID with its check bytes"
same "$(pages copy.mfd | sed -n '4,$p')" "$(memlines ntag2.img | sed -n '4,$p')" \
    "and the rest of the copied memory"

# --- NTAG213 with a password: AUTH0 0x10, PROT, AUTHLIM 2 ---
ctl put ntag213 04112233445566
ctl save "$trash/t213.img"
setmem t213.img 41 04000010 | setmem /dev/stdin 42 82050000 |
    sed 's/^pwd .*/pwd 12345678/; s/^pack .*/pack abcd/' >t213pw.img
ctl load "$trash/t213pw.img"
same "$reply" "ok ntag213 04112233445566" "load a password-protected NTAG213"
tool nfc-mfultralight r nopw.mfd
has "$out" "Done, 16 of 45 pages read" "without the password pages from AUTH0 do not read"
tool nfc-mfultralight r pw.mfd --pw 12345678
has "$out" "Success - PACK: abcd" "PWD_AUTH answers the PACK"
has "$out" "Done, 45 of 45 pages read" "with the password every page reads"
pages pw.mfd | head -43 >pw.pages
memlines t213pw.img | head -43 >t213pw.pages
samefile pw.pages t213pw.pages "the protected pages read as in the image"
same "$(pages pw.mfd | tail -2 | tr '\n' ' ')" "12345678 abcd0000 " \
    "the dump carries the password given and the PACK read"
tool nfc-mfultralight r bad.mfd --pw 00000000
has "$err" "AUTH failed" "a wrong password is refused"
tool nfc-mfultralight r bad.mfd --pw 00000001
ctl save "$trash/t213b.img"
has t213b.img "auth-failures 2" "failed attempts are counted"
tool nfc-mfultralight r pw2.mfd --pw 12345678
has "$err" "AUTH failed" "at AUTHLIM the right password is refused too"

# --- faults ---
ctl put ntag215 04a1b2c3d4e5f6
ctl fault nak-next
same "$reply" "ok fault nak-next" "fault nak-next"
tool nfc-mfultralight r nak.mfd
has "$out" "Done, 16 of 16 pages read" "a NAK to GET_VERSION: read as a plain Ultralight"

ctl fault remove-after 1
tool nfc-mfultralight r gone.mfd
if [ $rc != 124 ] && grep -q "Read failed" "$out"; then
	pass "remove-after 1: the read fails instead of hanging"
else echo "#   exit $rc"; fail "remove-after 1: the read fails instead of hanging"; fi
has "$out" "Done, 0 of 135 pages read" "remove-after 1: GET_VERSION, then the card is gone"
ctl status
same "$reply" "ok empty" "the card has left the field"
ctl put-back
same "$reply" "ok ntag215 04a1b2c3d4e5f6" "put-back returns the card that left"
tool nfc-mfultralight r back.mfd
has "$out" "Done, 135 of 135 pages read" "the card put back reads again"

ctl put foreign 08a1b2c3
ctl fault timeout-next
tool nfc-list
if [ $rc != 124 ] && grep -q "Unable to open" "$err"; then
	pass "timeout-next: the open fails on a timeout"
else echo "#   exit $rc"; fail "timeout-next: the open fails on a timeout"; fi

# --- a foreign ISO 14443-4 card ---
tool nfc-list
has "$out" "SAK (SEL_RES): 20" "nfc-list: the foreign card's SAK 20"
has "$out" "08  a1  b2  c3" "nfc-list: the foreign card's UID"
has "$out" "ATS: 75  77  81  02  80" "nfc-list: the foreign card's ATS"

# --- MIFARE Classic 1K ---
ctl put mfc1k 1a2b3c4d
same "$reply" "ok mfc1k 1a2b3c4d" "put mfc1k"
tool nfc-list
has "$out" "UID (NFCID1): 1a  2b  3c  4d" "nfc-list: the MIFARE Classic's UID"
has "$out" "SAK (SEL_RES): 08" "nfc-list: MIFARE Classic SAK 08"
has "$out" "ATQA (SENS_RES): 00  04" "nfc-list: MIFARE Classic ATQA 00 04"
tool nfc-mfclassic r a u mfc.mfd
has "$out" "Done, 64 of 64 blocks read" "nfc-mfclassic reads 64 blocks with key A"
ctl save "$trash/mfc.img"
blocks mfc.mfd >mfc.blocks
# nfc-mfclassic writes the keys it used: key B, unused, comes out as zeros.
memlines mfc.img | awk 'NR % 4 == 0 { $0 = substr($0, 1, 20) "000000000000" } 1' \
    >mfcimg.blocks
samefile mfc.blocks mfcimg.blocks "nfc-mfclassic's dump equals the saved blocks"

# Write blocks back (libnfc 1.8.0's tool writes the first block of each
# sector), then read again: card and image agree.
cp mfc.mfd mfcnew.mfd
printf 'kartu-test-blk4!' | dd of=mfcnew.mfd bs=16 seek=4 conv=notrunc 2>/dev/null
tool nfc-mfclassic w a u mfcnew.mfd
ctl save "$trash/mfc2.img"
same "$(memlines mfc2.img | sed -n 5p)" "$(blocks mfcnew.mfd | sed -n 5p)" \
    "nfc-mfclassic w writes block 4"
tool nfc-mfclassic r a u mfc2.mfd
blocks mfc2.mfd >mfc2.blocks
memlines mfc2.img | awk 'NR % 4 == 0 { $0 = substr($0, 1, 20) "000000000000" } 1' \
    >mfc2img.blocks
samefile mfc2.blocks mfc2img.blocks "after the write the card reads as its image"

# Sector 2 with a key A no tool guesses; sector 3 with block 12 unreadable
# (C1C2C3 = 111; access bytes EE 16 91).
setmem mfc.img 11 112233445566ff078069ffffffffffff |
    setmem /dev/stdin 15 ffffffffffffee169169ffffffffffff >mfckeys.img
ctl load "$trash/mfckeys.img"
tool nfc-mfclassic r A u keys.mfd
has "$out" "unable to read block 0x0c" "access bits: a block that reads never gives NAK"
has "$out" "authentication failed for block 0x0b" "a wrong key fails the authentication"

# --- raw frames: REQA, anticollision, select by hand ---
ctl put ntag215 04a1b2c3d4e5f6
tool nfc-anticol
has "$out" "UID: 04a1b2c3d4e5f6" "nfc-anticol: both cascade levels of the UID"
has "$out" "Received bits: 00  fe  51" "nfc-anticol: SAK with its CRC"

# --- polling: a card arrives, leaves; an aborted poll ---
# (nfc-poll runs in the background: its output goes to files of its own.)
ctl remove
n=$(grep -c "waiting for a card" "$log")
nfc-poll >poll.out 2>poll.err </dev/null &
pollpid=$!
wait_log "waiting for a card" $((n + 1))
ctl put ntag216 04c0ffee000216
wait_log "in  d4 40 01 30 00" 1
ctl remove
if wait_gone $pollpid; then
	wait $pollpid; rc=$?
else kill -9 $pollpid; rc=124; fi
same "$rc" 0 "nfc-poll ends when the card leaves"
has poll.out "UID (NFCID1): 04  c0  ff  ee  00  02  16" "nfc-poll sees the card put while it polls"
has poll.out "done." "nfc-poll sees the card leave"

n=$(grep -c "waiting for a card" "$log")
nfc-poll >poll.out 2>poll.err </dev/null &
pollpid=$!
wait_log "waiting for a card" $((n + 1))
kill -INT $pollpid
if wait_gone $pollpid; then pass "nfc-poll stops on SIGINT"; else
	kill -9 $pollpid; fail "nfc-poll stops on SIGINT"; fi
has poll.err "Operation Aborted" "nfc_abort_command cancels InAutoPoll"
has "$log" "cancelled" "the simulator takes the host's ACK as a cancel"

# --- control errors ---
ctl put ntag999
if [ $rc = 1 ] && [ "${reply#error}" != "$reply" ]; then
	pass "an unknown kind is an error (exit 1)"
else echo "#   exit $rc: $reply"; fail "an unknown kind is an error (exit 1)"; fi
ctl save "$trash/none.img"
if [ $rc = 1 ] && [ ! -e none.img ]; then pass "save with no card is an error"; else
	echo "#   exit $rc: $reply"; fail "save with no card is an error"; fi
ctl load "$trash/t213.img.missing"
same "$rc" 1 "load of a missing file is an error"

# --- quit ---
ctl quit
same "$reply" "ok bye" "quit"
if wait_gone $simpid; then
	wait $simpid; rc=$?
else rc=running; fi
same "$rc" 0 "the simulator exits 0"
simpid=
if [ ! -e "$trash/reader" ] && [ ! -e "$sock" ]; then
	pass "the link and the socket are removed"
else fail "the link and the socket are removed"; fi

finish
