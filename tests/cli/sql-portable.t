#!/bin/sh
# The SQL of the library and the front ends (src/core, src/web, src/cli; not
# the backend, src/store) means the same on SQLite and PostgreSQL 15 (issue
# 17): each statement is read out of the C (adjacent string literals joined,
# string macros expanded) and any construct only SQLite knows, or that
# PostgreSQL reads otherwise, fails naming file:line.  No server is needed.
# What the backend translates itself (?NNN and ? placeholders, 't'/'f' read
# as 1/0 by store_col_int) is not flagged; a deliberate exception is in the
# allow-list below, with its reason.  The statements are read by
# tests/cli/sql-check.pl.
. "$KARTU_SRC/tests/cli/lib.sh"

# The allow-list: FILE<TAB>CHECK<TAB>why.  Keep it short.
cat >"$trash/allow" <<'EOF'
src/core/search.c	MATCH	the name search's SQLite form, FTS5 table member_names (0017); the PostgreSQL form beside it (a tsquery), chosen by store_engine
src/core/search.c	rowid	the same: an FTS5 table's rowid
EOF

# The checks: NAME<TAB>perl regex, case-insensitive, on a statement's text
# with its SQL string literals emptied.
cat >"$trash/checks" <<'EOF'
INSERT OR	\bINSERT\s+OR\b|\bREPLACE\s+INTO\b
group_concat	\bgroup_concat\s*\(
strftime	\bstrftime\s*\(
julianday	\bjulianday\s*\(
datetime	\bdatetime\s*\(
date()	(?<![\w.])(date|time)\s*\(
unixepoch	\bunixepoch\b
last_insert_rowid	\blast_insert_rowid\b
sqlite_master	\bsqlite_(master|schema|sequence)\b
PRAGMA	\bPRAGMA\b
GLOB	\bGLOB\b
IS NOT value	\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b)
printf	\b(printf|format)\s*\(
double-quoted	"
instr	\binstr\s*\(
ifnull	\b(ifnull|iif)\s*\(
json	\bjson(_\w+)?\s*\(
two-argument max/min	\b(max|min)\s*\((?:[^(),]|\((?:[^()]|\([^()]*\))*\))*,
INDEXED BY	\b(INDEXED\s+BY|NOT\s+INDEXED)\b
rowid	\b(_?rowid_?|oid)\b
MATCH	\bMATCH\b
COLLATE NOCASE	\bCOLLATE\s+NOCASE\b
BEGIN mode	\bBEGIN\s+(IMMEDIATE|DEFERRED|EXCLUSIVE)\b
negative LIMIT	\bLIMIT\s+-
IS value	\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)
cast of text	\bCAST\s*\(\s*(substr|trim|replace|ltrim|rtrim)\s*\(
SQLite function	\b(typeof|total|randomblob|zeroblob|hex|changes|total_changes|unicode|char|glob|like|likelihood|unlikely)\s*\(
EOF

# check DIR [ALLOW]: the checker on DIR's src/core, src/web and src/cli.
check() {
	(cd "$1" && perl "$KARTU_SRC/tests/cli/sql-check.pl" "${2:-$trash/allow}" "$trash/checks" \
	    src/core/*.c $(ls src/web/*.c src/cli/*.c 2>/dev/null)) >"$out" 2>"$err"
}
check "$KARTU_SRC"
rc=$?
n=$(sed -n 's/^# \([0-9]*\) statements read$/\1/p' "$out")
if [ "${n:-0}" -gt 150 ]; then pass "the statements are read ($n)"; else
	fail "the statements are read (${n:-none})"; fi
if [ "$rc" = 0 ]; then pass "no SQLite-only construct in the SQL outside src/store"; else
	fail "no SQLite-only construct in the SQL outside src/store"; fi
# No limit is the largest number: LIMIT -1 is SQLite's (PostgreSQL refuses
# a negative limit), and a bound -1 is not in the SQL's text.
found=$(cd "$KARTU_SRC" && grep -n 'store_bind_int(.*[^0-9]-1)' src/core/*.c src/web/*.c \
    src/cli/*.c)
same "$found" "" "no -1 bound (as a limit)"

# The checker finds what it looks for (a test that cannot fail proves
# nothing): a file with one of each, every one named by its line.
mkdir -p "$trash/bad/src/core"
cat >"$trash/bad/src/core/bad.c" <<'EOF'
#define COLS "a, b FROM t"
static const char *q[] = {
	"INSERT OR IGNORE INTO t VALUES (1)",
	"SELECT group_concat(a, ', ') FROM t",
	"SELECT " COLS " WHERE a IS NOT ?1",
	"SELECT strftime('%Y', at) FROM t",
	"SELECT x FROM t WHERE date >= date('now', '-1 year')",
	"SELECT * FROM (SELECT 1) LIMIT 1",
	"SELECT id FROM operators WHERE name = ? AND active",
	"SELECT sum(a IS NOT NULL AND b < c) FROM t",
	"SELECT EXISTS (SELECT 1 FROM t)",
	"SELECT \"x\" FROM t",
	"SELECT x FROM t WHERE substr(d, 1, 4) = printf('%04d', ?1)",
	"SELECT max(a, ?1) FROM t",
	"SELECT last_insert_rowid()",
	"SELECT m.id FROM member_names JOIN members m ON m.id = member_names.rowid",
	"UPDATE t SET a = 1 WHERE x GLOB '[0-9]'",
	"SELECT a FROM t WHERE ?1 IS NULL OR a = ?1",
	"SELECT CAST(substr(a, 1, 2) AS INTEGER) FROM t WHERE b IS ?1",
	"SELECT a FROM t WHERE a IS NOT NULL AND b IS DISTINCT FROM ?1 AND t.active <> 0"
	    " AND (CAST(?2 AS TEXT) IS NULL OR b = ?2) AND (c = ?3 OR ?3 IS NULL)",
};
EOF
: >"$trash/allow-none"
check "$trash/bad" "$trash/allow-none"
got=$(sed -n 's/^# src\/core\/bad\.c:\([0-9]*\): \([^:]*\).*/\1 \2/p' "$out" | sort -n |
    tr '\n' ',')
same "$got" "3 INSERT OR,4 group_concat,5 IS NOT value,6 strftime,7 date(),8 subquery in FROM without an alias,9 integer as boolean,10 sum of a boolean,11 EXISTS as a value,12 double-quoted,13 printf,14 two-argument max/min,15 last_insert_rowid,16 rowid,17 GLOB,18 parameter ?1 of unknown type (IS NULL),19 IS value,19 cast of text," \
    "the checker names each construct of a bad file by its line"

# Last, what it found in the tree (the first failure's output is above).
check "$KARTU_SRC"
grep -v '^# [0-9]* statements read$' "$out" | head -60
finish
