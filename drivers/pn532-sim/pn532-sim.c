/*
 * pn532-sim.c - a PN532 NFC reader on a pseudo-terminal, for tests.
 *
 * The unmodified libnfc pn532_uart driver opens the pty's slave side as if
 * it were the serial line to a reader; this process answers on the master
 * side.  A Unix socket takes control commands (put a card in the field, take
 * it out, save it, inject faults); the same binary run with --ctl is the
 * client.  See pn532-sim.md for the options, the control commands and the
 * card image format.
 *
 * Exit status: 0 after SIGTERM, SIGINT or "quit"; 1 when the simulator
 * cannot start; 2 on a usage error.  With --ctl: 0 for an "ok" reply, 1 for
 * an "error" reply, 2 on a usage error or when the simulator cannot be
 * reached.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "pn532-sim.h"

#define LINE_MAX_CTL	1024	/* a control command line */
#define CLIENTS_MAX	16	/* control connections served at once */
#define CTL_TIMEOUT_MS	10000	/* the client's wait for a reply */

struct client {
	int fd;
	char buf[LINE_MAX_CTL];
	size_t len;
};

/* A control command: NAME ARGS -> "ok ..." or "error ..." in REPLY. */
struct ctl_cmd {
	const char *name;
	void (*exec)(struct sim *, char *, char *, size_t);
};

static int sig_pipe[2] = { -1, -1 };

static void
usage(FILE *f)
{
	fprintf(f,
"usage: pn532-sim [--control SOCKET] [--link PATH] [--log FILE]\n"
"                 [--card KIND [--uid HEX] | --load IMAGE]\n"
"       pn532-sim --ctl SOCKET COMMAND [ARGS...]\n"
"\n"
"Kinds: ntag213 ntag215 ntag216 mfc1k foreign.\n"
"Commands: put KIND [UID], load FILE, put-back, save FILE, remove, status,\n"
"          fault remove-after N|nak-next|timeout-next|clear, quit.\n");
}

