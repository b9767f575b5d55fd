/* The already-a-member check against a store of members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupes.h"
#include "setup.h"
#include "tap.h"

static struct store *st;
static int seq, differ;

static void
add_member(const char *name, const char *birth, const char *phone, const char *nik)
{
	char key[NAME_KEY_MAX], hash[STORE_HASH_LEN], no[16];
	struct store_stmt *s;

	name_key(name, key, sizeof key);
	snprintf(no, sizeof no, "M%05d", ++seq);
	if (store_prepare(st, "INSERT INTO members (member_no, category, name, name_key,"
	    " birth_place, birth_date, sex, address, phone, nik_hash, expires_on, created_at,"
	    " created_by) VALUES (?, 'umum', ?, ?, 'X', ?, 'L', 'A', ?, ?, '2030-01-01', 'now',"
	    " 1)", &s, NULL) != 0)
		exit(1);
	store_bind_text(s, 1, no);
	store_bind_text(s, 2, name);
	store_bind_text(s, 3, key);
	store_bind_text(s, 4, birth);
	store_bind_text(s, 5, phone);
	if (nik != NULL) {
		store_hash_id(st, "nik", nik, hash, NULL);
		store_bind_text(s, 6, hash);
	}
	if (store_step(s) != STORE_DONE)
		exit(1);
	store_finalize(s);
}

/* An application in state, by an applicant of that name and birth date. */
static void
add_app(const char *state, const char *name, const char *birth, const char *phone,
    const char *nik)
{
	char key[NAME_KEY_MAX], hash[STORE_HASH_LEN];
	struct store_stmt *s;

	name_key(name, key, sizeof key);
	if (store_prepare(st, "INSERT INTO applications (state, category, name, name_key,"
	    " birth_place, birth_date, sex, address, phone, document, document_hash,"
	    " document_masked, nik_hash, created_at, updated_at) VALUES (?, 'umum', ?, ?,"
	    " 'Palangka Raya', ?, 'P', 'A', ?, 'ktp', 'h', 'm', ?, 'now', 'now')", &s,
	    NULL) != 0)
		exit(1);
	store_bind_text(s, 1, state);
	store_bind_text(s, 2, name);
	store_bind_text(s, 3, key);
	store_bind_text(s, 4, birth);
	store_bind_text(s, 5, phone);
	if (nik != NULL) {
		store_hash_id(st, "nik", nik, hash, NULL);
		store_bind_text(s, 6, hash);
	}
	if (store_step(s) != STORE_DONE)
		exit(1);
	store_finalize(s);
}

/* Run the check; return the index of member no (or -1) in the result. */
static int
find(const char *name, const char *birth, const char *phone, const char *nik,
    struct kt_dupes *d, const char *want)
{
	struct dupe_query q;
	struct dupes_index *x;
	struct kt_dupes m;
	char key[NAME_KEY_MAX], hash[STORE_HASH_LEN];
	size_t i;

	memset(&q, 0, sizeof q);
	name_key(name, key, sizeof key);
	q.name_key = key;
	valid_date(birth, &q.birth, NULL);
	q.phone = phone;
	if (nik != NULL) {
		store_hash_id(st, "nik", nik, hash, NULL);
		q.nik_hash = hash;
	}
	if (dupes_find(st, &q, d, NULL) != 0)
		return -2;
	/* The register in memory (an import's) finds the same, in the same order. */
	if (dupes_index_open(st, &x, NULL) != 0 || dupes_find_indexed(x, &q, &m, NULL) != 0)
		return -2;
	dupes_index_free(x);
	if (m.n != d->n)
		differ++;
	for (i = 0; i < d->n && i < m.n; i++)
		if (m.v[i].id != d->v[i].id || m.v[i].score != d->v[i].score ||
		    m.v[i].reasons != d->v[i].reasons || strcmp(m.v[i].name, d->v[i].name) != 0)
			differ++;
	dupes_free(&m);
	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].member_no, want) == 0)
			return (int)i;
	return -1;
}

