/*
 * scanner.h - barcode scanners that are not typed into a terminal: a
 * keyboard-wedge scanner read exclusively through evdev (EVIOCGRAB, so its
 * keystrokes reach no other window), or a scanner in USB serial mode
 * (/dev/ttyACM*) sending lines.  Each code read becomes one line of text for
 * scan_normalise, the path of typed card numbers.
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

/* Read codes from the scanner at path until fn returns non-zero (a positive
 * value stops with success, a negative one is returned) or *stop is set.
 * An evdev device is grabbed; anything else is read as lines.  When the
 * device goes away (unplugged), gone(arg, 1) is called and it is reopened
 * every half second until back, then gone(arg, 0). */
int scanner_read(const char *path, int (*fn)(const char *line, void *arg),
    void (*gone)(void *arg, int is_gone), void *arg, volatile sig_atomic_t *stop,
    struct kt_err *e);

#endif
