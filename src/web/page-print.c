/*
 * page-print.c - Cetak (the operator's): the print queue (printq.h), a card's
 * preview rendered by the layout code (layout.h) as a PNG behind the
 * session, its PDF, and the three ways a print is made, as kartu print makes
 * them: an A4 sheet of the chosen cards (a download), the station's CUPS
 * printer, or "printed" for a PDF printed by hand.  Each reads the barcodes
 * back first (render_selfcheck) and then records the print (card_printed,
 * member_reprinted), which makes a printed card active.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "barcode.h"
#include "card.h"
#include "label.h"
#include "layout.h"
#include "member.h"
#include "printer.h"
#include "printq.h"
#include "web-int.h"

#define MAX_CHOSEN 200

/* Render what draw writes to a file of a private directory and send it. */
struct drawing {
	const struct layout *l;
	const struct card_fields *f;
	int n;
	enum render_format fmt;
	int sheet;
};

static int
draw_and_send(struct web_req *r, const struct drawing *d, const char *type,
    const char *filename, struct kt_err *e)
{
	char dir[512], path[600];
	int rc;

	if ((rc = web_temp_dir(r, dir, sizeof dir, e)) != 0)
		return rc;
	snprintf(path, sizeof path, "%s/kartu.%s", dir, d->fmt == RENDER_PNG ? "png" : "pdf");
	rc = d->sheet ? render_sheet(d->l, d->f, d->n, path, 0, 0, e) :
	    render_card(d->l, d->f, path, d->fmt, 0, 0, e);
	if (rc == 0)
		rc = web_send_file(r, path, type, filename, e);
	unlink(path);
	rmdir(dir);
	return rc;
}

/* A card or member number from the path: digits only (a scanner's barcode
 * as the CLI reads it), else KT_ENOTFOUND. */
static int
number_arg(const char *s, char *out, size_t len, struct kt_err *e)
{
	if (barcode_digits(s, out, len, NULL) != 0)
		return kt_error(e, KT_ENOTFOUND, _("no such page"));
	return 0;
}

/* ---- the queue ---- */

struct listing {
	struct web_req *r;
	int n;
};

static int
queue_row(const struct printq_item *it, void *arg)
{
	struct listing *ls = arg;
	struct web_req *r = ls->r;

	ls->n++;
	web_html(r, "<tr><td><input type=\"checkbox\" name=\"kartu\" value=\"%s\" id=\"k-%s\""
	    " checked></td><td><label for=\"k-%s\">%s</label></td><td>%s</td><td>%s</td>"
	    "<td>%s</td><td class=\"nowrap\">", it->card_no, it->card_no, it->card_no,
	    it->card_no, it->member_no, it->name, it->category_name);
	web_date(r, it->created_at);
	web_html(r, "</td><td>%s</td><td><a href=\"/cetak/kartu/%s\">%s</a></td></tr>",
	    it->reprint != NULL ? _("print again (corrected)") : _("new card"), it->card_no,
	    _("Preview"));
	return 0;
}

static int
get_queue(struct web_req *r)
{
	const struct config *c = web_config(r);
	struct listing ls = { r, 0 };
	struct kt_err *e = web_err(r);
	long long waiting;
	int rc;

	web_page_begin(r, _("Print"));
	web_raw(r, "<form method=\"get\" action=\"/cetak/kartu\" class=\"inline\">");
	web_input(r, "nomor", _("Card or member number"), "text", NULL, NULL,
	    " inputmode=\"numeric\" autocomplete=\"off\"");
	web_html(r, "<button type=\"submit\" class=\"secondary\">%s</button></form>", _("Open"));
	web_html(r, "<h2>%s</h2>", _("Cards waiting to be printed"));
	web_live_begin(r, "card reprint", 1, 0);
	if ((rc = printq_count(web_store(r), &waiting, e)) != 0)
		return rc;
	if (waiting == 0) {
		web_html(r, "<p>%s</p>", _("No cards to print."));
		web_live_end(r);
		web_page_end(r);
		return 0;
	}
	web_form_begin(r, "/cetak", 0);
	web_html(r, "<table><thead><tr><th scope=\"col\"><span class=\"sr\">%s</span></th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\"><span class=\"sr\">%s</span></th></tr></thead><tbody>",
	    _("Choose"), _("Card number"), _("Member number"), _("Name"), _("Member type"),
	    _("Issued"), _("Why"), _("Preview"));
	if ((rc = printq_list(web_store(r), queue_row, &ls, e)) != 0)
		return rc;
	web_raw(r, "</tbody></table>");
	web_html(r, "<p class=\"actions\"><button type=\"submit\" name=\"aksi\" value=\"lembar\">"
	    "%s</button>", _("A4 sheet of the chosen cards (PDF)"));
	if (c != NULL && c->printer[0] != '\0')
		web_html(r, " <button type=\"submit\" name=\"aksi\" value=\"printer\">%s %s</button>",
		    _("Send to the printer"), c->printer);
	web_html(r, " <button type=\"submit\" name=\"aksi\" value=\"tandai\" class=\"secondary\">"
	    "%s</button></p><p class=\"hint\">%s</p>", _("Mark as printed"),
	    _("Each card's barcodes are read back before it counts as printed; a printed"
	    " card is then active.  An A4 sheet has 10 cards a page, with cut marks."));
	web_form_end(r);
	web_live_end(r);
	web_page_end(r);
	return 0;
}

