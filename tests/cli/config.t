#!/bin/sh
# The configuration file: precedence (defaults < file < environment < options),
# errors naming the line, and the library's details written at kartu init.
. "$KARTU_SRC/tests/cli/lib.sh"
unset KARTU_DB
cat >"$trash/kartu.conf" <<CONF
# the desk at Muara Teweh
library_code = 6299
library_name = Perpustakaan Uji
database = $trash/from-conf.db
service_hours = 08:00-16:00
CONF
expect 0 "kartu init with --config" -- --config "$trash/kartu.conf" init
[ -f "$trash/from-conf.db" ] && pass "the database comes from the file" ||
	fail "the database comes from the file"
same "$(sqlite3 "$trash/from-conf.db" "SELECT value FROM settings WHERE key='library_code'")" \
	6299 "library_code written into settings"
same "$(sqlite3 "$trash/from-conf.db" "SELECT value FROM settings WHERE key='library_name'")" \
	"Perpustakaan Uji" "library_name written into settings"
KARTU_CONFIG="$trash/kartu.conf" KARTU_DB="$trash/from-env.db" "$K" init >"$out" 2>"$err"
same "$?" 0 "KARTU_CONFIG names the file"
[ -f "$trash/from-env.db" ] && pass "KARTU_DB beats the file" || fail "KARTU_DB beats the file"
KARTU_CONFIG="$trash/kartu.conf" KARTU_DB="$trash/from-env.db" "$K" --db "$trash/opt.db" \
	init >"$out" 2>"$err"
[ -f "$trash/opt.db" ] && pass "--db beats KARTU_DB and the file" || fail "--db beats both"

printf 'library_code = 6299\n\nlibary_name = Typo\n' >"$trash/typo.conf"
expect 2 "a typo in a key" -- --config "$trash/typo.conf" rules
has "$err" "typo.conf:3: unknown key 'libary_name'" "the message names the file and the line"
printf 'service_hours = 16:00-08:00\n' >"$trash/bad.conf"
expect 2 "a bad value" -- --config "$trash/bad.conf" rules
has "$err" "bad.conf:1: bad value for service_hours" "the message names the line and the key"
expect 1 "a missing --config FILE is an error" -- --config "$trash/none.conf" rules
has "$err" "none.conf" "naming the file"
KARTU_CONFIG="$trash/none.conf" "$K" rules >"$out" 2>"$err"
same "$?" 1 "a missing \$KARTU_CONFIG is an error too"
# Issue 13, finding 10: invalid UTF-8, a quote not closed, a key set twice.
printf 'library_code = 6299\nlibrary_name = Perpustakaan D\351sa\n' >"$trash/latin1.conf"
expect 2 "a file in Latin-1" -- --config "$trash/latin1.conf" rules
has "$err" "latin1.conf:2: not UTF-8 text" "the message names the file and the line"
printf 'sms_command = "sms-send {phone} {message}\n' >"$trash/quote.conf"
expect 2 "a quote not closed" -- --config "$trash/quote.conf" rules
has "$err" "quote.conf:1: a quote is not closed" "the message names the line"
printf 'library_code = 6299\nprinter = Evolis\nlibrary_code = 6205\n' >"$trash/twice.conf"
expect 2 "a key set twice" -- --config "$trash/twice.conf" rules
has "$err" "twice.conf:3: library_code is set twice (first on line 1)" \
	"the message names both lines"
# The default /etc/kartu/kartu.conf may be absent: without KARTU_CONFIG and
# without the file everything behaves as before (only where it is absent).
if [ ! -e /etc/kartu/kartu.conf ]; then
	cd "$trash" && KARTU_CONFIG= "$K" --db "$trash/plain.db" init >"$out" 2>"$err"
	same "$?" 0 "no configuration file at all is not an error"
else
	pass "# SKIP /etc/kartu/kartu.conf exists here"
fi
# The reader from the file is the one kartu opens (a pty that is not there).
printf 'reader = pn532_uart:%s/no-such-tty\n' "$trash" >"$trash/reader.conf"
echo "$ADMIN_PIN" | "$K" --db "$trash/opt.db" operator add Admin --role admin --pin >/dev/null 2>&1
"$K" --config "$trash/reader.conf" --db "$trash/opt.db" --as Admin keygen >/dev/null 2>&1
"$K" --config "$trash/reader.conf" --db "$trash/opt.db" read >"$out" 2>"$err"
has "$err" "no-such-tty" "the reader comes from the file"
# The example's SMS gateway names only the placeholders kartu fills in
# (issue 13: it said {text}, which nothing replaced).
bad=$(sed -n 's/^#*sms_command *= *//p' "$KARTU_SRC/dist/kartu.conf.example" |
    grep -o '{[a-z_]*}' | grep -vx '{phone}' | grep -vx '{message}')
same "$bad" "" "the example's sms_command uses only {phone} and {message}"
[ -n "$(sed -n 's/^#*sms_command *= *\(\/.*{message}\)/\1/p' \
    "$KARTU_SRC/dist/kartu.conf.example")" ] &&
    pass "and starts with an absolute path, as the station requires" ||
    fail "and starts with an absolute path, as the station requires"
finish
