/*
 * out.c - showing applications and duplicate candidates, as text for people
 * or as JSON.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wib.h"
#include "card.h"
#include "label.h"
#include "cli.h"
#include "proc.h"
#include "region.h"

static const char *
dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "-";
}

void
cli_json_dupes(struct json *js, const struct kt_dupes *d)
{
	size_t i;
	int bit;

	json_array_begin(js, "duplicates");
	for (i = 0; i < d->n; i++) {
		const struct kt_dupe *x = &d->v[i];

		json_object_begin(js, NULL);
		json_str(js, "kind", x->is_member ? "member" : "application");
		if (x->is_member)
			json_str(js, "member_no", x->member_no);
		else
			json_int(js, "application", x->id);
		json_str(js, "name", x->name);
		json_str(js, "birth_date", x->birth_date);
		json_str(js, "state", x->state);
		json_num(js, "score", x->score);
		json_num(js, "name_similarity", x->name_sim);
		json_array_begin(js, "reasons");
		for (bit = 1; bit <= DUPE_LAST; bit <<= 1)
			if (x->reasons & bit)
				json_str(js, NULL, dupes_reason_code(bit));
		json_array_end(js);
		json_object_end(js);
	}
	json_array_end(js);
}

void
cli_print_dupes(struct cli *cli, const struct kt_dupes *d)
{
	size_t i;
	int bit, first;

	(void)cli;
	if (d->n == 0) {
		printf("%s\n", _("Already a member? No candidates found."));
		return;
	}
	printf(_("Already a member? %zu candidate(s), best first:\n"), d->n);
	for (i = 0; i < d->n; i++) {
		const struct kt_dupe *x = &d->v[i];
		char who[64], born[16];

		label_date(x->birth_date, born, sizeof born);
		if (x->is_member)
			snprintf(who, sizeof who, _("member %s"), x->member_no);
		else
			snprintf(who, sizeof who, _("application %lld"), x->id);
		printf("  %.2f  %-24s %s (%s, %s): ", x->score, who, x->name, born,
		    label(x->is_member ? LABEL_MEMBER : LABEL_STATE, x->state));
		for (bit = 1, first = 1; bit <= DUPE_LAST; bit <<= 1)
			if (x->reasons & bit) {
				printf("%s%s", first ? "" : "; ", dupes_reason_text(bit));
				first = 0;
			}
		printf("\n");
	}
}

struct show {
	struct cli *cli;
	int events;
};

/* The labels of an application's fields, as wide as the widest in this
 * language (at least 14): Indonesian 'Batas waktu (WIB)' is 17. */
static const char *const field_labels[] = {
	N_("Name"), N_("Born"), N_("Address"), N_("Phone"), N_("Category"), N_("Document"),
	N_("NIK"), N_("Institution"), N_("Guardian"), N_("Member no."), N_("Reason"),
	N_("Due (WIB)"), N_("KTP region"), N_("Village"),
};

void
cli_region_values(const char *nik_region, const char *village, char *ktp, size_t ktplen,
    char *vil, size_t villen)
{
	struct region_nik rn;
	const struct region *r;
	char path[256];

	ktp[0] = vil[0] = '\0';
	if (nik_region != NULL && region_of_nik(nik_region, &rn, NULL) == 0)
		region_nik_names(&rn, ktp, ktplen);
	if (village == NULL)
		return;
	if ((r = region_find(village)) != NULL) {
		region_path(r, path, sizeof path);
		snprintf(vil, villen, "%s (%s)", path, r->code);
	} else
		snprintf(vil, villen, "%s", village);
}

static void
field(const char *label, const char *value)
{
	size_t i, w = 14;

	for (i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++)
		if (strlen(_(field_labels[i])) > w)
			w = strlen(_(field_labels[i]));
	printf("  %-*s %s\n", (int)w, label, dash(value));
}

