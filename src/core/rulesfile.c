/*
 * rulesfile.c - the rules file parser (see rulesfile.h and the top of
 * db/rules.conf): [kind] records of "key = value" lines.
 *
 * Pure: text in, struct out, so that it can be unit tested and fuzzed.  It
 * checks everything it can without the store (kinds, keys, values, duplicates,
 * the documents a category names); what it cannot (the library code of a
 * database with cards) is setup.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rulesfile.h"
#include "text.h"

enum kind { NONE, SETTINGS, DOCUMENT, CATEGORY, INSTITUTION };

static const char *const kinds[] = { "", "settings", "document", "category", "institution" };

/* What a value must look like. */
enum check { TEXT, CODE, CODES, DIGITS, NIP, MONTHS, MINUTES, FORMAT, INSTITUTION_RULE,
	INSTITUTION_KIND, YESNO, ALIAS, MEDIA };

struct field {
	const char *name;
	enum check check;
	size_t max;		/* the longest value, in bytes */
};

/* The settings a rules file may set: the library's identity and the service's
 * rules.  Not sms_command (a program to run), not the pepper, not sessions:
 * nothing that decides what the station runs or who may act. */
static const struct field settings_fields[] = {
	{ "library_code", DIGITS, 8 },
	{ "library_name", TEXT, 127 },
	{ "library_address", TEXT, 255 },
	/* The reports' letterhead and signature block: the town where they are
	 * signed, the head of the office, the head's title and NIP. */
	{ "library_city", TEXT, 63 },
	{ "head_name", TEXT, 127 },
	{ "head_title", TEXT, 127 },
	{ "head_nip", NIP, 18 },
	{ "member_no_format", TEXT, 63 },
	{ "regency", TEXT, 127 },
	{ "replacement_documents", CODES, 255 },
	{ "due_service_minutes", MINUTES, 5 },
	{ "card_media", MEDIA, 12 },
};

static const struct field document_fields[] = {
	{ "code", CODE, RULESFILE_CODE - 1 },
	{ "name", TEXT, RULESFILE_NAME - 1 },
	{ "format", FORMAT, 7 },
};

static const struct field category_fields[] = {
	{ "code", CODE, RULESFILE_CODE - 1 },
	{ "name", TEXT, 63 },
	{ "institution", INSTITUTION_RULE, 15 },
	{ "guardian", YESNO, 3 },
	{ "valid_months", MONTHS, 3 },
	{ "documents", CODES, 511 },
};

static const struct field institution_fields[] = {
	{ "name", TEXT, RULESFILE_NAME - 1 },
	{ "kind", INSTITUTION_KIND, 15 },
	{ "local", YESNO, 3 },
	{ "alias", ALIAS, RULESFILE_NAME - 1 },	/* may repeat */
};

struct parser {
	struct rulesfile *rf;
	const char *source;
	struct kt_err *e;
	enum kind kind;
	int start;		/* the line of the record's [kind] */
	unsigned seen;		/* the fields given, one bit each */
};

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static const char *
want(enum check c)
{
	switch (c) {
	case CODE:
		return _("a code of lowercase letters, digits and '-'");
	case CODES:
		return _("codes of lowercase letters, digits and '-', separated by commas");
	case DIGITS:
		return _("2 to 8 digits");
	case NIP:
		return _("an NIP of 18 digits");
	case MONTHS:
		return _("a number of months from 1 to 240");
	case MINUTES:
		return _("a number of minutes from 1 to 10000");
	case FORMAT:
		return "nik, kk, nisn, sim, text";
	case INSTITUTION_RULE:
		return "none, optional, required, local";
	case INSTITUTION_KIND:
		return "university, school, employer";
	case YESNO:
		return "yes, no";
	case ALIAS:
		return _("a name without '|'");
	case MEDIA:
		return "chip, printed, chip+printed";
	default:
		return _("text");
	}
}

static int
is_code(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n >= RULESFILE_CODE)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] == '-' && i > 0)))
			return 0;
	return 1;
}

/* A number from lo to hi, digits only. */
static int
is_number(const char *v, long lo, long hi)
{
	size_t n = strlen(v);

	return n > 0 && n <= 6 && strspn(v, "0123456789") == n && atol(v) >= lo &&
	    atol(v) <= hi;
}

