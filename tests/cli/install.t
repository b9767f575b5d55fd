#!/bin/sh
# make install and make uninstall with PREFIX and DESTDIR.
. "$KARTU_SRC/tests/cli/lib.sh"
root="$trash/root"
unset MAKEFLAGS MAKELEVEL MFLAGS SAN
make -s -C "$KARTU_SRC" install DESTDIR="$root" PREFIX=/opt/kartu >"$out" 2>"$err"
same "$?" 0 "make install"
for f in bin/kartu share/man/man1/kartu.1 share/kartu/rules.sql \
    share/kartu/layouts/cr80-front.layout share/kartu/layouts/cr80-back.layout \
    share/locale/id/LC_MESSAGES/kartu.mo; do
	[ -f "$root/opt/kartu/$f" ] && pass "installs $f" || fail "installs $f"
done
[ -x "$root/opt/kartu/bin/kartu" ] && pass "the binary is executable" || fail "the binary is executable"
"$root/opt/kartu/bin/kartu" --db "$trash/i.db" init >"$out" 2>"$err"
same "$?" 0 "the installed binary makes a database"
make -s -C "$KARTU_SRC" uninstall DESTDIR="$root" PREFIX=/opt/kartu >"$out" 2>"$err"
same "$?" 0 "make uninstall"
same "$(find "$root" -type f | wc -l | tr -d ' ')" 0 "removes every file it installed"
finish