/* ---- one card ---- */

static int
get_card(struct web_req *r)
{
	const struct config *c = web_config(r);
	struct card_print p;
	struct kt_err *e = web_err(r);
	const char *arg = web_arg(r);
	char number[64], title[96];
	int rc;

	if (arg[0] == '\0' && (arg = web_field(r, "nomor")) != NULL) {
		/* The form on the queue's page: to the card's own address. */
		if ((rc = number_arg(arg, number, sizeof number, e)) != 0)
			return kt_error(e, KT_EUSAGE, _("'%.40s' is not a card or member number"),
			    arg);
		web_redirect(r, "/cetak/kartu/%s", number);
		return 0;
	}
	if ((rc = number_arg(arg, number, sizeof number, e)) != 0)
		return rc;
	memset(&p, 0, sizeof p);
	if ((rc = card_print_fields(web_store(r), number, &p, e)) != 0) {
		card_print_free(&p);
		return rc;
	}
	snprintf(title, sizeof title, _("Card %s"), p.card_no);
	web_page_begin(r, title);
	web_html(r, "<div class=\"card-view\"><img class=\"card-preview\" src=\"/cetak/png/%s\""
	    " alt=\"%s %s\" width=\"506\" height=\"319\"><div>", p.card_no,
	    _("The card as it will be printed:"), p.name);
	web_html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
	    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", _("Name"), p.name, _("Member number"),
	    p.member_no, _("Member type"), p.category_name, _("Valid until"));
	web_date(r, p.expires);
	web_raw(r, "</dd></dl>");
	web_html(r, "<p><a class=\"button secondary\" href=\"/cetak/pdf/%s\" download>%s</a></p>",
	    p.card_no, _("Download the card (PDF)"));
	web_form_begin(r, "/cetak", 0);
	web_input(r, "kartu", "", "hidden", p.card_no, NULL, NULL);
	web_raw(r, "<p class=\"actions\">");
	if (c != NULL && c->printer[0] != '\0')
		web_html(r, "<button type=\"submit\" name=\"aksi\" value=\"printer\">%s %s</button> ",
		    _("Send to the printer"), c->printer);
	web_html(r, "<button type=\"submit\" name=\"aksi\" value=\"tandai\" class=\"secondary\">"
	    "%s</button></p>", _("Mark as printed"));
	web_form_end(r);
	web_html(r, "</div></div><p><a href=\"/cetak\">%s</a></p>", _("Back to the queue"));
	card_print_free(&p);
	web_page_end(r);
	return 0;
}

/* The card of the path rendered as a PNG (preview) or a PDF (download);
 * nothing is recorded. */
static int
render_one(struct web_req *r, enum render_format fmt)
{
	struct kt_err *e = web_err(r);
	struct layout *l = NULL;
	struct card_print p;
	struct card_fields f;
	struct drawing d;
	char number[64], name[96];
	int rc;

	if ((rc = number_arg(web_arg(r), number, sizeof number, e)) != 0)
		return rc;
	memset(&p, 0, sizeof p);
	if ((rc = card_print_fields(web_store(r), number, &p, e)) == 0 &&
	    (rc = web_layout(r, &l, e)) == 0) {
		card_fields_of(&p, &f);
		d.l = l;
		d.f = &f;
		d.n = 1;
		d.fmt = fmt;
		d.sheet = 0;
		snprintf(name, sizeof name, "%s-%s.pdf", _("card"), p.card_no);
		rc = draw_and_send(r, &d, fmt == RENDER_PNG ? "image/png" : "application/pdf",
		    fmt == RENDER_PNG ? NULL : name, e);
	}
	layout_free(l);
	card_print_free(&p);
	return rc;
}

static int
get_png(struct web_req *r)
{
	return render_one(r, RENDER_PNG);
}

static int
get_pdf(struct web_req *r)
{
	return render_one(r, RENDER_PDF);
}

/* ---- printing the chosen cards ---- */

/* The print of p was made: record it (the card active if printed is all it
 * needed) and clear its reprint mark. */
static int
record(struct web_req *r, const struct card_print *p, int *activated, struct kt_err *e)
{
	int rc;

	if ((rc = card_printed(web_store(r), p->card_no, NULL, activated, e)) != 0)
		return rc;
	return member_reprinted(web_store(r), p->card_no, e);
}