/* Each of a comma-separated list (spaces around commas allowed) a code. */
static int
is_codes(const char *v)
{
	const char *p = v, *end;
	size_t n;

	for (;;) {
		while (*p == ' ')
			p++;
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (!is_code(p, n))
			return 0;
		if (*end == '\0')
			return 1;
		p = end + 1;
	}
}

static int
check(const struct field *f, const char *v)
{
	if (v[0] == '\0')
		return -1;
	switch (f->check) {
	case CODE:
		return is_code(v, strlen(v)) ? 0 : -1;
	case CODES:
		return is_codes(v) ? 0 : -1;
	case DIGITS:
		return strlen(v) >= 2 && strlen(v) <= 8 &&
		    strspn(v, "0123456789") == strlen(v) ? 0 : -1;
	case NIP:
		return strlen(v) == 18 && strspn(v, "0123456789") == 18 ? 0 : -1;
	case MONTHS:
		return is_number(v, 1, 240) ? 0 : -1;
	case MINUTES:
		return is_number(v, 1, 10000) ? 0 : -1;
	case FORMAT:
		return strcmp(v, "nik") == 0 || strcmp(v, "kk") == 0 || strcmp(v, "nisn") == 0 ||
		    strcmp(v, "sim") == 0 || strcmp(v, "text") == 0 ? 0 : -1;
	case INSTITUTION_RULE:
		return strcmp(v, "none") == 0 || strcmp(v, "optional") == 0 ||
		    strcmp(v, "required") == 0 || strcmp(v, "local") == 0 ? 0 : -1;
	case INSTITUTION_KIND:
		return strcmp(v, "university") == 0 || strcmp(v, "school") == 0 ||
		    strcmp(v, "employer") == 0 ? 0 : -1;
	case YESNO:
		return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 ? 0 : -1;
	case ALIAS:
		return strchr(v, '|') == NULL ? 0 : -1;
	case MEDIA:
		return strcmp(v, "chip") == 0 || strcmp(v, "printed") == 0 ||
		    strcmp(v, "chip+printed") == 0 ? 0 : -1;
	default:
		return 0;
	}
}

static const struct field *
fields_of(enum kind k, size_t *n)
{
	switch (k) {
	case SETTINGS:
		*n = nitems(settings_fields);
		return settings_fields;
	case DOCUMENT:
		*n = nitems(document_fields);
		return document_fields;
	case CATEGORY:
		*n = nitems(category_fields);
		return category_fields;
	case INSTITUTION:
		*n = nitems(institution_fields);
		return institution_fields;
	default:
		*n = 0;
		return NULL;
	}
}

/* The record that ends (at a new [kind] or the end of the file): every field
 * but the optional ones given, and no other record of its kind by that name. */
static int
end_record(struct parser *p)
{
	struct rulesfile *rf = p->rf;
	const struct field *f;
	unsigned need;
	size_t n, i;
	int j;

	if (p->kind == NONE || p->kind == SETTINGS)
		return 0;
	f = fields_of(p->kind, &n);
	/* alias is the one optional field */
	need = p->kind == INSTITUTION ? (1u << (n - 1)) - 1 : (1u << n) - 1;
	for (i = 0; i < n; i++)
		if ((need & (1u << i)) && !(p->seen & (1u << i)))
			return kt_error(p->e, KT_EUSAGE, _("%s:%d: the [%s] lacks %s"), p->source,
			    p->start, kinds[p->kind], f[i].name);
	switch (p->kind) {
	case DOCUMENT:
		for (j = 0; j < rf->ndocuments - 1; j++)
			if (strcmp(rf->documents[j].code,
			    rf->documents[rf->ndocuments - 1].code) == 0)
				goto dup;
		break;
	case CATEGORY:
		for (j = 0; j < rf->ncategories - 1; j++)
			if (strcmp(rf->categories[j].code,
			    rf->categories[rf->ncategories - 1].code) == 0)
				goto dup;
		break;
	case INSTITUTION:
		for (j = 0; j < rf->ninstitutions - 1; j++)
			if (strcasecmp(rf->institutions[j].name,
			    rf->institutions[rf->ninstitutions - 1].name) == 0)
				goto dup;
		break;
	default:
		break;
	}
	return 0;
dup:
	return kt_error(p->e, KT_EUSAGE, _("%s:%d: this [%s] is already given at line %d"),
	    p->source, p->start, kinds[p->kind],
	    p->kind == DOCUMENT ? rf->documents[j].line : p->kind == CATEGORY ?
	    rf->categories[j].line : rf->institutions[j].line);
}

