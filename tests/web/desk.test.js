// desk.test.js - Meja layanan (/meja): a card tapped on the station's reader
// (the simulated PN532 the server's desk thread reads) appears on the page at
// once as a coloured verdict with the member's name; a blocked member and an
// unknown card are red; a number typed or scanned into the page is answered
// as kartu desk --number answers it.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const h = require('./harness');
const cards = require('./cards');

// A barcode scanner in USB serial mode: a pseudo-terminal behind a stable
// name, made before the station (kartu serve reads it from its start); each
// line written to the helper's standard input is a code it sends.
const SCAN_DIR = path.join(process.env.KARTU_SRC, 'tests', 'trash',
  `web-desk-scanner-${path.basename(process.env.KARTU_BUILD)}`);
const SCANNER = path.join(SCAN_DIR, 'kartu-scanner-tty');
let scanner;

async function startScanner() {
  fs.rmSync(SCAN_DIR, { recursive: true, force: true });
  fs.mkdirSync(SCAN_DIR, { recursive: true });
  scanner = spawn('python3', ['-c', `
import os, pty, sys
m, s = pty.openpty()
os.symlink(os.ttyname(s), sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    os.write(m, (line.strip() + "\\r\\n").encode())
`, SCANNER], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    scanner.stdout.once('data', resolve);
    scanner.once('exit', () => reject(new Error('the scanner helper ended')));
  });
}

let st;
let siti;	// { mno, card, file }: an active member with an encoded chip
let ahmad;	// blocked after his card was encoded

before(async () => {
  await startScanner();
  st = await h.station('desk', { conf: `scanner = ${SCANNER}\n` });
  st.must('--as', 'Admin', 'keygen');
  const writer = await cards.writer(st);
  try {
    siti = cards.member(st, writer, 'Siti Nurhaliza', '081234567890', '6205034308920002',
      '04A1B2C3D4E5F6');
    ahmad = cards.member(st, writer, 'Ahmad Fauzi', '081298765432', '6205011702850003',
      '04A1B2C3D4E5F7');
  } finally {
    writer.stop();
  }
  st.must('--as', 'Sari', 'member', 'block', ahmad.mno, '--reason', 'buku belum kembali');
  // Siti's photo, for the verdict.
  spawnSync('convert', ['-size', '150x200', 'xc:#3366cc', path.join(st.dir, 'siti.jpg')]);
  st.must('--as', 'Budi', 'member', 'photo', siti.mno, path.join(st.dir, 'siti.jpg'));
});
after(async () => {
  if (st) await st.stop();
  if (scanner) scanner.kill('SIGTERM');
});

// Tap a saved card on the station's reader, wait for the page's verdict to
// change, and take the card off again.
async function tap(page, file) {
  const seq = await page.$eval('#vonis', (e) => Number(e.getAttribute('data-seq') || 0));
  if (file) st.sim('load', file); else st.sim('put', 'ntag215', '04DEADBEEF0102');
  await page.waitForFunction((n) => Number(document.getElementById('vonis')
    .getAttribute('data-seq') || 0) > n, { timeout: 5000 }, seq);
  st.sim('remove');
  return {
    cls: await page.$eval('#vonis', (e) => e.className),
    word: await st.text(page, '#vonis-kata'),
    name: await st.text(page, '#vonis-nama'),
    detail: await st.text(page, '#vonis-rinci'),
    bg: await page.$eval('#vonis', (e) => getComputedStyle(e).backgroundColor),
  };
}

async function deskPage(who = 'Dina') {
  const page = await st.page();
  await st.login(page, who);
  await st.go(page, '/meja');
  // The stream is open once the server has sent its greeting.
  await h.sleep(300);
  return page;
}

test('the desk view waits for a card, in Indonesian, for the desk role too', async () => {
  const page = await deskPage();
  assert.equal(await page.title(), 'Loket - Perpustakaan Daerah Kabupaten Barito Utara');
  assert.match(await st.text(page, '#vonis'), /Tempelkan kartu/);
  assert.match(await st.text(page, 'nav'), /Loket/);
  await st.shot(page, 'menunggu');
  await page.browserContext().close();
});

