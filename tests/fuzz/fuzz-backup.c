/*
 * fuzz-backup.c - libFuzzer target for kartu restore's check of a backup
 * file (store_backup_check on SQLite): whatever the file holds, it is a
 * whole kartu register or KT_EDAMAGED, never a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/kartu-fuzz-backup.XXXXXX";
	struct kt_err e;
	int fd, version;

	if ((fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size)
		store_backup_check("fuzz.db", path, &version, &e);
	close(fd);
	unlink(path);
	return 0;
}