static int
show_event(const struct kt_event *ev, void *arg)
{
	struct cli *cli = arg;
	char at[40];

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "at", ev->at);
		json_str(&cli->js, "step", ev->step);
		json_str(&cli->js, "operator", ev->operator);
		json_str(&cli->js, "from", ev->from_state);
		json_str(&cli->js, "to", ev->to_state);
		json_str(&cli->js, "note", ev->note);
		json_bool(&cli->js, "outside_hours", ev->outside_hours);
		json_object_end(&cli->js);
	} else {
		label_time(ev->at, 0, at, sizeof at);
		printf("  %s  %-*s %-12s %s%s%s%s\n", at, label_width(LABEL_STEP, 9),
		    label(LABEL_STEP, ev->step),
		    ev->operator, label(LABEL_STATE, ev->to_state),
		    ev->note != NULL ? ": " : "", ev->note != NULL ? ev->note : "",
		    ev->outside_hours ? _(" [outside service hours]") : "");
	}
	return 0;
}

static void
json_app(struct json *js, const struct kt_app *a)
{
	json_int(js, "id", a->id);
	json_str(js, "state", a->state);
	json_str(js, "category", a->category);
	json_str(js, "name", a->name);
	json_str(js, "birth_place", a->birth_place);
	json_str(js, "birth_date", a->birth_date);
	json_str(js, "sex", a->sex);
	json_str(js, "address", a->address);
	json_str(js, "phone", a->phone);
	json_str(js, "institution", a->institution);
	json_str(js, "guardian", a->guardian);
	json_str(js, "document", a->document);
	json_str(js, "document_no", a->document_masked);
	json_str(js, "nik", a->nik_masked);
	json_str(js, "reason", a->reason);
	json_str(js, "member_no", a->member_no);
	json_str(js, "created_at", a->created_at);
	json_str(js, "updated_at", a->updated_at);
	json_str(js, "due_at", a->due_at);
	json_str(js, "village", a->village);
	json_str(js, "nik_region", a->nik_region);
}

/* '2026-11-28T01:30:00Z' as 'Sat 2026-11-28 08:30' WIB ('Sab 28-11-2026
 * 08:30' in Indonesian), into buf. */
void
cli_wib(const char *utc, char *buf, size_t len)
{
	label_time(utc, 1, buf, len);
}

static int
show_app(const struct kt_app *a, void *arg)
{
	struct show *sh = arg;
	struct cli *cli = sh->cli;
	char doc[96], born[128], due[40], day[16], ktp[256], vil[320];

	if (cli->json) {
		json_app(&cli->js, a);
		return 0;
	}
	printf(_("Application %lld: %s\n"), a->id, label(LABEL_STATE, a->state));
	field(_("Name"), a->name);
	label_date(a->birth_date, day, sizeof day);
	snprintf(born, sizeof born, "%s, %s (%s)", a->birth_place, day, a->sex);
	field(_("Born"), born);
	field(_("Address"), a->address);
	field(_("Phone"), a->phone);
	field(_("Category"), a->category);
	snprintf(doc, sizeof doc, "%s %s", a->document, a->document_masked);
	field(_("Document"), doc);
	field(_("NIK"), a->nik_masked);
	cli_region_values(a->nik_region, a->village, ktp, sizeof ktp, vil, sizeof vil);
	if (ktp[0] != '\0')
		field(_("KTP region"), ktp);
	if (vil[0] != '\0')
		field(_("Village"), vil);
	field(_("Institution"), a->institution);
	if (a->guardian != NULL)
		field(_("Guardian"), a->guardian);
	if (a->member_no != NULL)
		field(_("Member no."), a->member_no);
	if (a->reason != NULL)
		field(_("Reason"), a->reason);
	if (a->due_at != NULL) {
		cli_wib(a->due_at, due, sizeof due);
		field(_("Due (WIB)"), due);
	}
	return 0;
}

static int
list_app(const struct kt_app *a, void *arg)
{
	struct cli *cli = arg;
	char day[16];

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_app(&cli->js, a);
		json_object_end(&cli->js);
	} else {
		label_date(a->birth_date, day, sizeof day);
		printf("%6lld  %-*s %-9s %-30s %s  %s\n", a->id, label_width(LABEL_STATE, 11),
		    label(LABEL_STATE, a->state),
		    a->category, a->name, day, dash(a->member_no));
	}
	return 0;
}

