// office.test.js - the office's pages: Pengaduan (complaints and their
// follow-up), Kalender (service hours and closed days) and Laporan (the
// report to the head of the office), checked against the database and the
// audit trail.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const h = require('./harness');

let st;
before(async () => { st = await h.station('office', { reader: false }); });
after(async () => { if (st) await st.stop(); });

// An application by Sari, as kartu apply; its id.
function apply(st, name, birth, sex, nik) {
  st.must('--as', 'Sari', 'apply', '--name', name, '--birth-place', 'Muara Teweh',
    '--birth-date', birth, '--sex', sex, '--address', 'Jl. Pramuka 1',
    '--phone', `0813${nik.slice(8, 16)}`, '--category', 'umum', '--document', 'ktp',
    '--document-no', nik);
  return st.sql('SELECT max(id) FROM applications');
}

async function submit(page, sel = 'main form[method=post] button[type=submit]') {
  await Promise.all([page.waitForNavigation(), page.click(sel)]);
}

test('any operator records a complaint; the form says what is missing', async () => {
  const page = await st.page();
  await st.login(page, 'Dina');
  await st.go(page, '/pengaduan');
  assert.equal(await page.$eval('h1', (e) => e.textContent), 'Pengaduan');
  // Sent empty (the browser's own check bypassed): the core's problems.
  await page.$eval('#f-text', (e) => e.removeAttribute('required'));
  await submit(page, '#baru ~ form button[type=submit]');
  await st.shot(page, 'pengaduan-kosong');
  assert.match(await page.$eval('#e-text', (e) => e.textContent), /\S/);
  assert.equal(st.sql('SELECT count(*) FROM complaints'), '0');
  await page.select('#f-channel', 'instagram');
  await page.type('#f-text', 'Antrian kartu <b>lama</b> sekali');
  await submit(page, '#baru ~ form button[type=submit]');
  assert.match(new URL(page.url()).pathname, /^\/pengaduan\/1$/);
  assert.match(await st.text(page), /Pengaduan K1 dicatat/);
  assert.match(await st.text(page), /Antrian kartu <b>lama<\/b> sekali/, 'shown as text');
  assert.equal(st.sql("SELECT channel || '|' || status FROM complaints"), 'instagram|diterima');
  assert.equal(st.sql("SELECT o.name FROM complaints c JOIN operators o ON o.id = c.created_by"),
    'Dina');
  // The desk may not follow it up: no form, and a forged one is refused.
  assert.equal(await page.$('#f-note'), null);
  await st.shot(page, 'pengaduan-satu');
  await page.browserContext().close();
});

test('an officer follows a complaint up, forward only, each step in the history', async () => {
  const page = await st.page();
  await st.login(page, 'Sari');
  await st.go(page, '/pengaduan/1');
  await page.select('#f-status', 'dianalisis');
  await page.type('#f-note', 'Diperiksa dengan petugas loket');
  await submit(page, 'main form[action="/pengaduan/1"] button[type=submit]');
  assert.match(await st.text(page), /K1 sekarang dianalisis/);
  // Only what comes after dianalisis is offered now.
  const opts = await page.$$eval('#f-status option', (os) => os.map((o) => o.value));
  assert.deepEqual(opts, ['ditindaklanjuti', 'selesai']);
  await page.select('#f-status', 'selesai');
  await page.type('#f-note', 'Loket kedua dibuka');
  await submit(page, 'main form[action="/pengaduan/1"] button[type=submit]');
  assert.equal(st.sql('SELECT status FROM complaints WHERE id = 1'), 'selesai');
  assert.equal(st.sql("SELECT count(*) FROM complaint_events WHERE complaint_id = 1"), '3');
  assert.match(await st.text(page), /Loket kedua dibuka/);
  assert.equal(await page.$('#f-note'), null, 'nothing follows selesai');
  assert.ok(Number(st.sql("SELECT count(*) FROM audit WHERE entity = 'complaint'")) >= 2);
  await st.shot(page, 'pengaduan-selesai');
  // The list filters by status.
  await st.go(page, '/pengaduan?status=diterima');
  assert.doesNotMatch(await st.text(page, 'tbody'), /K1/);
  await st.go(page, '/pengaduan?status=selesai');
  assert.match(await st.text(page, 'tbody'), /K1/);
  await st.shot(page, 'pengaduan');
  await page.browserContext().close();
});

