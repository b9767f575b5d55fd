#!/bin/sh
# tests/pg-cluster.sh - a throwaway PostgreSQL cluster for the tests of the
# PostgreSQL store (../shared/notes/postgres-in-tests.md, section 1).
#
#   sh tests/pg-cluster.sh run CMD...   start one cluster, run CMD with
#                                       KARTU_PG_HOST set to its socket
#                                       directory, stop and remove it after
#   . tests/pg-cluster.sh               (tests/cli/lib.sh) the functions below
#
# One cluster per test run (make test-run wraps prove in it when a test needs
# it): initdb and pg_ctl from `pg_config --bindir`, as the postgres user when
# run as root (initdb refuses root), on a unix socket only (listen_addresses
# ''), in /tmp/kartu-pg.XXXXXX (the socket's path must fit in 107 bytes, so not
# under tests/trash/), without fsync, synchronous commits or full page writes
# (tests only: about 4x the commits a second).  The template database
# kartu_tpl has what every test database needs that only a superuser may make
# (the citext extension); each test file gets its own database made from it
# (pg_new_db, about 0.2 s), owned by the role kartu, which the tests connect
# as.  Clusters of a run that was killed (SIGKILL leaves the postmaster and
# the directory) are swept before a new one starts: their owner's pid is gone.

PG_BIN=$(pg_config --bindir 2>/dev/null)

# pg_as CMD...: run a server program as the cluster's owner.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$PG_DIR" && runuser -u postgres -- "$@")
	else
		(cd "$PG_DIR" && "$@")
	fi
}

# psql as the superuser, on database $1.
pg_psql() {
	db=$1
	shift
	PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST_DIR" -U postgres -d "$db" "$@"
}

# Stop and remove the clusters whose run is gone (its owner pid no longer
# runs), and directories left half made more than 10 minutes ago.
pg_sweep() {
	for d in /tmp/kartu-pg.*; do
		[ -d "$d" ] || continue
		if [ -f "$d/owner" ]; then
			o=$(cat "$d/owner" 2>/dev/null)
			[ -n "$o" ] && kill -0 "$o" 2>/dev/null && continue
		elif [ -z "$(find "$d" -maxdepth 0 -mmin +10 2>/dev/null)" ]; then
			continue
		fi
		if [ -f "$d/data/postmaster.pid" ]; then
			p=$(head -1 "$d/data/postmaster.pid")
			[ -n "$p" ] && kill -9 "$p" 2>/dev/null
		fi
		rm -rf "$d"
	done
}

# pg_cluster_start: sweep, make and start a cluster, and the template
# database; sets and exports KARTU_PG_HOST.  Non-zero with a message on
# standard error when PostgreSQL is not installed or does not start.
pg_cluster_start() {
	if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
		echo "pg-cluster: no PostgreSQL server (\`pg_config --bindir\`/initdb): make deps" >&2
		return 1
	fi
	pg_sweep
	PG_DIR=$(mktemp -d /tmp/kartu-pg.XXXXXX) || return 1
	echo "${PG_OWNER:-$$}" >"$PG_DIR/owner"
	# Other users may reach the socket (trust-env.t runs kartu as nobody);
	# the data directory stays the server's alone (initdb makes it 0700).
	chmod 711 "$PG_DIR"
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
	PG_HOST_DIR=$PG_DIR
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 \
	    --locale=C.UTF-8 --no-sync --no-instructions >"$PG_DIR/initdb.log" 2>&1 || {
		echo "pg-cluster: initdb failed:" >&2; tail -5 "$PG_DIR/initdb.log" >&2; return 1; }
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 -s \
	    -o "-c listen_addresses='' -k $PG_DIR -p 5432 -c fsync=off \
	    -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
	    start </dev/null || {
		echo "pg-cluster: the server did not start:" >&2
		tail -5 "$PG_DIR/server.log" >&2; return 1; }
	pg_psql postgres -c "CREATE ROLE kartu LOGIN" \
	    -c "CREATE DATABASE kartu_tpl OWNER kartu" </dev/null &&
	pg_psql kartu_tpl -c "CREATE EXTENSION citext" </dev/null || return 1
	KARTU_PG_HOST=$PG_DIR
	export KARTU_PG_HOST
}

pg_cluster_stop() {
	[ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate >/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=
}

# pg_new_db NAME: a database of its own for a test file, made from the
# template; prints its connection URI.
pg_new_db() {
	PG_HOST_DIR=$KARTU_PG_HOST
	pg_psql postgres -c "DROP DATABASE IF EXISTS \"$1\"" \
	    -c "CREATE DATABASE \"$1\" TEMPLATE kartu_tpl OWNER kartu" </dev/null >&2 ||
	    return 1
	echo "postgresql:///$1?host=$KARTU_PG_HOST&user=kartu"
}

if [ "${1:-}" = run ]; then
	shift
	PG_OWNER=$$
	trap pg_cluster_stop EXIT
	trap 'exit 130' INT TERM HUP
	pg_cluster_start || exit 1
	"$@"
	exit $?
fi
