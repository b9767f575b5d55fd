#!/bin/sh
# Complaints from the five channels, followed up through every state with the
# history kept.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk

apply_umum "Muhammad Rizky" 1990-05-14 L 0812-3456-7890 6205031405900001
run --as Sari check 1 && run --as Sari validate 1 && run --as Budi issue 1
mno=$(sql "SELECT member_no FROM members")

for ch in kotak-saran website email facebook instagram; do
	expect 0 "a complaint through $ch" -- --as Dina complaint add --channel "$ch" \
	    --text "Antrean lama ($ch)"
done
has "$out" "Complaint K5 recorded (diterima)" "numbered, received"
expect 2 "an unknown channel" -- --as Dina complaint add --channel twitter --text x
has "$err" "kotak-saran, website, email, facebook or instagram" "names the channels"
expect 2 "no text" -- --as Dina complaint add --channel email
expect 2 "not both a member and an application" -- --as Dina complaint add --channel email \
    --text x --member "$mno" --application 1
expect 4 "an unknown member" -- --as Dina complaint add --channel email --text x \
    --member 6205260000029
expect 0 "about a member" -- --as Sari complaint add --channel website \
    --text "Kartu saya belum bisa dipakai" --member "$mno"
m=6
expect 0 "about an application" -- --as Sari complaint add --channel email \
    --text "Sudah dua hari menunggu" --application A1
a=7
same "$(sql "SELECT c.channel, m.member_no, c.status FROM complaints c
    JOIN members m ON m.id = c.member_id WHERE c.id = $m")" "website|$mno|diterima" \
    "stored with the member and the status diterima"
same "$(sql "SELECT application_id FROM complaints WHERE id = $a")" 1 "and with the application"

expect 3 "the desk does not follow complaints up" -- --as Dina complaint update $m \
    --status dianalisis --note x
expect 2 "an unknown status" -- --as Sari complaint update $m --status open --note x
expect 2 "a note is needed" -- --as Sari complaint update $m --status dianalisis
expect 4 "no such complaint" -- --as Sari complaint update 99 --status dianalisis --note x
expect 0 "dianalisis" -- --as Sari complaint update K$m --status dianalisis \
    --note "Kartu belum dienkode"
expect 0 "ditindaklanjuti" -- --as Sari complaint update $m --status ditindaklanjuti \
    --note "Kartu dienkode ulang"
expect 3 "back to dianalisis is refused" -- --as Sari complaint update $m --status dianalisis \
    --note x
has "$err" "already ditindaklanjuti" "saying where it is"
expect 0 "selesai, by the admin" -- --as Admin complaint update $m --status selesai \
    --note "Anggota sudah menerima kartu"
expect 3 "a closed complaint stays closed" -- --as Sari complaint update $m --status selesai \
    --note x
same "$(sql_words "SELECT coalesce(e.from_status, '-') || '>' || e.to_status || ':' || o.name
    FROM complaint_events e JOIN operators o ON o.id = e.operator_id
    WHERE complaint_id = $m ORDER BY e.id")" \
    "->diterima:Sari diterima>dianalisis:Sari dianalisis>ditindaklanjuti:Sari ditindaklanjuti>selesai:Admin" \
    "the whole history is kept with who moved it"
expect 0 "complaint show" -- complaint show $m
has "$out" "Kartu dienkode ulang" "shows the notes"
same "$(grep -c '^  20' "$out")" 4 "and the four steps"
expect 0 "skipping straight to selesai is allowed" -- --as Sari complaint update 1 \
    --status selesai --note "Antrean ditambah petugas"

expect 0 "complaint list" -- complaint list
same "$(wc -l <"$out" | tr -d ' ')" 7 "lists all seven"
expect 0 "complaint list --status selesai" -- complaint list --status selesai
same "$(wc -l <"$out" | tr -d ' ')" "$(sql "SELECT count(*) FROM complaints WHERE status = 'selesai'")" \
    "filters by status"
expect 0 "complaint list --channel email --json" -- --json complaint list --channel email
same "$(grep -o '"id":' "$out" | wc -l | tr -d ' ')" \
    "$(sql "SELECT count(*) FROM complaints WHERE channel = 'email'")" "filters by channel"
same "$(sql "SELECT count(*) FROM audit WHERE entity = 'complaint'")" \
    "$(sql "SELECT count(*) FROM complaint_events")" \
    "every change of a complaint is in the audit trail"
expect 0 "and the audit trail holds" -- audit verify
finish