int
cli_list_apps(struct cli *cli, const char *state, int limit)
{
	int rc;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "applications");
	}
	rc = proc_app_list(cli->st, state, limit, list_app, cli, &cli->err);
	if (cli->json && rc == 0) {
		json_array_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	return rc;
}

int
cli_show_app(struct cli *cli, long long id, int events, int dupes)
{
	struct show sh = { cli, events };
	struct kt_dupes d = { 0 };
	int rc;

	/* Read everything before printing anything, so a failure prints nothing. */
	if (dupes && (rc = proc_app_dupes(cli->st, id, &d, &cli->err)) != 0)
		return rc;
	if (cli->json)
		json_object_begin(&cli->js, NULL);
	if ((rc = proc_app_get(cli->st, id, show_app, &sh, &cli->err)) != 0)
		goto out;
	if (events) {
		if (cli->json)
			json_array_begin(&cli->js, "history");
		else
			printf("%s\n", _("History:"));
		if ((rc = proc_app_events(cli->st, id, show_event, cli, &cli->err)) != 0)
			goto out;
		if (cli->json)
			json_array_end(&cli->js);
	}
	if (dupes) {
		if (cli->json)
			cli_json_dupes(&cli->js, &d);
		else
			cli_print_dupes(cli, &d);
	}
	if (cli->json) {
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
out:
	dupes_free(&d);
	return rc;
}

void
cli_print_verdict(struct cli *cli, const struct card_verdict *v, const char *chip)
{
	char day[16], since[16], note[160], taken[32];
	struct tm tm;

	/* Offline: the answer says what it rests on, and since when. */
	card_offline_note(v, cli->clock != 0 ? cli->clock : time(NULL), note, sizeof note);
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "verdict", verdict_code(v->verdict));
		json_str(&cli->js, "card_no", v->card_no[0] != '\0' ? v->card_no : NULL);
		json_str(&cli->js, "member_no", v->member_no[0] != '\0' ? v->member_no : NULL);
		json_str(&cli->js, "name", v->name[0] != '\0' ? v->name : NULL);
		json_str(&cli->js, "category", v->category[0] != '\0' ? v->category : NULL);
		json_str(&cli->js, "expires_on", v->expires_on[0] != '\0' ? v->expires_on : NULL);
		json_str(&cli->js, "since", v->verdict == VERDICT_LOST ||
		    v->verdict == VERDICT_REPLACED ? v->since : NULL);
		json_str(&cli->js, "chip", chip);
		json_str(&cli->js, "uid", v->uid[0] != '\0' ? v->uid : NULL);
		json_str(&cli->js, "detail", v->detail[0] != '\0' ? v->detail : NULL);
		json_str(&cli->js, "reason", v->reason[0] != '\0' ? v->reason : NULL);
		json_str(&cli->js, "via", v->via[0] != '\0' ? v->via : NULL);
		json_str(&cli->js, "next", v->next[0] != '\0' ? v->next : NULL);
		json_bool(&cli->js, "old_card", v->old_card);
		json_str(&cli->js, "incomplete", v->incomplete[0] != '\0' ? v->incomplete : NULL);
		if (v->offline != 0) {
			gmtime_r(&v->offline, &tm);
			strftime(taken, sizeof taken, "%Y-%m-%dT%H:%M:%SZ", &tm);
			json_bool(&cli->js, "offline", 1);
			json_str(&cli->js, "list_taken", taken);
			json_str(&cli->js, "offline_note", note);
		}
		json_object_end(&cli->js);
		json_finish(&cli->js);
		return;
	}
	label_date(v->expires_on, day, sizeof day);
	label_date(v->since, since, sizeof since);
	printf("%-13s", verdict_text(v->verdict));
	if (v->member_no[0] != '\0')
		printf("  %s  %s  %s", v->card_no, v->name, v->category);
	else if (v->offline != 0 && v->card_no[0] != '\0')
		printf("  %s", v->card_no);
	switch (v->verdict) {
	case VERDICT_ACTIVE:
	case VERDICT_EXPIRED:
	case VERDICT_BLOCKED:
		if (v->expires_on[0] != '\0')
			printf(_("  valid until %s"), day);
		break;
	case VERDICT_LOST:
	case VERDICT_REPLACED:
		if (v->since[0] != '\0')
			printf(_("  since %s"), since);
		break;
	default:
		break;
	}
	if (v->reason[0] != '\0')
		printf(_("  (reason: %s)"), v->reason);
	if (v->detail[0] != '\0' && v->verdict == VERDICT_UNFINISHED) {
		struct kt_err next = { 0 };
		char cmd[128];

		snprintf(next.next, sizeof next.next, "%s", v->next[0] != '\0' ? v->next :
		    "encode");
		snprintf(next.next_arg, sizeof next.next_arg, "%s", v->card_no);
		cli_command(&next, cmd, sizeof cmd);
		printf("  (%s: %s)", v->detail, cmd);
	} else if (v->detail[0] != '\0')
		printf("  (%s)", v->detail);
	/* A barcode is a public number: say that this answer rests on it. */
	if (strcmp(v->via, "barcode") == 0 && v->verdict == VERDICT_ACTIVE)
		printf("  %s", _("by barcode"));
	if (chip != NULL && v->uid[0] != '\0')
		printf("  [%s %s]", chip, v->uid);
	if (note[0] != '\0')
		printf("  (%s)", note);
	/* A member of the old system whose record lacks something: asked for
	 * it at this visit. */
	if (v->incomplete[0] != '\0' && v->member_no[0] != '\0')
		printf(_("  (data incomplete: complete at the next visit)"));
	printf("\n");
	fflush(stdout);
}

