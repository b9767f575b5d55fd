#!/bin/sh
# Indonesia's region codes at the desk (doc/REGIONS.md): a NIK of no province
# is refused on its field, one of a district the list does not know is taken
# with a warning, the address's village is checked against the library's
# regency and shown with its names, and the KTP's region is shown without the
# NIK, which is never stored or shown in clear.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

# form NIK-OPTIONS... : an umum applicant with a SIM and the NIK given apart,
# or with the KTP (the NIK is the KTP's number).
sim_form() {
	run --as Sari apply --name "Ani Lestari" --birth-place "Muara Teweh" \
	    --birth-date 1995-07-21 --sex P --address "Jl. Durian 24" --phone 081299998888 \
	    --category umum --document sim --document-no 950712345678 "$@"
}
apps() { sql "SELECT count(*) FROM applications"; }

# --- The province: refused, on the field it was typed in, nothing written.
sim_form --nik 9905036107950004
same "$rc" 2 "a NIK of no province is refused (exit 2)"
has "$err" "kartu: error: NIK does not start with a province code: 99 is no province of Indonesia (--nik)" \
    "the message says which digits and names --nik"
same "$(apps)" 0 "nothing is recorded"
run --json --as Sari apply --name "Ani Lestari" --birth-place "Muara Teweh" \
    --birth-date 1995-07-21 --sex P --address "Jl. Durian 24" --phone 081299998888 \
    --category umum --document sim --document-no 950712345678 --nik 1005036107950004
same "$rc" 2 "10 (between Aceh's 11 and nothing) is no province either"
has "$out" '"field":"nik"' "--json names the field nik"
apply_umum "Ani Lestari" 1995-07-21 P 081299998888 0005036107950004
same "$rc" 2 "a KTP whose number starts with 00 is refused"
has "$err" "no province of Indonesia" "with the same words"
same "$(apps)" 0 "still nothing recorded"

# --- The district: a warning, the form is taken.
apply_umum "Ani Lestari" 1995-07-21 P 081299998888 6205996107950004
same "$rc" 0 "a NIK of an unknown district of a known regency is accepted"
has "$err" "kartu: warning: the NIK's district 62.05.99 is not one of Kab. Barito Utara's: accepted; check the number against the KTP (--document-no)" \
    "with a warning naming the district, the regency and the option"
has "$out" "Application 1 recorded" "the application is recorded"
same "$(sql "SELECT nik_region FROM applications WHERE id = 1")" "62.05.99" \
    "the NIK's district code is kept"
expect 0 "app show" -- --as Sari app show 1
has "$out" "KTP region     Kab. Barito Utara" "says the KTP's regency"
hasnt "$out" "Kec." "and no district it does not know"
sim_form --nik 6299036107950004
same "$rc" 0 "an unknown regency of a known province is accepted"
has "$err" "the NIK's regency 62.99 is not one of Kalimantan Tengah's" "with its warning (--nik)"
has "$err" "(--nik)" "on --nik"
LANGUAGE=id run --as Sari apply --name "Ani Lestari" --birth-place "Muara Teweh" \
    --birth-date 1995-07-21 --sex P --address "Jl. Durian 24" --phone 081299998888 \
    --category umum --document sim --document-no 950712345678 --nik 6299036107950004
has "$err" "kartu: peringatan: kabupaten/kota 62.99 pada NIK tidak termasuk Kalimantan Tengah" \
    "the warning in Indonesian"
same "$rc" 0 "a warning does not change the exit status"
apply_umum "Budi Santoso" 1990-05-14 L 081234567890 6205051405900001
same "$rc" 0 "a NIK of a known district"
same "$(cat "$err")" "" "no warning"

# --- The village of the address.
apply_umum "Sari Dewi" 1992-08-03 P 081311112222 6205054308920002 --village 62.05.01.2005
same "$rc" 0 "apply --village with a desa of the regency"
a=$(app_id)
same "$(sql "SELECT village || ' ' || nik_region FROM applications WHERE id = $a")" \
    "62.05.01.2005 62.05.05" "the village and the NIK's district are stored"
expect 0 "app show" -- --as Sari app show "$a"
has "$out" "KTP region     Kab. Barito Utara, Kec. Teweh Tengah" "the KTP's region"
has "$out" "Village        Desa Sikan, Kec. Montallat, Kab. Barito Utara (62.05.01.2005)" \
    "the village with its district, regency and code"
hasnt "$out" "6205054308920002" "never the NIK in clear"
expect 0 "app show --json" -- --json --as Sari app show "$a"
has "$out" '"village":"62.05.01.2005","nik_region":"62.05.05"' "--json gives the codes"
apply_umum "Rina Wati" 1993-01-02 P 081311113333 6205054201930003 --village 6205051014
same "$rc" 0 "a code without dots is taken"
same "$(sql "SELECT village FROM applications WHERE id = $(app_id)")" "62.05.05.1014" \
    "and stored dotted"
