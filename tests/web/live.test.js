// live.test.js - two desks (two kartu serve, stations web-live-a and
// web-live-b) on one PostgreSQL database (tests/web/pg.js): what desk A
// does appears in desk B's open pages without a reload, through the store's
// notes (LISTEN/NOTIFY) and /peristiwa: a new application in B's queue, a
// card checked at A in B's desk view; a step refused at A sends nothing.
// The delay from A's commit to B's page is measured (median of 20) and
// written to tests/trash/web/live-delay.txt.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const h = require('./harness');
const pgh = require('./pg');

let pg, a, b;
// PostgreSQL's server programs (make deps installs them); without them the
// tests are skipped, saying so.
const skip = pgh.PG_BIN && fs.existsSync(path.join(pgh.PG_BIN, 'initdb')) ? false :
  'no PostgreSQL server (pg_config --bindir): make deps';

// A valid NIK of a woman born 03-08-1992 in Barito Utara, serial n.
const nik = (n) => `620503430892${String(n).padStart(4, '0')}`;

function apply(st, name, n) {
  st.must('--as', 'Sari', 'apply', '--name', name, '--birth-place', 'Muara Teweh',
    '--birth-date', '1992-08-03', '--sex', 'P', '--address', 'Jl. Yetro Sinseng 5',
    '--phone', '0812345678' + String(n % 100).padStart(2, '0'), '--category', 'umum',
    '--document', 'ktp', '--document-no', '-', { input: `${nik(n)}\n` });
  return st.sql('SELECT max(id) FROM applications');
}

before(async () => {
  if (skip) return;
  pg = await pgh.cluster();
  const uri = pgh.database(pg, `web_live_${process.pid}`);
  a = await h.station('live-a', { db: uri, reader: false });
  b = await h.station('live-b', { db: uri, reader: false, shared: a });
});
after(async () => {
  if (b) await b.stop();
  if (a) await a.stop();
  if (pg) await pg.end();
});

// Wait until the part sel of page has been redrawn after seq.
async function redrawn(page, sel, seq, timeout = 5000) {
  await page.waitForFunction((s, n) => Number(document.querySelector(s)
    .getAttribute('data-seq') || 0) > n, { timeout }, sel, seq);
}
const seqOf = (page, sel) => page.$eval(sel, (e) => Number(e.getAttribute('data-seq') || 0));

test('an application made at desk A appears in desk B\'s queue without a reload', { skip }, async () => {
  const page = await b.page();
  await b.login(page, 'Sari');
  await b.go(page, '/antrian');
  assert.doesNotMatch(await b.text(page), /Rina Marlina/);
  await page.evaluate(() => { window.kartuSame = 'this page'; });
  const seq = await seqOf(page, '#hidup');
  const app = apply(a, 'Rina Marlina', 11);
  await redrawn(page, '#hidup', seq);
  assert.match(await b.text(page, '#hidup'), /Rina Marlina/);
  assert.equal(await page.evaluate(() => window.kartuSame), 'this page', 'not reloaded');
  const said = await b.text(page, '#hidup-kabar');
  assert.match(said, /web-live-a/, 'the status line names desk A');
  assert.equal(await page.$eval('#hidup-kabar', (e) => e.getAttribute('aria-live')), 'polite');
  // The application's link is there, as on a fresh page.
  assert.ok(await page.$(`#hidup a[href="/permohonan/${app}"]`));
  await b.shot(page, 'queue-after');
});

