/*
 * fsck.c - the database integrity check (see fsck.h).
 *
 * Each consistency check is one SQL query whose rows are the findings: the
 * first column names the record, the second says what is wrong.  The queries
 * read only; the check runs inside one read transaction so that it sees one
 * state of the file even while another station writes.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "fsck.h"
#include "memberno.h"

struct check {
	const char *name;
	enum fsck_severity severity;
	const char *sql;	/* rows: (record, detail) */
	const char *detail;	/* the detail, translated; "%s" is the second column */
	const char *fix;
};

/* The promises of the procedure, each as the query for its exceptions. */
static const struct check checks[] = {
	{ "application-member", FSCK_PROBLEM,
	  "SELECT 'application ' || a.id, a.state FROM applications a"
	  " WHERE a.state IN ('issued', 'handed-over') AND (a.member_id IS NULL OR"
	  " NOT EXISTS (SELECT 1 FROM members m WHERE m.id = a.member_id AND"
	  " m.application_id = a.id))",
	  N_("is %s but has no member made from it"), "" },
	{ "application-member", FSCK_PROBLEM,
	  "SELECT 'application ' || a.id, a.state FROM applications a"
	  " WHERE a.state NOT IN ('issued', 'handed-over') AND a.member_id IS NOT NULL",
	  N_("is %s yet has a member"), "" },
	{ "member-application", FSCK_PROBLEM,
	  "SELECT 'member ' || m.member_no, coalesce(a.state, '-') FROM members m"
	  " LEFT JOIN applications a ON a.id = m.application_id"
	  " WHERE m.application_id IS NOT NULL AND (a.id IS NULL OR"
	  " a.state NOT IN ('issued', 'handed-over') OR a.member_id IS DISTINCT FROM m.id)",
	  N_("was made from an application that is %s"), "" },
	{ "member-card", FSCK_PROBLEM,
	  "SELECT 'member ' || m.member_no, '' FROM members m"
	  " WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.member_id = m.id)",
	  N_("has no card%s"), "" },
	{ "member-card", FSCK_PROBLEM,
	  "SELECT 'member ' || m.member_no, count(*) FROM cards c JOIN members m"
	  " ON m.id = c.member_id WHERE c.status IN ('new', 'encoding', 'active')"
	  " GROUP BY m.id HAVING count(*) > 1",
	  N_("has %s cards in use at once"), "" },
	{ "card-number", FSCK_PROBLEM,
	  "SELECT 'card ' || c.card_no, m.member_no FROM cards c JOIN members m"
	  " ON m.id = c.member_id WHERE substr(c.card_no, 1, length(m.member_no))"
	  " <> m.member_no OR length(c.card_no) <> length(m.member_no) + 3"
	  /* The issue number compared as text: a cast of bad text is 0 in
	   * SQLite and an error in PostgreSQL. */
	  " OR substr(c.card_no, length(m.member_no) + 1, 2)"
	  " <> CASE WHEN c.issue_no BETWEEN 0 AND 9 THEN '0' ELSE '' END || c.issue_no",
	  N_("does not carry member number %s and its issue number"), "" },
	{ "card-state", FSCK_PROBLEM,
	  "SELECT 'card ' || card_no, status FROM cards"
	  " WHERE status = 'new' AND uid IS NOT NULL"
	  " AND NOT (media = 'chip+printed' AND encoded_at IS NOT NULL)",
	  N_("is %s yet names a chip"), "" },
	{ "card-state", FSCK_PROBLEM,
	  "SELECT 'card ' || card_no, status FROM cards"
	  " WHERE status IN ('encoding', 'active') AND (uid IS NULL OR chip IS NULL)"
	  " AND media <> 'printed'",
	  N_("is %s but names no chip"), "" },
	{ "card-state", FSCK_PROBLEM,
	  "SELECT 'card ' || card_no, media FROM cards"
	  " WHERE status = 'active' AND media <> 'chip' AND printed_at IS NULL",
	  N_("is an active %s card whose print was never verified"), "" },
	{ "card-state", FSCK_UNFINISHED,
	  "SELECT 'card ' || card_no, uid FROM cards WHERE status = 'encoding'",
	  N_("was being written to chip %s when the station stopped"),
	  N_("tap the card again: kartu encode CARD") },
	{ "replacement", FSCK_PROBLEM,
	  "SELECT 'replacement ' || r.id, o.status || '/' || n.status FROM replacements r"
	  " JOIN cards o ON o.id = r.old_card_id JOIN cards n ON n.id = r.new_card_id"
	  " WHERE o.member_id <> r.member_id OR n.member_id <> r.member_id"
	  " OR o.status NOT IN ('lost', 'damaged', 'replaced', 'revoked')"
	  " OR n.issue_no <= o.issue_no",
	  N_("joins cards that do not fit together (%s)"), "" },
	{ "replacement", FSCK_PROBLEM,
	  "SELECT 'card ' || c.card_no, c.reason FROM cards c WHERE c.issue_no > 1"
	  " AND NOT EXISTS (SELECT 1 FROM replacements r WHERE r.new_card_id = c.id)",
	  N_("is a later card (%s) without a replacement record"), "" },
	{ "history", FSCK_PROBLEM,
	  "SELECT 'application ' || a.id, a.state FROM applications a"
	  " WHERE a.state IS DISTINCT FROM (SELECT e.to_state FROM app_events e WHERE e.application_id = a.id"
	  " ORDER BY e.id DESC LIMIT 1)",
	  N_("is %s but its history ends elsewhere"), "" },
	{ "counter", FSCK_PROBLEM,
	  "SELECT 'counter ' || k.name, k.value FROM counters k WHERE k.value <"
	  " (SELECT count(*) FROM members m WHERE 'member:' ||"
	  " substr(wib(m.created_at), 1, 4) = k.name)",
	  N_("stands at %s, below the members numbered with it"), "" },
	/* The report's counts of members moved in (report_tally) against the
	 * register: changed in the same transactions, so a difference is a
	 * change made behind the station's back. */
	{ "report-count", FSCK_PROBLEM,
	  "WITH r AS (SELECT substr(created_at, 1, 13) AS hour, category, count(*) AS n"
	  " FROM members WHERE application_id IS NULL GROUP BY 1, 2)"
	  " SELECT 'count ' || r.category || ' ' || r.hour, coalesce(c.n, 0) || ' / ' || r.n"
	  " FROM r LEFT JOIN imported_counts c ON c.hour = r.hour AND c.category = r.category"
	  " WHERE c.n IS NULL OR c.n <> r.n"
	  " UNION ALL SELECT 'count ' || c.category || ' ' || c.hour, c.n || ' / 0'"
	  " FROM imported_counts c WHERE c.n <> 0 AND NOT EXISTS (SELECT 1 FROM r"
	  " WHERE r.hour = c.hour AND r.category = c.category)",
	  N_("of members moved in is %s (the report's / the register's)"), "" },
};

