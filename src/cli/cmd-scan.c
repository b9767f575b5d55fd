/*
 * cmd-scan.c - kartu scan: read the barcode of a card's scan or photo and
 * answer for it as the desk check does.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "card.h"
#include "cli.h"
#include "barcode.h"

struct camera {
	struct cli *cli;
	int once;
	char last[CARD_CODE_MAX];
	time_t last_at;
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	(void)sig;
	got_signal = 1;
}

/* A frame with barcodes: answer its card number, once per card while the card
 * stays in front of the camera. */
static int
camera_frame(const struct barcode_result *res, int n, void *arg)
{
	struct camera *c = arg;
	struct card_verdict v;
	char card_no[CARD_CODE_MAX];
	time_t now = time(NULL);
	int k, rc;

	for (k = 0; k < n; k++)
		if (barcode_code(res[k].text, card_no, sizeof card_no, NULL) == 0)
			break;
	if (k == n)
		return 0;	/* another system's barcode: keep looking */
	if (strcmp(card_no, c->last) == 0 && now - c->last_at < 3) {
		c->last_at = now;
		return 0;
	}
	snprintf(c->last, sizeof c->last, "%s", card_no);
	c->last_at = now;
	if ((rc = card_check_number(c->cli->st, card_no, &v, &c->cli->err)) != 0)
		return rc == KT_EUSAGE ? 0 : rc;	/* another system's: keep looking */
	cli_print_verdict(c->cli, &v, NULL);
	fflush(stdout);
	return c->once ? 1 : 0;
}

static int
scan_with_camera(struct cli *cli, const char *device, int once)
{
	struct camera c = { cli, once, "", 0 };
	struct sigaction sa;
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((rc = barcode_camera_check(device, &cli->err)) != 0)
		return rc;
	if (!cli->json && !once)
		fprintf(stderr, _("Hold cards in front of %s; Ctrl-C ends.\n"), device);
	rc = barcode_camera(device, camera_frame, &c, &got_signal, &cli->err);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return rc;
}

struct scan_opts {
	const char *camera;
	int once;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct scan_opts *o = arg;

	(void)cli;
	if (c == 'C')
		o->camera = val;
	else if (c == '1')
		o->once = 1;
	return 0;
}

static int
cmd_scan_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ "camera", required_argument, NULL, 'C' },
		{ "once", no_argument, NULL, '1' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_opts o = { NULL, 0 };
	struct barcode_result res[8];
	struct card_verdict v;
	char card_no[CARD_CODE_MAX];
	int rc, i, k, n, worst = 0;

	if ((rc = cli_getopt(cli, &cmd_scan_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	if (o.camera != NULL) {
		if (optind != argc)
			return kt_error(&cli->err, KT_EUSAGE,
			    _("--camera reads the camera, not files"));
		return scan_with_camera(cli, o.camera, o.once);
	}
	if (optind == argc)
		return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu scan %s"),
		    cmd_scan_entry.usage);
	for (i = optind; i < argc; i++) {
		if ((rc = barcode_file(argv[i], res, 8, &n, &cli->err)) != 0) {
			fprintf(stderr, _("kartu: error: %s\n"), cli->err.msg);
			worst = worst != 0 ? worst : rc;
			continue;
		}
		for (k = 0; k < n; k++) {
			/* Not a card of this station nor an old card's number:
			 * another system's barcode, and the next may be ours. */
			if ((rc = barcode_code(res[k].text, card_no, sizeof card_no,
			    &cli->err)) != 0 || (rc = card_check_number(cli->st, card_no, &v,
			    &cli->err)) != 0) {
				if (rc != KT_EUSAGE)
					return rc;
				fprintf(stderr, _("kartu: %s: a %s barcode of another system: %s\n"),
				    argv[i], res[k].symbology, cli->err.msg);
				worst = worst != 0 ? worst : rc;
				continue;
			}
			cli_print_verdict(cli, &v, NULL);
			break;	/* the card's barcodes all carry the same number */
		}
	}
	if (worst != 0) {
		cli->err.msg[0] = '\0';
		return kt_error(&cli->err, worst, _("not every file gave a card number"));
	}
	return 0;
}

const struct cmd_entry cmd_scan_entry = {
	"scan", "FILE... | --camera DEVICE [--once]",
	N_("Read the barcode of scanned or photographed cards (PNG, JPEG) and check them."),
	N_("Each file's card number is answered as kartu check --number does.\n"
	    "  --camera DEVICE  read cards held in front of a camera (V4L2, such as\n"
	    "                   /dev/video0) until Ctrl-C; each card is answered once\n"
	    "  --once           with --camera: stop after the first card\n"),
	CMD_NEEDS_DB, cmd_scan_exec,
};
