// print.test.js - Cetak: the print queue, a card's preview and PDF, an A4
// sheet of the chosen cards, the station's CUPS printer (a stand-in lp) and
// "printed" for a card printed by hand; each print read back and recorded
// as kartu print records it (printed_at, the reprint mark, the card active).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const h = require('./harness');

let st, bin;
const cards = {};

// An application by Sari, checked, validated and issued by Budi with media.
function issue(name, birth, sex, nik, media) {
  st.must('--as', 'Sari', 'apply', '--name', name, '--birth-place', 'Muara Teweh',
    '--birth-date', birth, '--sex', sex, '--address', 'Jl. Pramuka 1',
    '--phone', `0813${nik.slice(8, 16)}`, '--category', 'umum', '--document', 'ktp',
    '--document-no', nik);
  const id = st.sql('SELECT max(id) FROM applications');
  st.must('--as', 'Sari', 'check', id);
  st.must('--as', 'Sari', 'validate', id);
  st.must('--as', 'Budi', 'issue', id, '--media', media);
  return st.sql(`SELECT c.card_no FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.application_id = ${id}`);
}

before(async () => {
  // A stand-in lp(1) that keeps what it was given, on the server's PATH.
  bin = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'kartu-lp-'));
  fs.writeFileSync(path.join(bin, 'lp'), '#!/bin/sh\n' +
    `echo "$@" >>"${bin}/lp.args"\n` +
    'for f; do :; done\n' +
    `cp "$f" "${bin}/lp-$(wc -l <"${bin}/lp.args").pdf"\n` +
    'echo "request id is $2-7 (1 file(s))"\n', { mode: 0o755 });
  process.env.PATH = `${bin}:${process.env.PATH}`;
  st = await h.station('print', { reader: false, conf: 'printer = Evolis\n' });
  cards.a = issue('Andi Pratama', '1990-01-05', 'L', '6205030501900001', 'printed');
  cards.b = issue('Citra Dewi', '1992-03-07', 'P', '6205034703920003', 'printed');
  cards.c = issue('Dedi Kurniawan', '1993-04-08', 'L', '6205030804930004', 'chip');
});
after(async () => {
  if (st) await st.stop();
  if (bin) fs.rmSync(bin, { recursive: true, force: true });
});

function pdfinfo(buf, name) {
  const file = path.join(st.dir, name);
  fs.writeFileSync(file, buf);
  return spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
}

async function session(page) {
  const c = await st.cookie(page);
  const token = await page.$eval('input[name=csrf]', (e) => e.value);
  return { cookie: `kartu_sesi=${c.value}`, token };
}

test('the queue holds the printed cards not yet printed; the preview is the layout\'s', async () => {
  const page = await st.page();
  await st.login(page, 'Budi');
  await st.go(page, '/cetak');
  const rows = await page.$$eval('main tbody tr input[name=kartu]', (l) => l.map((e) => e.value));
  assert.deepEqual(rows, [cards.a, cards.b], 'the chip card is not in it');
  assert.match(await st.text(page, 'tbody'), /Andi Pratama .*kartu baru/);
  await st.shot(page, 'antrean');
  await Promise.all([page.waitForNavigation(), page.click(`a[href="/cetak/kartu/${cards.a}"]`)]);
  await page.waitForFunction(() => document.querySelector('img.card-preview').complete);
  assert.ok(await page.$eval('img.card-preview', (e) => e.naturalWidth) > 900, 'a 300 dpi PNG');
  await st.shot(page, 'kartu');
  const { cookie } = await session(page);
  const png = await st.fetch(`/cetak/png/${cards.a}`, { headers: { cookie } });
  assert.equal(png.headers.get('content-type'), 'image/png');
  const pdf = await st.fetch(`/cetak/pdf/${cards.a}`, { headers: { cookie } });
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const info = pdfinfo(Buffer.from(await pdf.arrayBuffer()), 'one.pdf');
  assert.match(info, /Pages:\s+1\n/);
  assert.match(info, /Page size:\s+242\.6\d* x 153\.0\d* pts/, 'a CR80 card');
  // Looking and downloading record nothing.
  assert.equal(st.sql(`SELECT CAST(printed_at IS NULL AS INTEGER) FROM cards
    WHERE card_no = '${cards.a}'`), '1');
  // Nor may anyone but an operator.
  const sari = await st.page();
  await st.login(sari, 'Sari');
  assert.equal((await st.go(sari, '/cetak')).status(), 403);
  assert.equal((await st.go(sari, `/cetak/png/${cards.a}`)).status(), 403);
  await sari.browserContext().close();
  await page.browserContext().close();
});

