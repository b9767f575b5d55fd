/*
 * printq.c - the print queue (printq.h): two sets, new printed cards not yet
 * verified and cards marked for a reprint, each read through its own index
 * (cards_to_print, 0023; reprints' key) rather than a scan of every card.
 */
#include <stdio.h>
#include <string.h>

#include "printq.h"

#define LIVE "c.status NOT IN ('lost', 'damaged', 'replaced', 'revoked')"

static const char queue_sql[] =
	"SELECT c.card_no, m.member_no, m.name, coalesce(k.name, m.category), c.media,"
	" c.status, c.created_at, r.fields, c.id FROM cards c JOIN members m ON m.id ="
	" c.member_id LEFT JOIN categories k ON k.code = m.category LEFT JOIN reprints r"
	" ON r.card_id = c.id WHERE c.printed_at IS NULL AND c.media <> 'chip' AND " LIVE
	" UNION SELECT c.card_no, m.member_no, m.name, coalesce(k.name, m.category), c.media,"
	" c.status, c.created_at, r.fields, c.id FROM reprints r JOIN cards c ON c.id ="
	" r.card_id JOIN members m ON m.id = c.member_id LEFT JOIN categories k ON k.code ="
	" m.category WHERE " LIVE " ORDER BY 9";

int
printq_list(struct store *st, int (*cb)(const struct printq_item *, void *), void *arg,
    struct kt_err *e)
{
	struct store_stmt *s;
	struct printq_item it;
	int rc, stop = 0;

	if ((rc = store_prepare(st, queue_sql, &s, e)) != 0)
		return rc;
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		it.card_no = store_col_text(s, 0);
		it.member_no = store_col_text(s, 1);
		it.name = store_col_text(s, 2);
		it.category_name = store_col_text(s, 3);
		it.media = store_col_text(s, 4);
		it.status = store_col_text(s, 5);
		it.created_at = store_col_text(s, 6);
		it.reprint = store_col_text(s, 7);
		stop = cb(&it, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

static int
count_one(const struct printq_item *it, void *arg)
{
	(void)it;
	(*(long long *)arg)++;
	return 0;
}

int
printq_count(struct store *st, long long *n, struct kt_err *e)
{
	*n = 0;
	return printq_list(st, count_one, n, e);
}
