/*
 * doctor.c - the station's self-check (doctor.h).
 *
 * Permissions are judged from the mode bits for this process's user and
 * groups, not with access(2): run as root (as an installer often is),
 * access(2) says yes to everything while the station's own user would be
 * refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "doctor.h"
#include "keys.h"
#include "layout.h"
#include "reader.h"
#include "usbdev.h"
#include "valid.h"

extern char **environ;

const char *
doctor_status_name(enum doctor_status s)
{
	return s == DOCTOR_OK ? "ok" : s == DOCTOR_WARN ? "warn" : "fail";
}

static void set(struct doctor_result *r, enum doctor_status s, const char *fix,
    const char *fmt, ...) printflike(4, 5);
static void
set(struct doctor_result *r, enum doctor_status s, const char *fix, const char *fmt, ...)
{
	va_list ap;

	r->status = s;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	snprintf(r->fix, sizeof r->fix, "%s", fix != NULL ? fix : "");
}

/* May this process's user read and write (want: 6) or read (4) st's file, by
 * its mode bits? */
static int
may(const struct stat *st, int want)
{
	gid_t groups[256];
	int n, i, bits;

	if (st->st_uid == geteuid())
		bits = (int)(st->st_mode >> 6) & 7;
	else {
		bits = (int)st->st_mode & 7;
		if (st->st_gid == getegid())
			bits = (int)(st->st_mode >> 3) & 7;
		else if ((n = getgroups((int)nitems(groups), groups)) > 0)
			for (i = 0; i < n; i++)
				if (groups[i] == st->st_gid)
					bits = (int)(st->st_mode >> 3) & 7;
	}
	return (bits & want) == want;
}

void
doctor_modules(const struct doctor_env *env, struct doctor_result *r)
{
	static const char *const mods[] = { "pn533_usb", "pn533", "nfc" };
	char path[4096], found[128] = "";
	struct stat st;
	size_t i, len = 0;

	r->check = "modules";
	for (i = 0; i < nitems(mods); i++) {
		snprintf(path, sizeof path, "%s/module/%s", env->sysfs, mods[i]);
		if (stat(path, &st) == 0)
			len += (size_t)snprintf(found + len, sizeof found - len, "%s%s",
			    len != 0 ? " " : "", mods[i]);
	}
	if (len == 0) {
		set(r, DOCTOR_OK, NULL, _("the kernel's NFC modules are not loaded"));
		return;
	}
	set(r, DOCTOR_FAIL, _("sudo rmmod pn533_usb pn533 nfc, and install"
	    " /etc/modprobe.d/kartu-blacklist.conf (make install) so they stay away"),
	    _("kernel modules loaded that take USB readers away from libnfc: %s"), found);
}

/* A device node this user must read and write. */
static int
check_node(struct doctor_result *r, const char *what, const char *node)
{
	struct stat st;

	if (stat(node, &st) != 0) {
		set(r, DOCTOR_FAIL, _("plug it in, or correct the configuration"
		    " (kartu devices lists what is there)"),
		    _("%s %s: %s"), what, node, strerror(errno));
		return -1;
	}
	if (!may(&st, 6)) {
		set(r, DOCTOR_FAIL, _("install the udev rules (make install), add the desk's"
		    " user to the group kartu (adduser USER kartu), log in again and"
		    " replug the device"),
		    _("%s %s: no permission to read and write it (mode %03o, uid %ld,"
		    " gid %ld)"), what, node, (unsigned)(st.st_mode & 0777),
		    (long)st.st_uid, (long)st.st_gid);
		return -1;
	}
	return 0;
}

void
doctor_devices(const struct doctor_env *env, struct doctor_result *r)
{
	struct usbdev u[32];
	struct kt_err e;
	int n = 0, i, checked = 0;

	r->check = "devices";
	if (env->scanner != NULL && env->scanner[0] != '\0') {
		if (check_node(r, _("the scanner"), env->scanner) != 0)
			return;
		checked++;
	}
	if (env->reader != NULL && strncmp(env->reader, "pn532_uart:", 11) == 0) {
		char tty[1024];

		snprintf(tty, sizeof tty, "%s", env->reader + 11);
		tty[strcspn(tty, ":")] = '\0';	/* pn532_uart:/dev/ttyUSB0:115200 */
		if (check_node(r, _("the reader's serial port"), tty) != 0)
			return;
		checked++;
	}
	if (usbdev_list(u, (int)nitems(u), 0, &n, &e) != 0) {
		set(r, DOCTOR_WARN, NULL, "%s", e.msg);
		return;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(u[i].kind->kind, "nfc-reader") != 0)
			continue;	/* serial adapters and scanners: their tty or event node */
		if (check_node(r, u[i].kind->name, u[i].node) != 0)
			return;
		checked++;
	}
	if (checked == 0)
		set(r, DOCTOR_WARN, _("plug in the reader and the scanner, or name them in"
		    " /etc/kartu/kartu.conf (reader =, scanner =)"),
		    _("no reader or scanner device to check"));
	else
		set(r, DOCTOR_OK, NULL, _("%d device(s) readable and writable"), checked);
}