void
sim_log(struct sim *s, const char *fmt, ...)
{
	va_list ap;

	if (s->log == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(s->log, fmt, ap);
	va_end(ap);
	fputc('\n', s->log);
}

void
sim_log_hex(struct sim *s, const char *tag, const uint8_t *b, size_t n)
{
	size_t i;

	if (s->log == NULL)
		return;
	fputs(tag, s->log);
	for (i = 0; i < n; i++)
		fprintf(s->log, " %02x", b[i]);
	fputc('\n', s->log);
}

void
sim_send(struct sim *s, const uint8_t *b, size_t n)
{
	ssize_t w;
	bool flushed = false;

	while (n > 0) {
		w = write(s->master, b, n);
		if (w > 0) {
			b += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN && !flushed) {
			/* The line is full of answers nobody read: the host
			 * that asked for them has gone. */
			tcflush(s->slave, TCIFLUSH);
			flushed = true;
			continue;
		}
		sim_log(s, "dropped %zu bytes: %s", n, strerror(errno));
		return;
	}
}

void
sim_put_card(struct sim *s, const struct card *c)
{
	struct card in = *c;

	sim_remove_card(s);
	s->card = in;
	s->present = true;
	card_field_off(&s->card);
	chip_card_arrived(s);
}

void
sim_remove_card(struct sim *s)
{
	if (!s->present)
		return;
	s->gone = s->card;
	s->have_gone = true;
	s->present = false;
}

static void
reply(char *out, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
reply(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, len, fmt, ap);
	va_end(ap);
}

static void
reply_card(struct sim *s, char *out, size_t len)
{
	char uid[2 * CARD_UID_MAX + 1];

	if (!s->present)
		reply(out, len, "ok empty");
	else
		reply(out, len, "ok %s %s", card_kind_name(s->card.kind),
		    card_uid_hex(&s->card, uid));
}

static void
ctl_put(struct sim *s, char *args, char *out, size_t len)
{
	struct card c;
	char *kind, *hex, cause[256];
	uint8_t uid[CARD_UID_MAX];
	long n = 0;
	enum card_kind k;

	kind = strtok(args, " \t");
	hex = strtok(NULL, " \t");
	if (kind == NULL || strtok(NULL, " \t") != NULL) {
		reply(out, len, "error usage: put KIND [UID]");
		return;
	}
	if ((k = card_kind_parse(kind)) == CARD_NONE) {
		reply(out, len, "error unknown kind '%s'", kind);
		return;
	}
	if (hex != NULL && (n = card_hex_decode(hex, uid, sizeof uid)) <= 0) {
		reply(out, len, "error bad UID '%s'", hex);
		return;
	}
	if (card_new(&c, k, hex != NULL ? uid : NULL, (size_t)n, cause,
	    sizeof cause) != 0) {
		reply(out, len, "error %s", cause);
		return;
	}
	sim_put_card(s, &c);
	reply_card(s, out, len);
}

static void
ctl_load(struct sim *s, char *args, char *out, size_t len)
{
	struct card c;
	char cause[512];

	if (*args == '\0') {
		reply(out, len, "error usage: load FILE");
		return;
	}
	if (card_load(&c, args, cause, sizeof cause) != 0) {
		reply(out, len, "error %s", cause);
		return;
	}
	sim_put_card(s, &c);
	reply_card(s, out, len);
}

static void
ctl_put_back(struct sim *s, char *args, char *out, size_t len)
{
	if (*args != '\0') {
		reply(out, len, "error usage: put-back");
		return;
	}
	if (!s->have_gone) {
		reply(out, len, "error no card has left the field");
		return;
	}
	sim_put_card(s, &s->gone);
	reply_card(s, out, len);
}

static void
ctl_save(struct sim *s, char *args, char *out, size_t len)
{
	char cause[512];

	if (*args == '\0') {
		reply(out, len, "error usage: save FILE");
		return;
	}
	if (!s->present) {
		reply(out, len, "error no card in the field");
		return;
	}
	if (card_save(&s->card, args, cause, sizeof cause) != 0) {
		reply(out, len, "error %s", cause);
		return;
	}
	reply_card(s, out, len);
}

static void
ctl_remove(struct sim *s, char *args, char *out, size_t len)
{
	if (*args != '\0') {
		reply(out, len, "error usage: remove");
		return;
	}
	sim_remove_card(s);
	reply(out, len, "ok empty");
}

static void
ctl_status(struct sim *s, char *args, char *out, size_t len)
{
	if (*args != '\0') {
		reply(out, len, "error usage: status");
		return;
	}
	reply_card(s, out, len);
}

static void
ctl_fault(struct sim *s, char *args, char *out, size_t len)
{
	char *what = strtok(args, " \t"), *arg = strtok(NULL, " \t"), *end;
	long n;

	if (what == NULL) {
		reply(out, len, "error usage: fault remove-after N|nak-next|"
		    "timeout-next|clear");
		return;
	}
	if (strcmp(what, "remove-after") == 0 && arg != NULL) {
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno != 0 || *end != '\0' || end == arg || n < 0) {
			reply(out, len, "error bad count '%s'", arg);
			return;
		}
		s->remove_after = n;
	} else if (strcmp(what, "nak-next") == 0 && arg == NULL) {
		s->nak_next = true;
	} else if (strcmp(what, "timeout-next") == 0 && arg == NULL) {
		s->timeout_next = true;
	} else if (strcmp(what, "clear") == 0 && arg == NULL) {
		s->remove_after = -1;
		s->nak_next = false;
		s->timeout_next = false;
	} else {
		reply(out, len, "error unknown fault '%s'", what);
		return;
	}
	reply(out, len, "ok fault %s", what);
}

static void
ctl_quit(struct sim *s, char *args, char *out, size_t len)
{
	(void)args;
	s->quit = true;
	reply(out, len, "ok bye");
}

static const struct ctl_cmd ctl_cmds[] = {
	{ "put", ctl_put },
	{ "load", ctl_load },
	{ "put-back", ctl_put_back },
	{ "save", ctl_save },
	{ "remove", ctl_remove },
	{ "status", ctl_status },
	{ "fault", ctl_fault },
	{ "quit", ctl_quit },
};

