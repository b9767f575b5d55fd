/*
 * store-sqlite.h - what the SQLite backend's own files (store-sqlite.c,
 * audit.c) share and nothing else sees: the connection under a struct store.
 */
#ifndef KARTU_STORE_SQLITE_H
#define KARTU_STORE_SQLITE_H

#include <sqlite3.h>

#include "store-int.h"

sqlite3 *store_db(struct store *st);

#endif