void
doctor_database(const struct doctor_env *env, struct doctor_result *r)
{
	static const char *const suffix[3] = { "", "-wal", "-shm" };
	char dir[4096];
	const char *slash;
	struct stat st;
	int i;

	r->check = "database";
	if (env->db_remote) {
		/* Not named: a connection string may hold a password. */
		char extra[64] = "";
		size_t n = 0;

		if (env->db_superuser)
			n += (size_t)snprintf(extra + n, sizeof extra - n, " SUPERUSER");
		if (env->db_createdb)
			n += (size_t)snprintf(extra + n, sizeof extra - n, " CREATEDB");
		if (env->db_createrole)
			snprintf(extra + n, sizeof extra - n, " CREATEROLE");
		if (env->db_opened && extra[0] != '\0')
			set(r, DOCTOR_WARN, _("connect as a role that only owns kartu's database:"
			    " ALTER ROLE ... NOSUPERUSER NOCREATEDB NOCREATEROLE"),
			    _("%s answers (opened in %ld ms), but the role has more rights than"
			    " kartu needs:%s"), env->db_version, env->db_open_ms, extra);
		else if (env->db_opened)
			set(r, DOCTOR_OK, NULL, _("%s answers (opened in %ld ms; its files and"
			    " their access are the server's; the role has no more rights than"
			    " kartu needs)"), env->db_version, env->db_open_ms);
		else
			set(r, DOCTOR_FAIL, _("check the connection string and the server, or"
			    " make the database with: kartu init"),
			    _("the PostgreSQL database cannot be opened"));
		return;
	}
	if ((slash = strrchr(env->db, '/')) == NULL)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", slash == env->db ? 1 : (int)(slash - env->db),
		    env->db);
	if (stat(env->db, &st) != 0) {
		set(r, DOCTOR_FAIL, _("make it with: kartu init (or set database = in"
		    " /etc/kartu/kartu.conf)"), _("no database at %s"), env->db);
		return;
	}
	if (!may(&st, 6)) {
		set(r, DOCTOR_FAIL, _("give the desk's user write access (chown, chmod 660)"),
		    _("the database %s is not writable by this user"), env->db);
		return;
	}
	/* SQLite writes its journal (-wal, -shm) beside the file. */
	if (stat(dir, &st) != 0 || !may(&st, 2 | 1)) {
		set(r, DOCTOR_FAIL, _("give the desk's user write access to the directory"),
		    _("the directory %s is not writable: SQLite keeps its journal there"), dir);
		return;
	}
	/* It holds the register: other users of the PC have no business in it,
	 * nor in the journal files SQLite makes with the same mode. */
	for (i = 0; i < 3; i++) {
		snprintf(dir, sizeof dir, "%s%s", env->db, suffix[i]);
		if (stat(dir, &st) == 0 && (st.st_mode & 007) != 0) {
			set(r, DOCTOR_WARN, _("chmod 600 the database and its -wal and -shm files"
			    " (660 with a group for the desk's users only)"),
			    _("%s can be read by every user of this computer (mode %03o)"), dir,
			    (unsigned)(st.st_mode & 0777));
			return;
		}
	}
	set(r, DOCTOR_OK, NULL, _("the database %s is writable and private"), env->db);
}

void
doctor_register(const struct doctor_env *env, struct doctor_result *r)
{
	char path[4096];
	struct stat st;

	r->check = "register-key";
	snprintf(path, sizeof path, "%s/%s", env->key_dir, KEYS_REGISTER_FILE);
	if (stat(path, &st) != 0) {
		set(r, DOCTOR_FAIL, _("copy register.key from the station that made the database"
		    " (or run kartu init there)"),
		    _("no register key %s: this station cannot record applications"), path);
		return;
	}
	if ((st.st_mode & 077) != 0) {
		set(r, DOCTOR_FAIL, _("chmod 600 the file; with it and a copy of the database,"
		    " NIKs can be matched: tell the admin"),
		    _("the register key %s is readable by others (mode %03o)"), path,
		    (unsigned)(st.st_mode & 0777));
		return;
	}
	set(r, DOCTOR_OK, NULL, _("the register key %s is private"), path);
}

