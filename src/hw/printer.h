/*
 * printer.h - the printer edge: a rendered card (a PDF) goes to a CUPS queue
 * through CUPS's own lp(1), so that whatever the library set up in CUPS (a
 * card printer's driver, an office printer for A4 sheets) is what prints.
 */
#ifndef KARTU_PRINTER_H
#define KARTU_PRINTER_H

#include <stddef.h>

#include "err.h"

/* Send the file at path to the CUPS queue printer with a job title; job gets
 * the request id lp answered (may be NULL).  KT_EFAIL with lp's own words
 * when it refuses (no such queue, no scheduler), KT_EUSAGE for a queue name
 * that could not be one. */
int printer_send(const char *printer, const char *path, const char *title, char *job,
    size_t joblen, struct kt_err *e);

#endif