test('an A4 sheet of the chosen cards: a PDF, and the cards printed and active', async () => {
  const page = await st.page();
  await st.login(page, 'Budi');
  await st.go(page, '/cetak');
  const { cookie, token } = await session(page);
  const r = await st.fetch('/cetak', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', cookie, origin: st.origin },
  body: `csrf=${token}&kartu=${cards.a}&kartu=${cards.b}&aksi=lembar` });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition'), /attachment/);
  const buf = Buffer.from(await r.arrayBuffer());
  assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
  const info = pdfinfo(buf, 'sheet.pdf');
  assert.match(info, /Pages:\s+1\n/);
  assert.match(info, /Page size:\s+595.* x 841.*A4/);
  assert.equal(st.rows(`SELECT status FROM cards WHERE card_no IN
    ('${cards.a}', '${cards.b}') AND printed_at IS NOT NULL ORDER BY id`), 'active,active');
  assert.equal(st.sql(`SELECT count(*) FROM audit a JOIN operators o ON o.id = a.operator_id
    WHERE a.entity = 'card' AND a.action = 'update' AND o.name = 'Budi'
    AND a.before LIKE '%"printed_at":null%' AND a.after LIKE '%"printed_at":"2026-%'`), '2');
  await st.go(page, '/cetak');
  assert.match(await st.text(page), /Tidak ada kartu yang perlu dicetak/);
  await st.shot(page, 'antrean-kosong');
  await page.browserContext().close();
});

test('to the station\'s printer, and "printed" for a reprint after a correction', async () => {
  cards.d = issue('Eko Prasetyo', '1994-05-09', 'L', '6205030905940005', 'chip+printed');
  st.must('--as', 'Sari', 'member', 'edit', st.sql(`SELECT m.member_no FROM members m
    JOIN cards c ON c.member_id = m.id WHERE c.card_no = '${cards.a}'`),
  '--name', 'Andi Pratama Putra');
  const page = await st.page();
  await st.login(page, 'Budi');
  await st.go(page, '/cetak');
  assert.match(await st.text(page, 'tbody'), /Andi Pratama Putra .*cetak ulang/);
  // Only the new card to the printer.
  await page.$eval(`#k-${cards.a}`, (e) => { e.checked = false; });
  await Promise.all([page.waitForNavigation(), page.click('button[value=printer]')]);
  assert.match(await st.text(page), /1 kartu dikirim ke printer Evolis/);
  const args = fs.readFileSync(path.join(bin, 'lp.args'), 'utf8');
  assert.match(args, new RegExp(`-d Evolis -t ${cards.d} -- `));
  assert.match(pdfinfo(fs.readFileSync(path.join(bin, 'lp-1.pdf')), 'lp.pdf'),
    /Page size:\s+242\.6\d* x 153\.0\d* pts/);
  // chip+printed: printed now, but not active until its chip is encoded.
  assert.equal(st.sql(`SELECT CAST(printed_at IS NOT NULL AS INTEGER) || status FROM cards
    WHERE card_no = '${cards.d}'`), '1new');
  // The corrected card, printed by hand from its PDF, then marked.
  await st.go(page, `/cetak/kartu/${cards.a}`);
  await Promise.all([page.waitForNavigation(), page.click('button[value=tandai]')]);
  assert.match(await st.text(page), /1 kartu ditandai sudah dicetak/);
  assert.equal(st.sql('SELECT count(*) FROM reprints'), '0');
  await st.shot(page, 'dicetak');
  await page.browserContext().close();
});

test('a choice of nothing, or a forged card number, changes nothing', async () => {
  const page = await st.page();
  await st.login(page, 'Budi');
  await st.go(page, '/cetak/kartu/0000');
  assert.match(await st.text(page), /\S/);
  await st.go(page, '/cetak');
  const { cookie, token } = await session(page);
  const before = st.rows('SELECT printed_at FROM cards ORDER BY id');
  const r = await st.fetch('/cetak', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', cookie, origin: st.origin },
  body: `csrf=${token}&kartu=${cards.c}&kartu=999999&aksi=tandai` });
  assert.equal(r.status, 404);
  assert.equal(st.rows('SELECT printed_at FROM cards ORDER BY id'), before);
  await page.browserContext().close();
});
