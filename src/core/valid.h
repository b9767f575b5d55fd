/*
 * valid.h - validation of what is typed at the desk: dates, sex, the Indonesian
 * identity numbers (NIK, KK, NISN, SIM) and mobile phone numbers.
 *
 * Every function returns 0 when the input is acceptable and KT_EUSAGE with a
 * message naming the problem otherwise.  Messages never repeat an identity
 * number (they are personal data and may end up in logs).
 */
#ifndef KARTU_VALID_H
#define KARTU_VALID_H

#include <stddef.h>

#include "err.h"

struct kt_date {
	int y, m, d;
};

/* Parse YYYY-MM-DD into *out: a real calendar date between 1900 and 2199. */
int valid_date(const char *s, struct kt_date *out, struct kt_err *e);
/* Days since 1970-01-01 (proleptic Gregorian), for comparing and adding. */
long date_days(const struct kt_date *d);
void date_from_days(long days, struct kt_date *out);
/* Format as YYYY-MM-DD into buf (at least 11 bytes). */
void date_format(const struct kt_date *d, char *buf, size_t len);
/* A term of months after a date (a membership's expiry), in C rather than
 * in the SQL of one engine, as SQLite's date(from, '+N months') gives it: the
 * day of the month kept, a day past the end of its month running into the
 * next (2026-01-31 + 1 month is 2026-03-03, 2024-02-29 + 12 is 2025-03-01). */
void date_add_months(const struct kt_date *from, int months, struct kt_date *out);
/* The same on text: from (YYYY-MM-DD) plus months into out (at least 11
 * bytes); -1 and out empty when from is not a date. */
int date_text_add_months(const char *from, int months, char *out, size_t len);

/* Sex as the form has it: L or P (laki-laki, perempuan); M and F are accepted.
 * *out is set to 'L' or 'P'. */
int valid_sex(const char *s, char *out, struct kt_err *e);

/* NIK: 16 digits, a known province code, non-zero regency and district, the
 * birth date DDMMYY (day + 40 for women) agreeing with birth and sex (either may
 * be NULL / 0 to skip that comparison), a non-zero serial. */
int valid_nik(const char *nik, const struct kt_date *birth, char sex, struct kt_err *e);
/* KK (family card): 16 digits with a known province code. */
int valid_kk(const char *kk, struct kt_err *e);
/* NISN (national student number): exactly 10 digits. */
int valid_nisn(const char *nisn, struct kt_err *e);
/* SIM (driving licence): 12 to 14 digits. */
int valid_sim(const char *sim, struct kt_err *e);
/* Any other document number: 3 to 40 letters, digits, '-', '/', '.' or spaces. */
int valid_docno(const char *s, struct kt_err *e);

/* An Indonesian mobile number: 08.., +628.., 628.. with spaces, dashes, dots or
 * parentheses.  Landlines and unknown prefixes are refused.  The normal form
 * "+628..." is written to out (at least 16 bytes). */
int valid_phone(const char *s, char *out, size_t len, struct kt_err *e);
/* An Indonesian landline: 0 or +62 and an area code that is not a mobile's
 * (not 08..), 8 to 12 digits with the 0.  The normal form "+62..." is written
 * to out (at least 16 bytes).  Kept for members of the old system only, as
 * their second phone: a landline never receives handover codes. */
int valid_landline(const char *s, char *out, size_t len, struct kt_err *e);

/* Free text typed on the form (name, place, address, institution): valid UTF-8,
 * no control characters (C0, DEL, C1, tab, newline) and no invisible formatting
 * (text_is_format: U+200D, U+202E, ...), 1..maxlen bytes after trimming.  label names the field
 * in the message.  The trimmed text is copied to out (maxlen + 1 bytes). */
int valid_text(const char *s, const char *label, size_t maxlen, char *out, struct kt_err *e);

/* A person's name: valid_text, and then only letters (any script), spaces and
 * the marks names carry: . , ' - (Moh. Rizki, Ma'ruf, Siti-Aminah, Dr. Ani,
 * S.Pd.).  Digits and other symbols are refused. */
int valid_name(const char *s, const char *label, size_t maxlen, char *out, struct kt_err *e);

/* Mask an identity number for the screen: the first four and the last two
 * characters stay, the rest become '*'.  out must hold strlen(s) + 1 bytes. */
void valid_mask(const char *s, char *out, size_t len);

#endif