static int
begin_record(struct parser *p, const char *kind, int lineno)
{
	struct rulesfile *rf = p->rf;
	int k, max = 0, *count = NULL;

	for (k = SETTINGS; k <= INSTITUTION; k++)
		if (strcmp(kinds[k], kind) == 0)
			break;
	if (k > INSTITUTION)
		return kt_error(p->e, KT_EUSAGE, _("%s:%d: unknown kind of record [%.40s]"
		    " (known: settings, document, category, institution)"), p->source,
		    lineno, kind);
	switch (k) {
	case DOCUMENT:
		count = &rf->ndocuments, max = RULESFILE_MAX_DOCUMENTS;
		break;
	case CATEGORY:
		count = &rf->ncategories, max = RULESFILE_MAX_CATEGORIES;
		break;
	case INSTITUTION:
		count = &rf->ninstitutions, max = RULESFILE_MAX_INSTITUTIONS;
		break;
	default:
		break;
	}
	if (count != NULL) {
		if (*count == max)
			return kt_error(p->e, KT_EUSAGE, _("%s:%d: more than %d [%s] records"),
			    p->source, lineno, max, kind);
		(*count)++;
	}
	p->kind = (enum kind)k;
	p->start = lineno;
	p->seen = 0;
	if (k == DOCUMENT)
		rf->documents[rf->ndocuments - 1].line = lineno;
	else if (k == CATEGORY)
		rf->categories[rf->ncategories - 1].line = lineno;
	else if (k == INSTITUTION)
		rf->institutions[rf->ninstitutions - 1].line = lineno;
	return 0;
}

/* Split a list of codes (checked already) into the category's documents. */
static int
split_codes(struct parser *p, struct rulesfile_category *c, const char *v, int lineno)
{
	const char *q = v, *end;
	size_t n;
	int i;

	c->ndocuments = 0;
	for (;;) {
		while (*q == ' ')
			q++;
		end = q + strcspn(q, ",");
		n = (size_t)(end - q);
		while (n > 0 && q[n - 1] == ' ')
			n--;
		if (c->ndocuments == RULESFILE_MAX_DOCUMENTS)
			return kt_error(p->e, KT_EUSAGE, _("%s:%d: more than %d documents"),
			    p->source, lineno, RULESFILE_MAX_DOCUMENTS);
		memcpy(c->documents[c->ndocuments], q, n);
		c->documents[c->ndocuments][n] = '\0';
		for (i = 0; i < c->ndocuments; i++)
			if (strcmp(c->documents[i], c->documents[c->ndocuments]) == 0)
				return kt_error(p->e, KT_EUSAGE,
				    _("%s:%d: document %s is named twice"), p->source, lineno,
				    c->documents[i]);
		c->ndocuments++;
		if (*end == '\0')
			return 0;
		q = end + 1;
	}
}

