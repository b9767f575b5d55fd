/*
 * term.h - the CLI's terminal guard.  Everything the text front end prints on
 * stdout and stderr passes a filter that spells out control characters and
 * invalid UTF-8 (text.h), so a name, a scanned code or a CSV field can never
 * send an escape sequence to the officer's terminal, whatever message it
 * travels in.  Tabs and newlines pass; JSON output is escaped by its writer.
 */
#ifndef KARTU_TERM_H
#define KARTU_TERM_H

/* Put the filter in front of stdout and stderr.  Returns 0, or -1 when it
 * could not (the streams are then left as they were). */
int term_guard(void);
/* A carriage return of kartu's own on stderr (a progress line rewritten on a
 * terminal), which the filter would spell out: stderr is flushed first. */
void term_return(void);
/* Flush both, spelling out a sequence left unfinished at the end. */
void term_flush(void);

#endif
