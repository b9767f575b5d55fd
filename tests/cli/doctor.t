#!/bin/sh
# kartu doctor: a report, not an error, on a desk with no USB at all; each
# check made to fail without privileges (a fake /sys, modes, fake programs).
. "$KARTU_SRC/tests/cli/lib.sh"
export LIBNFC_AUTO_SCAN=false
mkdir -p "$trash/sys/module" "$trash/bin"
export KARTU_SYSFS="$trash/sys"
# line CHECK: the report's line for that check
line() { grep "^[a-zA-Z]*  *$1 " "$out"; }
status_of() { line "$1" | awk '{print $1}'; }

# This machine, nothing set up: a clear report on stdout, no error message.
run doctor --no-nfc
same "$rc" 1 "a fresh directory: exit 1, something fails"
same "$(cat "$err")" "" "no error message, only the report"
has "$out" "Configuration: /dev/null" "names the configuration read"
same "$(status_of database)" FAIL "no database"
has "$out" "$(engine "fix: make it with: kartu init" "or make the database with: kartu init")" \
    "says how to fix it"
same "$(status_of key)" FAIL "no key"
same "$(status_of modules)" ok "no NFC modules in the fake /sys"
same "$(status_of reader)" warn "no reader: a warning"

# Everything in order: exit 0.
setup_desk
"$K" --as Admin keygen >/dev/null
: >"$trash/scanner"
chmod 660 "$trash/scanner"
printf '#!/bin/sh\n[ "$2" = Evolis ]\n' >"$trash/bin/lpstat"
printf '#!/bin/sh\nexit 0\n' >"$trash/bin/sms-send"
chmod +x "$trash/bin/lpstat" "$trash/bin/sms-send"
export PATH="$trash/bin:$PATH"
cat >"$trash/good.conf" <<CONF
scanner = $trash/scanner
printer = Evolis
layout = $KARTU_SRC/layouts/cr80-front.layout
CONF
# The SMS command comes from the station's own kartu.conf only (in the test
# build KARTU_STATION_CONFIG names it), not from a file named with --config.
printf 'sms_command = %s\n' "$trash/bin/sms-send {phone} {message}" >"$trash/station.conf"
export KARTU_STATION_CONFIG="$trash/station.conf"
run --config "$trash/good.conf" doctor --no-nfc
same "$rc" 0 "all in order: exit 0"
has "$out" "Nothing stands in the way." "says so"
for c in modules devices database key printer layout sms; do
	same "$(status_of $c)" ok "$c ok"
done
run --config "$trash/good.conf" --json doctor --no-nfc
has "$out" '{"check":"printer","status":"ok","message":"CUPS knows the printer Evolis"}' "--json"

# Each check made to fail.
fails() {	# fails CHECK TEXT DESCRIPTION [kartu args before doctor]
	c=$1 t=$2 d=$3
	shift 3
	run "$@" doctor --no-nfc
	if [ "$rc" = 1 ] && [ "$(status_of "$c")" = FAIL ] && line "$c" | grep -qF -- "$t"; then
		pass "$d"; else echo "#   rc $rc"; fail "$d"; fi
}
mkdir "$trash/sys/module/pn533_usb" "$trash/sys/module/nfc"
fails modules "pn533_usb nfc" "pn533_usb and nfc loaded" --config "$trash/good.conf"
has "$out" "kartu-blacklist.conf" "the fix names the modprobe file"
rmdir "$trash/sys/module/pn533_usb" "$trash/sys/module/nfc"

chmod 000 "$trash/scanner"
fails devices "no permission to read and write it" "a scanner this user cannot open" \
    --config "$trash/good.conf"
has "$out" "adduser USER kartu" "the fix names the group"
chmod 660 "$trash/scanner"
sed "s|^scanner = .*|scanner = $trash/gone|" "$trash/good.conf" >"$trash/c.conf"
fails devices "No such file" "a scanner that is not there" --config "$trash/c.conf"

printf 'reader = pn532_uart:%s/no-tty\n' "$trash" >>"$trash/c.conf"
sed "s|^scanner = .*|scanner = $trash/scanner|" "$trash/c.conf" >"$trash/r.conf"
fails reader "no-tty" "a configured reader that does not answer" --config "$trash/r.conf"

if on_pg; then
	skip 1 "a read-only file is SQLite's (the server keeps PostgreSQL's files)"
else
	chmod 444 "$KARTU_DB"
	fails database "not writable" "a read-only database" --config "$trash/good.conf"
	chmod 644 "$KARTU_DB"
fi
fails database "no database at $trash/none.db" "a missing database" \
    --config "$trash/good.conf" --db "$trash/none.db"

chmod 644 "$trash/keys/library.key"
fails key "readable by others (mode 644)" "a secret key readable by others" \
    --config "$trash/good.conf"
chmod 600 "$trash/keys/library.key"
mv "$trash/keys/library.key" "$trash/library.key.away"
run --config "$trash/good.conf" doctor --no-nfc
same "$(status_of key)" warn "no secret key: a checking station, a warning"
mv "$trash/library.key.away" "$trash/keys/library.key"

sed 's/^printer = .*/printer = Nosuch/' "$trash/good.conf" >"$trash/c.conf"
fails printer "CUPS has no printer Nosuch" "a printer CUPS does not know" \
    --config "$trash/c.conf"
sed 's/^layout = .*/layout = nosuch/' "$trash/good.conf" >"$trash/c.conf"
fails layout "no layout named nosuch" "a layout that is not there" --config "$trash/c.conf"
printf 'card.width = banana\n' >"$trash/bad.layout"
sed "s|^layout = .*|layout = $trash/bad.layout|" "$trash/good.conf" >"$trash/c.conf"
fails layout "bad.layout" "a layout that does not load" --config "$trash/c.conf"
# The station's own kartu.conf names who receives the handover codes: only
# root may change it.
chmod 664 "$trash/station.conf"
fails config "may be changed by others than its owner (mode 664)" \
    "a station configuration the group may write" --config "$trash/good.conf"
has "$out" "chmod 644 $trash/station.conf" "the fix says how"
chmod 644 "$trash/station.conf"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$trash/station.conf"
	run --config "$trash/good.conf" doctor --no-nfc
	same "$(status_of config)" warn "one owned by another user than root: a warning"
	chown 0 "$trash/station.conf"
	run --config "$trash/good.conf" doctor --no-nfc
	same "$(status_of config)" ok "owned by root, mode 644: ok"
else
	pass "# SKIP not root: cannot give the file to another user"
	pass "# SKIP not root"
fi
printf 'sms_command = %s\n' "$trash/bin/no-such-sms {phone}" >"$trash/station.conf"
fails sms "no-such-sms" "an SMS command that is not there" --config "$trash/good.conf"
finish