int
main(void)
{
	char dir[] = "/tmp/kartu-test-dupes-XXXXXX", path[128], cmd[160];
	struct kt_dupes d;
	struct store_stmt *s;
	int i, full_scan = 0;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/k.db", dir);
	if (store_open(path, STORE_CREATE, &st, NULL) != 0 ||
	    store_set_key(st, (const unsigned char *)"0123456789abcdef0123456789abcdef",
	    NULL) != 0 ||
	    setup_builtin(st, NULL) != 0 ||
	    store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('x', 'operator', 'now')", NULL) != 0)
		return 1;
	add_member("Muhammad Rizky Pratama", "1990-05-14", "+6281234567890", "6205031405900001");
	add_member("Siti Nurhaliza", "2001-03-07", "+6281311112222", NULL);
	add_member("Djoko Santoso", "1975-12-01", "+6285200001111", NULL);
	add_member("Budi Hartono", "1980-01-01", "+6287700000000", NULL);
	add_member("Dewi Sartika", "2001-03-07", "+6281399990000", NULL);
	for (i = 0; i < 500; i++) {	/* noise on the same birth date */
		char n[64];

		snprintf(n, sizeof n, "Warga Nomor %c%c%c", 'a' + i % 26, 'a' + i / 26 % 26,
		    'k' + i % 7);
		add_member(n, "2001-03-07", "+6281100000000", NULL);
	}

	is_int(find("Someone Else", "1999-09-09", NULL, "6205031405900001", &d, "M00001"), 0,
	    "the same NIK is found first, whatever the name");
	ok(d.n > 0 && (d.v[0].reasons & DUPE_NIK) && d.v[0].score >= 0.99, "decisive score");
	dupes_free(&d);

	is_int(find("Moh. Rizki Pratama", "1990-05-14", NULL, NULL, &d, "M00001"), 0,
	    "Moh. Rizki Pratama = Muhammad Rizky Pratama, same birth date");
	ok(d.n > 0 && (d.v[0].reasons & DUPE_NAME_BIRTH) && d.v[0].score >= 0.5, "likely");
	dupes_free(&d);

	is_int(find("Pratama, M. Rizki", "1990-14-05" + 0, NULL, NULL, &d, "M00001"), -1,
	    "(an impossible date finds nothing)");
	dupes_free(&d);

	is_int(find("Sitti Nur Haliza", "2001-07-03", NULL, NULL, &d, "M00002"), 0,
	    "Sitti Nur Haliza with day and month swapped");
	ok(d.n > 0 && (d.v[0].reasons & DUPE_NAME_SWAPPED), "reason: swapped birth date");
	dupes_free(&d);

	is_int(find("Joko Santoso", "1975-12-01", NULL, NULL, &d, "M00003"), 0,
	    "Joko = Djoko (old spelling)");
	dupes_free(&d);

	is_int(find("Ani Wijaya", "1970-06-06", "+6287700000000", NULL, &d, "M00004"), 0,
	    "the same phone is found");
	ok(d.n == 1 && d.v[0].reasons == DUPE_PHONE && d.v[0].score < 0.7,
	    "a phone alone is strong, not decisive");
	dupes_free(&d);

	is_int(find("Siti Rahma", "2001-03-07", NULL, NULL, &d, "M00002"), -1,
	    "another Siti born the same day is not a candidate");
	ok(d.n == 0, "nor is anyone among the 500 born that day (got %zu)", d.n);
	dupes_free(&d);

	is_int(find("Muhammad Rizky Pratama", "1991-05-14", NULL, NULL, &d, "M00001"), 0,
	    "the same name a year off is a candidate");
	ok(d.n > 0 && d.v[0].reasons == DUPE_BIRTH_TYPO && d.v[0].score < 0.5,
	    "weaker, below the deciding score (%.2f)", d.n > 0 ? d.v[0].score : 0.0);
	dupes_free(&d);

	is_int(find("Rizky Pratama", "1990-05-17", NULL, NULL, &d, "M00001"), -1,
	    "a less close name with a wrong digit in the day is not, alone");
	dupes_free(&d);

	is_int(find("Moh. Rizki Pratama", "1990-05-17", "+6281234567890", NULL, &d, "M00001"), 0,
	    "with the same phone it is");
	ok(d.n > 0 && (d.v[0].reasons & DUPE_BIRTH_TYPO) && (d.v[0].reasons & DUPE_PHONE) &&
	    d.v[0].score >= 0.5, "deciding, with both reasons");
	dupes_free(&d);

	is_int(find("Muhammad Rizky Pratama", "1980-05-14", NULL, NULL, &d, "M00001"), 0,
	    "one wrong digit of the year");
	dupes_free(&d);

	is_int(find("Muhammad Rizky Pratama", "1990-06-14", NULL, NULL, &d, "M00001"), -1,
	    "another month is not a typo of the day or year");
	dupes_free(&d);

	is_int(find("Siti Nurhaliza", "2001-03-07", "+6281399990000", NULL, &d, "M00002"), 0,
	    "ranking: the name and birth date before a phone of someone else");
	ok(d.n == 2 && strcmp(d.v[1].member_no, "M00005") == 0, "then the phone's owner");
	dupes_free(&d);

	/* Open applications are candidates too, closed ones not; the register in
	 * memory holds the open ones. */
	add_app("applied", "Rina Marlina", "1988-08-08", "+6281200001111", NULL);
	add_app("checked", "Yohanes Silalahi", "1979-02-11", "+6281200002222",
	    "6205031102790003");
	add_app("issued", "Tono Sugiarto", "1999-01-01", "+6281200003333", "6205030101990001");
	is_int(find("Rina Marlina", "1988-08-08", NULL, NULL, &d, ""), 0,
	    "an open application with the same name and birth date");
	ok(d.n == 1 && !d.v[0].is_member && strcmp(d.v[0].state, "applied") == 0,
	    "is a candidate, as an application");
	dupes_free(&d);
	is_int(find("Rina Marlena", "1988-08-09", "+6281200001111", NULL, &d, ""), 0,
	    "a typo of its birth date beside the same phone");
	dupes_free(&d);
	is_int(find("Someone Else", "1970-01-01", NULL, "6205031102790003", &d, ""), 0,
	    "its NIK");
	dupes_free(&d);
	is_int(find("Tono Sugiarto", "1999-01-01", "+6281200003333", "6205030101990001", &d,
	    ""), -1, "a closed application is not a candidate");
	ok(d.n == 0, "nothing else either (got %zu)", d.n);
	dupes_free(&d);

	is_int(differ, 0, "the register in memory finds the same candidates, scores and order");

	/* A member added to the register in memory is found, as one added to the
	 * store (an import's earlier rows). */
	{
		struct dupes_index *x;
		struct dupe_query q;
		struct dupe_row r;
		char key[NAME_KEY_MAX];

		ok(dupes_index_open(st, &x, NULL) == 0, "the register in memory");
		add_member("Fransiska Yuliana Manurung", "1994-10-23", NULL, NULL);
		memset(&q, 0, sizeof q);
		name_key("Fransiska Yuliana Manurung", key, sizeof key);
		q.name_key = key;
		valid_date("1994-10-23", &q.birth, NULL);
		ok(dupes_find_indexed(x, &q, &d, NULL) == 0 && d.n == 0,
		    "a member not added to it is not seen");
		dupes_free(&d);
		memset(&r, 0, sizeof r);
		r.id = store_last_id(st);
		r.is_member = 1;
		r.member_no = "M00506";
		r.name = "Fransiska Yuliana Manurung";
		r.name_key = key;
		r.birth_date = "1994-10-23";
		r.status = "active";
		r.birth_place = "X";
		ok(dupes_index_add(x, &r, NULL) == 0, "added");
		name_key("Fransiska Juliana Manurung", key, sizeof key);
		ok(dupes_find_indexed(x, &q, &d, NULL) == 0 && d.n == 1 &&
		    strcmp(d.v[0].name, "Fransiska Yuliana Manurung") == 0 &&
		    (d.v[0].reasons & DUPE_NAME_BIRTH), "then found by a similar name");
		dupes_free(&d);
		dupes_index_free(x);
	}

	/* The look-ups go through indexes, never a scan of all members. */
	if (store_prepare(st, "EXPLAIN QUERY PLAN SELECT id FROM members WHERE (birth_date IN"
	    " (?1, ?2) OR phone = ?3 OR nik_hash = ?4) AND (?5 = 0 OR application_id IS NOT ?5)",
	    &s, NULL) != 0)
		return 1;
	while (store_step(s) == STORE_ROW) {
		const char *detail = store_col_text(s, 3);

		printf("# plan: %s\n", detail);
		if (strncmp(detail, "SCAN members", 12) == 0 && strstr(detail, "INDEX") == NULL)
			full_scan = 1;
	}
	store_finalize(s);
	ok(!full_scan, "the members query uses indexes only");

	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