static int
set_field(struct parser *p, const char *key, const char *val, int lineno)
{
	struct rulesfile *rf = p->rf;
	const struct field *f;
	size_t n, i;

	f = fields_of(p->kind, &n);
	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, key) == 0)
			break;
	if (i == n) {
		if (p->kind == SETTINGS)
			return kt_error(p->e, KT_EUSAGE, _("%s:%d: '%.40s' cannot be set by a"
			    " rules file (it sets library_code, library_name, library_address,"
			    " library_city, head_name, head_title, head_nip, member_no_format,"
			    " regency, replacement_documents, due_service_minutes and card_media)"), p->source, lineno, key);
		return kt_error(p->e, KT_EUSAGE, _("%s:%d: unknown key '%.40s' in a [%s]"),
		    p->source, lineno, key, kinds[p->kind]);
	}
	if (p->kind == SETTINGS) {
		int j;

		for (j = 0; j < rf->nsettings; j++)
			if (strcmp(rf->settings[j].key, key) == 0)
				return kt_error(p->e, KT_EUSAGE,
				    _("%s:%d: %s is already given at line %d"), p->source, lineno,
				    key, rf->settings[j].line);
	} else if ((p->seen & (1u << i)) && strcmp(key, "alias") != 0)
		return kt_error(p->e, KT_EUSAGE, _("%s:%d: %s is given twice in this [%s]"),
		    p->source, lineno, key, kinds[p->kind]);
	if (strlen(val) > f[i].max)
		return kt_error(p->e, KT_EUSAGE, _("%s:%d: the value of %s is too long"),
		    p->source, lineno, key);
	if (check(&f[i], val) != 0)
		return kt_error(p->e, KT_EUSAGE, _("%s:%d: bad value for %s: want %s"),
		    p->source, lineno, key, want(f[i].check));
	p->seen |= 1u << i;
	switch (p->kind) {
	case SETTINGS: {
		struct rulesfile_setting *s = &rf->settings[rf->nsettings++];

		s->key = f[i].name;
		s->line = lineno;
		snprintf(s->value, sizeof s->value, "%s", val);
		break;
	}
	case DOCUMENT: {
		struct rulesfile_document *d = &rf->documents[rf->ndocuments - 1];

		if (i == 0)
			snprintf(d->code, sizeof d->code, "%s", val);
		else if (i == 1)
			snprintf(d->name, sizeof d->name, "%s", val);
		else
			snprintf(d->format, sizeof d->format, "%s", val);
		break;
	}
	case CATEGORY: {
		struct rulesfile_category *c = &rf->categories[rf->ncategories - 1];

		if (i == 0)
			snprintf(c->code, sizeof c->code, "%s", val);
		else if (i == 1)
			snprintf(c->name, sizeof c->name, "%s", val);
		else if (i == 2)
			snprintf(c->institution, sizeof c->institution, "%s", val);
		else if (i == 3)
			c->guardian = strcmp(val, "yes") == 0;
		else if (i == 4)
			c->valid_months = atoi(val);
		else {
			c->documents_line = lineno;
			return split_codes(p, c, val, lineno);
		}
		break;
	}
	case INSTITUTION: {
		struct rulesfile_institution *t = &rf->institutions[rf->ninstitutions - 1];
		size_t have = strlen(t->aliases);

		if (i == 0)
			snprintf(t->name, sizeof t->name, "%s", val);
		else if (i == 1)
			snprintf(t->kind, sizeof t->kind, "%s", val);
		else if (i == 2)
			t->local = strcmp(val, "yes") == 0;
		else if (have + 1 + strlen(val) >= sizeof t->aliases)
			return kt_error(p->e, KT_EUSAGE, _("%s:%d: too many aliases"), p->source,
			    lineno);
		else
			snprintf(t->aliases + have, sizeof t->aliases - have, "%s%s",
			    have > 0 ? "|" : "", val);
		break;
	}
	default:
		break;
	}
	return 0;
}

/* The line is valid UTF-8 without control characters (a tab is a space). */
static int
check_line(struct parser *p, const char *line, size_t n, int lineno)
{
	size_t i = 0;
	unsigned cp;
	int k;

	while (i < n) {
		if ((k = text_utf8((const unsigned char *)line + i, n - i, &cp)) <= 0)
			return kt_error(p->e, KT_EUSAGE, _("%s:%d: not valid UTF-8"), p->source,
			    lineno);
		if (cp != '\t' && text_is_control(cp))
			return kt_error(p->e, KT_EUSAGE, _("%s:%d: a control character"),
			    p->source, lineno);
		i += (size_t)k;
	}
	return 0;
}

int
rulesfile_parse(struct rulesfile *rf, const char *text, size_t len, const char *source,
    struct kt_err *e)
{
	struct parser p = { rf, source, e, NONE, 0, 0 };
	char line[1024], *key, *val, *eq, *end;
	const char *at = text, *stop = text + len, *nl;
	size_t n;
	int lineno = 0, rc, i, j, k;

