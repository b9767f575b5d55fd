/*
 * cmd-serve.c - kartu serve: the station's screens (src/web), on
 * 127.0.0.1:8080 unless told otherwise.  The database, keys and configuration
 * are opened as for every command; the server then answers browsers until
 * SIGINT or SIGTERM.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "web.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/kartu"
#endif

struct serve_opts {
	const char *listen, *tls_cert, *tls_key, *url_file, *lang;
};

static int
opt(struct cli *cli, int o, const char *val, void *arg)
{
	struct serve_opts *so = arg;

	(void)cli;
	switch (o) {
	case 'l': so->listen = val; break;
	case 'c': so->tls_cert = val; break;
	case 'k': so->tls_key = val; break;
	case 'u': so->url_file = val; break;
	case 'L': so->lang = val; break;
	}
	return 0;
}

/* Say where the screens are: on stdout, and into --url-file (written whole,
 * then renamed, so a reader never sees half of it). */
static void
listening(const char *url, void *arg)
{
	const char *file = arg;
	char tmp[4200];
	FILE *f;

	printf(_("The screens are at %s (Ctrl-C stops them).\n"), url);
	fflush(stdout);
	if (file == NULL)
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", file);
	if ((f = fopen(tmp, "w")) != NULL) {
		fprintf(f, "%s\n", url);
		if (fclose(f) == 0)
			rename(tmp, file);
	}
}

static int
cmd_serve_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ "listen", required_argument, NULL, 'l' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "url-file", required_argument, NULL, 'u' },
		{ "lang", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts so = { 0 };
	struct web_options wo;
	sigset_t sigs;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_serve_entry, argc, argv, longopts, opt, &so)) != 0 ||
	    (rc = cli_args(cli, &cmd_serve_entry, argc, 0)) != 0)
		return rc;
	memset(&wo, 0, sizeof wo);
	wo.listen = so.listen != NULL ? so.listen : cli->cfg.listen[0] != '\0' ? cli->cfg.listen :
	    NULL;
	wo.tls_cert = so.tls_cert != NULL ? so.tls_cert : cli->cfg.tls_cert[0] != '\0' ?
	    cli->cfg.tls_cert : NULL;
	wo.tls_key = so.tls_key != NULL ? so.tls_key : cli->cfg.tls_key[0] != '\0' ?
	    cli->cfg.tls_key : NULL;
	wo.static_dir = cli->web_dir != NULL ? cli->web_dir : PKGDATADIR "/web";
	wo.key_dir = cli->key_dir;
	wo.db_path = cli->db_path;
	wo.origin_key = cli->origin_key;
	/* What the screens take from the environment, as the commands do, read
	 * here: src/web reads none. */
	wo.layout_dir = getenv("KARTU_LAYOUTS");
	wo.tmp_dir = getenv("TMPDIR");
	/* The reader as every command finds it (cli_open_reader): $KARTU_READER,
	 * else the configuration's. */
	if (getenv("KARTU_READER") != NULL && getenv("KARTU_READER")[0] != '\0')
		snprintf(cli->cfg.reader, sizeof cli->cfg.reader, "%s", getenv("KARTU_READER"));
	wo.cfg = &cli->cfg;
	wo.test_build = cli->test_build;
	wo.clock = (long long)cli->clock;
	wo.listening = listening;
	wo.listening_arg = (void *)so.url_file;
	/* The screens speak Indonesian unless told otherwise, whatever the
	 * server's own environment: the desk reads them, not the admin who
	 * started the service (web_serve switches once it listens). */
	if (so.lang == NULL)
		so.lang = "id";
	if (strcmp(so.lang, "id") != 0 && strcmp(so.lang, "en") != 0)
		return kt_error_at(&cli->err, KT_EUSAGE, "lang", _("--lang is id or en"));
	wo.lang = so.lang;
	/* Every thread the server starts inherits this mask; web_serve waits for
	 * the signals itself. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	return web_serve(cli->st, &wo, &cli->err);
}

const struct cmd_entry cmd_serve_entry = {
	"serve", "[--listen HOST:PORT] [--tls-cert FILE --tls-key FILE]",
	N_("Serve the station's screens to browsers."),
	N_("  --listen HOST:PORT  where to listen (default 127.0.0.1:8080, or the listen\n"
	   "                      setting); beyond this computer only with TLS\n"
	   "  --tls-cert FILE     the TLS certificate (PEM), with --tls-key its key\n"
	   "  --tls-key FILE      (or the tls_cert and tls_key settings)\n"
	   "  --url-file FILE     write the screens' address into FILE once listening\n"
	   "  --lang id|en        the screens' language (default id, Indonesian)\n"),
	CMD_NEEDS_DB, cmd_serve_exec,
};
