/*
 * scanner.c - codes from barcode scanners: evdev keyboard wedges (grabbed)
 * and USB serial scanners (scanner.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/input.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "scanner.h"

/* US keyboard: what scanners type, whatever the desk's own layout.  Index =
 * evdev key code; two characters per key: without and with Shift. */
static const char keymap[][2] = {
	[KEY_1] = { '1', '!' }, [KEY_2] = { '2', '@' }, [KEY_3] = { '3', '#' },
	[KEY_4] = { '4', '$' }, [KEY_5] = { '5', '%' }, [KEY_6] = { '6', '^' },
	[KEY_7] = { '7', '&' }, [KEY_8] = { '8', '*' }, [KEY_9] = { '9', '(' },
	[KEY_0] = { '0', ')' }, [KEY_MINUS] = { '-', '_' }, [KEY_EQUAL] = { '=', '+' },
	[KEY_Q] = { 'q', 'Q' }, [KEY_W] = { 'w', 'W' }, [KEY_E] = { 'e', 'E' },
	[KEY_R] = { 'r', 'R' }, [KEY_T] = { 't', 'T' }, [KEY_Y] = { 'y', 'Y' },
	[KEY_U] = { 'u', 'U' }, [KEY_I] = { 'i', 'I' }, [KEY_O] = { 'o', 'O' },
	[KEY_P] = { 'p', 'P' }, [KEY_LEFTBRACE] = { '[', '{' },
	[KEY_RIGHTBRACE] = { ']', '}' }, [KEY_A] = { 'a', 'A' }, [KEY_S] = { 's', 'S' },
	[KEY_D] = { 'd', 'D' }, [KEY_F] = { 'f', 'F' }, [KEY_G] = { 'g', 'G' },
	[KEY_H] = { 'h', 'H' }, [KEY_J] = { 'j', 'J' }, [KEY_K] = { 'k', 'K' },
	[KEY_L] = { 'l', 'L' }, [KEY_SEMICOLON] = { ';', ':' },
	[KEY_APOSTROPHE] = { '\'', '"' }, [KEY_GRAVE] = { '`', '~' },
	[KEY_BACKSLASH] = { '\\', '|' }, [KEY_Z] = { 'z', 'Z' }, [KEY_X] = { 'x', 'X' },
	[KEY_C] = { 'c', 'C' }, [KEY_V] = { 'v', 'V' }, [KEY_B] = { 'b', 'B' },
	[KEY_N] = { 'n', 'N' }, [KEY_M] = { 'm', 'M' }, [KEY_COMMA] = { ',', '<' },
	[KEY_DOT] = { '.', '>' }, [KEY_SLASH] = { '/', '?' }, [KEY_SPACE] = { ' ', ' ' },
	[KEY_KP1] = { '1', '1' }, [KEY_KP2] = { '2', '2' }, [KEY_KP3] = { '3', '3' },
	[KEY_KP4] = { '4', '4' }, [KEY_KP5] = { '5', '5' }, [KEY_KP6] = { '6', '6' },
	[KEY_KP7] = { '7', '7' }, [KEY_KP8] = { '8', '8' }, [KEY_KP9] = { '9', '9' },
	[KEY_KP0] = { '0', '0' }, [KEY_KPMINUS] = { '-', '-' },
};

int
scanner_key(struct scanner_keys *k, unsigned code, int value)
{
	char ch;

	if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) {
		k->shift = value != 0;
		return 0;
	}
	if (value != 1)
		return 0;	/* releases and auto-repeat */
	if (code == KEY_ENTER || code == KEY_KPENTER) {
		if (k->overflow)
			k->len = 0;
		k->line[k->len] = '\0';
		k->len = 0;
		k->overflow = 0;
		return 1;
	}
	if (code >= nitems(keymap) || (ch = keymap[code][k->shift]) == '\0')
		return 0;	/* Tab, function keys, modifiers: not part of a code */
	if (k->len + 1 >= sizeof k->line)
		k->overflow = 1;
	else
		k->line[k->len++] = ch;
	return 0;
}

int
scanner_hidpos(struct scanner_hidpos *h, const unsigned char *r, size_t n)
{
	size_t len, i;
	int more;

	if (n < 5 || r[0] != 2)
		return 0;
	len = r[1] <= 56 ? r[1] : 56;
	if (5 + len > n)
		len = n - 5;
	more = n >= SCANNER_HIDPOS_REPORT && (r[63] & 1);
	/* The symbology identifier once, before the data of the first report. */
	for (i = h->len == 0 && !h->overflow ? 2 : 5; i < 5 + len; i++) {
		if (r[i] == '\0' && i < 5)
			continue;
		if (h->len + 1 < sizeof h->line)
			h->line[h->len++] = r[i] == '\0' ? ' ' : (char)r[i];
		else
			h->overflow = 1;
	}
	if (more)
		return 0;
	h->line[h->overflow ? 0 : h->len] = '\0';
	h->len = 0;
	h->overflow = 0;
	return 1;
}

/* A device that hangs up within SCANNER_SETTLE_MS of being opened, before
 * giving a byte, SCANNER_FLAPS times in a row is given up (about 4 s). */
