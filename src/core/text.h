/*
 * text.h - outside text made safe to show: UTF-8 checked, control characters
 * and invalid bytes spelled out.  Pure functions; the front ends decide where
 * they apply (the CLI guards the whole terminal with them, out.c).
 */
#ifndef KARTU_TEXT_H
#define KARTU_TEXT_H

#include <stddef.h>

/* The UTF-8 sequence at s (n bytes available): its length 1-4 with the code
 * point in *cp; 0 when s does not start a valid sequence (a stray byte, an
 * overlong form, a surrogate, beyond U+10FFFF); -1 when the n bytes are the
 * valid beginning of a longer one. */
int text_utf8(const unsigned char *s, size_t n, unsigned *cp);

/* Whether a code point must not reach a terminal as it is: C0 controls except
 * tab and newline, DEL, C1 controls, and the bidirectional overrides and
 * isolates that reorder what follows them. */
int text_is_control(unsigned cp);

/* Whether a code point is invisible formatting that has no place in a name,
 * an address or a setting: Unicode's format characters (general category Cf:
 * the soft hyphen, zero-width spaces and joiners, the bidirectional marks,
 * embeddings, overrides and isolates, the byte order mark, ...) and the line
 * and paragraph separators.  Such a character makes two names that look alike
 * differ, or one that looks harmless show reversed. */
int text_is_format(unsigned cp);

/* The escaped spelling of one unit into out (at least 11 bytes): \x1b for a
 * byte, \u202e for a code point.  Returns its length. */
size_t text_spell_byte(unsigned char b, char *out);
size_t text_spell_cp(unsigned cp, char *out);

/* s for one line of display in buf (always terminated; cut where it does not
 * fit): every control character, newline too, and every invalid byte spelled
 * out.  Returns the length written. */
size_t text_escape(const char *s, char *buf, size_t len);

/* A JSON object of text members into buf (of len), written as SQLite's
 * json_object writes it, so that an audit note reads the same from either
 * engine: no spaces, '"', '\\' and control characters escaped, other bytes as
 * they are, a NULL value as null.  The arguments are key and value pairs,
 * ended by a NULL key.  0, or -1 (and buf empty) when it does not fit. */
int text_json_object(char *buf, size_t len, ...);

#endif
