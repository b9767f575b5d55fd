/*
 * legacy-int.h - what legacy.c (the dispatch) and the readers share; nothing
 * else includes it.  A reader is a struct lg_ops; its state starts with
 * struct lg_reader so that legacy.c can hold any of them.
 */
#ifndef KARTU_LEGACY_INT_H
#define KARTU_LEGACY_INT_H

#include "legacy.h"

struct lg_ops;

struct lg_reader {
	const struct lg_ops *ops;
	struct lg_opts opts;
};

struct lg_rejects {
	struct lg_reader *r;	/* the reader whose records these are */
};

struct lg_ops {
	enum lg_format format;
	const char *name;	/* "csv", "slims", "koha", "inlislite" */
	int (*open)(const char *path, const struct lg_opts *o, struct lg_reader **out,
	    struct kt_err *e);
	int (*next)(struct lg_reader *r, struct lg_row *row, struct kt_err *e);
	int (*rewind)(struct lg_reader *r, struct kt_err *e);
	void (*progress)(const struct lg_reader *r, long long *done, long long *total);
	void (*close)(struct lg_reader *r);
	int (*rejects_open)(struct lg_reader *r, const char *path, struct lg_rejects **out,
	    struct kt_err *e);
	int (*reject)(struct lg_rejects *rj, const struct lg_row *row, const char *problems,
	    struct kt_err *e);
	int (*rejects_close)(struct lg_rejects *rj, struct kt_err *e);
	/* The file's name of the column f came from, or NULL (may be NULL). */
	const char *(*column)(const struct lg_reader *r, enum lg_field f);
};

/* Create (or empty) path for a rejects file, readable by the station's user
 * only: its records hold personal data as they came (a NIK too).  NULL with
 * errno set on failure. */
FILE *lg_create_private(const char *path);

extern const struct lg_ops lg_csv_ops, lg_slims_ops, lg_koha_ops, lg_inlislite_ops;

#endif
