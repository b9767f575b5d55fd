#!/bin/sh
# web.t - the screens (kartu serve) in a real browser: every tests/web/*.test.js
# (or $WEB_TESTS) run by node --test against Debian's chromium through
# puppeteer-core, each file with its own station (tests/web/harness.js).
# Screenshots of the pages go to tests/trash/web/ (not committed).
: "${KARTU_BUILD:?run through make check}"
: "${KARTU_SRC:?run through make check}"
cd "$KARTU_SRC" || exit 1
[ -d node_modules/puppeteer-core ] ||
	{ echo "Bail out! node_modules/ is missing: make deps runs npm ci"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "Bail out! /usr/bin/chromium is missing: make deps"; exit 1; }
files=${WEB_TESTS:-$(ls tests/web/*.test.js)}
# One file at a time: each starts a browser, and the machine has two cores.
conc=
node --help 2>/dev/null | grep -q -- --test-concurrency && conc=--test-concurrency=1
export KARTU_BUILD KARTU_SRC
# shellcheck disable=SC2086
exec node --test $conc --test-reporter=./tests/web/tap.mjs $files
