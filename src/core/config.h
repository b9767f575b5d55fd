/*
 * config.h - the station's configuration file (/etc/kartu/kartu.conf): lines
 * of "key = value", '#' comments, blank lines.  Precedence, lowest first:
 * built-in defaults, the file, environment variables, command-line options;
 * the file layer is this module, the others are the front end's.
 */
#ifndef KARTU_CONFIG_H
#define KARTU_CONFIG_H

#include <stddef.h>

#include "err.h"

#define CONFIG_DEFAULT_PATH "/etc/kartu/kartu.conf"

struct config {
	char library_name[128];
	char library_code[16];
	char library_address[256];
	char library_logo[1024];
	char library_city[64];	/* where the reports are signed */
	char head_name[128];	/* who signs them: the head of the office */
	char head_title[128];
	char head_nip[19];	/* 18 digits */
	char database[1024];
	char keys[1024];
	char reader[256];	/* a libnfc connection string */
	char scanner[1024];	/* /dev/input/eventN, /dev/hidrawN or /dev/ttyACMN */
	char printer[128];	/* a CUPS queue */
	char layout[256];
	char sms_command[1024];
	char card_media[16];	/* chip, printed or chip+printed: new cards' */
	/* kartu serve: the address the screens listen on (host:port), and the
	 * TLS certificate and key (PEM files) without which it listens on the
	 * loopback only. */
	char listen[64];
	char tls_cert[1024];
	char tls_key[1024];
};

/* The built-in defaults: every field empty, meaning "as without a file". */
void config_defaults(struct config *c);

/* Parse text (len bytes, not necessarily NUL-terminated) into c, over what c
 * already holds.  source names the file in messages.  An unknown key, a key
 * set twice in text, a line without '=', a line that is not UTF-8, a quote
 * not closed, a value too long or malformed is KT_EUSAGE with a message
 * "SOURCE:LINE: ...".  Never reads anything but text. */
int config_parse(struct config *c, const char *text, size_t len, const char *source,
    struct kt_err *e);

/* Read the file at path into c.  A missing file is KT_ENOTFOUND (the caller
 * decides whether that matters: the default file may be absent, a named one
 * may not). */
int config_load(struct config *c, const char *path, struct kt_err *e);

#endif