test('a tap appears at once: green AKTIF with the name and the photo', async () => {
  const page = await deskPage();
  const t0 = Date.now();
  const v = await tap(page, siti.file);
  assert.ok(Date.now() - t0 < 5000);
  assert.equal(v.cls, 'verdict ok');
  assert.equal(v.word, 'AKTIF');
  assert.equal(v.name, 'Siti Nurhaliza');
  assert.match(v.detail, new RegExp(siti.mno));
  assert.equal(v.bg, 'rgb(30, 123, 52)');
  const src = await page.$eval('#vonis-foto', (e) => !e.hidden && e.getAttribute('src'));
  assert.equal(src, `/foto/${siti.mno}`);
  await page.waitForFunction(() => document.getElementById('vonis-foto').naturalWidth > 0);
  await st.shot(page, 'aktif');
  // The photo is for operators only, and never cached.
  const anon = await st.fetch(`/foto/${siti.mno}`);
  assert.equal(anon.status, 303);
  const cookie = await st.cookie(page);
  const img = await st.fetch(`/foto/${siti.mno}`, { headers: { cookie: `kartu_sesi=${cookie.value}` } });
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/jpeg');
  assert.equal(img.headers.get('cache-control'), 'no-store');
  await page.browserContext().close();
});

test('a blocked member is red with the reason; an unknown card is red', async () => {
  const page = await deskPage();
  let v = await tap(page, ahmad.file);
  assert.equal(v.cls, 'verdict bad');
  assert.equal(v.word, 'DIBLOKIR');
  assert.equal(v.name, 'Ahmad Fauzi');
  assert.match(v.detail, /buku belum kembali/);
  assert.equal(v.bg, 'rgb(179, 38, 30)');
  assert.equal(await page.$eval('#vonis-foto', (e) => e.hidden), true, 'no photo of Ahmad');
  await st.shot(page, 'diblokir');
  v = await tap(page, null);
  assert.equal(v.cls, 'verdict bad');
  assert.equal(v.word, 'TIDAK DIKENAL');
  assert.equal(v.name, '');
  await st.shot(page, 'tidak-dikenal');
  await page.browserContext().close();
});

test('every open desk view gets the tap', async () => {
  const a = await deskPage('Dina');
  const b = await deskPage('Sari');
  const seqB = await b.$eval('#vonis', (e) => Number(e.getAttribute('data-seq') || 0));
  await tap(a, siti.file);
  await b.waitForFunction((n) => Number(document.getElementById('vonis')
    .getAttribute('data-seq') || 0) > n, { timeout: 5000 }, seqB);
  assert.equal(await st.text(b, '#vonis-nama'), 'Siti Nurhaliza');
  await a.browserContext().close();
  await b.browserContext().close();
});

test('a number typed or scanned is answered as kartu desk --number, without JavaScript', async () => {
  const page = await st.page();
  await page.setJavaScriptEnabled(false);
  await st.login(page, 'Dina');
  await st.go(page, '/meja');
  await page.type('#f-nomor', siti.card);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.equal(await page.$eval('#vonis', (e) => e.className), 'verdict ok');
  assert.equal(await st.text(page, '#vonis-kata'), 'AKTIF');
  assert.equal(await st.text(page, '#vonis-nama'), 'Siti Nurhaliza');
  assert.match(await st.text(page, '#vonis-rinci'), /menurut barcode/);
  const cli = st.kartu('desk', '--number', siti.card);
  assert.equal(cli.status, 0, 'the CLI agrees');
  // The blocked member's member number: red.
  await page.type('#f-nomor', ahmad.card);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.equal(await st.text(page, '#vonis-kata'), 'DIBLOKIR');
  // Not a number at all: told beside the field.
  await page.type('#f-nomor', 'abc');
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.equal(resp.status(), 422);
  assert.equal(await page.$eval('#f-nomor', (e) => e.getAttribute('aria-invalid')), 'true');
  assert.ok((await st.text(page, '#e-nomor')).length > 0);
  await st.shot(page, 'nomor-salah');
  await page.browserContext().close();
});

