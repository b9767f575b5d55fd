# kartu - member-card issuance and check station for public libraries.
#
# Targets:
#   make            build build/kartu (installs missing Debian packages first) and
#                   build/kartu-test, the test build (the tests and the demo run it)
#   make check      build and run every test, again under ASan + UBSan, again on PostgreSQL
#   make demo       walk a sample applicant through the procedure on a fresh database
#   make install    install to $(DESTDIR)$(PREFIX); make uninstall removes it
#   make deb        the Debian package (debian/, dpkg-buildpackage -us -uc -b) in
#                   build/deb/, built from a copy of this tree, then lintian
#   make deps       only install the missing Debian packages (tools/deps)
#   make update-po  refresh po/kartu.pot and merge it into po/*.po
#   make fuzz       run each libFuzzer target (clang) for FUZZ_SECONDS (default 60)
#   make bench      the benchmarks (bench/run), a table with the baselines
#   make crash      the crash test at full length (240 SIGKILLs, kartu fsck after each)
#   make proof      8 desks x 200 applicants at once, SQLite and PostgreSQL (issue 17)
#
# Knobs (set on the command line, e.g. make CC=clang PREFIX=/usr):
#   CC, CFLAGS, CPPFLAGS, LDFLAGS
#                           the compiler and your own flags (ours are added to them)
#   HOSTCC                  the compiler of tools run during the build (tools/regions.c)
#   PREFIX, DESTDIR         where make install puts things (default /usr/local)
#   SYSCONFDIR              /etc: kartu/kartu.conf.example, udev/rules.d,
#                           modprobe.d, nfc/devices.d, systemd/system (a local
#                           install; a Debian package sets UDEVRULESDIR=
#                           /lib/udev/rules.d, MODPROBEDIR=/lib/modprobe.d and
#                           SYSTEMDUNITDIR=/lib/systemd/system)
#   SAN=1                   build into build-san/ with AddressSanitizer and UBSan
#   TSAN=1                  build into build-tsan/ with ThreadSanitizer
#   TESTS=...               with make check: run only these test files
#   V=1                     show the full commands

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
PKGDATADIR ?= $(DATADIR)/kartu
DOCDIR ?= $(DATADIR)/doc/kartu
SYSCONFDIR ?= /etc
UDEVRULESDIR ?= $(SYSCONFDIR)/udev/rules.d
MODPROBEDIR ?= $(SYSCONFDIR)/modprobe.d
NFCCONFDIR ?= $(SYSCONFDIR)/nfc
SYSTEMDUNITDIR ?= $(SYSCONFDIR)/systemd/system

CC ?= cc
HOSTCC ?= cc
CFLAGS ?= -O2 -g
PKGS = sqlite3 libsodium libnfc libcrypto cairo pangocairo zbar libjpeg libusb-1.0

# pkg-config runs once, and only after 'deps' had the chance to install things.
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
# zint ships no pkg-config file.
PKG_LIBS = $(eval PKG_LIBS := $$(shell pkg-config --libs $(PKGS)) -lzint -lm -pthread)$(PKG_LIBS)