/* fmt with its one "%s" replaced by arg (the table's formats are data, so
 * not given to printf). */
static void
subst(const char *fmt, const char *arg, char *out, size_t len)
{
	const char *p = strstr(fmt, "%s");

	if (p == NULL)
		snprintf(out, len, "%s", fmt);
	else
		snprintf(out, len, "%.*s%s%s", (int)(p - fmt), fmt, arg, p + 2);
}

static int
report(int (*cb)(const struct fsck_finding *, void *), void *arg,
    struct fsck_summary *sum, enum fsck_severity sev, const char *check, const char *what,
    const char *detail, const char *fix)
{
	struct fsck_finding f = { sev, check, what, detail, fix };

	if (sev == FSCK_PROBLEM)
		sum->problems++;
	else
		sum->unfinished++;
	return cb != NULL ? cb(&f, arg) : 0;
}

/* What the engine finds (store_integrity), as findings. */
struct engine_arg {
	int (*cb)(const struct fsck_finding *, void *);
	void *arg;
	struct fsck_summary *sum;
};

static int
engine_problem(const char *kind, const char *what, const char *detail, void *arg)
{
	struct engine_arg *a = arg;

	if (strcmp(kind, "integrity") == 0)
		report(a->cb, a->arg, a->sum, FSCK_PROBLEM, "integrity", _("the database file"),
		    detail, _("restore the last backup"));
	else
		report(a->cb, a->arg, a->sum, FSCK_PROBLEM, "foreign-keys", what, detail, "");
	return 0;
}

/* The engine's own checks (SQLite: PRAGMA integrity_check and
 * foreign_key_check) and the schema's version. */