/* The options of the core's fields where they are not --FIELD with '-' for
 * '_' (err.h). */
static const struct {
	const char *field, *option;
} options[] = {
	{ "operator", "--as NAME" },
	{ "decision", "--not-duplicate or --duplicate-of NUMBER" },
	{ "member", "--card, --member or --nik" },
};

void
cli_option(const char *field, char *buf, size_t len)
{
	size_t i;
	char *p;

	buf[0] = '\0';
	if (field == NULL || field[0] == '\0')
		return;
	for (i = 0; i < sizeof options / sizeof options[0]; i++)
		if (strcmp(field, options[i].field) == 0) {
			snprintf(buf, len, " (%s)", options[i].option);
			return;
		}
	snprintf(buf, len, " (--%s)", field);
	for (p = buf; *p != '\0'; p++)
		if (*p == '_')
			*p = '-';
}

/* The procedure's steps (err.h, kt_next) as this front end's commands; the
 * metavariables (NUMBER, FILE, ...) in the desk's language. */
static const struct {
	const char *step, *command;
} commands[] = {
	{ "check", "kartu check %s" },
	{ "validate", "kartu validate %s" },
	{ "issue", "kartu issue %s" },
	{ "handover", N_("kartu handover %s --phone NUMBER") },
	{ "encode", "kartu encode %s" },
	{ "print", "kartu print %s" },
	{ "app-show", "kartu app show %s" },
	{ "login", "kartu login %s" },
	{ "operator-add", N_("kartu operator add NAME --role ROLE") },
	{ "operator-pin", "kartu operator pin %s" },
	{ "init", "kartu init" },
	{ "init-admin", "kartu --as %s init" },
	{ "keygen", "kartu keygen" },
	{ "member-photo", N_("kartu member photo %s FILE") },
};

void
cli_command(const struct kt_err *e, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(e->next, commands[i].step) == 0) {
			/* the template with its %s, if any, replaced by the argument */
			const char *t = _(commands[i].command), *at = strstr(t, "%s");

			if (at == NULL)
				snprintf(buf, len, "%s", t);
			else
				snprintf(buf, len, "%.*s%s%s", (int)(at - t), t, e->next_arg, at + 2);
			return;
		}
}
