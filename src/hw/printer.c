/*
 * printer.c - sending files to CUPS with lp(1) (see printer.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "printer.h"

extern char **environ;

/* CUPS queue names: printable, no space, slash or '#', at most 127 bytes. */
static int
queue_name_ok(const char *s)
{
	size_t n = 0;

	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s != '\0'; s++, n++)
		if (!isgraph((unsigned char)*s) || *s == '/' || *s == '#' || *s == '\\')
			return 0;
	return n < 128;
}

int
printer_send(const char *printer, const char *path, const char *title, char *job,
    size_t joblen, struct kt_err *e)
{
	char *argv[] = { "lp", "-d", (char *)printer, "-t", (char *)title, "--",
	    (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	char out[1024], *p;
	size_t n = 0;
	ssize_t r;
	pid_t pid;
	int fds[2], status, err;

	if (job != NULL && joblen > 0)
		job[0] = '\0';
	if (!queue_name_ok(printer))
		return kt_error(e, KT_EUSAGE, _("'%.40s' cannot be a printer's name"), printer);
	if (pipe(fds) != 0)
		return kt_error(e, KT_EFAIL, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	err = posix_spawnp(&pid, "lp", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err != 0) {
		close(fds[0]);
		return kt_error(e, KT_EFAIL, _("cannot run lp (is CUPS installed?): %s"),
		    strerror(err));
	}
	while ((r = read(fds[0], out + n, sizeof out - 1 - n)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0 && (n += (size_t)r) == sizeof out - 1)
			break;
	out[n] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	while (n > 0 && isspace((unsigned char)out[n - 1]))
		out[--n] = '\0';
	for (p = out; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return kt_error(e, KT_EFAIL, _("the printer %s refused the card: %s"), printer,
		    out[0] != '\0' ? out : _("lp failed"));
	/* "request id is QUEUE-42 (1 file(s))" */
	if (job != NULL && (p = strstr(out, "request id is ")) != NULL)
		snprintf(job, joblen, "%.*s", (int)strcspn(p + 14, " "), p + 14);
	return 0;
}
