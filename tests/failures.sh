#!/bin/sh
# tests/failures.sh DIR - after a failing make test-run, each test file that
# failed (tests/logged.sh kept its output in DIR) with its failed tests and
# the comments that follow each (what was got, what was wanted, the
# command's output); a file that failed with no failed test (it died,
# bailed out or gave no plan) with its last lines.
dir=$1
echo "== what failed =="
for rc in "$dir"/*.rc; do
	[ -f "$rc" ] || continue
	tap=${rc%.rc}.tap
	name=$(basename "${rc%.rc}" | tr % /)
	if [ "$(cat "$rc")" = 0 ] && grep -q '^1\.\.' "$tap" &&
	    ! grep -v '# TODO' "$tap" | grep -q '^not ok'; then
		continue
	fi
	echo "-- $name (exit $(cat "$rc"))"
	if grep -v '# TODO' "$tap" | grep -q '^not ok'; then
		awk '/^not ok/ && !/# TODO/ { shown = 0; on = 1; print; next }
		     /^(ok|not ok) / { on = 0 }
		     on && /^#/ && shown++ < 40 { print }' "$tap"
	else
		tail -n 15 "$tap"
	fi
done
