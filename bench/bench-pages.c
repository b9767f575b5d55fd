/*
 * bench-pages.c - the screens' server time per page: a client of a running
 * kartu serve on the loopback that logs in once, then asks each page N times
 * on one kept-alive connection and times each answer from the request sent to
 * its last byte read (so the loopback's round trip, some 0.05 ms, is in it).
 * Prints a table of p50 and p95 per page; a page this build does not have (a
 * 404) is listed as such.
 * Usage: bench-pages URL OPERATOR PIN N PATH...
 */
#define _GNU_SOURCE	/* strcasestr */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"

static char host[64];
static int port;
static char cookie[160];
static char *buf;
static size_t cap = 1 << 20;

static int
connect_to(void)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1 ||
	    (fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
send_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, s, n)) <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read one answer (headers and a Content-Length body) into buf; its status,
 * or -1.  *body gets the body's length. */
static int
read_answer(int fd, size_t *body)
{
	size_t have = 0, head = 0, want = 0;
	const char *cl;
	ssize_t n;
	char *end;

	for (;;) {
		if (have + 1 >= cap) {
			cap *= 2;
			if ((buf = realloc(buf, cap)) == NULL)
				return -1;
		}
		if ((n = read(fd, buf + have, cap - have - 1)) <= 0)
			return -1;
		have += (size_t)n;
		buf[have] = '\0';
		if (head == 0 && (end = strstr(buf, "\r\n\r\n")) != NULL) {
			head = (size_t)(end - buf) + 4;
			*end = '\0';
			cl = strcasestr(buf, "\r\ncontent-length:");
			want = cl != NULL ? (size_t)atol(cl + 17) : 0;
			*end = '\r';
		}
		if (head != 0 && have >= head + want)
			break;
	}
	*body = want;
	return atoi(buf + 9);
}

int
main(int argc, char **argv)
{
	char req[1024], form[256];
	const char *p, *c;
	double *lat, t0;
	size_t body;
	int fd, i, k, n, status;

	if (argc < 6 || sscanf(argv[1], "http://%63[0-9.]:%d", host, &port) != 2 ||
	    (n = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: bench-pages URL OPERATOR PIN N PATH...\n");
		return 2;
	}
	if ((buf = malloc(cap)) == NULL || (lat = calloc((size_t)n, sizeof *lat)) == NULL ||
	    (fd = connect_to()) < 0) {
		fprintf(stderr, "bench-pages: cannot reach %s\n", argv[1]);
		return 1;
	}
	/* Log in: the session cookie of the 303. */
	snprintf(form, sizeof form, "operator=%s&pin=%s", argv[2], argv[3]);
	snprintf(req, sizeof req, "POST /masuk HTTP/1.1\r\nHost: %s:%d\r\nOrigin: http://%s:%d\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
	    host, port, host, port, strlen(form), form);
	if (send_all(fd, req, strlen(req)) != 0 || (status = read_answer(fd, &body)) != 303 ||
	    (c = strcasestr(buf, "set-cookie: kartu_sesi=")) == NULL) {
		fprintf(stderr, "bench-pages: cannot log in as %s\n", argv[2]);
		return 1;
	}
	snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(c + 12, ";\r"), c + 12);
	printf("| page                             |  p50 ms |  p95 ms |  bytes |\n");
	printf("|----------------------------------|---------|---------|--------|\n");
	for (k = 5; k < argc; k++) {
		p = argv[k];
		snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nCookie: %s\r\n\r\n", p,
		    host, port, cookie);
		/* Two answers first: the page cache and the statements warm. */
		for (i = -2; i < n; i++) {
			t0 = ms();
			if (send_all(fd, req, strlen(req)) != 0 ||
			    (status = read_answer(fd, &body)) < 0) {
				fprintf(stderr, "bench-pages: %s: no answer\n", p);
				return 1;
			}
			if (status != 200)
				break;
			if (i >= 0)
				lat[i] = ms() - t0;
		}
		if (status != 200) {
			printf("| %-32.32s | status %d: not measured (not in this build, or not"
			    " the role's) |\n", p, status);
			continue;
		}
		qsort(lat, (size_t)n, sizeof *lat, cmp);
		printf("| %-32.32s | %7.2f | %7.2f | %6zu |\n", p, lat[(n - 1) / 2],
		    lat[(n * 95 + 99) / 100 - 1], body);
	}
	close(fd);
	free(lat);
	free(buf);
	return 0;
}
