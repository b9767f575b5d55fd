#!/bin/sh
# make install and make uninstall with PREFIX and DESTDIR: every file in its
# place, and the installed program runs from there with the installed data.
# Builds into build-install/ so that the paths compiled in for these prefixes
# never reach build/, which the other tests use.
. "$KARTU_SRC/tests/cli/lib.sh"
root="$trash/root"
unset MAKEFLAGS MAKELEVEL MFLAGS SAN
mk() { make -s -C "$KARTU_SRC" B=build-install "$@" >"$out" 2>"$err"; }
mk install DESTDIR="$root" PREFIX=/opt/kartu
same "$?" 0 "make install"
for f in opt/kartu/bin/kartu opt/kartu/share/man/man1/kartu.1 \
    opt/kartu/share/kartu/rules.conf opt/kartu/share/kartu/migrations/0001-schema.sql \
    opt/kartu/share/kartu/usb-devices.tsv \
    opt/kartu/share/kartu/layouts/cr80-front.layout \
    opt/kartu/share/kartu/layouts/cr80-front-photo.layout \
    opt/kartu/share/kartu/layouts/cr80-back.layout \
    opt/kartu/share/locale/id/LC_MESSAGES/kartu.mo \
    opt/kartu/share/doc/kartu/kartu.conf.example \
    opt/kartu/share/doc/kartu/REGIONS.md opt/kartu/share/doc/kartu/REGIONS-LICENSE.md \
    etc/kartu/kartu.conf.example etc/udev/rules.d/60-kartu.rules \
    etc/modprobe.d/kartu-blacklist.conf etc/nfc/devices.d/pn532_uart.conf \
    etc/systemd/system/kartu-desk.service; do
	[ -f "$root/$f" ] && pass "installs /$f" || fail "installs /$f"
done
[ -x "$root/opt/kartu/bin/kartu" ] && pass "the binary is executable" || fail "the binary is executable"
cmp -s "$root/opt/kartu/bin/kartu" "$KARTU_SRC/build-install/kartu" &&
    pass "it is the program without test hooks" || fail "it is the program without test hooks"
[ ! -e "$root/opt/kartu/bin/kartu-test" ] && pass "the test build is not installed" ||
    fail "the test build is not installed"
"$root/opt/kartu/bin/kartu" --version >"$out" 2>"$err"
hasnt "$out" "test build" "kartu --version says no test build"
has "$root/etc/systemd/system/kartu-desk.service" "ExecStart=/opt/kartu/bin/kartu desk" \
    "the unit runs the installed program's desk check"
has "$root/etc/modprobe.d/kartu-blacklist.conf" "blacklist pn533_usb" "the modprobe file"
"$root/opt/kartu/bin/kartu" --db "$trash/i.db" init >"$out" 2>"$err"
same "$?" 0 "the installed binary makes a database"
KARTU_DB= "$root/opt/kartu/bin/kartu" --config "$root/etc/kartu/kartu.conf.example" rules >"$out" 2>"$err"
same "$?" 4 "the example configuration parses (its database is not there yet)"
has "$err" "/var/lib/kartu/kartu.db" "and names its database"
mk uninstall DESTDIR="$root" PREFIX=/opt/kartu
same "$?" 0 "make uninstall"
same "$(find "$root" -type f | tr '\n' ' ')" "" "removes every file it installed"

# Installed without DESTDIR into a prefix: the program finds its layouts and
# its translation there, not in the source tree.
p="$trash/prefix"
mk install PREFIX="$p" SYSCONFDIR="$p/etc"
same "$?" 0 "make install PREFIX=$p"
mkdir "$trash/elsewhere" && cd "$trash/elsewhere" || exit 1
unset KARTU_LOCALEDIR KARTU_LAYOUTS
"$p/bin/kartu" doctor --no-nfc >"$out" 2>"$err"
has "$out" "the layout $p/share/kartu/layouts/cr80-front.layout loads" \
    "the installed program uses the installed layouts"
LANG=id_ID.UTF-8 "$p/bin/kartu" --help >"$out" 2>"$err"
has "$out" "penggunaan: kartu" "and the installed translation"
cd "$trash" || exit 1
mk uninstall PREFIX="$p" SYSCONFDIR="$p/etc"
same "$(find "$p" -type f | tr '\n' ' ')" "" "make uninstall PREFIX=$p removes them"
finish
