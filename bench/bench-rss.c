/*
 * bench-rss.c - run a command and print its peak resident set size in KiB
 * (the kernel's rusage of that child).  A small C parent, so that the memory
 * of the process that forked does not count: measured from a forked Python,
 * the child's figure starts at the interpreter's 10 MiB.
 * Usage: bench-rss CMD [ARG...]   (stdin passed through, output discarded)
 *        bench-rss -o FILE CMD [ARG...]   (the command's output kept, the figure
 *        written to FILE, the command's exit status returned: kartu import)
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	const char *to = NULL;
	FILE *f;
	pid_t pid;
	int st, fd;

	if (argc > 3 && argv[1][0] == '-' && argv[1][1] == 'o' && argv[1][2] == '\0') {
		to = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		return 2;
	if ((pid = fork()) < 0)
		return 1;
	if (pid == 0) {
		if (to == NULL && (fd = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) != pid)
		return 1;
	if (to != NULL) {
		if ((f = fopen(to, "w")) == NULL || fprintf(f, "%ld\n", ru.ru_maxrss) < 0 ||
		    fclose(f) != 0)
			return 1;
		return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	}
	printf("%ld\n", ru.ru_maxrss);
	return WIFEXITED(st) && WEXITSTATUS(st) == 127 ? 1 : 0;
}
