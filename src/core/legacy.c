/*
 * legacy.c - the dispatch to the old systems' readers (see legacy.h).
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "legacy-int.h"

/* One entry a reader; a format without one is refused by lg_open. */
static const struct lg_ops *const readers[] = {
	&lg_csv_ops,
	&lg_slims_ops, &lg_koha_ops,
	&lg_inlislite_ops,
};

static const char *const field_names[LG_COUNT] = {
	[LG_NAME] = "name", [LG_BIRTH_PLACE] = "birth_place", [LG_BIRTH_DATE] = "birth_date",
	[LG_SEX] = "sex", [LG_ADDRESS] = "address", [LG_PHONE] = "phone",
	[LG_PHONE2] = "phone2", [LG_EMAIL] = "email", [LG_TYPE] = "category",
	[LG_NIK] = "nik", [LG_INSTITUTION] = "institution", [LG_GUARDIAN] = "guardian",
	[LG_LEGACY_NO] = "legacy_no", [LG_REGISTERED_ON] = "registered_on",
	[LG_EXPIRES_ON] = "expires_on", [LG_NOTES] = "notes",
};

const char *
lg_field_name(enum lg_field f)
{
	return f < LG_COUNT ? field_names[f] : "";
}

int
lg_open(const char *path, const struct lg_opts *o, struct lg_reader **out, struct kt_err *e)
{
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < nitems(readers); i++)
		if (readers[i]->format == o->format) {
			if ((rc = readers[i]->open(path, o, out, e)) != 0)
				return rc;
			(*out)->ops = readers[i];
			(*out)->opts = *o;
			return 0;
		}
	return kt_error_at(e, KT_EUSAGE, "from", _("this station cannot read that system's files"));
}

int
lg_next(struct lg_reader *r, struct lg_row *row, struct kt_err *e)
{
	return r->ops->next(r, row, e);
}

int
lg_rewind(struct lg_reader *r, struct kt_err *e)
{
	return r->ops->rewind(r, e);
}

void
lg_progress(const struct lg_reader *r, long long *done, long long *total)
{
	r->ops->progress(r, done, total);
}

const char *
lg_column(const struct lg_reader *r, const char *field)
{
	const char *name;
	int f;

	for (f = 0; f < LG_COUNT; f++)
		if (strcmp(field, field_names[f]) == 0)
			break;
	if (f == LG_COUNT || r->ops->column == NULL ||
	    (name = r->ops->column(r, (enum lg_field)f)) == NULL)
		return field;
	return name;
}

void
lg_close(struct lg_reader *r)
{
	if (r != NULL)
		r->ops->close(r);
}

int
lg_rejects_open(struct lg_reader *r, const char *path, struct lg_rejects **out,
    struct kt_err *e)
{
	int rc;

	*out = NULL;
	if ((rc = r->ops->rejects_open(r, path, out, e)) != 0)
		return rc;
	(*out)->r = r;
	return 0;
}

int
lg_reject(struct lg_rejects *rj, const struct lg_row *row, const char *problems,
    struct kt_err *e)
{
	return rj->r->ops->reject(rj, row, problems, e);
}

int
lg_rejects_close(struct lg_rejects *rj, struct kt_err *e)
{
	return rj != NULL ? rj->r->ops->rejects_close(rj, e) : 0;
}

FILE *
lg_create_private(const char *path)
{
	struct stat sb;
	FILE *f;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return NULL;
	/* An older file of that name keeps its mode: narrow it.  Only a
	 * regular file: /dev/null or a pipe given as the rejects is left be. */
	if (fstat(fd, &sb) != 0 || (S_ISREG(sb.st_mode) && fchmod(fd, 0600) != 0) ||
	    (f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return NULL;
	}
	return f;
}
