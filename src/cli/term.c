/*
 * term.c - the CLI's terminal guard (see term.h): stdout and stderr become
 * stdio streams of our own (fopencookie) whose writes are filtered on their
 * way to file descriptors 1 and 2.
 */
#define _GNU_SOURCE	/* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "term.h"
#include "text.h"

struct guard {
	int fd;
	unsigned char carry[4];	/* the unfinished start of a UTF-8 sequence */
	size_t ncarry;
};

static struct guard out_guard = { 1, { 0 }, 0 }, err_guard = { 2, { 0 }, 0 };

static int
put(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Filter n bytes of s to g's descriptor through a small buffer. */
static int
filter(struct guard *g, const unsigned char *s, size_t n, int at_end)
{
	char buf[1024];
	size_t o = 0;
	unsigned cp;
	int l;

	while (n > 0) {
		l = text_utf8(s, n, &cp);
		if (l < 0 && !at_end)
			break;	/* the rest comes with the next write */
		if (o + 16 > sizeof buf) {
			if (put(g->fd, buf, o) != 0)
				return -1;
			o = 0;
		}
		if (l <= 0) {
			o += text_spell_byte(*s, buf + o);
			l = 1;
		} else if (text_is_control(cp)) {
			o += text_spell_cp(cp, buf + o);
		} else {
			memcpy(buf + o, s, (size_t)l);
			o += (size_t)l;
		}
		s += l;
		n -= (size_t)l;
	}
	memcpy(g->carry, s, n);	/* n < 4 here: a valid unfinished prefix */
	g->ncarry = n;
	return o > 0 ? put(g->fd, buf, o) : 0;
}

static ssize_t
guard_write(void *cookie, const char *data, size_t size)
{
	struct guard *g = cookie;
	unsigned char joined[8];
	size_t take, used;
	unsigned cp;
	int l;

	/* First finish the sequence a previous write left open. */
	if (g->ncarry > 0) {
		take = size < 4 ? size : 4;
		memcpy(joined, g->carry, g->ncarry);
		memcpy(joined + g->ncarry, data, take);
		l = text_utf8(joined, g->ncarry + take, &cp);
		if (l < 0) {	/* still unfinished: keep it all */
			memcpy(g->carry + g->ncarry, data, take);
			g->ncarry += take;
			return (ssize_t)size;
		}
		used = l == 0 ? 0 : (size_t)l - g->ncarry;
		if (filter(g, joined, l == 0 ? g->ncarry : (size_t)l, 1) != 0)
			return -1;
		g->ncarry = 0;
		data += used;
		size -= used;
		if (filter(g, (const unsigned char *)data, size, 0) != 0)
			return -1;
		return (ssize_t)(size + used);
	}
	if (filter(g, (const unsigned char *)data, size, 0) != 0)
		return -1;
	return (ssize_t)size;
}

/* mode as setvbuf's: stderr stays unbuffered, so that a prompt without a
 * newline ("PIN: ") shows at once. */
static FILE *
wrap(struct guard *g, int mode)
{
	cookie_io_functions_t io = { NULL, guard_write, NULL, NULL };
	FILE *f = fopencookie(g, "w", io);

	if (f != NULL)
		setvbuf(f, NULL, mode, mode == _IONBF ? 0 : BUFSIZ);
	return f;
}

int
term_guard(void)
{
	FILE *o, *e;

	fflush(stdout);
	fflush(stderr);
	if ((o = wrap(&out_guard, isatty(1) ? _IOLBF : _IOFBF)) == NULL)
		return -1;
	if ((e = wrap(&err_guard, _IONBF)) == NULL) {
		fclose(o);
		return -1;
	}
	stdout = o;
	stderr = e;
	return 0;
}

static void
flush_one(FILE *f, struct guard *g)
{
	fflush(f);
	if (g->ncarry > 0) {
		filter(g, g->carry, g->ncarry, 1);
		g->ncarry = 0;
	}
}

void
term_flush(void)
{
	if (stdout != NULL)
		flush_one(stdout, &out_guard);
	if (stderr != NULL)
		flush_one(stderr, &err_guard);
}

void
term_return(void)
{
	fflush(stderr);
	(void)put(err_guard.fd, "\r", 1);
}
