/*
 * otp.c - one-time codes for the handover (see otp.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "otp.h"

/* The gateway's whole environment: nothing of the officer's (KARTU_PIN, a
 * PATH of their own, LD_PRELOAD) reaches it. */
static char *const gateway_env[] = { "PATH=/usr/bin:/bin", "LANG=C.UTF-8", NULL };

void
otp_make(char code[OTP_LEN])
{
	snprintf(code, OTP_LEN, "%06u", (unsigned)randombytes_uniform(1000000));
}

int
otp_hash(struct store *st, long long app, const char *code, char *out, struct kt_err *e)
{
	char in[48];

	snprintf(in, sizeof in, "%lld:%s", app, code);
	return store_hash_id(st, "handover-code", in, out, e);
}

int
otp_sms_command(struct store *st, const char *station, char *buf, size_t len,
    struct kt_err *e)
{
	int rc;

	if (station != NULL && station[0] != '\0') {
		snprintf(buf, len, "%s", station);
		return 0;
	}
	rc = store_setting(st, "sms_command", buf, len, e);
	if (rc == KT_ENOTFOUND) {
		buf[0] = '\0';
		rc = 0;
	}
	return rc;
}

int
otp_send(const char *command, const char *phone, const char *message, struct kt_err *e)
{
	char copy[1024], *argv[33], *p, *save = NULL;
	posix_spawn_file_actions_t fa;
	int argc = 0, to_stdin = 1, fds[2] = { -1, -1 }, status, err, rc = 0;
	size_t n = strlen(message);
	pid_t pid;
	void (*old)(int);

	if (strlen(command) >= sizeof copy)
		return kt_error(e, KT_EUSAGE, _("the SMS command is too long"));
	snprintf(copy, sizeof copy, "%s", command);
	for (p = strtok_r(copy, " \t", &save); p != NULL && argc < 32;
	    p = strtok_r(NULL, " \t", &save)) {
		if (strcmp(p, "{phone}") == 0)
			p = (char *)phone;
		else if (strcmp(p, "{message}") == 0) {
			p = (char *)message;
			to_stdin = 0;
		}
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	if (argc == 0)
		return kt_error(e, KT_EUSAGE, _("the SMS command is empty"));
	if (argv[0][0] != '/')
		return kt_error(e, KT_EREFUSED, _("the SMS command %s does not start with the"
		    " absolute path of its program (/usr/local/bin/...): the code was not sent"),
		    argv[0]);
	if (to_stdin && pipe(fds) != 0)
		return kt_error(e, KT_EFAIL, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	if (to_stdin) {
		posix_spawn_file_actions_addclose(&fa, fds[1]);
		posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
		posix_spawn_file_actions_addclose(&fa, fds[0]);
	} else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawn(&pid, argv[0], &fa, NULL, argv, gateway_env);
	posix_spawn_file_actions_destroy(&fa);
	if (to_stdin)
		close(fds[0]);
	if (err != 0) {
		if (to_stdin)
			close(fds[1]);
		return kt_error(e, KT_EFAIL, _("cannot run the SMS command %s: %s"), argv[0],
		    strerror(err));
	}
	if (to_stdin) {
		/* A gateway that does not read its input must not kill us. */
		old = signal(SIGPIPE, SIG_IGN);
		if (write(fds[1], message, n) != (ssize_t)n || write(fds[1], "\n", 1) != 1)
			rc = KT_EFAIL;
		close(fds[1]);
		signal(SIGPIPE, old);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || rc != 0)
		return kt_error(e, KT_EFAIL, _("the SMS command %s failed: the code was not"
		    " sent"), argv[0]);
	return 0;
}
