// harness.js - a fresh station for each file of browser tests: a database
// with the desk's operators (PINs below), the simulated PN532 reader, the
// test build's `kartu serve` on a free port, and Debian's chromium driven by
// puppeteer-core (pinned in package-lock.json; no browser is downloaded).
//
//   const h = require('./harness');
//   const st = await h.station('login');      // in before()
//   const page = await st.page();
//   await st.login(page, 'Sari');
//   await st.shot(page, 'start');             // tests/trash/web/login-start.png
//   st.kartu('--as', 'Sari', 'apply', ...)    // the CLI on the same database
//   await st.stop();                          // in after(): fails on a sanitizer report
//
// Two desks on one PostgreSQL database (tests/web/pg.js makes it):
//   const a = await h.station('live-a', { db: uri });
//   const b = await h.station('live-b', { db: uri, shared: a });  // a's keys and staff
//
// Run by tests/cli/web.t (make check), or alone:
//   make test-web WEB_TESTS=tests/web/login.test.js
// With KARTU_TEST_STORE=pg (make test-run KARTU_TEST_STORE=pg
// TESTS=tests/cli/web.t) each station's database is a PostgreSQL one of its
// own on the run's cluster (KARTU_PG_HOST, tests/pg-cluster.sh), made from its
// template as lib.sh's use_pg does; st.sql runs psql there.  Write SQL both
// engines take: st.rows(q, sep) for group_concat, CAST(x IS NULL AS INTEGER)
// for a boolean, st.blob(q) for bytes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');

const BUILD = process.env.KARTU_BUILD;
const SRC = process.env.KARTU_SRC;
if (!BUILD || !SRC) throw new Error('run through make check (KARTU_BUILD, KARTU_SRC)');
const K = path.join(BUILD, 'kartu-test');
const CHROMIUM = process.env.KARTU_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(SRC, 'tests', 'trash', 'web');
const PG_BIN = (spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout || '').trim();

const PG = process.env.KARTU_TEST_STORE === 'pg';
const PG_HOST = process.env.KARTU_PG_HOST;
if (PG && !PG_HOST) throw new Error('KARTU_TEST_STORE=pg needs the run\'s cluster (make test-run)');