static int
engine_checks(struct store *st, int (*cb)(const struct fsck_finding *, void *), void *arg,
    struct fsck_summary *sum, struct kt_err *e)
{
	struct engine_arg a = { cb, arg, sum };
	char detail[256];
	int rc;

	sum->checks += 2;
	if ((rc = store_integrity(st, engine_problem, &a, e)) != 0)
		return rc;
	sum->checks++;
	if (store_version(st) != store_latest_version()) {
		snprintf(detail, sizeof detail, _("schema version %d, this kartu knows %d"),
		    store_version(st), store_latest_version());
		report(cb, arg, sum, FSCK_PROBLEM, "schema", _("the database file"), detail,
		    _("open it with this kartu once (it upgrades in place)"));
	}
	return 0;
}

/* Every member and card number carries a good check digit. */
static int
number_checks(struct store *st, int (*cb)(const struct fsck_finding *, void *), void *arg,
    struct fsck_summary *sum, struct kt_err *e)
{
	struct store_stmt *s;
	char buf[64], what[96];
	int rc;

	sum->checks++;
	if ((rc = store_prepare(st, "SELECT 'member', member_no FROM members UNION ALL"
	    " SELECT 'card', card_no FROM cards", &s, e)) != 0)
		return rc;
	while (store_step(s) == STORE_ROW) {
		const char *kind = store_col_text(s, 0);
		const char *no = store_col_text(s, 1);

		if (no == NULL)
			continue;
		if (kind[0] == 'm' ? memberno_parse(no, buf, sizeof buf, NULL) == 0 :
		    cardno_parse(no, buf, sizeof buf, NULL, 0, NULL, NULL) == 0)
			continue;
		snprintf(what, sizeof what, "%s %s", kind, no);
		report(cb, arg, sum, FSCK_PROBLEM, "check-digit", what,
		    _("has a wrong check digit"), "");
	}
	store_finalize(s);
	return 0;
}

int
fsck_run(struct store *st, int (*cb)(const struct fsck_finding *, void *), void *arg,
    struct fsck_summary *sum, struct kt_err *e)
{
	struct store_stmt *s;
	char what[128], detail[256];
	size_t i;
	int rc;

	memset(sum, 0, sizeof *sum);
	/* One snapshot for every check: a station issuing meanwhile must not
	 * show as a card without its member. */
	if ((rc = store_begin_read(st, e)) != 0)
		return rc;
	if ((rc = engine_checks(st, cb, arg, sum, e)) != 0 ||
	    (rc = number_checks(st, cb, arg, sum, e)) != 0)
		goto out;
	/* The audit trail: every entry chained to the one before, the head. */
	sum->checks++;
	{
		struct audit_result ar;
		struct kt_err ae;

		rc = audit_verify(st, &ar, &ae);
		if (rc == KT_EREFUSED) {
			snprintf(what, sizeof what, _("audit entry %lld"), ar.bad_id);
			report(cb, arg, sum, FSCK_PROBLEM, "audit", what, ar.reason,
			    _("changed behind the station's back: find out who had the file"));
			rc = 0;
		} else if (rc != 0) {
			if (e != NULL)
				*e = ae;
			goto out;
		}
		sum->audit_entries = ar.entries;
	}
	for (i = 0; i < nitems(checks); i++) {
		sum->checks++;
		if ((rc = store_prepare(st, checks[i].sql, &s, e)) != 0)
			goto out;
		while (store_step(s) == STORE_ROW) {
			const char *arg1 = store_col_text(s, 1);

			snprintf(what, sizeof what, "%s", store_col_text(s, 0));
			subst(_(checks[i].detail), arg1 != NULL ? arg1 : "", detail,
			    sizeof detail);
			report(cb, arg, sum, checks[i].severity, checks[i].name, what, detail,
			    checks[i].fix[0] != '\0' ? _(checks[i].fix) : "");
		}
		store_finalize(s);
	}
	if ((rc = store_prepare(st, "SELECT (SELECT count(*) FROM applications),"
	    " (SELECT count(*) FROM members), (SELECT count(*) FROM cards)", &s, e)) != 0)
		goto out;
	if (store_step(s) == STORE_ROW) {
		sum->applications = store_col_int(s, 0);
		sum->members = store_col_int(s, 1);
		sum->cards = store_col_int(s, 2);
	}
	store_finalize(s);
out:
	store_end_read(st);
	return rc;
}
