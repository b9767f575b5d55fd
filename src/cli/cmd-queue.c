/*
 * cmd-queue.c - kartu queue: the open applications by step, with their due
 * time (one working day after submission) and an overdue mark.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "label.h"
#include "proc.h"

struct queue_walk {
	struct cli *cli;
	char state[16];		/* the step whose heading was printed last */
	int n, overdue;
};

static int
print_item(const struct kt_queue_item *q, void *arg)
{
	struct queue_walk *w = arg;
	struct cli *cli = w->cli;
	char due[40];

	w->n++;
	w->overdue += q->overdue;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_int(&cli->js, "id", q->id);
		json_str(&cli->js, "state", q->state);
		json_str(&cli->js, "name", q->name);
		json_str(&cli->js, "category", q->category);
		json_str(&cli->js, "created_at", q->created_at);
		json_str(&cli->js, "due_at", q->due_at);
		json_bool(&cli->js, "overdue", q->overdue);
		json_int(&cli->js, "steps_outside_hours", q->outside_hours);
		json_object_end(&cli->js);
		return 0;
	}
	if (strcmp(w->state, q->state) != 0) {
		printf("%s%s:\n", w->n > 1 ? "\n" : "", label(LABEL_STATE, q->state));
		snprintf(w->state, sizeof w->state, "%s", q->state);
	}
	cli_wib(q->due_at, due, sizeof due);
	printf("  A%-6lld %-28.28s %-10s %s %s%s\n", q->id, q->name, q->category,
	    _("due"), due, q->overdue ? _("  OVERDUE") : "");
	return 0;
}

static int
cmd_queue_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct queue_walk w = { cli, "", 0, 0 };
	int rc;

	if ((rc = cli_getopt(cli, &cmd_queue_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_queue_entry, argc, 0)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "applications");
	}
	if ((rc = proc_queue(cli->st, print_item, &w, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_int(&cli->js, "open", w.n);
		json_int(&cli->js, "overdue", w.overdue);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else if (w.n == 0)
		printf(_("No open applications.\n"));
	else
		printf(_("\n%d open, %d overdue (due: 1 working day after submission, in"
		    " service hours, WIB).\n"), w.n, w.overdue);
	return 0;
}

const struct cmd_entry cmd_queue_entry = {
	"queue", "",
	N_("The open applications by step, with their due time and an overdue mark."),
	"",
	CMD_NEEDS_DB, cmd_queue_exec,
};