test('a number typed in one desk view shows in the others at once', async () => {
  const watch = await deskPage('Sari');
  const seq = await watch.$eval('#vonis', (e) => Number(e.getAttribute('data-seq') || 0));
  const page = await deskPage('Dina');
  await page.type('#f-nomor', ahmad.card);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  await watch.waitForFunction((n) => Number(document.getElementById('vonis')
    .getAttribute('data-seq') || 0) > n, { timeout: 5000 }, seq);
  assert.equal(await st.text(watch, '#vonis-kata'), 'DIBLOKIR');
  await watch.browserContext().close();
  await page.browserContext().close();
});

test('a code from the barcode scanner device appears as a tap does', async () => {
  const page = await deskPage('Dina');
  let seq = await page.$eval('#vonis', (e) => Number(e.getAttribute('data-seq') || 0));
  scanner.stdin.write(`]C1${siti.card}\n`);
  await page.waitForFunction((n) => Number(document.getElementById('vonis')
    .getAttribute('data-seq') || 0) > n, { timeout: 5000 }, seq);
  assert.equal(await st.text(page, '#vonis-kata'), 'AKTIF');
  assert.equal(await st.text(page, '#vonis-nama'), 'Siti Nurhaliza');
  assert.match(await st.text(page, '#vonis-rinci'), /menurut barcode/);
  // A code that is no card number: amber, scan again.
  seq += 1;
  scanner.stdin.write('HELLO-WORLD\n');
  await page.waitForFunction((n) => Number(document.getElementById('vonis')
    .getAttribute('data-seq') || 0) > n, { timeout: 5000 }, seq);
  assert.equal(await page.$eval('#vonis', (e) => e.className), 'verdict warn');
  assert.equal(await st.text(page, '#vonis-kata'), 'PINDAI LAGI');
  await st.shot(page, 'pindai-lagi');
  await page.browserContext().close();
});

test('a replacement card is written on the station\'s reader, borrowed from the desk view', async () => {
  st.must('--as', 'Sari', 'member', 'unblock', ahmad.mno);
  st.must('--as', 'Budi', 'replace', '--member', ahmad.mno, '--reason', 'damaged',
    '--document', 'kartu-anggota-lama');
  const fresh = st.sql(`SELECT c.card_no FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.member_no = '${ahmad.mno}' AND c.status = 'new'`);
  const desk = await deskPage('Dina');
  const page = await st.page();
  await st.login(page, 'Budi');
  await st.go(page, `/anggota/${ahmad.mno}`);
  // Nothing on the reader: said beside the button, nothing written.
  let [resp] = await Promise.all([page.waitForNavigation(), page.click('#tulis button[type=submit]')]);
  assert.equal(resp.status(), 409);
  assert.match(await st.text(page, '#tulis .problems'), /tidak ada kartu/i);
  // A blank card lies on the reader: the desk thread answers it first
  // (TIDAK DIKENAL), then lends the reader for the write.
  const seq = await desk.$eval('#vonis', (e) => Number(e.getAttribute('data-seq') || 0));
  st.sim('put', 'ntag215', '04C0FFEE000001');
  await desk.waitForFunction((n) => Number(document.getElementById('vonis')
    .getAttribute('data-seq') || 0) > n, { timeout: 5000 }, seq);
  [resp] = await Promise.all([page.waitForNavigation(), page.click('#tulis button[type=submit]')]);
  assert.equal(resp.status(), 200, await st.text(page));
  assert.match(await st.text(page, '.flash.ok'), new RegExp(`Kartu ${fresh} sudah ditulis`));
  assert.equal(st.sql(`SELECT status || ' ' || uid FROM cards WHERE card_no = '${fresh}'`),
    'active 04C0FFEE000001');
  // Given back, the thread reads the card again: now Ahmad's, AKTIF.
  await desk.waitForFunction(() => document.getElementById('vonis-nama').textContent ===
    'Ahmad Fauzi', { timeout: 5000 });
  assert.equal(await st.text(desk, '#vonis-kata'), 'AKTIF');
  st.sim('remove');
  await st.shot(desk, 'kartu-baru');
  await page.browserContext().close();
  await desk.browserContext().close();
});

test('the server stops cleanly with the desk thread reading', async () => {
  // st.stop() in after() checks the exit status and the sanitizer log; the
  // thread logs nothing alarming meanwhile.
  const log = fs.readFileSync(path.join(st.dir, 'serve.log'), 'utf8');
  assert.doesNotMatch(log, /answers no (taps|scans)|no (reader|scanner) yet/);
});