// psql on db: -At output (columns joined by |), stopping at the first error.
function psql(args, q) {
  const r = spawnSync(path.join(PG_BIN, 'psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1']
    .concat(args, ['-c', q]), { encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

// A database of the station's own on the cluster: its connection URI.
function pgDatabase(name) {
  const db = `web_${name}_${path.basename(BUILD)}`.replace(/[^a-zA-Z0-9_]/g, '_');
  const su = ['-h', PG_HOST, '-U', 'postgres', '-d', 'postgres'];
  psql(su, `DROP DATABASE IF EXISTS "${db}"`);
  psql(su, `CREATE DATABASE "${db}" TEMPLATE kartu_tpl OWNER kartu`);
  return `postgresql:///${db}?host=${PG_HOST}&user=kartu`;
}

const PINS = { Admin: '24681357', Sari: '11112222', Budi: '22223333', Dina: '33334444' };
const ROLES = { Sari: 'officer', Budi: 'operator', Dina: 'desk' };
// The simulator signs its NTAGs with this test key instead of NXP's.
const SIM_ORIGINALITY_KEY =
  '04ABDBF77F4F00DEE5BA559C31AAD6E5059C152B0E353C167A36A82A3038F555BC';

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function waitFor(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function station(name, opts = {}) {
  const dir = path.join(SRC, 'tests', 'trash', `web-${name}-${path.basename(BUILD)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    TMPDIR: dir,
    LANG: 'C.UTF-8',
    KARTU_DB: opts.db || (PG ? pgDatabase(name) : path.join(dir, 'kartu.db')),
    KARTU_KEYS: opts.shared ? opts.shared.env.KARTU_KEYS : path.join(dir, 'keys'),
    KARTU_NOW: opts.now === undefined ? '2026-11-28T01:30:00Z' : opts.now,
    KARTU_LOCALEDIR: path.join(BUILD, 'locale'),
    KARTU_CONFIG: path.join(dir, 'kartu.conf'),
    KARTU_STATION_CONFIG: '/dev/null',
    KARTU_STATION: `web-${name}`,
    KARTU_WEB: path.join(SRC, 'web'),
    KARTU_LAYOUTS: path.join(SRC, 'layouts'),
    KARTU_TRUST_ORIGINALITY_KEY: SIM_ORIGINALITY_KEY,
    LIBNFC_AUTO_SCAN: 'false',
    LIBNFC_LOG_LEVEL: '0',
    ASAN_OPTIONS: process.env.ASAN_OPTIONS || '',
    UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || '',
    LSAN_OPTIONS: process.env.LSAN_OPTIONS || '',
  };
  // A station on another database (a PostgreSQL URI: offline.test.js).
  Object.assign(env, opts.env || {});
  if (!env.KARTU_NOW) delete env.KARTU_NOW;
  const st = { name, dir, env, url: null, procs: [] };

  // The simulated reader, on a pseudo-terminal.
  let conf = 'library_name = Perpustakaan Daerah Kabupaten Barito Utara\n' +
    'library_code = 6205\n';
  if (opts.reader !== false) {
    const out = fs.openSync(path.join(dir, 'sim.out'), 'w');
    const sim = spawn(path.join(BUILD, 'pn532-sim'),
      ['--control', path.join(dir, 'sim.sock')].concat(opts.simArgs || []),
      { env, stdio: ['ignore', out, 'ignore'] });
    st.procs.push(sim);
    const pty = await waitFor('the simulator', () => {
      const m = /^pty (\S+)/m.exec(fs.readFileSync(path.join(dir, 'sim.out'), 'utf8'));
      return m && m[1];
    });
    st.reader = `pn532_uart:${pty}`;
    conf += `reader = ${st.reader}\n`;
  }
  fs.writeFileSync(env.KARTU_CONFIG, conf + (opts.conf || ''));

  st.kartu = (...args) => {
    let input;
    if (args.length && typeof args[args.length - 1] === 'object') input = args.pop().input;
    // The PIN of whoever acts (--as NAME), else the admin's.
    const as = args.indexOf('--as');
    const pin = (as >= 0 && PINS[args[as + 1]]) || PINS.Admin;
    const r = spawnSync(K, args, { env: { ...env, KARTU_PIN: pin, KARTU_READER: st.reader || '' },
      input, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  st.must = (...args) => {
    const r = st.kartu(...args);
    if (r.status !== 0) throw new Error(`kartu ${args.join(' ')}: ${r.status} ${r.stderr}`);
    return r;
  };
  st.sim = (...args) => {
    const r = spawnSync(path.join(BUILD, 'pn532-sim'), ['--ctl', path.join(dir, 'sim.sock')]
      .concat(args), { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pn532-sim --ctl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  st.sql = (q) => {
    if (PG || opts.db) return psql(['-d', env.KARTU_DB], q).trim();
    const r = spawnSync('sqlite3', [env.KARTU_DB, q], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
    return r.stdout.trim();
  };
  // The rows of a one-column query joined by sep, in its ORDER BY.
  st.rows = (q, sep = ',') => st.sql(q).split('\n').join(sep);
  // The bytes of a one-row, one-column query (a blob or bytea).
  st.blob = (q) => Buffer.from(st.sql(PG ? `SELECT encode((${q}), 'hex')` :
    `SELECT hex((${q}))`), 'hex');

  // The desk's staff, each with a PIN (the screens need one); a second desk
  // on the same database has them already.
  if (!opts.shared) {
    st.must('init');
    st.must('operator', 'add', 'Admin', '--role', 'admin', '--pin', { input: `${PINS.Admin}\n` });
    for (const [who, role] of Object.entries(ROLES)) {
      st.must('--as', 'Admin', 'operator', 'add', who, '--role', role, '--pin',
        { input: `${PINS[who]}\n` });
    }
  }

  // The server.
  const log = fs.openSync(path.join(dir, 'serve.log'), 'w');
  const urlFile = path.join(dir, 'url');
  const server = spawn(K, ['serve', '--listen', '127.0.0.1:0', '--url-file', urlFile]
    .concat(opts.serveArgs || []), { env: { ...env, KARTU_READER: st.reader || '' },
    stdio: ['ignore', log, log] });
  st.server = server;
  let exited = null;
  server.on('exit', (code, sig) => { exited = { code, sig }; });
  st.url = await waitFor('kartu serve', () => {
    if (exited) throw new Error(`kartu serve exited: ${fs.readFileSync(path.join(dir, 'serve.log'), 'utf8')}`);
    return fs.existsSync(urlFile) && fs.readFileSync(urlFile, 'utf8').trim();
  }, 20000);
  st.origin = st.url.replace(/\/$/, '');

  st.browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: path.join(dir, 'profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      // The desk's browser in Indonesian (chromium-l10n): its date picker
      // is dd/mm/yyyy, as the desk writes dates.
      '--lang=id']
      .concat(opts.chromeArgs || []),
    env: { ...process.env, TMPDIR: dir, LANGUAGE: 'id', LANG: 'id_ID.UTF-8' },
  });

  // Each page in its own browser context: its own cookies, so that two
  // operators can be logged in side by side.
  st.page = async (viewport = { width: 1280, height: 900 }) => {
    const ctx = await st.browser.createBrowserContext();
    const p = await ctx.newPage();
    await p.setViewport(viewport);
    p.setDefaultTimeout(15000);
    return p;
  };
  st.go = (page, p) => page.goto(st.url.replace(/\/$/, '') + p, { waitUntil: 'load' });
  st.login = async (page, who, pin = PINS[who]) => {
    await st.go(page, '/masuk');
    await page.type('#f-operator', who);
    await page.type('#f-pin', pin);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  };
  st.shot = async (page, label) => {
    const file = path.join(SHOTS, `${name}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  // The text of the page's <main>, spaces folded.
  st.cookie = async (page) => {
    const all = await page.browserContext().cookies();
    return all.find((x) => x.name === 'kartu_sesi');
  };
  st.text = (page, sel = 'main') => page.$eval(sel, (e) => e.innerText.replace(/\s+/g, ' ').trim());
  // A raw request with Node's fetch (no browser): for checks a browser would
  // not let a page make (a forged form, a wrong Host).
  st.fetch = (p, init = {}) => fetch(st.url.replace(/\/$/, '') + p,
    { redirect: 'manual', ...init });

  st.stop = async () => {
    if (st.browser) await st.browser.close().catch(() => {});
    if (!exited) {
      server.kill('SIGTERM');
      await waitFor('kartu serve to stop', () => exited, 10000);
    }
    for (const p of st.procs) p.kill('SIGTERM');
    const logText = fs.readFileSync(path.join(dir, 'serve.log'), 'utf8');
    if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(logText))
      throw new Error(`kartu serve: sanitizer report:\n${logText}`);
    if (exited.code !== 0)
      throw new Error(`kartu serve exited with ${exited.code} ${exited.sig}:\n${logText}`);
  };
  return st;
}

module.exports = { station, PINS, sleep, waitFor };
