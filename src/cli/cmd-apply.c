/*
 * cmd-apply.c - kartu apply: steps 1 and 2, the form and the document.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "label.h"
#include "proc.h"

enum {
	O_NAME = 1, O_PLACE, O_BIRTH, O_SEX, O_ADDRESS, O_PHONE, O_CATEGORY, O_DOC,
	O_DOCNO, O_NIK, O_INST, O_GUARDIAN, O_VILLAGE, O_DRY,
};

struct apply_opts {
	struct kt_form f;
	int dry_run;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct apply_opts *o = arg;
	struct kt_form *f = &o->f;
	const char **slot[] = {
		NULL, &f->name, &f->birth_place, &f->birth_date, &f->sex, &f->address,
		&f->phone, &f->category, &f->document, &f->document_no, &f->nik,
		&f->institution, &f->guardian, &f->village,
	};

	if (c == O_DRY) {
		o->dry_run = 1;
		return 0;
	}
	if (c < O_NAME || c > O_VILLAGE)
		return kt_error(&cli->err, KT_EUSAGE, _("kartu apply: unknown option"));
	if (*slot[c] != NULL)
		return kt_error(&cli->err, KT_EUSAGE, _("kartu apply: an option is given twice"));
	*slot[c] = val;
	return 0;
}

/* --dry-run: the whole form checked and the candidates found, as the
 * screens do before the officer confirms; nothing recorded. */
static int
dry_run(struct cli *cli, const struct kt_form *f, char *refusal, size_t rlen)
{
	struct kt_dupes d = { 0 };
	int rc;

	if ((rc = proc_apply_check(cli->st, f, cli->op, &d, refusal, rlen, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_bool(&cli->js, "served", refusal[0] == '\0');
		if (refusal[0] != '\0')
			json_str(&cli->js, "refusal", refusal);
		json_int(&cli->js, "candidates", (long long)d.n);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else if (refusal[0] != '\0')
		printf(_("The form is complete, but the applicant is not served: %s\n"), refusal);
	else {
		printf("%s\n", _("The form is complete (nothing recorded)."));
		cli_print_dupes(cli, &d);
	}
	dupes_free(&d);
	return 0;
}

static int
cmd_apply_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, O_NAME },
		{ "birth-place", required_argument, NULL, O_PLACE },
		{ "birth-date", required_argument, NULL, O_BIRTH },
		{ "sex", required_argument, NULL, O_SEX },
		{ "address", required_argument, NULL, O_ADDRESS },
		{ "phone", required_argument, NULL, O_PHONE },
		{ "category", required_argument, NULL, O_CATEGORY },
		{ "document", required_argument, NULL, O_DOC },
		{ "document-no", required_argument, NULL, O_DOCNO },
		{ "nik", required_argument, NULL, O_NIK },
		{ "institution", required_argument, NULL, O_INST },
		{ "guardian", required_argument, NULL, O_GUARDIAN },
		{ "village", required_argument, NULL, O_VILLAGE },
		{ "dry-run", no_argument, NULL, O_DRY },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct apply_opts o;
	struct kt_form *f = &o.f;
	struct kt_dupes d = { 0 };
	char docno[128], nik[128], refusal[256];
	long long id;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = cli_getopt(cli, &cmd_apply_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_apply_entry, argc, 0)) != 0)
		return rc;
	/* "-": the numbers from standard input, in this order, off argv. */
	if ((rc = cli_secret(cli, "--document-no", _("Document number: "), &f->document_no,
	    docno, sizeof docno)) != 0 ||
	    (rc = cli_secret(cli, "--nik", _("NIK: "), &f->nik, nik, sizeof nik)) != 0)
		goto out;
	if (o.dry_run) {
		rc = dry_run(cli, f, refusal, sizeof refusal);
		goto out;
	}
	rc = proc_apply(cli->st, f, cli->op, &id, &d, &cli->err);
	if (rc != 0) {
		cli->refused_app = id;	/* recorded as refused, when not 0 */
		goto out;
	}
	if (cli->json) {
		dupes_free(&d);
		rc = cli_show_app(cli, id, 0, 1);
		goto out;
	}
	printf(_("Application %lld recorded (%s). Next: kartu check %lld\n"), id,
	    label(LABEL_STATE, "applied"), id);
	cli_print_dupes(cli, &d);
	dupes_free(&d);
out:
	sodium_memzero(docno, sizeof docno);
	sodium_memzero(nik, sizeof nik);
	return rc;
}

const struct cmd_entry cmd_apply_entry = {
	"apply",
	"--name NAME --birth-place PLACE --birth-date YYYY-MM-DD --sex L|P --address TEXT"
	" --phone NUMBER --category CODE --document KIND --document-no NO|- [--nik NIK|-]"
	" [--institution NAME] [--guardian NAME] [--village CODE]",
	N_("Steps 1-2: record the registration form and the document shown."),
	N_("  --category CODE    paud-tk, sd-sma, mahasiswa, pegawai, umum (see kartu rules)\n"
	    "  --document KIND    kk, kartu-pelajar, ktm, ktp, sim, kartu-pegawai\n"
	    "  --document-no NO   the number on the document (kept only hashed and masked);\n"
	    "                     - reads it from standard input (not shown on a terminal),\n"
	    "                     which keeps it out of the process list and the shell's\n"
	    "                     history: recommended\n"
	    "  --nik NIK          the 16-digit NIK, when the document is not the KTP\n"
	    "                     (- as for --document-no, read after it)\n"
	    "  --institution NAME the school, university (mahasiswa: in the regency) or employer\n"
	    "  --guardian NAME    a parent or guardian (required for paud-tk)\n"
	    "  --village CODE     the desa or kelurahan of the address, 62.05.01.2005 (of the\n"
	    "                     regency in the settings when they name one)\n"
	    "  --sex L|P          laki-laki or perempuan (M and F are accepted)\n"
	    "  --phone NUMBER     a mobile number: 0812..., +62812..., 62812...\n"
	    "  --dry-run          check the form and list the already-a-member candidates;\n"
	    "                     record nothing\n"),
	CMD_NEEDS_DB, cmd_apply_exec,
};