void
doctor_key(const struct doctor_env *env, struct doctor_result *r)
{
	char path[4096];
	struct stat st;

	r->check = "key";
	snprintf(path, sizeof path, "%s/%s", env->key_dir, KEYS_PUBLIC_FILE);
	if (stat(path, &st) != 0) {
		set(r, DOCTOR_FAIL, _("make the key pair once: kartu keygen (or copy"
		    " library.pub from the issuing station)"),
		    _("no public key %s: cards cannot be checked"), path);
		return;
	}
	snprintf(path, sizeof path, "%s/%s", env->key_dir, KEYS_SECRET_FILE);
	if (stat(path, &st) != 0) {
		set(r, DOCTOR_WARN, _("only a station that issues cards needs it"),
		    _("no secret key %s: this station can check cards, not encode them"), path);
		return;
	}
	if ((st.st_mode & 077) != 0) {
		set(r, DOCTOR_FAIL, _("chmod 600 the file; whoever read it can sign cards:"
		    " tell the admin"),
		    _("the secret key %s is readable by others (mode %03o)"), path,
		    (unsigned)(st.st_mode & 0777));
		return;
	}
	set(r, DOCTOR_OK, NULL, _("the signing key %s is private"), path);
}

/* Run argv with no input or output; its exit status, or -1. */
static int
run_quiet(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void
doctor_printer(const struct doctor_env *env, struct doctor_result *r)
{
	char *argv[4];
	int rc;

	r->check = "printer";
	if (env->printer == NULL || env->printer[0] == '\0') {
		set(r, DOCTOR_OK, NULL, _("no printer configured: cards are printed to files"));
		return;
	}
	argv[0] = (char *)"lpstat";
	argv[1] = (char *)"-p";
	argv[2] = (char *)env->printer;
	argv[3] = NULL;
	if ((rc = run_quiet(argv)) < 0) {
		set(r, DOCTOR_FAIL, _("sudo apt-get install cups-client cups"),
		    _("cannot run lpstat: is CUPS installed?"));
		return;
	}
	if (rc != 0) {
		set(r, DOCTOR_FAIL, _("add the printer in CUPS (http://localhost:631) or"
		    " correct printer = in the configuration"),
		    _("CUPS has no printer %s"), env->printer);
		return;
	}
	set(r, DOCTOR_OK, NULL, _("CUPS knows the printer %s"), env->printer);
}

void
doctor_layout(const struct doctor_env *env, struct doctor_result *r)
{
	struct layout *l = NULL;
	struct kt_err e;
	char path[4096];
	int i, rc = KT_ENOTFOUND;

	r->check = "layout";
	if (strchr(env->layout, '/') != NULL || strstr(env->layout, ".layout") != NULL) {
		snprintf(path, sizeof path, "%s", env->layout);
		rc = layout_load(path, &l, &e);
	} else
		for (i = 0; env->layout_dirs[i] != NULL && rc == KT_ENOTFOUND; i++) {
			if (env->layout_dirs[i][0] == '\0')
				continue;
			snprintf(path, sizeof path, "%s/%s.layout", env->layout_dirs[i],
			    env->layout);
			rc = layout_load(path, &l, &e);
		}
	layout_free(l);
	if (rc == KT_ENOTFOUND)
		set(r, DOCTOR_FAIL, _("install the layouts (make install) or correct layout ="
		    " in the configuration"), _("no layout named %s"), env->layout);
	else if (rc != 0)
		set(r, DOCTOR_FAIL, _("correct the layout file (layouts/README.md)"), "%s",
		    e.msg);
	else
		set(r, DOCTOR_OK, NULL, _("the layout %s loads"), path);
}

void
doctor_sms(const struct doctor_env *env, struct doctor_result *r)
{
	char prog[1024];
	struct stat st;

	r->check = "sms";
	if (env->sms_command == NULL || env->sms_command[0] == '\0') {
		set(r, DOCTOR_WARN, _("set sms_command = in /etc/kartu/kartu.conf"),
		    _("no SMS command configured: no text messages are sent"));
		return;
	}
	snprintf(prog, sizeof prog, "%s", env->sms_command);
	prog[strcspn(prog, " \t")] = '\0';
	/* Run without a shell or PATH search (otp_send): an absolute path only. */
	if (prog[0] != '/') {
		set(r, DOCTOR_FAIL, _("name the program by its absolute path in sms_command ="),
		    _("the SMS command %s is not an absolute path"), prog);
		return;
	}
	if (stat(prog, &st) != 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111))
		set(r, DOCTOR_FAIL, _("install it, or correct sms_command = in the"
		    " configuration"), _("the SMS command %s is not an executable program"),
		    prog);
	else
		set(r, DOCTOR_OK, NULL, _("the SMS command %s is there"), prog);
}

