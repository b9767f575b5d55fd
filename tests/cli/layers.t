#!/bin/sh
# The layers of src/ (README.md, "The tree") are kept by the code, not only by
# the folders: the library (src/core, src/store, src/hw) never reads the
# environment, never prints, never exits and knows nothing of the front ends.
. "$KARTU_SRC/tests/cli/lib.sh"
cd "$KARTU_SRC/src" || exit 1
lib="core store hw"

# none PATTERN DESC: no line of the library's C files matches PATTERN (comments
# and string literals are not code: lines starting with * or // are skipped).
none() {
	found=$(grep -nE "$1" $(for d in $lib; do echo "$d"/*.c "$d"/*.h; done) |
	    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|//|/\*)')
	if [ -z "$found" ]; then pass "$2"; else
		echo "$found" | sed 's/^/#   /' | head -10; fail "$2"; fi
}
none '(^|[^_a-z])(getenv|secure_getenv|setenv|putenv|unsetenv)[[:space:]]*\(' \
    "the library never reads or writes the environment"
none '^[^"'"'"']*(^|[^_a-z])(printf|puts|perror|putchar|vprintf)[[:space:]]*\(' \
    "the library never prints"
none 'f(printf|puts|putc|write)[[:space:]]*\((stdout|stderr)' \
    "the library never writes to stdout or stderr"
none '(^|[^_a-z])(exit|_exit|abort)[[:space:]]*\(' "the library never exits"
none '#include "(cli|json|term)\.h"' "the library includes no front end's header"
none '(^|[^_a-z])(getopt|getopt_long|optarg|optind)([^_a-z]|$)' \
    "the library parses no argv"
# The screens are a front end, but the server runs as a service: what it takes
# from the environment (as the commands do) is read once by kartu serve
# (src/cli/cmd-serve.c) and handed over in web_options.
found=$(grep -nE '(^|[^_a-z])(getenv|secure_getenv)[[:space:]]*\(' web/*.c web/*.h |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|//|/\*)')
same "$found" "" "src/web reads no environment"
# The store hides its engine: only the backend's files speak SQLite.
found=$(grep -lE 'sqlite3|SQLITE_' core/*.[ch] hw/*.[ch] cli/*.[ch] store/store.h)
same "$found" "" "no sqlite3 outside the SQLite backend (src/store/*.c, store-sqlite.h)"
same "$(grep -l '<sqlite3.h>' */*.[ch])" "store/store-sqlite.h" \
    "one file includes sqlite3.h: the backend's private header"
# ... and only the PostgreSQL backend's file speaks libpq.
found=$(grep -lE 'PQ[a-z]+\(|PGconn|PGresult|libpq-fe' core/*.[ch] hw/*.[ch] cli/*.[ch] web/*.[ch] \
    store/store.h store/store-pg.h)
same "$found" "" "no libpq outside the PostgreSQL backend (src/store/store-pg.c)"
same "$(grep -l '<libpq-fe.h>' */*.[ch])" "store/store-pg.c" \
    "one file includes libpq-fe.h: the PostgreSQL backend"
for d in core store hw cli; do
	[ -n "$(ls "$d"/*.c 2>/dev/null)" ] && pass "src/$d holds C files" ||
	    fail "src/$d holds C files"
done
same "$(ls *.c *.h 2>/dev/null | wc -l)" 0 "no C file outside the layers' folders"
finish