/* One card to the station's printer, as kartu print --printer. */
static int
to_printer(struct web_req *r, const struct layout *l, const struct card_print *p,
    const struct card_fields *f, struct kt_err *e)
{
	const struct config *c = web_config(r);
	char dir[512], path[600], job[128] = "";
	int rc;

	if ((rc = web_temp_dir(r, dir, sizeof dir, e)) != 0)
		return rc;
	snprintf(path, sizeof path, "%s/%s.pdf", dir, p->card_no);
	if ((rc = render_card(l, f, path, RENDER_PDF, 0, 0, e)) == 0)
		rc = printer_send(c->printer, path, p->card_no, job, sizeof job, e);
	unlink(path);
	rmdir(dir);
	return rc;
}

static int
post_print(struct web_req *r)
{
	const struct config *c = web_config(r);
	const char *aksi = web_field(r, "aksi"), *v;
	struct card_print *cards = NULL;
	struct card_fields *f = NULL;
	struct layout *l = NULL;
	struct kt_err *e = web_err(r);
	struct drawing d;
	char number[64], name[96];
	int i, n = 0, done = 0, active = 0, activated, codes, rc = 0, sheet, printer;

	if (aksi == NULL)
		aksi = "";
	sheet = strcmp(aksi, "lembar") == 0;
	printer = strcmp(aksi, "printer") == 0;
	if (!sheet && !printer && strcmp(aksi, "tandai") != 0)
		return kt_error(e, KT_EUSAGE, _("choose what to do with the cards"));
	if (printer && (c == NULL || c->printer[0] == '\0'))
		return kt_error(e, KT_EREFUSED, _("this station has no printer: set printer in"
		    " kartu.conf"));
	while (web_field_n(r, "kartu", n) != NULL)
		n++;
	if (n == 0) {
		web_flash(r, "warn", "%s", _("Choose the cards first."));
		web_redirect(r, "/cetak");
		return 0;
	}
	if (n > MAX_CHOSEN)
		return kt_error(e, KT_EUSAGE, _("at most %d cards at once"), MAX_CHOSEN);
	if ((cards = calloc((size_t)n, sizeof *cards)) == NULL ||
	    (f = calloc((size_t)n, sizeof *f)) == NULL) {
		rc = kt_error(e, KT_EFAIL, _("out of memory"));
		goto out;
	}
	if ((rc = web_layout(r, &l, e)) != 0)
		goto out;
	/* Every card found and its barcodes read back before anything is
	 * printed or recorded. */
	for (i = 0; i < n; i++) {
		v = web_field_n(r, "kartu", i);
		if ((rc = barcode_digits(v, number, sizeof number, e)) != 0 ||
		    (rc = card_print_fields(web_store(r), number, &cards[i], e)) != 0)
			goto out;
		card_fields_of(&cards[i], &f[i]);
		if ((rc = render_selfcheck(l, &f[i], &codes, e)) != 0)
			goto out;
	}
	if (sheet) {
		d.l = l;
		d.f = f;
		d.n = n;
		d.fmt = RENDER_PDF;
		d.sheet = 1;
		snprintf(name, sizeof name, "%s-%d.pdf", _("cards"), n);
		if ((rc = draw_and_send(r, &d, "application/pdf", name, e)) != 0)
			goto out;
	}
	for (i = 0; i < n; i++) {
		if (printer && (rc = to_printer(r, l, &cards[i], &f[i], e)) != 0)
			break;
		if ((rc = record(r, &cards[i], &activated, e)) != 0)
			break;
		done++;
		active += activated;
	}
	if (rc != 0 && (done == 0 || sheet))
		goto out;	/* the error page, in place of the sheet too */
	if (rc != 0) {
		/* Some went: say which, and what stopped the rest. */
		web_flash(r, "error", _("%d of %d card(s) printed; then: %s"), done, n, e->msg);
		rc = 0;
		web_redirect(r, "/cetak");
		goto out;
	}
	if (sheet)
		goto out;	/* the answer is the sheet */
	if (printer)
		web_flash(r, "ok", _("%d card(s) sent to printer %s, barcodes read back; %d now"
		    " active."), n, c->printer, active);
	else
		web_flash(r, "ok", _("%d card(s) marked as printed, barcodes read back; %d now"
		    " active."), n, active);
	web_redirect(r, "/cetak");
out:
	for (i = 0; cards != NULL && i < n; i++)
		card_print_free(&cards[i]);
	free(cards);
	free(f);
	layout_free(l);
	return rc;
}

const struct web_route web_routes_print[] = {
	{ "GET", "/cetak", "operator", get_queue, N_("Print") },
	{ "POST", "/cetak", "operator", post_print, NULL },
	{ "GET", "/cetak/kartu", "operator", get_card, NULL },
	{ "GET", "/cetak/kartu/", "operator", get_card, NULL },
	{ "GET", "/cetak/png/", "operator", get_png, NULL },
	{ "GET", "/cetak/pdf/", "operator", get_pdf, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
