/*
 * text.c - outside text made safe to show (see text.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

int
text_utf8(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c, min;
	size_t len, i;

	if (n == 0)
		return -1;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	for (i = 1; i < len; i++) {
		if (i >= n)
			return -1;
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
		/* Reject as early as the second byte allows, so that a prefix
		 * of an invalid form is never taken for an unfinished one. */
		if (i == 1 && ((len == 3 && c < 0x20) || (len == 4 && (c < 0x10 || c > 0x10f))))
			return 0;
		if (i == 1 && len == 3 && c >= 0x360 && c <= 0x37f)	/* surrogates */
			return 0;
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return (int)len;
}

int
text_is_control(unsigned cp)
{
	if (cp == '\t' || cp == '\n')
		return 0;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

int
text_is_format(unsigned cp)
{
	/* General category Cf of Unicode 15.1, then Zl and Zp. */
	static const struct {
		unsigned lo, hi;
	} cf[] = {
		{ 0x00ad, 0x00ad }, { 0x0600, 0x0605 }, { 0x061c, 0x061c },
		{ 0x06dd, 0x06dd }, { 0x070f, 0x070f }, { 0x0890, 0x0891 },
		{ 0x08e2, 0x08e2 }, { 0x180e, 0x180e }, { 0x200b, 0x200f },
		{ 0x2028, 0x202e }, { 0x2060, 0x2064 }, { 0x2066, 0x206f },
		{ 0xfeff, 0xfeff }, { 0xfff9, 0xfffb }, { 0x110bd, 0x110bd },
		{ 0x110cd, 0x110cd }, { 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
		{ 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
	};
	size_t i;

	for (i = 0; i < sizeof cf / sizeof cf[0]; i++)
		if (cp >= cf[i].lo && cp <= cf[i].hi)
			return 1;
	return 0;
}

size_t
text_spell_byte(unsigned char b, char *out)
{
	return (size_t)snprintf(out, 11, "\\x%02x", b);
}

size_t
text_spell_cp(unsigned cp, char *out)
{
	if (cp < 0x80)
		return text_spell_byte((unsigned char)cp, out);
	return (size_t)snprintf(out, 11, "\\u%04x", cp);
}

size_t
text_escape(const char *s, char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0, k;
	char sp[16];
	unsigned cp;
	int l;

	if (len == 0)
		return 0;
	while (n > 0) {
		l = text_utf8(p, n, &cp);
		if (l <= 0) {	/* invalid, or cut short by the end of s */
			k = text_spell_byte(*p, sp);
			l = 1;
		} else if (text_is_control(cp) || cp == '\n' || cp == '\t') {
			k = text_spell_cp(cp, sp);
		} else {
			k = (size_t)l;
			memcpy(sp, p, k);
		}
		if (o + k >= len)
			break;
		memcpy(buf + o, sp, k);
		o += k;
		p += l;
		n -= (size_t)l;
	}
	buf[o] = '\0';
	return o;
}

/* Append c to buf at *n, keeping room for the terminator. */
static int
json_put(char *buf, size_t len, size_t *n, const char *c, size_t k)
{
	if (*n + k >= len)
		return -1;
	memcpy(buf + *n, c, k);
	*n += k;
	return 0;
}

static int
json_string(char *buf, size_t len, size_t *n, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char esc[7] = "\\u00";
	unsigned char c;
	const char *short_esc;

	if (s == NULL)
		return json_put(buf, len, n, "null", 4);
	if (json_put(buf, len, n, "\"", 1) != 0)
		return -1;
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		short_esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" :
		    c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\f' ? "\\f" : c == '\r' ? "\\r" :
		    NULL;
		if (short_esc != NULL) {
			if (json_put(buf, len, n, short_esc, 2) != 0)
				return -1;
		} else if (c < 0x20) {
			/* The other controls as \u00xx, in lower case as SQLite. */
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			if (json_put(buf, len, n, esc, 6) != 0)
				return -1;
		} else if (json_put(buf, len, n, s, 1) != 0)
			return -1;
	}
	return json_put(buf, len, n, "\"", 1);
}

int
text_json_object(char *buf, size_t len, ...)
{
	va_list ap;
	const char *key, *value;
	size_t n = 0;
	int rc = 0, first = 1;

	if (len == 0)
		return -1;
	va_start(ap, len);
	rc = json_put(buf, len, &n, "{", 1);
	while (rc == 0 && (key = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		if ((!first && json_put(buf, len, &n, ",", 1) != 0) ||
		    json_string(buf, len, &n, key) != 0 || json_put(buf, len, &n, ":", 1) != 0 ||
		    json_string(buf, len, &n, value) != 0)
			rc = -1;
		first = 0;
	}
	va_end(ap);
	if (rc == 0)
		rc = json_put(buf, len, &n, "}", 1);
	buf[rc == 0 ? n : 0] = '\0';
	return rc;
}