/* The station's own kartu.conf alone names the SMS gateway (main.c): whoever
 * may change it receives the handover codes.  So only root may. */
void
doctor_config(const struct doctor_env *env, struct doctor_result *r)
{
	char fix[512];
	struct stat st;

	r->check = "config";
	if (env->station_config == NULL || stat(env->station_config, &st) != 0) {
		set(r, DOCTOR_OK, NULL, _("no configuration file %s: built-in defaults"),
		    env->station_config != NULL ? env->station_config : "");
		return;
	}
	if (!S_ISREG(st.st_mode))
		set(r, DOCTOR_OK, NULL, _("the configuration %s is not a file"),
		    env->station_config);
	else if (st.st_mode & 022) {
		snprintf(fix, sizeof fix, "chown root %s && chmod 644 %s", env->station_config,
		    env->station_config);
		set(r, DOCTOR_FAIL, fix, _("the configuration %s may be changed by others than"
		    " its owner (mode %o): they would choose who receives the handover codes"),
		    env->station_config, (unsigned)(st.st_mode & 0777));
	} else if (st.st_uid != 0) {
		snprintf(fix, sizeof fix, "chown root %s", env->station_config);
		set(r, DOCTOR_WARN, fix, _("the configuration %s is not owned by root: its"
		    " owner chooses who receives the handover codes"), env->station_config);
	}
	else
		set(r, DOCTOR_OK, NULL, _("only root may change the configuration %s"),
		    env->station_config);
}

void
doctor_reader(const struct doctor_env *env, struct doctor_result *r)
{
	char conns[4][READER_CONN_MAX];
	struct reader *rd;
	struct kt_err e;
	int n = 0;

	r->check = "reader";
	if (env->reader != NULL && env->reader[0] != '\0') {
		if (reader_open(env->reader, &rd, &e) != 0) {
			set(r, DOCTOR_FAIL, _("plug it in; kartu devices lists the readers"
			    " found"), "%s", e.msg);
			return;
		}
		reader_close(rd);
		set(r, DOCTOR_OK, NULL, _("the reader %s answers"), env->reader);
		return;
	}
	if (env->scan_nfc && reader_list(conns, 4, &n, &e) == 0 && n > 0) {
		set(r, DOCTOR_OK, NULL, _("libnfc finds the reader %s"), conns[0]);
		return;
	}
	set(r, DOCTOR_WARN, _("plug in a reader (kartu devices), or name it with reader ="
	    " in /etc/kartu/kartu.conf"), _("no NFC reader found or configured"));
}

void
doctor_calendar(const struct doctor_env *env, struct doctor_result *r)
{
	struct kt_date first, last;
	char missing[64] = "", known[256] = "";
	size_t at = 0;
	int y, i, have;

	r->check = "calendar";
	if (!env->calendar_known) {
		set(r, DOCTOR_WARN, _("make the database first: kartu init"),
		    _("the holidays were not checked: no database to read them from"));
		return;
	}
	date_from_days(env->today, &first);
	date_from_days(env->today + DOCTOR_CALENDAR_DAYS, &last);
	for (y = first.y; y <= last.y; y++) {
		for (i = 0, have = 0; i < env->nholiday_years; i++)
			have |= env->holiday_years[i] == y;
		if (!have && missing[0] == '\0')
			snprintf(missing, sizeof missing, "%d", y);
	}
	for (i = 0; i < env->nholiday_years && at < sizeof known - 8; i++)
		at += (size_t)snprintf(known + at, sizeof known - at, "%s%d", i > 0 ? ", " : "",
		    env->holiday_years[i]);
	if (missing[0] != '\0')
		set(r, DOCTOR_WARN, _("import the year's national holidays and cuti bersama:"
		    " kartu calendar import FILE (date, name, kind)"),
		    _("no holidays for %s, which the next %d days reach: its holidays would count"
		    " as working days in the due times"), missing, DOCTOR_CALENDAR_DAYS);
	else
		set(r, DOCTOR_OK, NULL, _("holidays known for the next %d days (years: %s)"),
		    DOCTOR_CALENDAR_DAYS, known);
}

int
doctor_run(const struct doctor_env *env, struct doctor_result *out)
{
	void (*const checks[])(const struct doctor_env *, struct doctor_result *) = {
		doctor_modules, doctor_devices, doctor_reader, doctor_database, doctor_key,
		doctor_register,
		doctor_printer, doctor_layout, doctor_sms, doctor_config, doctor_calendar,
	};
	size_t i;

	for (i = 0; i < nitems(checks) && i < DOCTOR_MAX; i++) {
		memset(&out[i], 0, sizeof out[i]);
		checks[i](env, &out[i]);
	}
	return (int)i;
}
