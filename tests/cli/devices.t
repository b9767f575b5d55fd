#!/bin/sh
# kartu devices: USB devices faked with umockdev (no hardware, no privileges)
# are named from drivers/usb-devices.tsv; the udev rules cover the table.
. "$KARTU_SRC/tests/cli/lib.sh"
# umockdev preloads its library before ASan's runtime (make SAN=1): allowed.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export LIBNFC_LOG_LEVEL=0 LIBNFC_AUTO_SCAN=false
data="$KARTU_SRC/tests/data"
if ! command -v umockdev-run >/dev/null 2>&1; then
	echo "1..0 # SKIP umockdev-run is not installed (Debian: umockdev)"
	exit 0
fi
umock() { umockdev-run "$@" >"$out" 2>"$err"; rc=$?; }
# A device kartu does not know: the ACR122U's description with another id.
sed -e 's/idVendor=072f/idVendor=1d6b/' -e 's/72f\/2200/1d6b\/2200/' \
    -e 's/2F070022/6B1D0022/' -e 's|usb1/1-1|usb1/1-3|' -e 's|001/002|001/004|g' \
    -e 's/devnum=2/devnum=4/' -e 's/DEVNUM=002/DEVNUM=004/' \
    "$data/acr122u.umockdev" >"$trash/other.umockdev"

umock -d "$data/acr122u.umockdev" -d "$data/scanner.umockdev" \
    -d "$trash/other.umockdev" -- "$K" devices
same "$rc" 0 "kartu devices under umockdev"
has "$out" "072f:2200  /dev/bus/usb/001/002  nfc-reader  ACS ACR122U (libnfc: acr122_usb)" \
    "lists the faked ACR122U with its libnfc driver"
has "$out" "05e0:1200  /dev/bus/usb/001/003  scanner     Symbol/Zebra barcode scanner" \
    "lists the faked scanner"
hasnt "$out" "1d6b:2200" "an unknown device is left out"
umock -d "$data/acr122u.umockdev" -d "$data/scanner.umockdev" \
    -d "$trash/other.umockdev" -- "$K" devices --all --no-nfc
has "$out" "1d6b:2200  /dev/bus/usb/001/004  other" "--all lists it as other"
hasnt "$out" "NFC readers" "--no-nfc skips libnfc's scan"
umock -d "$data/acr122u.umockdev" -- "$K" --json devices
has "$out" '{"id":"072f:2200","node":"/dev/bus/usb/001/002","kind":"nfc-reader","name":"ACS ACR122U","libnfc":"acr122_usb"}' \
    "--json"
hasnt "$out" "05e0:1200" "only the devices plugged in"
# kartu doctor checks the faked reader's USB node (this user may open it).
KARTU_SYSFS="$trash" umock -d "$data/acr122u.umockdev" -- "$K" doctor --no-nfc
has "$out" "1 device(s) readable and writable" "kartu doctor checks the faked ACR122U's node"
KARTU_SYSFS="$trash" "$K" doctor --no-nfc >"$out" 2>"$err"
has "$out" "no reader or scanner device to check" "and without it has none to check"
# Unplugged: the same command, no devices, no error.
expect 0 "no USB at all" -- devices --no-nfc
has "$out" "none that kartu knows" "says so"
printf 'reader = acr122_usb\nscanner = /dev/kartu-scanner\n' >"$trash/k.conf"
expect 0 "the configured devices" -- --config "$trash/k.conf" devices --no-nfc
has "$out" "Configured reader: acr122_usb" "names the configured reader"
has "$out" "Configured scanner: /dev/kartu-scanner" "names the configured scanner"

# Every device of the table has its udev rule, and each rule's ids are in the table.
rules="$KARTU_SRC/udev/60-kartu.rules"
grep -v '^#' "$KARTU_SRC/drivers/usb-devices.tsv" | while IFS='	' read -r id kind _; do
	[ -n "$id" ] || continue
	grep -q "idVendor}==\"${id%:*}\", ATTRS\{0,1\}{idProduct}==\"${id#*:}\"" "$rules" ||
		echo "$id $kind"
done >"$trash/missing"
same "$(cat "$trash/missing")" "" "udev/60-kartu.rules covers drivers/usb-devices.tsv"
sed -n 's/.*idVendor}=="\([0-9a-f]*\)", ATTRS*{idProduct}=="\([0-9a-f]*\)".*/\1:\2/p' "$rules" |
	sort -u | while read -r id; do
	grep -q "^$id	" "$KARTU_SRC/drivers/usb-devices.tsv" || echo "$id"
done >"$trash/extra"
same "$(cat "$trash/extra")" "" "no udev rule for a device outside the table"
finish