apps_before=$(apps)
for v in 62.71.01.1001 62.05.01 62.05.01.9999 62.05.01.20051 "Sikan" ""; do
	apply_umum "Rina Wati" 1993-01-02 P 081311113333 6205054201930003 --village "$v"
	same "$rc" 2 "--village '$v' is refused"
	has "$err" "(--village)" "on --village ('$v')"
done
has "$err" "is no village code" "a word is no village code"
apply_umum "Rina Wati" 1993-01-02 P 081311113333 6205054201930003 --village 62.71.01.1001
has "$err" "village 62.71.01.1001 (Pahandut) is not in Kab. Barito Utara" \
    "a village of another regency is named as such"
same "$(apps)" "$apps_before" "nothing recorded by a refused village"
# A regency the list does not know (a typo in the settings): any village.
sql "UPDATE settings SET value = 'Kabupaten Entah' WHERE key = 'regency'"
apply_umum "Rina Wati" 1993-01-02 P 081311113333 6205054201930003 --village 62.71.01.1001
same "$rc" 0 "with a regency setting of no known regency, any village is taken"
sql "UPDATE settings SET value = 'kab. barito  utara' WHERE key = 'regency'"
apply_umum "Rina Wati" 1993-01-02 P 081311113333 6205054201930003 --village 62.71.01.1001
same "$rc" 2 "the regency written short and in other case is still the regency"
sql "UPDATE settings SET value = 'Kabupaten Barito Utara' WHERE key = 'regency'"

# --- The member keeps them: member show's KTP line.
expect 0 "check" -- --as Sari check "$a" --not-duplicate
expect 0 "validate" -- --as Sari validate "$a"
expect 0 "issue" -- --as Budi issue "$a"
m=$(sql "SELECT member_no FROM members WHERE application_id = $a")
same "$(sql "SELECT village || ' ' || nik_region FROM members WHERE member_no = '$m'")" \
    "62.05.01.2005 62.05.05" "the member has the village and the NIK's district"
expect 0 "member show" -- --as Sari member show "$m"
has "$out" "KTP region     Kab. Barito Utara, Kec. Teweh Tengah" "member show's KTP line"
has "$out" "Village        Desa Sikan, Kec. Montallat, Kab. Barito Utara (62.05.01.2005)" \
    "and the village"
hasnt "$out" "6205054308920002" "never the NIK in clear"
LANGUAGE=id run --as Sari member show "$m"
has "$out" "Wilayah KTP    Kab. Barito Utara, Kec. Teweh Tengah" "in Indonesian"
has "$out" "Desa/kelurahan Desa Sikan" "the village's label in Indonesian"
expect 0 "member show --json" -- --json --as Sari member show "$m"
has "$out" '"village":"62.05.01.2005","nik_region":"62.05.05"' "--json gives the codes"
# A new NIK (with the KTP shown again) brings its district.
echo 6205034308920002 >"$trash/nik"
expect 0 "member edit with a new NIK" -- --as Budi member edit "$m" --document ktp \
    --document-no - <"$trash/nik"
same "$(sql "SELECT village || ' ' || nik_region FROM members WHERE member_no = '$m'")" \
    "62.05.01.2005 62.05.03" "the NIK's district follows the NIK, the village stays"
expect 0 "member show" -- --as Sari member show "$m"
has "$out" "KTP region     Kab. Barito Utara, Kec. Gunung Purei" "member show says the new one"
hasnt "$out" "6205034308920002" "never the NIK in clear"
expect 0 "a correction without a NIK" -- --as Budi member edit "$m" --address "Jl. Durian 25"
same "$(sql "SELECT nik_region FROM members WHERE member_no = '$m'")" "62.05.03" \
    "keeps the NIK's district"

# An old system's member: its NIK's district too, and the same warning.
printf 'nama;tempat_lahir;tanggal_lahir;jenis_kelamin;alamat;telepon;kategori;nik;nomor_lama\n' \
    >"$trash/old.csv"
printf 'Ahmad Fauzi;Muara Teweh;14-05-1990;L;Jl. Pramuka 3;081255550001;umum;6205021405900001;A-1\n' \
    >>"$trash/old.csv"
printf 'Utuh Masrani;Banjarmasin;20-01-1979;L;Jl. A. Yani 1;081255550003;umum;6371012001790003;A-2\n' \
    >>"$trash/old.csv"
expect 0 "import" -- --as Admin import "$trash/old.csv"
same "$(sql "SELECT legacy_no || ' ' || nik_region FROM members WHERE legacy_no IS NOT NULL
    ORDER BY legacy_no")" "A-1 62.05.02
A-2 63.71.01" "imported members keep their NIK's district"
sql .dump >"$trash/dump.sql"
for nik in 6205054308920002 6205996107950004 6205051405900001 6205034308920002 \
    6205021405900001; do
	hasnt "$trash/dump.sql" "$nik" "the database holds no NIK in clear ($nik)"
done
finish
