/*
 * csv.c - a small RFC 4180 reader (see csv.h).
 */
#include <string.h>

#include "csv.h"

void
csv_init(struct csv *c, FILE *f)
{
	memset(c, 0, sizeof *c);
	c->f = f;
	c->next_line = 1;
}

/* Is s[0 .. n-1] valid UTF-8 without control characters (tab allowed; line
 * breaks with CSV_LINEBREAKS, 0x1a, an escaped \0 or \Z, with CSV_BACKSLASH)? */
static int
clean_utf8(const unsigned char *s, size_t n, int flags)
{
	size_t i = 0, k, len;
	unsigned int cp;

	while (i < n) {
		if (s[i] < 0x80) {
			if (s[i] < 0x20 && s[i] != '\t' &&
			    !((flags & CSV_LINEBREAKS) && (s[i] == '\n' || s[i] == '\r')) &&
			    !((flags & CSV_BACKSLASH) && s[i] == 0x1a))
				return 0;
			if (s[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			len = 2;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			len = 3;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			len = 4;
			cp = s[i] & 0x07;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return 0;
		i += len;
	}
	return 1;
}

/* The separator of a header line: the most frequent of , ; and tab outside
 * quotes (a comma when none is there: a file of one column). */
static char
guess_sep(const char *s, size_t n)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < n && s[i] != '\n'; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			comma += s[i] == ',', semi += s[i] == ';', tab += s[i] == '\t';
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* The character a backslash escape stands for (CSV_BACKSLASH), or -1 when the
 * backslash is kept: escape_string writes only these. */
static int
unescape(char ch)
{
	switch (ch) {
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case '0':
	case 'Z':
		return 0x1a;
	case '\\':
	case '"':
	case '\'':
		return ch;
	default:
		return -1;
	}
}

int
csv_read(struct csv *c, struct kt_err *e)
{
	size_t n = 0, start;
	int ch, nx, quoted, esc;

	/* One record, raw, into buf: up to a newline outside quotes. */
	for (;;) {
		quoted = 0;
		esc = 0;
		n = 0;
		c->line = c->next_line;
		while ((ch = getc(c->f)) != EOF) {
			/* A bare CR or a CRLF is one line end, kept as LF. */
			if (ch == '\r' && (c->flags & CSV_CR)) {
				if ((nx = getc(c->f)) != '\n' && nx != EOF)
					ungetc(nx, c->f);
				ch = '\n';
			}
			if (ch == '\n') {
				c->next_line++;
				if (!quoted)
					break;
			}
			if (ch == '"' && !esc)
				quoted = !quoted;
			esc = (c->flags & CSV_BACKSLASH) && ch == '\\' && !esc;
			if (ch == '\0')
				return kt_error(e, KT_EUSAGE, _("line %ld: a NUL byte: this is no"
				    " CSV text"), c->line);
			if (n == CSV_MAX_RECORD)
				return kt_error(e, KT_EUSAGE, _("line %ld: a record longer than %d"
				    " bytes"), c->line, CSV_MAX_RECORD);
			c->buf[n++] = (char)ch;
		}
		if (ferror(c->f))
			return kt_error(e, KT_EFAIL, _("line %ld: cannot read"), c->line);
		if (quoted)
			return kt_error(e, KT_EUSAGE, _("line %ld: a quote is not closed"), c->line);
		if (n > 0 && c->buf[n - 1] == '\r')
			n--;
		if (n == 0 && ch == EOF)
			return 0;
		if (c->line == 1 && n >= 3 && memcmp(c->buf, "\xef\xbb\xbf", 3) == 0) {
			memmove(c->buf, c->buf + 3, n - 3);
			n -= 3;
		}
		if (n > 0)
			break;
		if (ch == EOF)
			return 0;
	}
	c->buf[n] = '\0';
	if (c->sep == '\0')
		c->sep = guess_sep(c->buf, n);

	/* Split it in place: unquote "..." fields, "" inside them is one quote. */
	c->nfields = 0;
	start = 0;
	for (;;) {
		size_t r = start, w = start;

		if (c->nfields == CSV_MAX_FIELDS)
			return kt_error(e, KT_EUSAGE, _("line %ld: more than %d fields"), c->line,
			    CSV_MAX_FIELDS);
		if (c->buf[r] == '"') {
			r++;
			for (;;) {
				if (c->buf[r] == '\0')
					return kt_error(e, KT_EUSAGE,
					    _("line %ld: a quote is not closed"), c->line);
				if ((c->flags & CSV_BACKSLASH) && c->buf[r] == '\\' &&
				    unescape(c->buf[r + 1]) >= 0) {
					c->buf[w++] = (char)unescape(c->buf[r + 1]);
					r += 2;
				} else if ((c->flags & CSV_BACKSLASH) && c->buf[r] == '\\' &&
				    c->buf[r + 1] != '\0') {
					c->buf[w++] = c->buf[r++];
					c->buf[w++] = c->buf[r++];
				} else if (c->buf[r] == '"' && c->buf[r + 1] == '"') {
					c->buf[w++] = '"';
					r += 2;
				} else if (c->buf[r] == '"') {
					r++;
					break;
				} else
					c->buf[w++] = c->buf[r++];
			}
			if (c->buf[r] != c->sep && c->buf[r] != '\0')
				return kt_error(e, KT_EUSAGE,
				    _("line %ld, field %d: text after a closing quote"), c->line,
				    c->nfields + 1);
		} else
			while (c->buf[r] != c->sep && c->buf[r] != '\0') {
				if ((c->flags & CSV_BACKSLASH) && c->buf[r] == '\\' &&
				    c->buf[r + 1] != '\0') {
					if (unescape(c->buf[r + 1]) >= 0) {
						c->buf[w++] = (char)unescape(c->buf[r + 1]);
						r += 2;
					} else {
						c->buf[w++] = c->buf[r++];
						c->buf[w++] = c->buf[r++];
					}
					continue;
				}
				if (c->buf[r] == '"')
					return kt_error(e, KT_EUSAGE,
					    _("line %ld, field %d: a quote inside an unquoted field"),
					    c->line, c->nfields + 1);
				c->buf[w++] = c->buf[r++];
			}
		ch = c->buf[r];
		c->buf[w] = '\0';
		if (!clean_utf8((const unsigned char *)c->buf + start, w - start, c->flags))
			return kt_error(e, KT_EUSAGE,
			    _("line %ld, field %d: not UTF-8 text (save the file as CSV UTF-8)"),
			    c->line, c->nfields + 1);
		c->field[c->nfields++] = c->buf + start;
		if (ch == '\0')
			break;
		start = r + 1;
	}
	return 1;
}

void
csv_put(FILE *f, const char *s, char sep)
{
	size_t n = strlen(s);

	if (strchr(s, sep) == NULL && strpbrk(s, "\"\r\n") == NULL &&
	    (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}
