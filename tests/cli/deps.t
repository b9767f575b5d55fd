#!/bin/sh
# The one list of Debian packages (tools/deps.list): CI installs it through
# tools/deps, as make does, and each entry checks a real file, so a program of
# the same name elsewhere cannot stand in for a package (issue 11).
. "$KARTU_SRC/tests/cli/lib.sh"
D="$KARTU_SRC/tools/deps"
sh "$D" --check >"$out" 2>"$err"
same "$?" 0 "every check of tools/deps.list holds on this machine"
grep -q 'tools/deps --all' "$KARTU_SRC/.ci/run" && pass "CI installs through tools/deps --all" ||
    fail "CI installs through tools/deps --all"
! grep -v '^[[:space:]]*#' "$KARTU_SRC/.ci/run" | grep -q 'apt-get' &&
    pass "CI names no package of its own" || fail "CI names no package of its own"
same "$(sh "$D" --list | sort -u | wc -l)" "$(sh "$D" --list | wc -l)" "--list names each package once"
for p in libnfc-bin libnfc-examples zint imagemagick; do
	sh "$D" --list | grep -qx "$p" && pass "the list has $p" || fail "the list has $p"
done
# A file that is not there is found and named; so is a line of an unknown kind.
printf 'nosuchpkg file %s/nothing\nzint file /usr/bin/zint\n' "$trash" >"$trash/l1"
sh "$D" --check "$trash/l1" >"$out" 2>"$err"
same "$?" 1 "a missing file fails the check (exit 1)"
has "$err" "nosuchpkg: file $trash/nothing: not there" "and names the package and the file"
hasnt "$err" "zint" "a check that holds is not named"
# convert on PATH is not enough: the version check runs the named program.
mkdir -p "$trash/bin"
printf '#!/bin/sh\necho "stand-in"\n' >"$trash/bin/convert"
chmod +x "$trash/bin/convert"
printf 'imagemagick version %s/bin/convert ImageMagick\n' "$trash" >"$trash/l2"
PATH="$trash/bin:$PATH" sh "$D" --check "$trash/l2" >"$out" 2>"$err"
same "$?" 1 "a convert that is not ImageMagick does not count"
printf 'x bogus y\n' >"$trash/l3"
sh "$D" --check "$trash/l3" >"$out" 2>"$err"
same "$?" 2 "an unknown kind of check is an error in the list (exit 2)"
has "$err" "l3:1:" "naming the line"
finish