/* Runs one control line; the reply goes to OUT. */
static void
control(struct sim *s, char *line, char *out, size_t len)
{
	char *args;
	size_t i;

	line[strcspn(line, "\r\n")] = '\0';
	sim_log(s, "ctl %s", line);
	line += strspn(line, " \t");
	args = line + strcspn(line, " \t");
	if (*args != '\0')
		*args++ = '\0';
	args += strspn(args, " \t");
	for (i = 0; i < sizeof ctl_cmds / sizeof ctl_cmds[0]; i++) {
		if (strcmp(ctl_cmds[i].name, line) == 0) {
			ctl_cmds[i].exec(s, args, out, len);
			sim_log(s, "ctl -> %s", out);
			return;
		}
	}
	reply(out, len, "error unknown command '%s' (put, load, put-back, "
	    "save, remove, status, fault, quit)", line);
}

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(sig_pipe[1], &c, 1) < 0) {
		/* The pipe is full: a wake-up is already pending. */
	}
	errno = saved;
}

static int
set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int
open_pty(struct sim *s, char *name, size_t namelen)
{
	struct termios t;
	const char *n;

	if ((s->master = posix_openpt(O_RDWR | O_NOCTTY)) < 0 ||
	    grantpt(s->master) != 0 || unlockpt(s->master) != 0 ||
	    (n = ptsname(s->master)) == NULL) {
		fprintf(stderr, "pn532-sim: pty: %s\n", strerror(errno));
		return -1;
	}
	snprintf(name, namelen, "%s", n);
	/* Our own slave descriptor keeps the line up between hosts: with no
	 * slave open the master reads EIO for ever. */
	if ((s->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0 ||
	    tcgetattr(s->slave, &t) != 0) {
		fprintf(stderr, "pn532-sim: %s: %s\n", name, strerror(errno));
		return -1;
	}
	cfmakeraw(&t);
	if (tcsetattr(s->slave, TCSANOW, &t) != 0 || set_flags(s->master) != 0) {
		fprintf(stderr, "pn532-sim: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int
sock_addr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa->sun_path) {
		fprintf(stderr, "pn532-sim: %s: path too long\n", path);
		return -1;
	}
	strcpy(sa->sun_path, path);
	return 0;
}

/* Listens on PATH; a socket left there by a simulator that died is
 * replaced, a live one is not. */
static int
open_control(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd = -1, probe;

	if (sock_addr(path, &sa) != 0)
		return -1;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 &&
		    connect(probe, (struct sockaddr *)&sa, sizeof sa) != 0 &&
		    errno == ECONNREFUSED)
			unlink(path);
		if (probe >= 0)
			close(probe);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(fd, CLIENTS_MAX) != 0 || set_flags(fd) != 0) {
		fprintf(stderr, "pn532-sim: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int
make_link(const char *link, const char *target)
{
	struct stat st;

	if (lstat(link, &st) == 0 && S_ISLNK(st.st_mode))
		unlink(link);
	if (symlink(target, link) != 0) {
		fprintf(stderr, "pn532-sim: %s: %s\n", link, strerror(errno));
		return -1;
	}
	return 0;
}

static void
client_close(struct client *c)
{
	close(c->fd);
	c->fd = -1;
	c->len = 0;
}

static void
client_read(struct sim *s, struct client *c)
{
	char out[LINE_MAX_CTL + 64];
	ssize_t n;
	bool done;

	n = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		c->len += (size_t)n;
	c->buf[c->len] = '\0';
	done = n <= 0 || memchr(c->buf, '\n', c->len) != NULL;
	/* The reply leaves room for its newline. */
	if (!done && c->len == sizeof c->buf - 1) {
		reply(out, sizeof out - 1, "error line too long");
	} else if (!done) {
		return;
	} else if (c->len == 0) {
		client_close(c);
		return;
	} else {
		control(s, c->buf, out, sizeof out - 1);
	}
	strcat(out, "\n");
	if (send(c->fd, out, strlen(out), MSG_NOSIGNAL) < 0)
		sim_log(s, "ctl reply lost: %s", strerror(errno));
	client_close(c);
}

static void
accept_client(struct sim *s, int lfd, struct client *clients)
{
	int fd;
	size_t i;

	if ((fd = accept(lfd, NULL, NULL)) < 0)
		return;
	for (i = 0; i < CLIENTS_MAX; i++) {
		if (clients[i].fd < 0) {
			clients[i].fd = fd;
			clients[i].len = 0;
			if (set_flags(fd) != 0)
				client_close(&clients[i]);
			return;
		}
	}
	sim_log(s, "ctl: too many connections");
	close(fd);
}

static void
read_host(struct sim *s)
{
	uint8_t buf[1024];
	ssize_t n;

	for (;;) {
		n = read(s->master, buf, sizeof buf);
		if (n > 0) {
			chip_input(s, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return;
	}
}

static int
run(struct sim *s, int lfd)
{
	struct pollfd pfd[3 + CLIENTS_MAX];
	struct client clients[CLIENTS_MAX];
	size_t i, nfd;
	char c;

	for (i = 0; i < CLIENTS_MAX; i++)
		clients[i].fd = -1;
	while (!s->quit) {
		pfd[0].fd = sig_pipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = s->master;
		pfd[1].events = POLLIN;
		pfd[2].fd = lfd;
		pfd[2].events = POLLIN;
		nfd = 3;
		for (i = 0; i < CLIENTS_MAX; i++) {
			pfd[3 + i].fd = clients[i].fd;
			pfd[3 + i].events = POLLIN;
			nfd++;
		}
		if (poll(pfd, nfd, chip_wait_timeout_ms(s)) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "pn532-sim: poll: %s\n", strerror(errno));
			break;
		}
		if (pfd[0].revents & POLLIN) {
			if (read(sig_pipe[0], &c, 1) == 1)
				sim_log(s, "signal %d", c);
			break;
		}
		if (pfd[1].revents & POLLIN)
			read_host(s);
		if (lfd >= 0 && (pfd[2].revents & POLLIN))
			accept_client(s, lfd, clients);
		for (i = 0; i < CLIENTS_MAX; i++) {
			if (clients[i].fd >= 0 &&
			    (pfd[3 + i].revents & (POLLIN | POLLHUP | POLLERR)))
				client_read(s, &clients[i]);
		}
		chip_tick(s);
	}
	for (i = 0; i < CLIENTS_MAX; i++) {
		if (clients[i].fd >= 0)
			client_close(&clients[i]);
	}
	return 0;
}

/* The client: sends one command line, prints the reply. Relative paths of
 * load and save are made absolute, since the simulator's directory may
 * differ. */
static int
ctl_client(const char *path, int argc, char **argv)
{
	struct sockaddr_un sa;
	char line[LINE_MAX_CTL], cwd[PATH_MAX], buf[LINE_MAX_CTL + 64];
	struct pollfd pfd;
	size_t len = 0, got = 0;
	ssize_t n;
	int fd = -1, i, rc = 2;
	bool file;

	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	file = strcmp(argv[0], "load") == 0 || strcmp(argv[0], "save") == 0;
	line[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (file && i == 1 && argv[i][0] != '/' &&
		    getcwd(cwd, sizeof cwd) != NULL)
			len += (size_t)snprintf(line + len, sizeof line - len,
			    " %s/%s", cwd, argv[i]);
		else
			len += (size_t)snprintf(line + len, sizeof line - len,
			    "%s%s", i == 0 ? "" : " ", argv[i]);
		if (len >= sizeof line - 1) {
			fprintf(stderr, "pn532-sim: command too long\n");
			return 2;
		}
	}
	line[len++] = '\n';
	if (sock_addr(path, &sa) != 0)
		goto out;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    send(fd, line, len, MSG_NOSIGNAL) != (ssize_t)len) {
		fprintf(stderr, "pn532-sim: %s: %s\n", path, strerror(errno));
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got < sizeof buf - 1 && memchr(buf, '\n', got) == NULL) {
		if (poll(&pfd, 1, CTL_TIMEOUT_MS) <= 0) {
			fprintf(stderr, "pn532-sim: %s: no reply\n", path);
			goto out;
		}
		if ((n = read(fd, buf + got, sizeof buf - 1 - got)) <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strncmp(buf, "ok", 2) == 0 && (buf[2] == ' ' || buf[2] == '\0')) {
		printf("%s\n", buf);
		rc = 0;
	} else if (strncmp(buf, "error", 5) == 0) {
		printf("%s\n", buf);
		rc = 1;
	} else {
		fprintf(stderr, "pn532-sim: %s: no reply\n", path);
	}
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "control", required_argument, NULL, 'c' },
		{ "link", required_argument, NULL, 'L' },
		{ "log", required_argument, NULL, 'g' },
		{ "card", required_argument, NULL, 'k' },
		{ "uid", required_argument, NULL, 'u' },
		{ "load", required_argument, NULL, 'l' },
		{ "ctl", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sim *s = NULL;
	struct sigaction sa;
	struct card card;
	const char *control_path = NULL, *link_path = NULL, *log_path = NULL;
	const char *kind = NULL, *uid_hex = NULL, *load_path = NULL;
	char pty_name[128], cause[512];
	uint8_t uid[CARD_UID_MAX];
	long uid_len = 0;
	bool have_card = false, linked = false;
	int opt, lfd = -1, rc = 1;

	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': control_path = optarg; break;
		case 'L': link_path = optarg; break;
		case 'g': log_path = optarg; break;
		case 'k': kind = optarg; break;
		case 'u': uid_hex = optarg; break;
		case 'l': load_path = optarg; break;
		case 'C':
			return ctl_client(optarg, argc - optind, argv + optind);
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || (kind != NULL && load_path != NULL) ||
	    (uid_hex != NULL && kind == NULL)) {
		usage(stderr);
		return 2;
	}
	if (uid_hex != NULL &&
	    (uid_len = card_hex_decode(uid_hex, uid, sizeof uid)) <= 0) {
		fprintf(stderr, "pn532-sim: bad UID '%s'\n", uid_hex);
		return 2;
	}
	if (kind != NULL) {
		if (card_kind_parse(kind) == CARD_NONE) {
			fprintf(stderr, "pn532-sim: unknown kind '%s'\n", kind);
			return 2;
		}
		if (card_new(&card, card_kind_parse(kind),
		    uid_hex != NULL ? uid : NULL, (size_t)uid_len, cause,
		    sizeof cause) != 0) {
			fprintf(stderr, "pn532-sim: %s\n", cause);
			return 2;
		}
		have_card = true;
	}
	if (load_path != NULL) {
		if (card_load(&card, load_path, cause, sizeof cause) != 0) {
			fprintf(stderr, "pn532-sim: %s\n", cause);
			return 1;
		}
		have_card = true;
	}

	if ((s = calloc(1, sizeof *s)) == NULL) {
		fprintf(stderr, "pn532-sim: out of memory\n");
		goto out;
	}
	s->master = s->slave = -1;
	s->remove_after = -1;
	chip_reset(s);
	if (log_path != NULL) {
		if ((s->log = fopen(log_path, "w")) == NULL) {
			fprintf(stderr, "pn532-sim: %s: %s\n", log_path,
			    strerror(errno));
			goto out;
		}
		setvbuf(s->log, NULL, _IOLBF, 0);
	}
	if (pipe(sig_pipe) != 0 || set_flags(sig_pipe[0]) != 0 ||
	    set_flags(sig_pipe[1]) != 0) {
		fprintf(stderr, "pn532-sim: pipe: %s\n", strerror(errno));
		goto out;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	if (open_pty(s, pty_name, sizeof pty_name) != 0)
		goto out;
	if (control_path != NULL && (lfd = open_control(control_path)) < 0)
		goto out;
	if (link_path != NULL) {
		if (make_link(link_path, pty_name) != 0)
			goto out;
		linked = true;
	}
	if (have_card)
		sim_put_card(s, &card);
	sim_log(s, "pty %s", pty_name);
	printf("pty %s\n", pty_name);
	fflush(stdout);

	rc = run(s, lfd);
out:
	if (linked)
		unlink(link_path);
	if (lfd >= 0) {
		close(lfd);
		unlink(control_path);
	}
	if (s != NULL) {
		if (s->slave >= 0)
			close(s->slave);
		if (s->master >= 0)
			close(s->master);
		if (s->log != NULL)
			fclose(s->log);
		free(s);
	}
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
	}
	return rc;
}
