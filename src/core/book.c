/*
 * book.c - the handover book (see book.h).
 */
#include <stdio.h>
#include <string.h>

#include "wib.h"
#include "book.h"
#include "label.h"
#include "page.h"
#include "valid.h"

int
book_entries(struct store *st, const char *date,
    int (*cb)(const struct book_entry *, void *), void *arg, struct kt_err *e)
{
	struct book_entry b;
	struct kt_date d;
	struct store_stmt *s;
	char day[11], phone[24], lo[WIB_STAMP], hi[WIB_STAMP];
	int rc, stop = 0;

	if ((rc = valid_date(date, &d, e)) != 0)
		return rc;
	date_format(&d, day, sizeof day);
	wib_bounds(&d, &d, lo, hi);
	if ((rc = store_prepare(st, "SELECT substr(wib(h.at), 12, 5), h.signed_name,"
	    " m.member_no, h.card_no, h.phone, h.phone_changed, h.verified_via, o.name"
	    " FROM handovers h JOIN members m ON m.id = h.member_id"
	    " JOIN operators o ON o.id = h.operator_id"
	    " WHERE h.at >= ?1 AND h.at < ?2 ORDER BY h.at, h.id", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, lo);
	store_bind_text(s, 2, hi);
	b.no = 0;
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		b.no++;
		b.time = store_col_text(s, 0);
		b.signed_name = store_col_text(s, 1);
		b.member_no = store_col_text(s, 2);
		b.card_no = store_col_text(s, 3);
		valid_mask(store_col_text(s, 4), phone, sizeof phone);
		b.phone_masked = phone;
		b.phone_changed = store_col_int(s, 5);
		b.via = store_col_text(s, 6);
		b.officer = store_col_text(s, 7);
		stop = cb(&b, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

#define ROW_H 12.0
#define TOP 48.0
#define ROWS_PER_PAGE 19

/* Column edges in mm: No, name, card, phone, officer, signature. */
static const double colx[] = { 12, 22, 77, 112, 150, 166, 198 };

struct book_draw {
	struct page *pg;
	char title[200], lib[200], day[11];
	int page, row;
};

static void
heading(struct book_draw *bd)
{
	static const char *const head[] = {
		N_("No."), N_("Name as signed"), N_("Card number"), N_("Phone verified"),
		N_("Officer"), N_("Signature"),
	};
	char buf[64], shown[16];
	size_t i;

	bd->page++;
	page_text(bd->pg, PAGE_W / 2, 14, 0, 14, 1, 1, bd->title);
	page_text(bd->pg, PAGE_W / 2, 22, 0, 10, 0, 1, bd->lib);
	label_date(bd->day, shown, sizeof shown);
	snprintf(buf, sizeof buf, _("Date: %s (WIB)"), shown);
	page_text(bd->pg, colx[0], 32, 0, 10, 0, 0, buf);
	snprintf(buf, sizeof buf, _("Page %d"), bd->page);
	page_text(bd->pg, colx[6], 32, 0, 10, 0, 2, buf);
	page_rect(bd->pg, colx[0], TOP - 8, colx[6] - colx[0], 8, 0.85);
	for (i = 0; i < nitems(head); i++)
		page_text(bd->pg, colx[i] + 1, TOP - 6.5, colx[i + 1] - colx[i] - 2, 8, 1, 0,
		    _(head[i]));
	page_rect(bd->pg, colx[0], TOP - 8, colx[6] - colx[0], 8, -1);
	bd->row = 0;
}

static int
draw_entry(const struct book_entry *b, void *arg)
{
	struct book_draw *bd = arg;
	char no[16], phone[64];
	double y;
	size_t i;

	if (bd->row == ROWS_PER_PAGE) {
		page_next(bd->pg);
		heading(bd);
	}
	y = TOP + bd->row * ROW_H;
	snprintf(no, sizeof no, "%d", b->no);
	snprintf(phone, sizeof phone, "%s %s", b->phone_masked,
	    b->phone_changed ? _("(new)") : "");
	page_text(bd->pg, colx[0] + 1, y + 1.5, colx[1] - colx[0] - 2, 9, 0, 0, no);
	page_text(bd->pg, colx[1] + 1, y + 1.5, colx[2] - colx[1] - 2, 9, 0, 0, b->signed_name);
	page_text(bd->pg, colx[1] + 1, y + 6.5, colx[2] - colx[1] - 2, 7, 0, 0, b->time);
	page_text(bd->pg, colx[2] + 1, y + 1.5, colx[3] - colx[2] - 2, 9, 0, 0, b->card_no);
	/* How the code reached the phone: the station's SMS gateway, or shown
	 * on the screen and read out on a call (handovers.verified_via). */
	page_text(bd->pg, colx[3] + 1, y + 1.5, colx[4] - colx[3] - 2, 9, 0, 0,
	    strcmp(b->via, "sms") == 0 ? _("yes (SMS)") : _("yes (call)"));
	page_text(bd->pg, colx[3] + 1, y + 6.5, colx[4] - colx[3] - 2, 7, 0, 0, phone);
	page_text(bd->pg, colx[4] + 1, y + 1.5, colx[5] - colx[4] - 2, 8, 0, 0, b->officer);
	for (i = 0; i < nitems(colx); i++)
		page_line(bd->pg, colx[i], y, colx[i], y + ROW_H);
	page_line(bd->pg, colx[0], y + ROW_H, colx[6], y + ROW_H);
	bd->row++;
	return 0;
}

int
book_render(struct store *st, const char *date, const char *path, int *entries,
    struct kt_err *e)
{
	struct book_draw bd;
	struct kt_date d;
	int rc;

	*entries = 0;
	memset(&bd, 0, sizeof bd);
	if ((rc = valid_date(date, &d, e)) != 0)
		return rc;
	date_format(&d, bd.day, sizeof bd.day);
	if (store_setting(st, "library_name", bd.lib, sizeof bd.lib, NULL) != 0)
		bd.lib[0] = '\0';
	snprintf(bd.title, sizeof bd.title, "%s", _("Member card handover book"));
	if ((rc = page_open(path, &bd.pg, e)) != 0)
		return rc;
	heading(&bd);
	rc = book_entries(st, bd.day, draw_entry, &bd, e);
	if (rc == 0 && bd.page == 1 && bd.row == 0)
		page_text(bd.pg, PAGE_W / 2, TOP + 10, 0, 10, 0, 1,
		    _("No cards were handed over on this day."));
	*entries = bd.row + (bd.page - 1) * ROWS_PER_PAGE;
	if (page_close(bd.pg, rc == 0 ? e : NULL) != 0 && rc == 0)
		rc = KT_EFAIL;
	return rc;
}
