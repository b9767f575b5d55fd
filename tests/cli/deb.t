#!/bin/sh
# tests/cli/deb.t - the Debian package (make deb, debian/) and the desk
# service (dist/kartu-desk.service), issue 19.
#
# The cheap checks always run: debian/control builds with what tools/deps.list
# says the build needs, the unit waits for the database and does not loop,
# and systemd-analyze rates it as the README says.  Building the package
# compiles the whole program again (about a minute on one core), so it runs
# once per make check: in the plain run, not again under the sanitizers (the
# package does not depend on them), and not when KARTU_DEB_TEST=0.  It is
# built into this test's scratch directory, never from build/deb/, whose
# package may be older than the tree.
. "$KARTU_SRC/tests/cli/lib.sh"
src=$KARTU_SRC

# --- debian/control against tools/deps.list ---------------------------------
sed -n '/^# building/,/^$/p' "$src/tools/deps.list" | awk '!/^#/ && NF { print $1 }' |
	grep -v -x -e build-essential -e make | sort -u > "$trash/want-bdeps"
sed -n '/^Build-Depends:/,/^[A-Z]/p' "$src/debian/control" | sed 's/^Build-Depends://' |
	tr ',' '\n' | sed 's/([^)]*)//; s/^[[:space:]]*//; s/[[:space:]]*$//' |
	grep -v -e '^$' -e '^debhelper-compat' -e '^[A-Z]' | sort -u > "$trash/got-bdeps"
if cmp -s "$trash/want-bdeps" "$trash/got-bdeps"; then
	pass "debian/control's Build-Depends are the building part of tools/deps.list"
else
	diff "$trash/want-bdeps" "$trash/got-bdeps" | sed 's/^/#   /'
	fail "debian/control's Build-Depends are the building part of tools/deps.list"
fi
has "$src/debian/control" "debhelper-compat (= 13)" "debhelper compat 13"

# --- the desk service ----------------------------------------------------------
unit="$src/dist/kartu-desk.service"
has "$unit" "User=kartu" "the desk service runs as kartu"
has "$unit" "ConditionPathExists=/var/lib/kartu/kartu.db" \
	"it starts only once the database exists"
has "$unit" "RestartPreventExitStatus=2 4" "a missing database (4) or a bad configuration (2) is not restarted"
has "$unit" "ReadWritePaths=/var/lib/kartu" "it writes only its data directory"
has "$unit" "DevicePolicy=closed" "its devices are the reader's and the scanners'"
if command -v systemd-analyze >/dev/null 2>&1; then
	sed 's|@BINDIR@|/usr/bin|' "$unit" > "$trash/kartu-desk.service"
	systemd-analyze security --offline=true "$trash/kartu-desk.service" >"$out" 2>"$err"
	exposure=$(sed -n 's/.*Overall exposure level for kartu-desk.service: \([0-9.]*\).*/\1/p' "$out")
	echo "# systemd-analyze security: $exposure"
	if [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 4.0) }'; then
		pass "systemd-analyze security rates the unit $exposure (4.0 or better)"
	else
		fail "systemd-analyze security rates the unit 4.0 or better (got '$exposure')"
	fi
	has "$src/README.md" "exposure level $exposure" "the README gives that figure"
else
	pass "# SKIP systemd-analyze is not installed"
	pass "# SKIP systemd-analyze is not installed"
fi

# --- the package ---------------------------------------------------------------
if [ "${KARTU_DEB_TEST:-1}" = 0 ]; then
	echo "# the package is not built: KARTU_DEB_TEST=0"; finish; exit
fi
case "$KARTU_BUILD" in
*/build-san) echo "# the package is built in the plain run only"; finish; exit ;;
esac
for t in dpkg-buildpackage dh fakeroot lintian; do
	command -v $t >/dev/null 2>&1 || {
		echo "# the package is not built: no $t (tools/deps.list)"; finish; exit; }
done

deb="$trash/deb"
unset MAKEFLAGS MAKELEVEL MFLAGS SAN	# the package's own build, not this run's
if make -s -C "$src" deb DEB_DIR="$deb" LINTIAN=true >"$out" 2>"$err"; then
	pass "make deb builds the package"
else
	fail "make deb builds the package"; finish; exit
fi
pkg=$(ls "$deb"/kartu_*.deb)
dpkg-deb -c "$pkg" | awk '{ print $6 }' | sed 's|^\./|/|' > "$trash/files"
for f in /usr/bin/kartu /usr/share/man/man1/kartu.1.gz \
    /usr/share/locale/id/LC_MESSAGES/kartu.mo /usr/share/kartu/rules.conf \
    /usr/share/kartu/usb-devices.tsv /lib/udev/rules.d/60-kartu.rules \
    /lib/modprobe.d/kartu-blacklist.conf /etc/nfc/devices.d/pn532_uart.conf \
    /lib/systemd/system/kartu-desk.service /etc/kartu/kartu.conf \
    /usr/share/doc/kartu/copyright; do
	has "$trash/files" "$f" "the package has $f"
done
for l in "$src"/layouts/*.layout; do
	has "$trash/files" "/usr/share/kartu/layouts/$(basename "$l")" "the package has the layout $(basename "$l")"
done
hasnt "$trash/files" "kartu-test" "the package has no test build"
hasnt "$trash/files" "pn532-sim" "nor the simulator"
dpkg-deb -I "$pkg" conffiles > "$trash/conffiles" 2>&1
has "$trash/conffiles" "/etc/kartu/kartu.conf" "/etc/kartu/kartu.conf is a conffile"

x="$trash/root"
dpkg-deb -x "$pkg" "$x"
"$x/usr/bin/kartu" --version >"$out" 2>"$err"
has "$out" "kartu " "the packaged program runs"
hasnt "$out" "test build" "it is not the test build"
strings "$x/usr/bin/kartu" > "$trash/strings"
hasnt "$trash/strings" "KARTU_TRUST_ORIGINALITY_KEY" "no test hook is compiled in"
has "$x/lib/systemd/system/kartu-desk.service" "ExecStart=/usr/bin/kartu " \
	"the unit runs the installed program"
conf="$x/etc/kartu/kartu.conf"
has "$conf" "database = /var/lib/kartu/kartu.db" "the configuration's database is under /var/lib/kartu"
has "$conf" "keys = /var/lib/kartu/keys" "and its keys"
# The unit's command without a database: not found (4), which it does not
# restart; a usage error (2) would be the configuration's fault.
if [ ! -e /var/lib/kartu/kartu.db ]; then
	(unset KARTU_CONFIG KARTU_DB; LANG=C.UTF-8 "$x/usr/bin/kartu" --config "$conf" desk --once \
		</dev/null >"$out" 2>"$err"); rc=$?
	same "$rc" 4 "the desk without a database fails with 4, not restarted"
	has "$err" "/var/lib/kartu/kartu.db" "naming the configured database"
fi
dpkg-deb -e "$pkg" "$trash/control"
has "$trash/control/postinst" "adduser --system --group" "the package makes the user and group kartu"
has "$trash/control/postinst" "chmod 0700" "and /var/lib/kartu and its keys, 0700"
has "$trash/control/postrm" "rm -rf /var/lib/kartu" "purge removes /var/lib/kartu"
has "$trash/control/postrm" "purge removes" "and says so"

lintian --fail-on error,warning "$pkg" >"$out" 2>"$err"; rc=$?
grep -E '^[EW]:' "$out" | sed 's/^/# /'
same "$rc" 0 "lintian: no error, no warning"

finish
