/* Outside text made safe to show: UTF-8 checking, escaping, and the CLI's
 * terminal guard fed in pieces (a sequence split between two writes). */
#define _GNU_SOURCE	/* term.c: fopencookie */
#include <unistd.h>

#include "tap.h"
#include "text.h"
#include "../../src/cli/term.c"	/* the guard's static functions */

static void
utf8(const char *in, size_t n, int want, unsigned want_cp, const char *what)
{
	unsigned cp = 0;
	int l = text_utf8((const unsigned char *)in, n, &cp);

	is_int(l, want, "utf8: %s", what);
	if (want > 0)
		is_int(cp, want_cp, "utf8: %s: code point", what);
}

static void
escape(const char *in, const char *want, const char *what)
{
	char buf[256];

	text_escape(in, buf, sizeof buf);
	is_str(buf, want, "escape: %s", what);
}

/* The guard writing to a pipe: the pieces in, what comes out. */
static void
guarded(const char *const *pieces, const char *want, const char *what)
{
	struct guard g = { -1, { 0 }, 0 };
	char got[256];
	int fds[2];
	ssize_t n;
	size_t i;

	if (pipe(fds) != 0) {
		ok(0, "pipe");
		return;
	}
	g.fd = fds[1];
	for (i = 0; pieces[i] != NULL; i++)
		guard_write(&g, pieces[i], strlen(pieces[i]));
	if (g.ncarry > 0)
		filter(&g, g.carry, g.ncarry, 1);
	close(fds[1]);
	n = read(fds[0], got, sizeof got - 1);
	close(fds[0]);
	got[n > 0 ? n : 0] = '\0';
	is_str(got, want, "guard: %s", what);
}

int
main(void)
{
	char small[8];

	utf8("A", 1, 1, 'A', "ASCII");
	utf8("\xc3\xa9", 2, 2, 0xe9, "e acute");
	utf8("\xe2\x80\xae", 3, 3, 0x202e, "U+202E");
	utf8("\xf0\x9f\x98\x80", 4, 4, 0x1f600, "an emoji");
	utf8("\xc0\x80", 2, 0, 0, "overlong NUL");
	utf8("\xe0\x80\x80", 3, 0, 0, "overlong 3 bytes");
	utf8("\xe0\x80", 2, 0, 0, "overlong found at the second byte");
	utf8("\xed\xa0\x80", 3, 0, 0, "a surrogate");
	utf8("\xf4\x90\x80\x80", 4, 0, 0, "beyond U+10FFFF");
	utf8("\xf5\x80\x80\x80", 4, 0, 0, "F5");
	utf8("\x80", 1, 0, 0, "a stray continuation byte");
	utf8("\xe2\x80", 2, -1, 0, "the start of a longer sequence");
	utf8("\xe2\x41", 2, 0, 0, "a broken sequence");
	utf8("\xff", 1, 0, 0, "FF");

	ok(text_is_control(0x1b) && text_is_control(0x7f) && text_is_control(0x9b) &&
	    text_is_control(0x202e) && text_is_control(0x2067), "controls");
	ok(!text_is_control('\n') && !text_is_control('\t') && !text_is_control('a') &&
	    !text_is_control(0xe9) && !text_is_control(0xa0), "not controls");
	ok(text_is_format(0x202e) && text_is_format(0x200d) && text_is_format(0x200b) &&
	    text_is_format(0x00ad) && text_is_format(0xfeff) && text_is_format(0x2066) &&
	    text_is_format(0x061c) && text_is_format(0x2060) && text_is_format(0xe0041),
	    "format characters (Cf)");
	ok(!text_is_format('a') && !text_is_format(0xe9) && !text_is_format(0xa0) &&
	    !text_is_format(0x2019) && !text_is_format(0x0627), "not format characters");

	escape("Siti Nurhaliza", "Siti Nurhaliza", "a name passes");
	escape("Nur\xe2\x80\x99" "aini", "Nur\xe2\x80\x99" "aini", "a typographic quote passes");
	escape("\x1b]0;X\x07", "\\x1b]0;X\\x07", "OSC");
	escape("a\nb\tc", "a\\x0ab\\x09c", "newline and tab, for one line");
	escape("\xc2\x9b" "2J", "\\u009b2J", "C1 CSI");
	escape("A\xff" "B", "A\\xffB", "a byte that is not UTF-8");
	escape("\xe2\x80", "\\xe2\\x80", "a sequence cut at the end");
	text_escape("\x1b\x1b\x1b", small, sizeof small);
	is_str(small, "\\x1b", "escape: cut where it does not fit, never mid-spelling");

	{
		const char *p1[] = { "Jos\xc3", "\xa9 \x1b[2J\n", NULL };
		const char *p2[] = { "\xe2", "\x80", "\xae!", NULL };
		const char *p3[] = { "\xe2\x80", "A", NULL };
		const char *p4[] = { "ok\n\tindented\n", NULL };
		const char *p5[] = { "end\xe2\x80", NULL };
		const char *p6[] = { "\xf0\x9f", "\x98", "\x80", NULL };

		guarded(p1, "Jos\xc3\xa9 \\x1b[2J\n", "e acute split, CSI spelled");
		guarded(p2, "\\u202e!", "U+202E in three writes");
		guarded(p3, "\\xe2\\x80A", "a sequence broken by the next write");
		guarded(p4, "ok\n\tindented\n", "newlines and tabs pass");
		guarded(p5, "end\\xe2\\x80", "a sequence unfinished at the end");
		guarded(p6, "\xf0\x9f\x98\x80", "an emoji in three writes");
	}
	/* JSON as SQLite's json_object writes it (the audit notes of member.c):
	 * the expected text is SQLite 3.40's answer to the same call. */
	{
		char j[64];

		ok(text_json_object(j, sizeof j, "a", "\x01\b\t\n\f\r\x1f\"\\/\xc3\xa9", "b",
		    (const char *)NULL, (const char *)NULL) == 0, "a JSON object");
		is_str(j, "{\"a\":\"\\u0001\\b\\t\\n\\f\\r\\u001f\\\"\\\\/\xc3\xa9\",\"b\":null}",
		    "written as SQLite's json_object writes it");
		ok(text_json_object(j, sizeof j, (const char *)NULL) == 0 && strcmp(j, "{}") == 0,
		    "no member: {}");
		ok(text_json_object(j, 12, "key", "a long value", (const char *)NULL) == -1 &&
		    j[0] == '\0', "too long: -1 and nothing written");
	}
	return done_testing();
}
