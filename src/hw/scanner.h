/*
 * scanner.h - barcode scanners that are not typed into a terminal: a
 * keyboard-wedge scanner read exclusively through evdev (EVIOCGRAB, so its
 * keystrokes reach no other window), a scanner in USB serial mode
 * (/dev/ttyACM*) sending lines, or one in HID POS mode (/dev/hidraw*) sending
 * 64-byte reports.  Each code read becomes one line of text for
 * barcode_normalise, the path of typed card numbers.
 *
 * The keycode decoding is pure (scanner_key), so it is tested and fuzzed
 * without a device.
 */
#ifndef KARTU_SCANNER_H
#define KARTU_SCANNER_H

#include <signal.h>
#include <stddef.h>

#include "err.h"

#define SCANNER_LINE_MAX 128

/* The keystrokes of one code so far. */
struct scanner_keys {
	int shift;		/* a Shift key is down */
	size_t len;
	int overflow;		/* the line was longer than SCANNER_LINE_MAX - 1 */
	char line[SCANNER_LINE_MAX];
};

/* Feed one evdev key event (EV_KEY code, value 1 press, 0 release, 2
 * repeat) to k, decoded as a US keyboard, which is how scanners type.
 * Returns 1 when Enter completed a line (then k->line holds it, NUL-ended,
 * and the next call starts a new one), 0 otherwise.  A line that overflowed
 * is given back empty. */
int scanner_key(struct scanner_keys *k, unsigned code, int value);

/* A code arriving in HID POS input reports, as scanners in that mode send
 * them (usage page 0x8C; the layout of Access-IS, Honeywell and others):
 *   byte 0      report id 2
 *   byte 1      how many data bytes this report carries (at most 56)
 *   bytes 2-4   the AIM symbology identifier, "]C0" and so on
 *   bytes 5-60  the data
 *   byte 63     bit 0: more reports follow for this code
 * Feed each report to h; returns 1 when a code is complete (h->line holds the
 * AIM identifier and the data, NUL-ended; the next call starts a new code), 0
 * when more is to come or the report was not a code (another report id, too
 * short).  A code longer than SCANNER_LINE_MAX - 1 is given back empty. */
#define SCANNER_HIDPOS_REPORT 64
struct scanner_hidpos {
	size_t len;
	int overflow;
	char line[SCANNER_LINE_MAX];
};
int scanner_hidpos(struct scanner_hidpos *h, const unsigned char *report, size_t n);

/* Read codes from the scanner at path until fn returns non-zero (a positive
 * value stops with success, a negative one is returned) or *stop is set.
 * An evdev device is grabbed; a hidraw device (a name with "hidraw" in it)
 * is read as HID POS reports; anything else is read as lines.  A file or a
 * pipe ends at its end (0).  A device node (fstat: a character device) that
 * fails or reads end-of-file (unplugged: ENODEV, EIO; a tty hung up) is gone:
 * gone(arg, 1) is called and it is reopened every half second until back,
 * then gone(arg, 0) once it gave a byte or stayed open a second.  A device
 * that hangs up as soon as it is opened 8 times in a row is KT_EFAIL. */
int scanner_read(const char *path, int (*fn)(const char *line, void *arg),
    void (*gone)(void *arg, int is_gone), void *arg, volatile sig_atomic_t *stop,
    struct kt_err *e);

#endif