	memset(rf, 0, sizeof *rf);
	while (at < stop) {
		lineno++;
		nl = memchr(at, '\n', (size_t)(stop - at));
		n = (size_t)((nl != NULL ? nl : stop) - at);
		if (n >= sizeof line)
			return kt_error(e, KT_EUSAGE, _("%s:%d: the line is too long"), source,
			    lineno);
		memcpy(line, at, n);
		line[n] = '\0';
		at += n + (nl != NULL);
		if (n > 0 && line[n - 1] == '\r')	/* a file from Windows */
			line[--n] = '\0';
		if (memchr(line, '\0', n) != NULL)
			return kt_error(e, KT_EUSAGE, _("%s:%d: a NUL byte"), source, lineno);
		if ((rc = check_line(&p, line, n, lineno)) != 0)
			return rc;
		for (key = line; is_space(*key); key++)
			;
		for (end = key + strlen(key); end > key && is_space(end[-1]); end--)
			;
		*end = '\0';
		if (*key == '\0' || *key == '#')
			continue;
		if (*key == '[') {
			if (end[-1] != ']')
				return kt_error(e, KT_EUSAGE, _("%s:%d: expected [kind]"), source,
				    lineno);
			end[-1] = '\0';
			for (key++; is_space(*key); key++)
				;
			for (end = key + strlen(key); end > key && is_space(end[-1]); end--)
				;
			*end = '\0';
			if ((rc = end_record(&p)) != 0 ||
			    (rc = begin_record(&p, key, lineno)) != 0)
				return rc;
			continue;
		}
		if ((eq = strchr(key, '=')) == NULL)
			return kt_error(e, KT_EUSAGE, _("%s:%d: expected key = value"), source,
			    lineno);
		if (p.kind == NONE)
			return kt_error(e, KT_EUSAGE, _("%s:%d: a key before the first record:"
			    " start one with [settings], [document], [category] or"
			    " [institution]"), source, lineno);
		for (end = eq; end > key && is_space(end[-1]); end--)
			;
		*end = '\0';
		for (val = eq + 1; is_space(*val); val++)
			;
		end = val + strlen(val);
		/* "a value" keeps its inner spaces and may start with '#' */
		if (end - val >= 2 && val[0] == '"' && end[-1] == '"') {
			end[-1] = '\0';
			val++;
		}
		if (strchr(val, '\t') != NULL)
			return kt_error(e, KT_EUSAGE, _("%s:%d: a control character"), source,
			    lineno);
		if ((rc = set_field(&p, key, val, lineno)) != 0)
			return rc;
	}
	if ((rc = end_record(&p)) != 0)
		return rc;
	/* A category names documents of this file. */
	for (i = 0; i < rf->ncategories; i++)
		for (j = 0; j < rf->categories[i].ndocuments; j++) {
			for (k = 0; k < rf->ndocuments; k++)
				if (strcmp(rf->documents[k].code,
				    rf->categories[i].documents[j]) == 0)
					break;
			if (k == rf->ndocuments)
				return kt_error(e, KT_EUSAGE, _("%s:%d: category %s names document"
				    " '%s', which is no [document] of this file"), source,
				    rf->categories[i].documents_line, rf->categories[i].code,
				    rf->categories[i].documents[j]);
		}
	return 0;
}

const char *
rulesfile_setting(const struct rulesfile *rf, const char *key)
{
	int i;

	for (i = 0; i < rf->nsettings; i++)
		if (strcmp(rf->settings[i].key, key) == 0)
			return rf->settings[i].value;
	return NULL;
}

const char *
rulesfile_setting_key(size_t i)
{
	return i < nitems(settings_fields) ? settings_fields[i].name : NULL;
}

/* Valid UTF-8 without control characters (tabs and line breaks too). */
static int
clean_text(const char *v)
{
	size_t i, n = strlen(v);
	unsigned cp;
	int k;

	for (i = 0; i < n; i += (size_t)k)
		if ((k = text_utf8((const unsigned char *)v + i, n - i, &cp)) <= 0 ||
		    cp == '\t' || text_is_control(cp))
			return 0;
	return 1;
}

int
rulesfile_check_setting(const char *key, const char *value, struct kt_err *e)
{
	const struct field *f = NULL;
	size_t i;

	for (i = 0; i < nitems(settings_fields); i++)
		if (strcmp(settings_fields[i].name, key) == 0)
			f = &settings_fields[i];
	if (f == NULL)
		return kt_problem(e, KT_EUSAGE, "", _("'%.40s' is not a setting"), key);
	if (value == NULL || value[0] == '\0')
		return kt_problem(e, KT_EUSAGE, key, _("%s: give a value"), key);
	if (strlen(value) > f->max)
		return kt_problem(e, KT_EUSAGE, key, _("%s: too long (at most %d bytes)"), key,
		    (int)f->max);
	if (!clean_text(value))
		return kt_problem(e, KT_EUSAGE, key, _("%s: not UTF-8 text, or a control"
		    " character"), key);
	if (check(f, value) != 0)
		return kt_problem(e, KT_EUSAGE, key, _("%s: want %s"), key, want(f->check));
	return 0;
}