test('a card checked at desk A appears in desk B\'s desk view', { skip }, async () => {
  const app = apply(a, 'Wulan Sari', 12);
  a.must('--as', 'Sari', 'check', app);
  a.must('--as', 'Sari', 'validate', app);
  a.must('--as', 'Budi', 'issue', app, '--media', 'printed');
  const card = a.sql(`SELECT c.card_no FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.application_id = ${app}`);
  const pb = await b.page();
  await b.login(pb, 'Dina');
  await b.go(pb, '/meja');
  assert.equal(await pb.$eval('#lain', (e) => e.hidden), true, 'nothing from elsewhere yet');
  const pa = await a.page();
  await a.login(pa, 'Dina');
  await a.go(pa, '/meja');
  const seq = await seqOf(pb, '#lain');
  await pa.type('#f-nomor', card);
  await Promise.all([pa.waitForNavigation(), pa.click('main form[action="/meja"] button[type=submit]')]);
  await a.shot(pa, 'desk-a');
  assert.match(await a.text(pa, '#vonis'), /Wulan Sari/, 'answered at A');
  await redrawn(pb, '#lain', seq);
  const item = await b.text(pb, '#lain-daftar li');
  assert.match(item, /Wulan Sari/);
  assert.match(item, /web-live-a/);
  assert.match(await b.text(pb, '#vonis'), /Tempelkan kartu|Tap a card/,
    'B\'s own verdict is left alone');
  assert.equal(await pb.$eval('#lain-daftar', (e) => e.getAttribute('aria-live')), 'polite');
  // The event carries no NIK.
  assert.doesNotMatch(await pb.content(), new RegExp(nik(12)));
  await b.shot(pb, 'desk-elsewhere');
});

test('a step refused at desk A sends nothing to desk B', { skip }, async () => {
  const page = await b.page();
  await b.login(page, 'Sari');
  await b.go(page, '/antrian');
  const seq = await seqOf(page, '#hidup');
  const app = apply(a, 'Nur Aini', 13);
  await redrawn(page, '#hidup', seq);
  const after1 = await seqOf(page, '#hidup');
  // Validating before the check is refused: its transaction is rolled back.
  const r = a.kartu('--as', 'Sari', 'validate', app);
  assert.notEqual(r.status, 0);
  await h.sleep(1000);
  assert.equal(await seqOf(page, '#hidup'), after1, 'no redraw after the refusal');
});

test('an application\'s page open at B offers a refresh when A takes its next step', { skip }, async () => {
  const app = apply(a, 'Dewi Lestari', 15);
  const other = apply(a, 'Fitri Handayani', 16);
  const page = await b.page();
  await b.login(page, 'Sari');
  await b.go(page, `/permohonan/${app}`);
  const note = '#hidup-kabar';
  a.must('--as', 'Sari', 'check', other);	// another application: not this page's
  await h.sleep(600);
  assert.equal(await b.text(page, note), '', 'another application\'s step says nothing here');
  a.must('--as', 'Sari', 'check', app);
  await page.waitForFunction((s) => document.querySelector(s).textContent.trim() !== '',
    { timeout: 5000 }, note);
  assert.match(await b.text(page, note), /Ada data baru dari komputer lain: web-live-a Muat ulang/);
  assert.equal(await page.$eval(`${note} a`, (e) => e.getAttribute('href')), `/permohonan/${app}`);
  // The page's forms were left as they were: the check is still offered.
  assert.ok(await page.$('#hidup form'), 'the step\'s form is still there');
  await b.shot(page, 'application-banner');
  await Promise.all([page.waitForNavigation(), page.click(`${note} a`)]);
  assert.equal(await b.text(page, note), '');
});

test('a queue out of sight lets go of its stream and reads itself again when looked at', { skip }, async () => {
  const page = await b.page();
  await b.login(page, 'Sari');
  await b.go(page, '/antrian');
  const hide = (hidden) => page.evaluate((x) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => x });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await hide(true);
  const seq = await seqOf(page, '#hidup');
  apply(a, 'Maya Sari', 17);
  await h.sleep(800);
  assert.equal(await seqOf(page, '#hidup'), seq, 'nothing heard while out of sight');
  await hide(false);
  await redrawn(page, '#hidup', seq);
  assert.match(await b.text(page, '#hidup'), /Maya Sari/, 'read again when looked at');
  assert.equal(await b.text(page, '#hidup-kabar'), '', 'quietly: it is no news of a desk');
});

