/*
 * backup.c - the register's side of backups (backup.h): is there anything to
 * lose, and the audit entries of a backup and a restore.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "backup.h"

int
backup_records(struct store *st, long long *records, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	*records = 0;
	if ((rc = store_prepare(st, "SELECT (SELECT count(*) FROM applications) + (SELECT"
	    " count(*) FROM members) + (SELECT count(*) FROM operators)", &s, e)) != 0)
		return rc;
	if (store_step(s) == STORE_ROW)
		*records = store_col_int(s, 0);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* s as a JSON string (quotes included) into buf; control characters and
 * bytes the buffer cannot hold are dropped, never written raw. */
static void
json_quote(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	if (len < 3)
		return;
	buf[n++] = '"';
	for (; s != NULL && *s != '\0' && n + 8 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(buf + n, len - n, "\\u%04x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

int
backup_record(struct store *st, const struct backup_event *ev, struct kt_err *e)
{
	char file[1100], by[200], why[40], json[1500];
	int rc;

	json_quote(ev->file, file, sizeof file);
	if (strcmp(ev->event, "restore-refused") == 0) {
		json_quote(ev->by != NULL ? ev->by : "", by, sizeof by);
		json_quote(ev->refused, why, sizeof why);
		snprintf(json, sizeof json, "{\"file\":%s,\"asked_as\":%s,\"refused\":%s}",
		    file, by, why);
	} else if (strcmp(ev->event, "restore") == 0) {
		json_quote(ev->by != NULL ? ev->by : "", by, sizeof by);
		snprintf(json, sizeof json, "{\"file\":%s,\"bytes\":%lld,\"version\":%d,"
		    "\"by\":%s,\"fsck_problems\":%d,\"audit_verified\":%s}", file, ev->bytes,
		    ev->version, by, ev->fsck_problems, ev->audit_ok ? "true" : "false");
	} else
		snprintf(json, sizeof json, "{\"file\":%s,\"bytes\":%lld,\"version\":%d}", file,
		    ev->bytes, ev->version);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = audit_event(st, ev->event, 0, json, e)) != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}