#define SCANNER_SETTLE_MS 1000
#define SCANNER_FLAPS 8

static void
nap(void)
{
	struct timespec ts = { 0, 500 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* Open path; an evdev device is grabbed.  *evdev says which it was, and
 * *device whether it is a device node (a tty, evdev or hidraw), which is
 * unplugged and comes back, rather than a file or a pipe, which ends.  That
 * is asked of the node (fstat), not of the line: a tty that hangs up as it is
 * opened (a USB serial scanner going away again) is no tty to isatty(), and
 * was once taken for the end of a file, ending the desk. */
static int
scanner_open(const char *path, int *evdev, int *device, struct kt_err *e)
{
	struct termios t;
	struct stat sb;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return kt_error(e, errno == ENOENT ? KT_ENOTFOUND : KT_EFAIL,
		    _("cannot open the scanner %s: %s"), path, strerror(errno));
	*device = fstat(fd, &sb) == 0 && S_ISCHR(sb.st_mode);
	*evdev = ioctl(fd, EVIOCGRAB, (void *)1) == 0;
	if (!*evdev && errno == EBUSY) {
		close(fd);
		return kt_error(e, KT_EFAIL, _("the scanner %s is grabbed by another program"),
		    path);
	}
	if (!*evdev && isatty(fd) && tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
scanner_read(const char *path, int (*fn)(const char *line, void *arg),
    void (*gone)(void *arg, int is_gone), void *arg, volatile sig_atomic_t *stop,
    struct kt_err *e)
{
	struct scanner_keys k;
	struct scanner_hidpos hp;
	struct input_event ev[16];
	const char *base = strrchr(path, '/');
	struct pollfd pfd;
	char buf[256];
	ssize_t n, i;
	long long opened;
	int fd, evdev, device, hidpos, said_gone = 0, flaps = 0, got = 0, rc = 0;

	memset(&k, 0, sizeof k);
	memset(&hp, 0, sizeof hp);
	hidpos = strstr(base != NULL ? base : path, "hidraw") != NULL;
	if ((fd = scanner_open(path, &evdev, &device, e)) < 0)
		return fd;
	opened = now_ms();
	while (!*stop) {
		/* Back is back once the device gave a byte or stayed a second: a
		 * node that hangs up as it is opened is not back. */
		if (said_gone && (got || now_ms() - opened >= SCANNER_SETTLE_MS)) {
			said_gone = 0;
			gone(arg, 0);
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		/* hidraw gives one report a read; a file of reports, 64 bytes each. */
		n = read(fd, evdev ? (void *)ev : (void *)buf, evdev ? sizeof ev :
		    hidpos ? SCANNER_HIDPOS_REPORT : sizeof buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == 0 && !device)
			break;	/* a file or a closed pipe: the end */
		if (n < 0 && !device) {
			rc = kt_error(e, KT_EFAIL, _("cannot read the scanner %s: %s"), path,
			    strerror(errno));
			goto out;
		}
		if (n <= 0) {
			/* A device unplugged (ENODEV, EIO) or a tty hung up (POLLHUP,
			 * then read 0): wait for it to come back and open it again.  One
			 * that hangs up as soon as it is opened, again and again, never
			 * comes back: say so rather than wait for ever. */
			if (!got && now_ms() - opened < SCANNER_SETTLE_MS) {
				if (++flaps >= SCANNER_FLAPS) {
					rc = kt_error(e, KT_EFAIL, _("the scanner %s hangs up as soon"
					    " as it is opened (%d times in a row): is it a scanner?"),
					    path, flaps);
					goto out;
				}
			} else
				flaps = 0;
			close(fd);
			fd = -1;
			if (!said_gone) {
				said_gone = 1;
				gone(arg, 1);
			}
			while (!*stop && (fd = scanner_open(path, &evdev, &device, e)) < 0)
				nap();
			if (fd < 0)
				break;
			opened = now_ms();
			got = 0;
			memset(&k, 0, sizeof k);
			memset(&hp, 0, sizeof hp);
			continue;
		}
		if (!got) {
			got = 1;
			if (said_gone) {
				said_gone = 0;
				gone(arg, 0);
			}
		}
		if (hidpos && !evdev) {
			if (scanner_hidpos(&hp, (const unsigned char *)buf, (size_t)n) &&
			    hp.line[0] != '\0' && (rc = fn(hp.line, arg)) != 0)
				goto out;
			continue;
		}
		if (evdev) {
			for (i = 0; i < n / (ssize_t)sizeof ev[0]; i++)
				if (ev[i].type == EV_KEY && scanner_key(&k, ev[i].code,
				    ev[i].value) && k.line[0] != '\0' &&
				    (rc = fn(k.line, arg)) != 0)
					goto out;
			continue;
		}
		for (i = 0; i < n; i++) {
			if (buf[i] == '\r' || buf[i] == '\n') {
				k.line[k.len] = '\0';
				k.len = 0;
				if (k.line[0] != '\0' && (rc = fn(k.line, arg)) != 0)
					goto out;
			} else if (k.len + 1 < sizeof k.line)
				k.line[k.len++] = buf[i];
		}
	}
out:
	if (fd >= 0)
		close(fd);
	return rc < 0 ? rc : 0;
}
