#!/bin/sh
# Golden files for what people see: the main commands' text and --json output,
# compared byte for byte with tests/golden/cli/NAME (deterministic under the
# fixed clock of lib.sh), as tmux's regress/*.result and git's test_cmp do.
# After a deliberate change: KARTU_UPDATE_GOLDEN=1 make test-run
# TESTS=tests/cli/golden.t rewrites them; review the diff before committing.
. "$KARTU_SRC/tests/cli/lib.sh"
golden="$KARTU_SRC/tests/golden/cli"

# g NAME -- kartu ARGS: stdout and stderr of the command, and its exit status,
# against the golden file NAME.
g() {
	gname=$1
	shift 2
	{
		"$K" "$@" 2>&1
		echo "[exit $?]"
	} >"$trash/$gname" </dev/null
	if [ "${KARTU_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$trash/$gname" "$golden/$gname"
		pass "$gname: written"
	elif diff -u "$golden/$gname" "$trash/$gname" >"$trash/$gname.diff" 2>&1; then
		pass "$gname is as its golden file"
	else
		sed 's/^/#   /' "$trash/$gname.diff" | head -40
		fail "$gname is as its golden file"
	fi
}

setup_desk
g help -- --help
g help-desk -- help desk
g rules -- rules
g apply -- --as Sari apply --name "Muhammad Rizky Pratama" --birth-place "Muara Teweh" \
    --birth-date 1990-05-14 --sex L --address "Jl. Yetro Sinseng 5" --phone 0812-3456-7890 \
    --category umum --document ktp --document-no 6205031405900001 --village 62.05.05.1014
g apply-refused -- --as Sari apply --name "Dewi Lestari" --birth-place "Palangka Raya" \
    --birth-date 2003-02-11 --sex P --address "Jl. Pramuka 3" --phone 081299990000 \
    --category mahasiswa --document ktm --document-no 2101234567 --institution "Universitas Indonesia"
g check -- --as Sari check 1
g validate -- --as Sari validate 1
g issue -- --as Budi issue 1
g app-show -- app show 1
g app-show-json -- --json app show 1
g app-list -- app list
g member-show -- member show 6205260000010
g member-show-json -- --json member show 6205260000010
g member-find -- member find "Rizki Pratama"
g desk-number -- desk --number 6205260000010013
g desk-number-json -- --json desk --number 6205260000010013
g queue -- queue
g dupes -- dupes --name "M. Rizky Pratama" --birth-date 1990-05-14
g report-csv -- --as Admin report daily --format csv
g error-order -- --as Sari validate 1
g error-usage -- --as Sari reject 1
g error-json -- --json member show 6205260000011
finish
