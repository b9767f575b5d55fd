/*
 * fuzz-search.c - libFuzzer target for search.c, which turns what the desk
 * types into an FTS5 query: the input is a query and a member's name, split at
 * the first newline.  Whatever they are, the score is within 0..1, and the
 * MATCH expression has its quotes and parentheses balanced, so a typed word is
 * never FTS5 syntax.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *nl, mk[NAME_KEY_MAX], expr[4096];
	const char *p;
	double sc;
	int depth, quoted, prefix;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	nl = strchr(s, '\n');
	if (nl != NULL)
		*nl = '\0';
	name_key(nl != NULL ? nl + 1 : "", mk, sizeof mk);
	sc = search_score(s, mk);
	if (!(sc >= 0 && sc <= 1))
		abort();
	for (prefix = 0; prefix < 2; prefix++) {
		if (search_match(s, prefix, expr, sizeof expr) != 0)
			continue;
		depth = quoted = 0;
		for (p = expr; *p != '\0'; p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (!quoted && *p == '(')
				depth++;
			else if (!quoted && *p == ')' && --depth < 0)
				abort();
		}
		if (quoted || depth != 0)
			abort();
		/* PostgreSQL's form: quotes ' and the same balance. */
		if (search_tsquery(s, prefix, expr, sizeof expr) != 0)
			continue;
		depth = quoted = 0;
		for (p = expr; *p != '\0'; p++) {
			if (*p == '\'')
				quoted = !quoted;
			else if (quoted && *p == '\\')
				abort();
			else if (!quoted && *p == '(')
				depth++;
			else if (!quoted && *p == ')' && --depth < 0)
				abort();
		}
		if (quoted || depth != 0)
			abort();
	}
	free(s);
	return 0;
}