WARN = -Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wpointer-arith -Wvla -Werror
# The layers, one folder each: the core library, the store behind it, the
# hardware at its edges, and the front ends (README.md, "The tree").
LAYERS = src/core src/store src/hw src/cli src/web
INCS = $(LAYERS:%=-I%)
HDRS = $(wildcard $(LAYERS:%=%/*.h))
# The source file of a module name: $(call src,proc) is src/core/proc.c.
src = $(foreach m,$(1),$(firstword $(wildcard $(LAYERS:%=%/$(m).c))))
vpath %.c $(LAYERS)
KCFLAGS = -std=c11 -pthread -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARN) \
	$(INCS) -I$(B) -DLOCALEDIR='"$(LOCALEDIR)"' -DPKGDATADIR='"$(PKGDATADIR)"' \
	-DPG_BINDIR='"$(PG_BINDIR)"'

ifeq ($(SAN),1)
B = build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(TSAN),1)
B = build-tsan
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
else
B = build
SANFLAGS =
endif

ifeq ($(V),1)
Q =
else
Q = @
endif

# The library behind the front ends: no argv, no printing, no exit, no getenv.
# src/core: the procedure and its rules, cards, names, calendar, reports.
CORE = err text valid wib label name memberno calendar session operator rules rulesfile setup eligibility dupes otp proc form handover app printq \
	book complaint report member payload keys card revlist fsck csv import config
# src/store: the store interface and its SQLite backend.
# Issue 14: the member search and the register's export.
CORE += search export
CORE += legacy legacy-csv
# Issue 15: the SLiMS and Koha member readers.
CORE += legacy-slims legacy-koha
# Issue 15: INLISLite's template (.xlsx, libzip + libxml2) and member report (HTML).
CORE += legacy-sheet legacy-inlislite
PKGS += libzip libxml-2.0
CORE += store audit
# Issue 16: Indonesia's region codes (doc/REGIONS.md), tables made at build time.
CORE += region
# src/hw: reader and tags, scanners, USB, printer, camera, images, barcodes.
CORE += reader tag origin image printer layout page barcode usbdev doctor scanner
# src/cli: the command-line front end: one file per command, one table in cmd.c.
CLI = main cmd json out term cmd-init cmd-apply cmd-check cmd-validate cmd-issue \
	cmd-handover cmd-reject cmd-app cmd-member \
	cmd-dupes cmd-operator cmd-rules cmd-keygen cmd-encode cmd-replace cmd-print \
	cmd-scan cmd-audit cmd-handover-book cmd-queue cmd-calendar \
	cmd-complaint cmd-login cmd-logout cmd-report
CLI += cmd-fsck cmd-import
CLI += cmd-export
CLI += cmd-devices cmd-doctor cmd-desk cmd-read
# src/web: the screens (kartu serve), the second front end: the server, then
# one module of pages per line (routes.c lists their tables).
WEB = web web-req web-html web-reader routes
WEB += page-login
WEB += page-proc
WEB += page-desk
WEB += page-member
WEB += page-print
WEB += page-complaint
WEB += page-report
WEB += page-calendar
WEB += page-operator
WEB += page-settings
# Issue 17: the views live across desks (LISTEN/NOTIFY on PostgreSQL).
WEB += web-live
PKGS += libmicrohttpd
# Issue 17: the PostgreSQL store (src/store/store-pg.c).
PKGS += libpq
CORE += store-sqlite store-pg
# Issue 17 item 6: kartu backup and kartu restore (pg_dump, pg_restore from
# PG_BINDIR, the client of libpq's major version).
CORE += backup
CLI += cmd-backup cmd-restore
PG_BINDIR = $(eval PG_BINDIR := $$(shell pg_config --bindir 2>/dev/null))$(PG_BINDIR)
CLI += cmd-serve
CLI += $(WEB)
UNIT = test-valid test-name test-memberno test-store test-dupes test-payload test-keys \
	test-origin test-calendar test-config test-scanner test-text test-rulesfile test-label test-search
UNIT += test-legacy-csv
UNIT += test-legacy
UNIT += test-legacy-inlislite
UNIT += test-region
# Issue 15: an import's two halves, its reader, a year turning during it.
UNIT += test-import
# Issue 17: the PostgreSQL backend, on the run's cluster.
UNIT += test-store-pg

SQL = $(sort $(wildcard db/migrations/*.sql)) $(sort $(wildcard db/migrations-pg/*.sql)) \
	db/rules.conf db/nicknames.tsv
CORE_OBJ = $(CORE:%=$(B)/%.o) $(B)/sql.o $(B)/usbtable.o $(B)/regions.o
CLI_OBJ = $(CLI:%=$(B)/%.o)
UNIT_BIN = $(UNIT:%=$(B)/tests/%)
LANGS = $(basename $(notdir $(wildcard po/*.po)))
MO = $(LANGS:%=$(B)/locale/%/LC_MESSAGES/kartu.mo)

.PHONY: all build program deps deb install-files check test-run test-web demo install uninstall clean update-po fuzz bench crash proof FORCE
.DEFAULT_GOAL := all

all: deps
	$(Q)$(MAKE) --no-print-directory build

build: $(B)/kartu $(B)/kartu-test $(B)/pn532-sim $(MO)

# Only what make install installs: the program and the translations (the
# Debian package builds this, without the test build and the simulator).
program: $(B)/kartu $(MO)

deps:
	$(Q)sh tools/deps

$(B)/.dir:
	$(Q)mkdir -p $(B)/tests $(B)/locale && touch $@

# The paths compiled in: the objects using them are rebuilt when they change
# (make PREFIX=/usr install after a plain make must not keep /usr/local).
$(B)/.paths: FORCE $(B)/.dir
	$(Q)echo '$(LOCALEDIR) $(PKGDATADIR)' | cmp -s - $@ || \
		echo '$(LOCALEDIR) $(PKGDATADIR)' > $@
$(B)/main.o $(B)/main-test.o $(B)/cmd-print.o $(B)/cmd-doctor.o: $(B)/.paths
FORCE:

$(B)/%.o: %.c $(HDRS) $(B)/.dir
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/sql.c: tools/embed.sh $(SQL) $(B)/.dir
	@echo "  EMBED   $@"
	$(Q)sh tools/embed.sh $(SQL) > $@.tmp && mv $@.tmp $@

$(B)/sql.o: $(B)/sql.c
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(SANFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The known USB devices (drivers/usb-devices.tsv) as a C table.
$(B)/usbtable.c: tools/usbtable.sh drivers/usb-devices.tsv $(B)/.dir
	@echo "  EMBED   $@"
	$(Q)sh tools/usbtable.sh drivers/usb-devices.tsv > $@.tmp && mv $@.tmp $@

$(B)/usbtable.o: $(B)/usbtable.c src/hw/usbdev.h
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(SANFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Indonesia's regions (doc/REGIONS.md): idn-area-data's CSV files, which npm
# puts in node_modules (make deps), become C tables (tools/regions.c, built
# for the build host).
REGIONS_PKG = node_modules/idn-area-data
REGIONS_CSV = $(addprefix $(REGIONS_PKG)/data/,provinces.csv regencies.csv districts.csv villages.csv)
REGIONS_VERSION = $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' $(REGIONS_PKG)/package.json 2>/dev/null)
$(REGIONS_CSV) $(REGIONS_PKG)/package.json:
	@echo "$@ is missing: run 'make deps' (npm ci installs idn-area-data)" >&2
	@exit 1

$(B)/regions-gen: tools/regions.c $(B)/.dir
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -o $@ tools/regions.c

$(B)/regions.c: $(B)/regions-gen $(REGIONS_CSV) $(REGIONS_PKG)/package.json
	@echo "  GEN     $@"
	$(Q)$(B)/regions-gen '$(REGIONS_VERSION)' $(REGIONS_PKG)/data > $@.tmp && mv $@.tmp $@

$(B)/regions.o: $(B)/regions.c src/core/region-data.h
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(SANFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libkartu.a: $(CORE_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/kartu: $(CLI_OBJ) $(B)/libkartu.a
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libkartu.a $(PKG_LIBS)

# The test build: the same program with the test hooks of src/cli/main.c
# compiled in (KARTU_NOW fixes the clock, KARTU_TRUST_ORIGINALITY_KEY trusts the
# simulator's chips, ...).  Only main.c differs.  The tests and the demo run
# it; make install never installs it, and kartu doctor calls it a problem.
$(B)/main-test.o: main.c $(HDRS) $(B)/.dir
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CPPFLAGS) $(CFLAGS) -DKARTU_TEST_HOOKS -c -o $@ $<

$(B)/kartu-test: $(B)/main-test.o $(filter-out $(B)/main.o,$(CLI_OBJ)) $(B)/libkartu.a
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(B)/main-test.o \
		$(filter-out $(B)/main.o,$(CLI_OBJ)) $(B)/libkartu.a $(PKG_LIBS)

# The PN532 reader simulator (drivers/pn532-sim/README.md): a test and demo tool.
SIM_SRC = $(wildcard drivers/pn532-sim/*.c)
$(B)/pn532-sim: $(SIM_SRC) drivers/pn532-sim/pn532-sim.h $(B)/.dir
	@echo "  LINK    $@"
	$(Q)$(CC) $(KCFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(SIM_SRC) \
		$$(pkg-config --cflags --libs libcrypto)

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libkartu.a
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) -Itests/unit $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) \
		-o $@ $< $(B)/libkartu.a $(PKG_LIBS)

$(B)/locale/%/LC_MESSAGES/kartu.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $@"
	$(Q)msgfmt --check -o $@ $<

$(B)/bench-tap: bench/bench-tap.c bench/clock.h bench/bulk.c bench/bulk.h $(B)/libkartu.a
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		bench/bulk.c $(B)/libkartu.a $(PKG_LIBS)

$(B)/bench-dupes: bench/bench-dupes.c bench/clock.h bench/gen.c bench/gen.h bench/bulk.c \
		bench/bulk.h $(B)/libkartu.a
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		bench/gen.c bench/bulk.c $(B)/libkartu.a $(PKG_LIBS)

$(B)/bench-find: bench/bench-find.c bench/clock.h bench/gen.c bench/gen.h $(B)/libkartu.a
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		bench/gen.c $(B)/libkartu.a $(PKG_LIBS)

# Many desks issuing at once (issue 17): tests/cli/concurrency-pg.t, make proof.
$(B)/bench-proof: bench/bench-proof.c bench/gen.c bench/gen.h $(B)/libkartu.a
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		bench/gen.c $(B)/libkartu.a $(PKG_LIBS)

$(B)/bench-rss: bench/bench-rss.c $(B)/.dir
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(B)/bench-gen: bench/bench-gen.c bench/gen.c bench/gen.h $(B)/libkartu.a
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		bench/gen.c $(B)/libkartu.a $(PKG_LIBS)

$(B)/bench-print: bench/bench-print.c bench/clock.h $(B)/libkartu.a
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(B)/libkartu.a $(PKG_LIBS)

$(B)/bench-pages: bench/bench-pages.c bench/clock.h $(B)/.dir
	@echo "  CC      $@"
	$(Q)$(CC) $(KCFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

bench: all
	$(Q)$(MAKE) --no-print-directory $(B)/bench-tap $(B)/bench-dupes $(B)/bench-print $(B)/bench-pages \
		$(B)/bench-gen $(B)/bench-rss $(B)/bench-find
	$(Q)KARTU_BUILD=$(B) sh bench/run

# The tests run against the test build in $(B) (tests/cli/lib.sh: kartu-test;
# the installed program's build/kartu where a test is about it); each makes
# its own scratch directory.  A failing run ends with what failed and why
# (tests/logged.sh keeps each file's output, tests/failures.sh shows it).
TESTS ?= $(UNIT_BIN) $(sort $(wildcard tests/cli/*.t))
# One PostgreSQL cluster for the run (tests/pg-cluster.sh) when a test needs
# one: tests/cli/pg.t, test-store-pg, or every test with KARTU_TEST_STORE=pg.
KARTU_TEST_STORE ?=
PG_TESTS = %/pg.t %/offline.t %/concurrency-pg.t %/pg-env.t %/backup.t %/doctor-pg.t %/test-store-pg
PG_RUN = $(if $(filter $(PG_TESTS),$(TESTS))$(filter pg,$(KARTU_TEST_STORE)),sh \
	tests/pg-cluster.sh run)

test-run: $(B)/kartu $(B)/kartu-test $(B)/pn532-sim $(B)/bench-tap $(B)/bench-dupes $(B)/bench-print $(B)/bench-pages \
		$(B)/bench-gen $(B)/bench-rss $(B)/bench-find $(B)/bench-proof \
		$(MO) $(UNIT_BIN)
	$(Q)rm -rf $(B)/tap && mkdir $(B)/tap
	$(Q)KARTU_BUILD=$(CURDIR)/$(B) KARTU_SRC=$(CURDIR) CRASH_RUNS=$(CRASH_RUNS) \
		KARTU_TEST_STORE=$(KARTU_TEST_STORE) KARTU_TAP_LOGS=$(CURDIR)/$(B)/tap \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		$(PG_RUN) prove --exec 'sh tests/logged.sh' $(TESTS) || \
		{ sh tests/failures.sh $(B)/tap; exit 1; }

# The browser tests alone (tests/cli/web.t): make test-web [WEB_TESTS="tests/web/x.test.js"]
test-web: $(B)/kartu-test $(B)/pn532-sim $(MO)
	$(Q)KARTU_BUILD=$(CURDIR)/$(B) KARTU_SRC=$(CURDIR) WEB_TESTS="$(WEB_TESTS)" \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp sh tests/cli/web.t

# make check: every test on SQLite, again under the sanitizers, then the
# command-line and browser tests again on PostgreSQL (KARTU_TEST_STORE=pg:
# one throwaway cluster, a database per test file).  The PostgreSQL backend
# is under the sanitizers already in the second run (pg.t, test-store-pg);
# the whole suite on PostgreSQL under them again would add its full length
# for the same core code.
# The threads of the program's own are the import's (src/core/import.c: one
# checks the rows while the other writes them): its tests (those of TESTS)
# run a fourth time under ThreadSanitizer.
TSAN_TESTS = $(filter tests/cli/import%,$(TESTS))

check: deps
	$(Q)$(MAKE) --no-print-directory test-run
	@echo "== again under AddressSanitizer and UndefinedBehaviorSanitizer =="
	$(Q)$(MAKE) --no-print-directory SAN=1 test-run \
		TESTS="$(subst build/,build-san/,$(TESTS))"
	@echo "== the command-line and browser tests again on PostgreSQL =="
	$(Q)$(MAKE) --no-print-directory test-run KARTU_TEST_STORE=pg \
		TESTS="$(filter-out $(UNIT_BIN),$(TESTS))"
	$(if $(TSAN_TESTS),@echo "== the import's two threads under ThreadSanitizer ==")
	$(if $(TSAN_TESTS),$(Q)$(MAKE) --no-print-directory TSAN=1 test-run TESTS="$(TSAN_TESTS)")

# The crash test at full length: 240 runs of SIGKILL during issue, encode and
# replace, each followed by kartu fsck (make check runs 24).
crash: $(B)/kartu $(B)/kartu-test $(B)/pn532-sim $(MO)
	$(Q)$(MAKE) --no-print-directory test-run TESTS=tests/cli/crash.t CRASH_RUNS=240

# The proof of issue 17 at full size: 8 desks x 200 applicants at once on an
# SQLite file and on PostgreSQL (tests/cli/concurrency-pg.t; make check runs
# 8 x 10, with every 5th applicant at every desk at once; here each desk's
# applicants are its own, PROOF_SHARED=N for that).  The figures are its #
# lines; bench/RESULTS.md keeps a run.
PROOF_DESKS ?= 8
PROOF_APPS ?= 200
PROOF_SHARED ?= 0
proof: $(B)/kartu $(B)/kartu-test $(B)/pn532-sim $(B)/bench-proof $(MO)
	$(Q)KARTU_BUILD=$(CURDIR)/$(B) KARTU_SRC=$(CURDIR) PROOF_DESKS=$(PROOF_DESKS) \
		PROOF_APPS=$(PROOF_APPS) PROOF_SHARED=$(PROOF_SHARED) LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		sh tests/pg-cluster.sh run prove -v --exec '' tests/cli/concurrency-pg.t

demo: all
	$(Q)KARTU_BUILD=$(CURDIR)/$(B) sh tools/demo

# What make install puts where; make uninstall removes exactly these.
INSTALLED = $(BINDIR)/kartu $(MANDIR)/man1/kartu.1 $(PKGDATADIR)/rules.conf \
	$(patsubst db/%,$(PKGDATADIR)/%,$(wildcard db/migrations/*.sql)) \
	$(patsubst layouts/%,$(PKGDATADIR)/layouts/%,$(wildcard layouts/*.layout)) \
	$(PKGDATADIR)/usb-devices.tsv \
	$(patsubst web/%,$(PKGDATADIR)/web/%,$(wildcard web/*.css web/*.js)) \
	$(SYSTEMDUNITDIR)/kartu-web.service \
	$(LANGS:%=$(LOCALEDIR)/%/LC_MESSAGES/kartu.mo) \
	$(UDEVRULESDIR)/60-kartu.rules $(MODPROBEDIR)/kartu-blacklist.conf \
	$(NFCCONFDIR)/devices.d/pn532_uart.conf $(SYSTEMDUNITDIR)/kartu-desk.service \
	$(SYSCONFDIR)/kartu/kartu.conf.example $(DOCDIR)/kartu.conf.example \
	$(DOCDIR)/REGIONS.md $(DOCDIR)/REGIONS-LICENSE.md \
	$(DATADIR)/metainfo/kartu.metainfo.xml

install: all
	$(Q)$(MAKE) --no-print-directory install-files

# install without building first (debian/rules: dh_auto_build made 'program').
install-files: program
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PKGDATADIR) \
		$(DESTDIR)$(PKGDATADIR)/migrations $(DESTDIR)$(PKGDATADIR)/layouts \
		$(DESTDIR)$(PKGDATADIR)/web \
		$(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(MODPROBEDIR) \
		$(DESTDIR)$(NFCCONFDIR)/devices.d $(DESTDIR)$(SYSTEMDUNITDIR) \
		$(DESTDIR)$(SYSCONFDIR)/kartu $(DESTDIR)$(DOCDIR) $(DESTDIR)$(DATADIR)/metainfo
	install -m 755 $(B)/kartu $(DESTDIR)$(BINDIR)/kartu
	install -m 644 doc/kartu.1 $(DESTDIR)$(MANDIR)/man1/kartu.1
	install -m 644 db/rules.conf drivers/usb-devices.tsv $(DESTDIR)$(PKGDATADIR)/
	install -m 644 db/migrations/*.sql $(DESTDIR)$(PKGDATADIR)/migrations/
	install -m 644 layouts/*.layout $(DESTDIR)$(PKGDATADIR)/layouts/
	install -m 644 $(wildcard web/*.css web/*.js) $(DESTDIR)$(PKGDATADIR)/web/
	for l in $(LANGS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(B)/locale/$$l/LC_MESSAGES/kartu.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kartu.mo; \
	done
	install -m 644 udev/60-kartu.rules $(DESTDIR)$(UDEVRULESDIR)/60-kartu.rules
	install -m 644 udev/kartu-blacklist.conf $(DESTDIR)$(MODPROBEDIR)/kartu-blacklist.conf
	install -m 644 udev/pn532_uart.conf $(DESTDIR)$(NFCCONFDIR)/devices.d/pn532_uart.conf
	sed 's|@BINDIR@|$(BINDIR)|g' dist/kartu-desk.service > $(DESTDIR)$(SYSTEMDUNITDIR)/kartu-desk.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/kartu-desk.service
	sed 's|@BINDIR@|$(BINDIR)|g' dist/kartu-web.service > $(DESTDIR)$(SYSTEMDUNITDIR)/kartu-web.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/kartu-web.service
	install -m 644 dist/kartu.conf.example $(DESTDIR)$(SYSCONFDIR)/kartu/kartu.conf.example
	install -m 644 dist/kartu.conf.example $(DESTDIR)$(DOCDIR)/kartu.conf.example
	install -m 644 doc/REGIONS.md doc/REGIONS-LICENSE.md $(DESTDIR)$(DOCDIR)/
	install -m 644 dist/kartu.metainfo.xml $(DESTDIR)$(DATADIR)/metainfo/kartu.metainfo.xml

uninstall:
	rm -f $(INSTALLED:%=$(DESTDIR)%)
	-rmdir $(DESTDIR)$(PKGDATADIR)/layouts $(DESTDIR)$(PKGDATADIR)/migrations \
		$(DESTDIR)$(PKGDATADIR)/web \
		$(DESTDIR)$(PKGDATADIR) $(DESTDIR)$(SYSCONFDIR)/kartu $(DESTDIR)$(DOCDIR) \
		$(DESTDIR)$(NFCCONFDIR)/devices.d 2>/dev/null

# The Debian package: debian/ builds 'program' with PREFIX=/usr and installs it
# with install-files (debian/rules).  dpkg-buildpackage writes into the parent
# directory, so it runs in a copy of this tree (the work tree as it is, without
# the builds) under build/deb/, and the .deb lands in build/deb/.  Only the
# building part of tools/deps.list and the packaging tools are installed first.
DEB_DIR = build/deb
LINTIAN = lintian --fail-on error,warning
deb:
	$(Q)mkdir -p build
	$(Q)sed -n '/^# building/,/^$$/p;/^# the Debian package/,/^$$/p' tools/deps.list \
		> build/deb-deps.list
	$(Q)sh tools/deps '' build/deb-deps.list
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	$(Q)tar -cf - --exclude=./build --exclude=./build-san --exclude=./build-tsan \
		--exclude=./build-fuzz \
		--exclude=./build-install --exclude=./tests/trash --exclude=./.git . | \
		tar -xf - -C $(DEB_DIR)/src
	$(Q)cd $(DEB_DIR)/src && dpkg-buildpackage -us -uc -b >../build.log 2>&1 || \
		{ tail -30 ../build.log >&2; exit 1; }
	$(Q)rm -rf $(DEB_DIR)/src
	$(Q)ls $(DEB_DIR)/*.deb
	$(Q)$(LINTIAN) $(DEB_DIR)/*.changes

update-po:
	xgettext --from-code=UTF-8 -k_ -kN_ --package-name=kartu -o po/kartu.pot \
		$(call src,$(CORE) $(CLI))
	for p in po/*.po; do msgmerge -q --update --backup=none $$p po/kartu.pot; done

# Fuzzing: every parser of outside input has a target in tests/fuzz/ with a seed
# corpus beside it.  Crashes are written to build-fuzz/; make each a regression test.
FUZZ = fuzz-payload fuzz-input fuzz-layout fuzz-image fuzz-csv fuzz-config fuzz-scanner \
	fuzz-text fuzz-rules fuzz-holidays fuzz-search
FUZZ += fuzz-legacy-csv
FUZZ += fuzz-legacy
FUZZ += fuzz-inlislite
# The screens' request parsing: forms (urlencoded, multipart) and cookies.
FUZZ += fuzz-web-form
# Region codes and the NIK's region (src/core/region.c).
FUZZ += fuzz-region
# The payload of a store note (LISTEN/NOTIFY), which any client may send.
FUZZ += fuzz-note
# The station's revocation list file (src/core/revlist.c).
FUZZ += fuzz-revlist
# kartu restore's check of a backup file (store_backup_check, SQLite).
FUZZ += fuzz-backup
FUZZ_SECONDS ?= 60
FUZZ_SRC = $(call src,$(CORE)) build/sql.c build/usbtable.c build/regions.c src/web/web-req.c

build-fuzz/%: tests/fuzz/%.c $(FUZZ_SRC) $(HDRS)
	@mkdir -p build-fuzz
	clang -g -O1 -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(INCS) \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_SRC) $(PKG_CFLAGS) $(PKG_LIBS)

fuzz: deps build/sql.c build/usbtable.c build/regions.c $(FUZZ:%=build-fuzz/%)
	for t in $(FUZZ); do \
		mkdir -p build-fuzz/corpus-$$t && \
		build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build-fuzz/$$t- \
			build-fuzz/corpus-$$t tests/fuzz/corpus/$${t#fuzz-} || exit 1; \
	done

clean:
	rm -rf build build-san build-tsan build-fuzz tests/trash
