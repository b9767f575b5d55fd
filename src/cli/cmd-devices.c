/*
 * cmd-devices.c - kartu devices: the NFC readers libnfc can open and the
 * known USB devices present (drivers/usb-devices.tsv), with what each is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "reader.h"
#include "usbdev.h"

struct devices_opts {
	int all, no_nfc;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct devices_opts *o = arg;

	(void)cli;
	(void)val;
	if (c == 'a')
		o->all = 1;
	else if (c == 'N')
		o->no_nfc = 1;
	return 0;
}

static int
cmd_devices_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "no-nfc", no_argument, NULL, 'N' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	static char conns[8][READER_CONN_MAX];
	struct devices_opts o = { 0, 0 };
	struct usbdev u[64];
	char id[16];
	int rc, n = 0, nr = 0, i;

	if ((rc = cli_getopt(cli, &cmd_devices_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_devices_entry, argc, 0)) != 0)
		return rc;
	setenv("LIBNFC_LOG_LEVEL", "0", 0);	/* its log lines are not the list */
	if (!o.no_nfc && (rc = reader_list(conns, 8, &nr, &cli->err)) != 0)
		return rc;
	if ((rc = usbdev_list(u, (int)nitems(u), o.all, &n, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "readers");
		for (i = 0; i < nr; i++)
			json_str(&cli->js, NULL, conns[i]);
		json_array_end(&cli->js);
		json_array_begin(&cli->js, "usb");
		for (i = 0; i < n; i++) {
			json_object_begin(&cli->js, NULL);
			snprintf(id, sizeof id, "%04x:%04x", u[i].vid, u[i].pid);
			json_str(&cli->js, "id", id);
			json_str(&cli->js, "node", u[i].node);
			json_str(&cli->js, "kind", u[i].kind != NULL ? u[i].kind->kind : "other");
			if (u[i].kind != NULL) {
				json_str(&cli->js, "name", u[i].kind->name);
				if (strcmp(u[i].kind->libnfc, "-") != 0)
					json_str(&cli->js, "libnfc", u[i].kind->libnfc);
			}
			json_object_end(&cli->js);
		}
		json_array_end(&cli->js);
		json_str(&cli->js, "configured_reader", cli->cfg.reader);
		json_str(&cli->js, "configured_scanner", cli->cfg.scanner);
		json_object_end(&cli->js);
		json_finish(&cli->js);
		return 0;
	}
	if (!o.no_nfc) {
		printf("%s\n", _("NFC readers libnfc can open:"));
		for (i = 0; i < nr; i++)
			printf("  %s\n", conns[i]);
		if (nr == 0)
			printf("  %s\n", _("none"));
	}
	printf("%s\n", _("USB devices:"));
	for (i = 0; i < n; i++) {
		printf("  %04x:%04x  %s  %-10s  %s", u[i].vid, u[i].pid, u[i].node,
		    u[i].kind != NULL ? u[i].kind->kind : "other",
		    u[i].kind != NULL ? u[i].kind->name : "");
		if (u[i].kind != NULL && strcmp(u[i].kind->libnfc, "-") != 0)
			printf(_(" (libnfc: %s)"), u[i].kind->libnfc);
		printf("\n");
	}
	if (n == 0)
		printf("  %s\n", o.all ? _("none") : _("none that kartu knows (--all lists every"
		    " one)"));
	if (cli->cfg.reader[0] != '\0')
		printf(_("Configured reader: %s\n"), cli->cfg.reader);
	if (cli->cfg.scanner[0] != '\0')
		printf(_("Configured scanner: %s\n"), cli->cfg.scanner);
	return 0;
}

const struct cmd_entry cmd_devices_entry = {
	"devices", "[--all] [--no-nfc]",
	N_("List the NFC readers and the USB readers and scanners the station can use."),
	N_("USB devices are named from the table in drivers/usb-devices.tsv; nothing is\n"
	    "opened or claimed.\n"
	    "  --all     every USB device, known or not\n"
	    "  --no-nfc  skip libnfc's own scan for readers\n"),
	0, cmd_devices_exec,
};
