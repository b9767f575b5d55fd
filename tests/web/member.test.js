// member.test.js - Anggota: finding members, a member's page, and the
// register's work done from it as kartu member and kartu replace do it:
// correcting the record (every problem at once, beside its field), renewing,
// blocking, replacing a lost card, and the photo from a file or from the
// webcam (chromium's fake camera fed a picture of a known colour).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const h = require('./harness');

const NIK1 = '6205034308920002';
const NIK2 = '6205011702850003';
// The webcam's picture: one colour, so that the photo kept can be compared.
const CAM_RGB = [200, 60, 40];
const CAM = path.join(process.env.KARTU_SRC, 'tests', 'trash',
  `web-member-cam-${path.basename(process.env.KARTU_BUILD)}.y4m`);
let st;
let siti;
let ahmad;

// A Y4M video of a few frames of one colour (BT.601, limited range).
function writeY4m(file, [r, g, b], w = 640, hgt = 480, frames = 10) {
  const y = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  const u = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
  const v = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
  const frame = Buffer.alloc(w * hgt * 3 / 2);
  frame.fill(y, 0, w * hgt);
  frame.fill(u, w * hgt, w * hgt * 5 / 4);
  frame.fill(v, w * hgt * 5 / 4);
  const parts = [Buffer.from(`YUV4MPEG2 W${w} H${hgt} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), frame);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat(parts));
}

// The mean colour of an image file, through ImageMagick.
function meanRgb(file) {
  const r = spawnSync('convert', [file, '-resize', '1x1!', '-depth', '8', 'txt:-'],
    { encoding: 'utf8' });
  const m = /\((\d+),(\d+),(\d+)/.exec(r.stdout);
  assert.ok(m, `convert read ${file}: ${r.stderr}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function apply(name, phone, nik, born, sex) {
  st.must('--as', 'Sari', 'apply', '--name', name, '--birth-place', 'Muara Teweh',
    '--birth-date', born, '--sex', sex, '--address', 'Jl. Yetro Sinseng 5', '--phone', phone,
    '--category', 'umum', '--document', 'ktp', '--document-no', '-', { input: `${nik}\n` });
  const app = st.sql('SELECT max(id) FROM applications');
  st.must('--as', 'Sari', 'check', app);
  st.must('--as', 'Sari', 'validate', app);
  st.must('--as', 'Budi', 'issue', app, '--media', 'printed');
  const mno = st.sql(`SELECT member_no FROM members WHERE application_id = ${app}`);
  st.must('--as', 'Budi', 'print', mno, '--out', path.join(st.dir, `card-${app}.png`));
  return { mno, id: st.sql(`SELECT id FROM members WHERE member_no = '${mno}'`) };
}

before(async () => {
  writeY4m(CAM, CAM_RGB);
  st = await h.station('member', { reader: false,
    chromeArgs: [`--use-file-for-fake-video-capture=${CAM}`] });
  siti = apply('Siti Nurhaliza', '081234567890', NIK1, '1992-08-03', 'P');
  ahmad = apply('Ahmad Fauzi', '081298765432', NIK2, '1985-02-17', 'L');
});
after(async () => { if (st) await st.stop(); });

async function as(who, p) {
  const page = await st.page();
  await st.login(page, who);
  if (p) await st.go(page, p);
  return page;
}

// Send the form of section id on the page; the answer's response.
async function send(page, id) {
  const [resp] = await Promise.all([page.waitForNavigation(),
    page.click(`#${id} button[type=submit]`)]);
  return resp;
}

function noNik(html) {
  for (const n of [NIK1, NIK2]) assert.ok(!html.includes(n), 'no NIK in full on the page');
}

test('find members by part of a name, and by a NIK that stays out of the URL', async () => {
  const page = await as('Dina', '/anggota');
  assert.match(await page.title(), /^Anggota - /);
  assert.match(await st.text(page), /Anggota terbaru.*Siti Nurhaliza/);
  await page.type('#f-q', 'nurha');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/anggota');
  const rows = await page.$$eval('table.members tbody tr', (t) => t.map((r) => r.innerText));
  assert.equal(rows.length, 1);
  assert.match(rows[0], /Siti Nurhaliza/);
  await st.shot(page, 'cari');
  // A NIK typed: found, and neither in the URL nor on the page, nor in the log.
  await page.type('#f-q', NIK2);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.ok(!page.url().includes(NIK2));
  assert.match(await st.text(page, 'table.members'), /Ahmad Fauzi/);
  noNik(await page.content());
  // Nothing found is said.
  await page.type('#f-q', 'Wahyuningsih');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.match(await st.text(page), /Tidak ada anggota yang cocok/);
  const log = fs.readFileSync(path.join(st.dir, 'serve.log'), 'utf8');
  assert.ok(!log.includes(NIK2) && !log.includes('nurha'));
  await page.browserContext().close();
});

test('the member\'s page: status, the NIK masked, the cards; the forms of the role', async () => {
  const page = await as('Sari', `/anggota/${siti.mno}`);
  assert.equal(await page.$$eval('h1', (x) => x.length), 1);
  assert.match(await page.title(), new RegExp(`^Anggota ${siti.mno}`));
  const text = await st.text(page);
  assert.match(text, /Siti Nurhaliza aktif/i);
  assert.match(text, /NIK 620503\*+0002|NIK 6205\S*\*/);
  noNik(await page.content());
  const card = st.sql(`SELECT card_no FROM cards WHERE member_id = ${siti.id}`);
  assert.match(await st.text(page, 'table.cards'), new RegExp(`${card} 1 aktif`));
  // An officer renews, corrects and blocks; replacing is the operator's.
  for (const id of ['perpanjang', 'ubah', 'foto', 'blokir'])
    assert.ok(await page.$(`#${id} form`), `the ${id} form`);
  assert.equal(await page.$('#ganti'), null);
  // The category is chosen among the rules' categories, the member's selected.
  assert.equal(await page.$eval('#f-category', (e) => e.tagName + ' ' + e.value), 'SELECT umum');
  assert.ok(await page.$$eval('#f-category option', (o) => o.length) > 3);
  await st.shot(page, 'halaman');
  // The desk role sees the page, and no form.
  const desk = await as('Dina', `/anggota/${siti.mno}`);
  assert.equal(await desk.$('section.action'), null);
  // No such member.
  const resp = await st.go(desk, '/anggota/6205260009999');
  assert.equal(resp.status(), 404);
  await page.browserContext().close();
  await desk.browserContext().close();
});

test('a correction with several mistakes shows every problem beside its field', async () => {
  const page = await as('Sari', `/anggota/${siti.mno}`);
  const before = st.sql(`SELECT name, phone, birth_date FROM members WHERE id = ${siti.id}`);
  await page.$eval('#f-name', (e) => { e.value = '12345'; });
  await page.$eval('#f-phone', (e) => { e.value = '0812'; });
  await page.$eval('#f-birth_date', (e) => { e.value = '2099-01-01'; });
  const resp = await send(page, 'ubah');
  assert.equal(resp.status(), 422);
  const bad = await page.$$eval('#ubah .field.invalid input', (x) => x.map((i) => i.name));
  assert.deepEqual(bad.sort(), ['birth_date', 'name', 'phone']);
  for (const f of ['name', 'phone', 'birth_date']) {
    assert.ok((await st.text(page, `#e-${f}`)).length > 3, `a message for ${f}`);
    assert.equal(await page.$eval(`#f-${f}`, (e) => e.getAttribute('aria-invalid')), 'true');
  }
  assert.match(await st.text(page, '#ubah .problems'), /perlu|perbaiki/i);
  // What was typed is kept to correct; nothing changed in the register.
  assert.equal(await page.$eval('#f-name', (e) => e.value), '12345');
  assert.equal(st.sql(`SELECT name, phone, birth_date FROM members WHERE id = ${siti.id}`), before);
  await st.shot(page, 'ubah-salah');
  // A good correction: saved, audited as Sari's.
  await page.$eval('#f-name', (e) => { e.value = 'Siti Nurhaliza'; });
  await page.$eval('#f-phone', (e) => { e.value = '081234567890'; });
  await page.$eval('#f-birth_date', (e) => { e.value = '1992-08-03'; });
  await page.$eval('#f-address', (e) => { e.value = 'Jl. Pramuka 12'; });
  assert.equal((await send(page, 'ubah')).status(), 200);
  assert.match(await st.text(page, '.flash.ok'), /sudah diperbaiki/);
  assert.equal(st.sql(`SELECT address FROM members WHERE id = ${siti.id}`), 'Jl. Pramuka 12');
  assert.equal(st.sql(`SELECT o.name FROM audit a JOIN operators o ON o.id = a.operator_id
    WHERE a.entity = 'member' AND a.entity_id = ${siti.id} ORDER BY a.id DESC LIMIT 1`), 'Sari');
  await page.browserContext().close();
});

test('a correction picks the address\'s kecamatan and desa, kept as the form\'s are', async () => {
  const page = await as('Sari', `/anggota/${ahmad.mno}`);
  assert.equal(await page.$eval('#f-village', (e) => e.disabled), true, 'no kecamatan yet');
  // A village of another kecamatan (a form made by hand): beside its picker.
  await page.select('#f-kecamatan', '62.05.05');
  await page.$eval('#f-village', (e) => {
    e.disabled = false;
    for (const g of e.querySelectorAll('optgroup')) { g.disabled = false; g.hidden = false; }
    e.value = '62.05.04.2001';
  });
  let resp = await send(page, 'ubah');
  assert.equal(resp.status(), 422);
  assert.match(await st.text(page, '#e-village'), /desa atau kelurahan/);
  assert.equal(st.sql(`SELECT coalesce(village, '-') FROM members WHERE id = ${ahmad.id}`), '-');
  await page.select('#f-kecamatan', '62.05.05');
  await page.select('#f-village', '62.05.05.1013');
  resp = await send(page, 'ubah');
  assert.equal(resp.status(), 200);
  assert.equal(st.sql(`SELECT village FROM members WHERE id = ${ahmad.id}`), '62.05.05.1013');
  // Shown again with the member's kecamatan and desa chosen.
  await st.go(page, `/anggota/${ahmad.mno}`);
  assert.equal(await page.$eval('#f-kecamatan', (e) => e.value), '62.05.05');
  assert.equal(await page.$eval('#f-village', (e) => e.value), '62.05.05.1013');
  // Said by name beside the address, and where the KTP was made (never the NIK).
  const facts = await st.text(page, 'table.facts');
  assert.match(facts, /Lanjas, Kec\. Teweh Tengah/);
  assert.match(facts, /Wilayah KTP/);
  await st.shot(page, 'ubah-alamat');
  await page.browserContext().close();
});

test('renew, block with a reason, unblock', async () => {
  const page = await as('Sari', `/anggota/${ahmad.mno}`);
  const was = st.sql(`SELECT expires_on FROM members WHERE id = ${ahmad.id}`);
  await send(page, 'perpanjang');
  assert.match(await st.text(page, '.flash.ok'), /diperpanjang/);
  assert.notEqual(st.sql(`SELECT expires_on FROM members WHERE id = ${ahmad.id}`), was);
  // Blocking needs a reason: the browser asks; a blank one sent anyway is refused.
  await page.$eval('#f-blokir_reason', (e) => e.removeAttribute('required'));
  let resp = await send(page, 'blokir');
  assert.ok(resp.status() >= 400);
  assert.equal(await page.$eval('#f-blokir_reason', (e) => e.getAttribute('aria-invalid')), 'true');
  assert.equal(st.sql(`SELECT status FROM members WHERE id = ${ahmad.id}`), 'active');
  await page.type('#f-blokir_reason', 'denda belum dibayar');
  resp = await send(page, 'blokir');
  assert.equal(resp.status(), 200);
  assert.equal(st.sql(`SELECT status FROM members WHERE id = ${ahmad.id}`), 'blocked');
  assert.match(await st.text(page), /Diblokir: denda belum dibayar/);
  const card = st.sql(`SELECT card_no FROM cards WHERE member_id = ${ahmad.id}`);
  assert.equal(st.kartu('desk', '--number', card).status, 11, 'the desk answers BLOCKED');
  await st.shot(page, 'diblokir');
  // A blocked member is not renewed: said in the renewal's form.
  resp = await send(page, 'perpanjang');
  assert.equal(resp.status(), 409);
  assert.ok((await st.text(page, '#perpanjang .problems')).length > 0);
  await st.go(page, `/anggota/${ahmad.mno}`);
  resp = await send(page, 'blokir');
  assert.match(await st.text(page, '.flash.ok'), /Blokir anggota .* dibuka/);
  assert.equal(st.sql(`SELECT status FROM members WHERE id = ${ahmad.id}`), 'active');
  // An operator may not block (the core's role check, as at the CLI).
  const budi = await as('Budi', `/anggota/${ahmad.mno}`);
  assert.equal(await budi.$('#blokir'), null);
  await page.browserContext().close();
  await budi.browserContext().close();
});

test('an operator replaces a lost card; the number typed is not shown again', async () => {
  const page = await as('Budi', `/anggota/${ahmad.mno}`);
  const old = st.sql(`SELECT card_no FROM cards WHERE member_id = ${ahmad.id} AND status = 'active'`);
  await page.select('#f-ganti_reason', 'lost');
  await page.select('#f-ganti_document', 'ktp');
  await page.type('#f-ganti_document_no', '6205034308920002');	// not Ahmad's NIK
  let resp = await send(page, 'ganti');
  assert.ok(resp.status() >= 400);
  assert.equal(await page.$eval('#f-ganti_document_no', (e) => e.value), '');
  noNik(await page.content());
  assert.equal(st.sql(`SELECT status FROM cards WHERE card_no = '${old}'`), 'active');
  await st.shot(page, 'ganti-salah');
  await page.select('#f-ganti_reason', 'lost');
  await page.select('#f-ganti_document', 'ktp');
  await page.type('#f-ganti_document_no', NIK2);
  resp = await send(page, 'ganti');
  assert.equal(resp.status(), 200, await st.text(page));
  assert.match(await st.text(page, '.flash.ok'), new RegExp(`Kartu ${old} sekarang hilang`));
  assert.equal(st.sql(`SELECT status FROM cards WHERE card_no = '${old}'`), 'lost');
  assert.equal(st.sql(`SELECT count(*) FROM cards WHERE member_id = ${ahmad.id} AND status = 'new'`), '1');
  noNik(await page.content());
  assert.ok(!fs.readFileSync(path.join(st.dir, 'serve.log'), 'utf8').includes(NIK2));
  await page.browserContext().close();
});

test('a photo from a file: checked as kartu member photo checks it', async () => {
  const page = await as('Sari', `/anggota/${ahmad.mno}`);
  const small = path.join(st.dir, 'small.png');
  const good = path.join(st.dir, 'good.png');
  spawnSync('convert', ['-size', '40x40', 'xc:#00aa00', small]);
  spawnSync('convert', ['-size', '300x400', 'xc:#2050c0', good]);
  let input = await page.$('#f-foto');
  await input.uploadFile(small);
  let resp = await send(page, 'foto');
  assert.equal(resp.status(), 422);
  assert.match(await st.text(page, '#e-foto'), /40 x 40/);
  assert.equal(st.sql(`SELECT count(*) FROM photos WHERE member_id = ${ahmad.id}`), '0');
  input = await page.$('#f-foto');
  await input.uploadFile(good);
  resp = await send(page, 'foto');
  assert.equal(resp.status(), 200);
  assert.match(await st.text(page, '.flash.ok'), /Foto anggota/);
  assert.equal(st.sql(`SELECT type || ' ' || width || 'x' || height FROM photos WHERE member_id = ${ahmad.id}`),
    'image/png 300x400');
  await page.waitForFunction(() => document.querySelector('img.member-photo').naturalWidth === 300);
  await page.browserContext().close();
});

test('a photo from the webcam: the picture taken is the one kept', async () => {
  const page = await as('Sari', `/anggota/${siti.mno}`);
  assert.equal(await page.$eval('#kamera', (e) => e.hidden), false, 'the webcam is offered');
  await page.click('#kamera-nyala');
  await page.waitForFunction(() => {
    const v = document.getElementById('kamera-video');
    return v.readyState >= 2 && v.videoWidth > 0;
  });
  await h.sleep(300);
  await page.click('#kamera-ambil');
  await page.waitForFunction(() => document.getElementById('f-foto').files.length === 1);
  await st.shot(page, 'kamera');
  const resp = await send(page, 'foto');
  assert.equal(resp.status(), 200);
  assert.equal(st.sql(`SELECT type || ' ' || width || 'x' || height FROM photos WHERE member_id = ${siti.id}`),
    'image/jpeg 300x400');
  const file = path.join(st.dir, 'kept.jpg');
  fs.writeFileSync(file, st.blob(`SELECT data FROM photos WHERE member_id = ${siti.id}`));
  const got = meanRgb(file);
  for (let i = 0; i < 3; i++)
    assert.ok(Math.abs(got[i] - CAM_RGB[i]) <= 30, `mean colour ${got} near ${CAM_RGB}`);
  await page.browserContext().close();
});

test('an admin sees the record\'s history', async () => {
  const page = await as('Admin', `/anggota/${siti.mno}`);
  const rows = await page.$$eval('table.history tbody tr', (t) => t.map((r) => r.innerText));
  assert.ok(rows.length >= 2);
  assert.ok(rows.some((r) => /Sari/.test(r) && /update/.test(r)));
  await st.shot(page, 'riwayat');
  await page.browserContext().close();
});
