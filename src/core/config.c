/*
 * config.c - the station's configuration file: "key = value" lines.
 *
 * The parser is pure (text in, struct out) so that it can be unit tested and
 * fuzzed; config_load is the only part that touches the file system.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "text.h"

enum check { ANY, CODE, NIP, PATH, COMMAND, MEDIA };

static const struct key {
	const char *name;
	size_t off, size;
	enum check check;
} keys[] = {
#define K(n, chk) { #n, offsetof(struct config, n), sizeof(((struct config *)0)->n), chk }
	K(library_name, ANY),
	K(library_code, CODE),
	K(library_address, ANY),
	K(library_logo, PATH),
	K(library_city, ANY),
	K(head_name, ANY),
	K(head_title, ANY),
	K(head_nip, NIP),
	K(database, PATH),
	K(keys, PATH),
	K(reader, ANY),
	K(scanner, PATH),
	K(printer, ANY),
	K(layout, ANY),
	K(sms_command, COMMAND),
	K(card_media, MEDIA),
	K(listen, ANY),
	K(tls_cert, PATH),
	K(tls_key, PATH),
#undef K
};

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static int
check_value(const struct key *k, const char *v)
{
	size_t i, n = strlen(v);
	unsigned cp;
	int l;

	/* The line is UTF-8 (config_parse); no control character, and no
	 * invisible formatting in a library's name printed on every card. */
	for (i = 0; i < n; i += (size_t)l)
		if ((l = text_utf8((const unsigned char *)v + i, n - i, &cp)) <= 0 ||
		    cp < 0x20 || text_is_control(cp) || text_is_format(cp))
			return -1;
	switch (k->check) {
	case CODE:
		if (strlen(v) < 2 || strlen(v) > 8 || strspn(v, "0123456789") != strlen(v))
			return -1;
		break;
	case NIP:
		if (strlen(v) != 18 || strspn(v, "0123456789") != 18)
			return -1;
		break;
	case PATH:
		if (v[0] == '\0')
			return -1;
		break;
	case COMMAND:	/* run without a shell or PATH search (otp_send) */
		if (v[0] != '/')
			return -1;
		break;
	case MEDIA:
		if (strcmp(v, "chip") != 0 && strcmp(v, "printed") != 0 &&
		    strcmp(v, "chip+printed") != 0)
			return -1;
		break;
	case ANY:
		break;
	}
	return 0;
}

static const char *
expected(enum check c)
{
	switch (c) {
	case CODE:
		return _("2 to 8 digits");
	case NIP:
		return _("an NIP of 18 digits");
	case PATH:
		return _("a path");
	case COMMAND:
		return _("a command starting with the absolute path of its program"
		    " (/usr/local/bin/...)");
	case MEDIA:
		return _("chip, printed or chip+printed");
	default:
		return _("text without control characters");
	}
}

int
config_parse(struct config *c, const char *text, size_t len, const char *source,
    struct kt_err *e)
{
	char line[2048], *key, *val, *eq, *end;
	const char *p = text, *stop = text + len, *nl;
	size_t n, i, k;
	unsigned cp;
	int lineno = 0, l, seen[nitems(keys)] = { 0 };

	while (p < stop) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(stop - p));
		n = (size_t)((nl != NULL ? nl : stop) - p);
		if (n >= sizeof line)
			return kt_error(e, KT_EUSAGE, _("%s:%d: the line is too long"), source,
			    lineno);
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (nl != NULL);
		if (memchr(line, '\0', n) != NULL)
			return kt_error(e, KT_EUSAGE, _("%s:%d: a NUL byte"), source, lineno);
		/* The whole file is UTF-8, comments too: a file saved as Latin-1
		 * would put mojibake on the cards. */
		for (k = 0; k < n; k += (size_t)l)
			if ((l = text_utf8((const unsigned char *)line + k, n - k, &cp)) <= 0)
				return kt_error(e, KT_EUSAGE, _("%s:%d: not UTF-8 text (byte %zu;"
				    " save the file as UTF-8)"), source, lineno, k + 1);
		for (key = line; is_space(*key); key++)
			;
		if (*key == '\0' || *key == '#' || *key == ';')
			continue;
		if ((eq = strchr(key, '=')) == NULL)
			return kt_error(e, KT_EUSAGE, _("%s:%d: expected key = value"), source,
			    lineno);
		for (end = eq; end > key && is_space(end[-1]); end--)
			;
		*end = '\0';
		for (val = eq + 1; is_space(*val); val++)
			;
		for (end = val + strlen(val); end > val && is_space(end[-1]); end--)
			;
		*end = '\0';
		/* "a value" keeps its inner spaces and may hold a '#'; a value
		 * that opens a quote must close it at its end. */
		if (val[0] == '"') {
			if (end - val < 2 || end[-1] != '"')
				return kt_error(e, KT_EUSAGE, strchr(val + 1, '"') == NULL ?
				    _("%s:%d: a quote is not closed") :
				    _("%s:%d: text after the closing quote"), source, lineno);
			end[-1] = '\0';
			val++;
		}
		for (i = 0; i < nitems(keys); i++)
			if (strcmp(keys[i].name, key) == 0)
				break;
		/* Accepted once and never read: one span cannot say the calendar's
		 * hours, which differ by weekday (Friday, Saturday), so a file that
		 * sets it is told where they are rather than ignored. */
		if (i == nitems(keys) && strcmp(key, "service_hours") == 0)
			return kt_error(e, KT_EUSAGE, _("%s:%d: service_hours is not a setting of"
			    " the configuration: the service hours are the calendar's, one span"
			    " for each weekday, kept in the database (kartu calendar shows"
			    " them); remove the line"), source, lineno);
		if (i == nitems(keys))
			return kt_error(e, KT_EUSAGE, _("%s:%d: unknown key '%.40s'"), source,
			    lineno, key);
		/* Which of two would count is nobody's guess: a second one is a
		 * mistake (a line copied and not removed). */
		if (seen[i] != 0)
			return kt_error(e, KT_EUSAGE, _("%s:%d: %s is set twice (first on line"
			    " %d)"), source, lineno, key, seen[i]);
		seen[i] = lineno;
		if (strlen(val) >= keys[i].size)
			return kt_error(e, KT_EUSAGE, _("%s:%d: the value of %s is too long"),
			    source, lineno, key);
		if (check_value(&keys[i], val) != 0)
			return kt_error(e, KT_EUSAGE, _("%s:%d: bad value for %s: want %s"),
			    source, lineno, key, expected(keys[i].check));
		memcpy((char *)c + keys[i].off, val, strlen(val) + 1);
	}
	return 0;
}

int
config_load(struct config *c, const char *path, struct kt_err *e)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;
	int rc;

	if ((f = fopen(path, "r")) == NULL)
		return kt_error(e, errno == ENOENT ? KT_ENOTFOUND : KT_EFAIL,
		    _("cannot read the configuration %s: %s"), path, strerror(errno));
	for (;;) {
		if (len == cap) {
			char *nb;

			if (cap >= 1 << 20) {
				rc = kt_error(e, KT_EUSAGE, _("%s: the configuration is too large"),
				    path);
				goto out;
			}
			cap = cap != 0 ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap)) == NULL) {
				rc = kt_error(e, KT_EFAIL, _("out of memory"));
				goto out;
			}
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		rc = kt_error(e, KT_EFAIL, _("cannot read the configuration %s: %s"), path,
		    strerror(errno));
		goto out;
	}
	rc = config_parse(c, buf != NULL ? buf : "", len, path, e);
out:
	free(buf);
	fclose(f);
	return rc;
}
