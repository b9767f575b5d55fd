#!/bin/sh
# Replacing lost and damaged cards: the old chip and number stop working the
# moment the replacement is made; one pending replacement at a time.
. "$KARTU_SRC/tests/cli/lib.sh"
setup_desk
start_sim
"$K" --as Admin keygen >/dev/null || { echo "Bail out! keygen"; exit 1; }
apply_umum "Siti Nurhaliza" 1992-08-03 P 081234567890 6205034308920002
i=$(app_id)
"$K" --as Sari check "$i" >/dev/null && "$K" --as Sari validate "$i" >/dev/null &&
    "$K" --as Budi issue "$i" >/dev/null || { echo "Bail out! member"; exit 1; }
m=$(sql "SELECT member_no FROM members")
c1=$(sql "SELECT card_no FROM cards")
sim put ntag215 04AAAAAAAAAA01 >/dev/null
"$K" --as Budi encode "$m" --timeout 5 >/dev/null || { echo "Bail out! encode"; exit 1; }

expect 3 "an officer may not replace cards" -- --as Sari replace --tap --reason lost \
    --document ktp --document-no 6205034308920002 --timeout 5
expect 2 "a reason other than lost or damaged" -- --as Budi replace --member "$m" \
    --reason stolen --document ktp --document-no 6205034308920002
expect 3 "a document not accepted for a replacement" -- --as Budi replace --member "$m" \
    --reason lost --document kk --document-no 6205030101200003
has "$err" "ktp,sim,kartu-pelajar,kartu-anggota-lama" "the refusal lists the documents"
expect 3 "a KTP that is not the member's" -- --as Budi replace --member "$m" \
    --reason lost --document ktp --document-no 6205031405900001
has "$err" "not member $m's" "saying whose it is not"
expect 2 "two ways of finding the member" -- --as Budi replace --member "$m" --card "$c1" \
    --reason lost --document sim --document-no 123456789012
expect 4 "a NIK of no member" -- --as Budi replace --nik 6205031405900001 --reason lost \
    --document sim --document-no 123456789012
same "$(sql "SELECT count(*) FROM replacements")" 0 "none of that recorded anything"

expect 0 "the old card tapped, reported lost, KTP shown" -- --as Budi replace --tap \
    --reason lost --document ktp --document-no 6205034308920002 --timeout 5
c2=$(sql "SELECT card_no FROM cards WHERE issue_no = 2")
has "$out" "Card $c1 is now lost and no longer works; new card $c2" "says what happened"
same "$(sql "SELECT c.status, o.name FROM cards c JOIN operators o ON o.id = c.status_by
    WHERE card_no = '$c1'")" "lost|Budi" "the old card is lost, by whom"
same "$(sql "SELECT reason, document, document_masked FROM replacements")" \
    "lost|ktp|6205**********02" "the replacement is recorded with the document, masked"
run desk --once --timeout 5
same "$rc" 12 "the old chip answers LOST at once (exit 12)"
has "$out" "since 2026-11-28" "with the date"
run desk --number "$c1"
same "$rc" 12 "so does the old card's number"
expect 3 "no second replacement while the first waits for its chip" -- --as Budi replace \
    --member "$m" --reason lost --document sim --document-no 123456789012
has "$err" "waiting to be encoded" "saying why"
expect 3 "the old chip cannot become the new card" -- --as Budi encode "$c2" --timeout 5
sim put ntag215 04BBBBBBBBBB02 >/dev/null
expect 0 "the new card is encoded on a new chip" -- --as Budi encode "$c2" --timeout 5
run desk --once --timeout 5
same "$rc" 0 "the new chip is ACTIVE"
has "$out" "$c2" "with the new card number"

printf '\n]C1%s\r\n' "$c1" >"$trash/typed"
expect 3 "the lost card's number, scanned into stdin, cannot be replaced again" -- --as Budi \
    replace --card - --reason lost --document sim --document-no 123456789012 <"$trash/typed"
has "$err" "already replaced by card $c2" "naming the card that replaced it"

# Damaged: found by NIK, the old card shown as the document, encoded in one go.
sim save "$trash/chipB.img" >/dev/null
(
	sleep 1
	sim remove >/dev/null
	sleep 0.5
	sim put ntag216 04CCCCCCCCCC03 >/dev/null
) &
helper=$!
expect 0 "a damaged card replaced by NIK, the new chip written at once" -- --as Budi replace \
    --nik 6205034308920002 --reason damaged --document kartu-anggota-lama --encode --timeout 5
wait $helper
c3=$(sql "SELECT card_no FROM cards WHERE issue_no = 3")
has "$out" "Card $c3 written to the ntag216 chip 04CCCCCCCCCC03" "the new chip is written"
same "$(sql "SELECT status FROM cards ORDER BY issue_no")" "lost
damaged
active" "cards 1, 2, 3: lost, damaged, active"
sim load "$trash/chipB.img" >/dev/null
run desk --once --timeout 5
same "$rc" 13 "the damaged card's chip, if it still reads, answers REPLACED (exit 13)"
expect 0 "member show lists the three cards" -- member show "$m"
has "$out" "$c3" "the newest"
finish
