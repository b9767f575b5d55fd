/*
 * store-sqlite.h - what the SQLite backend's own files (store.c, audit.c)
 * share and nothing else sees: the connection under a struct store.
 */
#ifndef KARTU_STORE_SQLITE_H
#define KARTU_STORE_SQLITE_H

#include <sqlite3.h>

#include "store.h"

sqlite3 *store_db(struct store *st);
/* As store_timestamp, but the time the running statement was stepped (or
 * run by store_exec): the same for every row a statement writes, so that a
 * trigger that reads it twice reads one value. */
void store_step_timestamp(struct store *st, char *buf, size_t len);

#endif