test('a desk operator cannot post a follow-up', async () => {
  const page = await st.page();
  await st.login(page, 'Dina');
  await st.go(page, '/pengaduan');
  const token = await page.$eval('input[name=csrf]', (e) => e.value);
  const c = await st.cookie(page);
  const r = await st.fetch('/pengaduan/1', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', cookie: `kartu_sesi=${c.value}`,
    origin: st.origin }, body: `csrf=${token}&status=selesai&note=x` });
  assert.equal(r.status, 403);
  await page.browserContext().close();
});

test('the calendar shows the hours; the admin adds and removes a closed day', async () => {
  const page = await st.page();
  await st.login(page, 'Sari');
  await st.go(page, '/kalender?tahun=2026');
  assert.match(await st.text(page), /Senin/);
  assert.equal(await page.$('#f-name'), null, 'an officer only reads it');
  await page.browserContext().close();

  const admin = await st.page();
  await st.login(admin, 'Admin');
  await st.go(admin, '/kalender?tahun=2026');
  await admin.$eval('#f-date', (e) => { e.value = '2026-12-24'; });
  await admin.type('#f-name', 'Cuti bersama Natal');
  await admin.select('#f-kind', 'cuti-bersama');
  await submit(admin, '#tambah ~ form button[type=submit]');
  await st.shot(admin, 'kalender');
  assert.match(await st.text(admin), /24-12-2026 adalah hari tutup/);
  assert.equal(st.sql("SELECT name || '|' || kind FROM holidays WHERE date = '2026-12-24'"),
    'Cuti bersama Natal|cuti-bersama');
  assert.match(await st.text(admin), /24-12-2026 Cuti bersama Natal/);
  await st.shot(admin, 'kalender');
  assert.ok(Number(st.sql("SELECT count(*) FROM audit WHERE entity = 'holiday'")) >= 1);
  const n = st.sql('SELECT count(*) FROM holidays');
  await submit(admin, 'form[action="/kalender/hapus"]:has(input[value="2026-12-24"]) button');
  assert.equal(st.sql("SELECT count(*) FROM holidays WHERE date = '2026-12-24'"), '0');
  assert.equal(Number(st.sql('SELECT count(*) FROM holidays')), Number(n) - 1);
  // A year's closed days from a CSV file, as kartu calendar import: a wrong
  // row changes nothing and is told beside the file; a right file adds all.
  const bad = path.join(st.dir, 'salah.csv');
  fs.writeFileSync(bad, 'tanggal,nama,jenis\n01-01-2027,Tahun Baru 2027 Masehi,nasional\n' +
    '31-02-2027,Tidak ada,nasional\n');
  await st.go(admin, '/kalender?tahun=2027');
  await (await admin.$('#f-berkas')).uploadFile(bad);
  await submit(admin, 'form[action="/kalender/impor"] button[type=submit]');
  const said = await admin.$eval('#e-berkas', (e) => e.textContent);
  assert.match(said, /3/, `names the line: ${said}`);
  assert.equal(st.sql("SELECT count(*) FROM holidays WHERE date LIKE '2027-%'"), '0');
  await st.shot(admin, 'kalender-impor-salah');
  const good = path.join(st.dir, 'libur-2027.csv');
  fs.writeFileSync(good, 'tanggal,nama,jenis\n01-01-2027,Tahun Baru 2027 Masehi,nasional\n' +
    '08-02-2027,Cuti bersama Imlek,cuti bersama\n');
  await (await admin.$('#f-berkas')).uploadFile(good);
  await submit(admin, 'form[action="/kalender/impor"] button[type=submit]');
  assert.match(await st.text(admin), /Hari libur diimpor: 2 baru, 0 diubah/);
  assert.equal(st.rows("SELECT kind FROM holidays WHERE date LIKE '2027-%' ORDER BY date"),
    'national,cuti-bersama');
  // A wrong day is told beside the form, nothing written.
  await admin.$eval('#f-date', (e) => { e.type = 'text'; e.value = '2026-02-30'; });
  await admin.type('#f-name', 'Tidak ada');
  await submit(admin, '#tambah ~ form button[type=submit]');
  assert.ok(await admin.$('#masalah'));
  assert.equal(st.sql("SELECT count(*) FROM holidays WHERE name = 'Tidak ada'"), '0');
  await admin.browserContext().close();
});

