/*
 * rulesfile.h - the rules file (db/rules.conf, or a library's own copy given
 * to kartu init --rules): the service's settings, documents, categories and
 * institutions as data.  The format is described at the top of db/rules.conf.
 *
 * The parser is pure: text in, struct out; no I/O and no SQL, so a rules file
 * can say nothing but what these structs hold.  Writing them into the store is
 * setup.h's.
 */
#ifndef KARTU_RULESFILE_H
#define KARTU_RULESFILE_H

#include <stddef.h>

#include "err.h"

/* The built-in rules: db/rules.conf, embedded at build time (tools/embed.sh). */
extern const char rulesfile_builtin[];

#define RULESFILE_CODE 32	/* a code with its NUL: [a-z0-9-], 1 to 31 */
#define RULESFILE_NAME 128	/* a name with its NUL */
#define RULESFILE_VALUE 256	/* a setting's value with its NUL */
#define RULESFILE_MAX_SETTINGS 16	/* more than the allowed keys */
#define RULESFILE_MAX_DOCUMENTS 32
#define RULESFILE_MAX_CATEGORIES 32
#define RULESFILE_MAX_INSTITUTIONS 256

struct rulesfile_setting {
	const char *key;	/* one of the allowed keys (static) */
	char value[RULESFILE_VALUE];
	int line;
};

struct rulesfile_document {
	char code[RULESFILE_CODE];
	char name[RULESFILE_NAME];
	char format[8];		/* nik, kk, nisn, sim, text */
	int line;
};

struct rulesfile_category {
	char code[RULESFILE_CODE];
	char name[64];
	char institution[16];	/* none, optional, required, local */
	int guardian;
	int valid_months;
	int ndocuments;
	char documents[RULESFILE_MAX_DOCUMENTS][RULESFILE_CODE];
	int line, documents_line;
};

struct rulesfile_institution {
	char name[RULESFILE_NAME];
	char kind[16];		/* university, school, employer */
	int local;
	char aliases[512];	/* '|'-separated, as the store keeps them */
	int line;
};

/* What one file says.  Large: allocate it (calloc), do not put it on a stack. */
struct rulesfile {
	int nsettings, ndocuments, ncategories, ninstitutions;
	struct rulesfile_setting settings[RULESFILE_MAX_SETTINGS];
	struct rulesfile_document documents[RULESFILE_MAX_DOCUMENTS];
	struct rulesfile_category categories[RULESFILE_MAX_CATEGORIES];
	struct rulesfile_institution institutions[RULESFILE_MAX_INSTITUTIONS];
};

/* Parse text (len bytes, not necessarily NUL-terminated) into rf, which it
 * clears first.  source names the file in messages.  Anything but a well-formed
 * file (invalid UTF-8, a control character, an unknown kind or key, a setting
 * not allowed, a duplicate, a value too long or malformed, a category naming a
 * document the file does not define) is KT_EUSAGE with "SOURCE:LINE: ...", and
 * rf must then not be used. */
int rulesfile_parse(struct rulesfile *rf, const char *text, size_t len, const char *source,
    struct kt_err *e);

/* The value of setting key in rf, or NULL when the file does not set it. */
const char *rulesfile_setting(const struct rulesfile *rf, const char *key);

/* The settings a rules file may set, in the file's order: the i-th key, or
 * NULL past the last. */
const char *rulesfile_setting_key(size_t i);

/* Check value for the setting key as a rules file's [settings] checks it; a
 * problem is added to e for field key (kt_problem: the others go on being
 * checked) and returned as KT_EUSAGE. */
int rulesfile_check_setting(const char *key, const char *value, struct kt_err *e);

#endif
