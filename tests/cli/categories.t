#!/bin/sh
# The five categories, their documents, the local-university rule.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# form NAME BIRTH SEX CATEGORY [options]: apply with a fixed address and phone
form() {
	n=$1 b=$2 s=$3 c=$4
	shift 4
	run --as Sari apply --name "$n" --birth-place "Muara Teweh" --birth-date "$b" \
	    --sex "$s" --address "Jl. Durian 24" --phone 081255556666 --category "$c" "$@"
}
ok_form() { d=$1; shift; form "$@"; if [ "$rc" = 0 ]; then pass "$d"; else fail "$d (exit $rc)"; fi; }
refused() { d=$1; want=$2; shift 2; form "$@"
	if [ "$rc" = "$want" ]; then pass "$d (exit $rc)"; else fail "$d (exit $rc, want $want)"; fi; }

ok_form "paud-tk with a KK and a guardian" "Aisyah Putri" 2021-06-01 P paud-tk \
    --document kk --document-no 6205030101200003 --guardian "Rahmat Hidayat"
refused "paud-tk without a guardian" 2 "Aisyah Putri" 2021-06-01 P paud-tk \
    --document kk --document-no 6205030101200003
has "$err" "--guardian" "the message asks for the guardian"
refused "paud-tk with a KTP" 3 "Aisyah Putri" 2021-06-01 P paud-tk \
    --document ktp --document-no 6205034106210001 --guardian "Rahmat Hidayat"
has "$err" "needs: kk" "the message names the document needed"
refused "paud-tk with a 15-digit KK" 2 "Aisyah Putri" 2021-06-01 P paud-tk \
    --document kk --document-no 620503010120000 --guardian "Rahmat Hidayat"

ok_form "sd-sma with a kartu pelajar (NISN) and a school" "Rian Saputra" 2010-02-11 L sd-sma \
    --document kartu-pelajar --document-no 0101234567 --institution "SMPN 1 Muara Teweh"
refused "sd-sma with a 9-digit NISN" 2 "Rian Saputra" 2010-02-11 L sd-sma \
    --document kartu-pelajar --document-no 010123456 --institution "SMPN 1 Muara Teweh"
refused "sd-sma without a school" 2 "Rian Saputra" 2010-02-11 L sd-sma \
    --document kartu-pelajar --document-no 0101234567
refused "sd-sma with a SIM" 3 "Rian Saputra" 2010-02-11 L sd-sma \
    --document sim --document-no 123456789012 --institution "SMPN 1 Muara Teweh"

ok_form "mahasiswa of a university in the regency" "Nur Aini" 2003-04-09 P mahasiswa \
    --document ktm --document-no "KTM-2021/0042" --institution "stie muara teweh"
same "$(sql "SELECT institution FROM applications ORDER BY id DESC LIMIT 1")" \
    "Sekolah Tinggi Ilmu Ekonomi Muara Teweh" "an alias is stored as the official name"
before=$(sql "SELECT count(*) FROM applications")
refused "mahasiswa of a university outside the regency" 3 "Andi Pratama" 2002-08-17 L \
    mahasiswa --document ktm --document-no "UPR-19-001" --institution "Universitas Palangka Raya"
has "$err" "not a university in Kabupaten Barito Utara" "the refusal gives the reason"
has "$err" "recorded as application" "and says it was recorded"
same "$(sql "SELECT state, reason FROM applications ORDER BY id DESC LIMIT 1")" \
    "refused|Universitas Palangka Raya is not a university in Kabupaten Barito Utara: only students of the universities there are served" \
    "the refusal is recorded with its reason"
same "$(sql "SELECT count(*) FROM applications")" "$((before + 1))" "as one application"
same "$(sql "SELECT e.to_state || '/' || o.name FROM app_events e JOIN operators o
    ON o.id = e.operator_id ORDER BY e.id DESC LIMIT 1")" "refused/Sari" \
    "by the officer who took the form"
refused "mahasiswa of a university not on any list" 3 "Andi Pratama" 2002-08-17 L mahasiswa \
    --document ktm --document-no "X-19-001" --institution "Universitas Antah Berantah"
refused "mahasiswa without a university" 2 "Andi Pratama" 2002-08-17 L mahasiswa \
    --document ktm --document-no "X-19-001"
id=$(sql "SELECT id FROM applications WHERE state = 'refused' LIMIT 1")
expect 3 "a refused application cannot be checked" -- --as Sari check "$id"

for doc in "ktp 6205035708880002" "sim 123456789012" "kartu-pegawai NIP-198808172010012001"; do
	set -- $doc
	ok_form "pegawai with $1" "Rina Wati" 1988-08-17 P pegawai --document "$1" \
	    --document-no "$2" --institution "Dinas Pendidikan"
done
ok_form "umum with a KTP" "Slamet Riyadi" 1970-10-10 L umum --document ktp \
    --document-no 6205031010700005
ok_form "umum with a SIM and a NIK" "Slamet Riyadi" 1970-10-10 L umum --document sim \
    --document-no 123456789012 --nik 6205031010700005
refused "umum with a kartu pegawai" 3 "Slamet Riyadi" 1970-10-10 L umum \
    --document kartu-pegawai --document-no NIP-1
has "$err" "needs: ktp, sim" "the message lists ktp and sim"
refused "an unknown category" 2 "Slamet Riyadi" 1970-10-10 L lansia --document ktp \
    --document-no 6205031010700005
has "$err" "paud-tk, sd-sma, mahasiswa, pegawai, umum" "the message lists the categories"
refused "an unknown document kind" 2 "Slamet Riyadi" 1970-10-10 L umum --document paspor \
    --document-no A1234567

# The rules are data: a library serves a new university without recompiling.
cat >"$trash/rules.conf" <<'RULES'
[institution]
name = Universitas Palangka Raya
kind = university
local = yes
alias = UPR
RULES
expect 0 "init --rules loads a library's own rules" -- --as Admin init --rules "$trash/rules.conf"
refused "...after which that university's student is served" 0 "Andi Pratama" 2002-08-17 L \
    mahasiswa --document ktm --document-no "UPR-19-001" --institution "UPR"
expect 0 "kartu rules shows them" -- rules
has "$out" "served     Universitas Palangka Raya" "the changed rule shows"
expect 1 "init --rules with a missing file fails" -- --as Admin init --rules "$trash/none.conf"
finish