test('when the server drops the listeners, they connect again and the pages read again', { skip }, async () => {
  const page = await b.page();
  await b.login(page, 'Sari');
  await b.go(page, '/antrian');
  const seq = await seqOf(page, '#hidup');
  const n = a.sql('SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE' +
    " datname = current_database() AND application_name = 'kartu listener'");
  assert.equal(n, '2', 'both desks\' listeners dropped');
  // Back: what changed meanwhile is not known, so the part is read again.
  await redrawn(page, '#hidup', seq, 10000);
  // The log (in the pages' language, Indonesian): lost, once, and back.
  await h.waitFor('B to say it hears again', () => /diterima lagi/.test(fs.readFileSync(
    path.join(b.dir, 'serve.log'), 'utf8')));
  assert.match(fs.readFileSync(path.join(b.dir, 'serve.log'), 'utf8'),
    /perubahan dari loket lain tidak diterima \(.+\): mencoba lagi\n/);
  const seq2 = await seqOf(page, '#hidup');
  apply(a, 'Sekar Ayu', 14);
  await redrawn(page, '#hidup', seq2);
  assert.match(await b.text(page, '#hidup'), /Sekar Ayu/, 'and hear the next change');
});

test('the delay from a commit at A to B\'s page (median of 20)', { skip }, async () => {
  const page = await b.page();
  await b.login(page, 'Sari');
  await b.go(page, '/antrian');
  // The commit is somewhere between the command's start and its exit: the
  // delays are given from both (the browser's clock is this machine's).
  const fromStart = [], fromExit = [], heard = [];
  for (let i = 0; i < 20; i++) {
    const seq = await seqOf(page, '#hidup');
    const started = Date.now();
    apply(a, `Pelamar ${String.fromCharCode(65 + i)}`, 100 + i);
    const exited = Date.now();
    await redrawn(page, '#hidup', seq);
    const t = await page.$eval('#hidup', (e) => [Number(e.getAttribute('data-heard')),
      Number(e.getAttribute('data-shown'))]);
    fromStart.push(t[1] - started);
    fromExit.push(t[1] - exited);
    heard.push(t[0] - exited);
  }
  // The commit itself, timed: a connected psql commits a note (as kartu's
  // commit sends it) the moment its line is written.
  const psql = spawn(path.join(pgh.PG_BIN, 'psql'), ['-XAtq', a.env.KARTU_DB],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  psql.stdout.on('data', (d) => { out += d; });
  psql.stdin.write('SELECT 1;\n');
  await h.waitFor('psql to connect', () => out.includes('1'));
  const app = a.sql('SELECT max(id) FROM applications');
  const cHeard = [], cShown = [];
  for (let i = 0; i < 20; i++) {
    const seq = await seqOf(page, '#hidup');
    const t0 = Date.now();
    psql.stdin.write(`SELECT pg_notify('kartu', 'application ${app} update psql');\n`);
    await redrawn(page, '#hidup', seq);
    const t = await page.$eval('#hidup', (e) => [Number(e.getAttribute('data-heard')),
      Number(e.getAttribute('data-shown'))]);
    cHeard.push(t[0] - t0);
    cShown.push(t[1] - t0);
  }
  psql.stdin.end();
  const med = (v) => { const s = v.slice().sort((x, y) => x - y); return ((s[9] + s[10]) / 2).toFixed(0); };
  const median = Number(med(cShown));
  const line = `live (n=20 each): from a commit (psql's pg_notify) to B's page: event heard` +
    ` ${med(cHeard)} ms, queue redrawn ${med(cShown)} ms (max ${Math.max(...cShown).toFixed(0)});` +
    ` after a kartu apply at desk A: redrawn ${med(fromStart)} ms from the command's start,` +
    ` ${med(fromExit)} ms from its exit, heard ${med(heard)} ms from its exit (the redraw` +
    ' waits 50 ms for the rest of a step\'s notes, then reads the page again)\n';
  fs.writeFileSync(path.join(process.env.KARTU_SRC, 'tests', 'trash', 'web', 'live-delay.txt'), line);
  process.stdout.write(`# ${line}`);
  assert.ok(median < 3000, `median ${median} ms`);
});