test('the report: a period picker, SVG charts of the database\'s figures, the PDF', async () => {
  for (const [n, b, s, k] of [['Andi Pratama', '1990-01-05', 'L', '6205030501900001'],
    ['Citra Dewi', '1992-03-07', 'P', '6205034703920003']]) {
    const id = apply(st, n, b, s, k);
    st.must('--as', 'Sari', 'check', id);
    st.must('--as', 'Sari', 'validate', id);
    st.must('--as', 'Budi', 'issue', id);
  }
  const r = apply(st, 'Dedi Kurniawan', '1993-04-08', 'L', '6205030804930004');
  st.must('--as', 'Sari', 'reject', r, '--reason', 'KTP tidak terbaca');
  const page = await st.page();
  await st.login(page, 'Sari');
  await st.go(page, '/laporan');
  await st.shot(page, 'laporan');
  assert.equal(await page.$eval('#f-jenis', (e) => e.value), 'monthly');
  const t = await st.text(page);
  assert.match(t, /Periode: 01-11-2026 sampai 30-11-2026 \(WIB\)/);
  // Each section's chart has one bar per row of the core's report.
  const csv = st.must('--as', 'Sari', 'report', 'monthly', '--date', '2026-11-28').stdout;
  const rows = (sec) => csv.split('\n').filter((l) => l.split(',')[3] === sec);
  assert.equal(rows('issued-by-category').length, 1);
  assert.equal(await page.$$eval('#s-issued-by-category ~ svg rect.bar', (l) => l.length), 1);
  assert.equal(await page.$eval('#s-issued-by-category ~ p.total', (e) => e.textContent),
    'Jumlah: 2');
  assert.equal(await page.$$eval('#s-refusals-by-reason ~ svg rect.bar', (l) => l.length),
    rows('refusals-by-reason').length);
  assert.match(await page.$eval('#s-refusals-by-reason ~ svg', (e) => e.textContent),
    /KTP tidak terbaca/);
  assert.match(await page.$eval('#s-within-1-working-day ~ svg desc', (e) => e.textContent),
    /2 dari 2 \(100%\)/);
  assert.match(await page.$eval('#s-complaints-by-channel-and-state ~ svg', (e) => e.textContent),
    /Instagram/);
  // No inline style: the page keeps the CSP.
  assert.equal(await page.$$eval('[style]', (l) => l.length), 0);
  // The daily report of a day without anything.
  await page.select('#f-jenis', 'daily');
  await page.$eval('#f-tanggal', (e) => { e.value = '2026-11-01'; });
  await Promise.all([page.waitForNavigation(), page.click('main form.inline button')]);
  assert.match(await st.text(page), /Periode: 01-11-2026 \(WIB\)/);
  assert.match(await st.text(page), /tidak ada kartu yang diterbitkan/);
  // A day that is none is told, not a server error.
  const bad = await st.go(page, '/laporan?jenis=daily&tanggal=2026-02-30');
  assert.equal(bad.status(), 422);
  // The PDF: one A4 page, its text the report's.
  await st.go(page, '/laporan');
  const href = await page.$eval('a[href^="/laporan/pdf"]', (e) => e.getAttribute('href'));
  const c = await st.cookie(page);
  const resp = await st.fetch(href, { headers: { cookie: `kartu_sesi=${c.value}` } });
  assert.equal(resp.status, 200);
  assert.equal(resp.headers.get('content-type'), 'application/pdf');
  assert.match(resp.headers.get('content-disposition'), /attachment; filename="laporan-bulanan-2026-11-01.pdf"/);
  const pdf = Buffer.from(await resp.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const file = path.join(st.dir, 'laporan.pdf');
  fs.writeFileSync(file, pdf);
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  assert.match(info, /Pages:\s+1\n/);
  assert.match(info, /Page size:\s+595.* x 841.*A4/);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /Laporan bulanan layanan kartu anggota/i);
  assert.match(text, /KTP tidak terbaca/);
  // Not for the desk or the operator.
  const desk = await st.page();
  await st.login(desk, 'Dina');
  assert.equal((await st.go(desk, '/laporan')).status(), 403);
  assert.equal((await st.go(desk, href)).status(), 403);
  await desk.browserContext().close();
  await page.browserContext().close();
});
