#!/bin/sh
# --help, the man page and the README say the same: every command, its usage
# line, the exit codes.
. "$KARTU_SRC/tests/cli/lib.sh"
man="$trash/man.txt"
sed -e 's/\\f[BIR]//g' -e 's/\\-/-/g' -e 's/\\(en/-/g' "$KARTU_SRC/doc/kartu.1" >"$man"
run --help
same "$rc" 0 "kartu --help"
cmds=$(sed -n 's/^  \([a-z-]*\)  .*/\1/p' "$out")
[ "$(echo "$cmds" | wc -l)" -ge 12 ] && pass "--help lists the commands" || fail "--help lists the commands"
for c in $cmds; do
	"$K" help "$c" >"$out" 2>"$err"
	usage=$(sed -n '1s/^usage: //p' "$out")
	has "$man" "$usage" "the man page gives '$c' as --help does"
	has "$KARTU_SRC/README.md" "kartu $c" "the README names '$c'"
	"$K" "$c" --help >"$out.2" 2>&1
	cmp -s "$out" "$out.2" && pass "kartu $c --help = kartu help $c" || fail "kartu $c --help"
done
for code in 0 1 2 3 4 5 6; do
	has "$man" ".B $code" "the man page documents exit status $code"
	has "$KARTU_SRC/README.md" "| $code |" "the README documents exit status $code"
done
finish
