// offline.test.js - the desk view when the register's PostgreSQL server goes
// away (issue 17, item 4): a station on a real server (tests/pg-cluster.sh:
// the run's cluster, else one of this file's own), its desk thread's and the
// server's connections cut and refused, still answers taps from the card and
// the station's revocation list, saying so with the list's time; once the
// server takes connections again it answers from the register.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const h = require('./harness');
const cards = require('./cards');

const SRC = process.env.KARTU_SRC;
const PGBIN = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout.trim();
let pgHost = process.env.KARTU_PG_HOST || '';
let ownCluster = false;
let db;
let st;
let siti;
let ahmad;

// sh CMD: tests/pg-cluster.sh's functions, for this process's cluster.
function pgsh(cmd) {
  const r = spawnSync('sh', ['-c', `. "${SRC}/tests/pg-cluster.sh"; ${cmd}`], {
    encoding: 'utf8',
    env: { ...process.env, PG_OWNER: String(process.pid), KARTU_PG_HOST: pgHost, PG_DIR: pgHost },
  });
  if (r.status !== 0) throw new Error(`pg-cluster.sh: ${cmd}: ${r.stderr}`);
  return r.stdout.trim();
}
// psql as the superuser: what only the server's owner may do.
function su(q) {
  const r = spawnSync(path.join(PGBIN, 'psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-h', pgHost,
    '-U', 'postgres', '-d', 'postgres', '-c', q], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

before(async () => {
  if (!pgHost) {
    pgHost = pgsh('pg_cluster_start >&2 && echo "$KARTU_PG_HOST"');
    ownCluster = true;
  }
  const name = `t_web_offline_${path.basename(process.env.KARTU_BUILD).replace(/[^a-z0-9]/gi, '_')}`;
  const uri = pgsh(`pg_new_db ${name}`);
  db = name;
  st = await h.station('offline', { env: { KARTU_DB: uri } });
  st.sql = (q) => {
    const r = spawnSync(path.join(PGBIN, 'psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', uri,
      '-c', q], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
    return r.stdout.trim();
  };
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
  // The block reaches the desk thread's list through the register's note
  // (LISTEN/NOTIFY): no other desk check takes the list here.
  st.must('--as', 'Sari', 'member', 'block', ahmad.mno, '--reason', 'buku belum kembali');
});
after(async () => {
  if (st) await st.stop();
  if (db) su(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`);
  if (ownCluster) pgsh('pg_cluster_stop');
});

async function tap(page, file) {
  const seq = await page.$eval('#vonis', (e) => Number(e.getAttribute('data-seq') || 0));
  st.sim('load', file);
  await page.waitForFunction((n) => Number(document.getElementById('vonis')
    .getAttribute('data-seq') || 0) > n, { timeout: 10000 }, seq);
  st.sim('remove');
  return {
    cls: await page.$eval('#vonis', (e) => e.className),
    word: await st.text(page, '#vonis-kata'),
    name: await st.text(page, '#vonis-nama'),
    detail: await st.text(page, '#vonis-rinci'),
  };
}

test('offline, the desk view answers from the card and the list, and says so', async () => {
  const page = await st.page();
  await st.login(page, 'Dina');
  await st.go(page, '/meja');
  await h.sleep(300);
  let v = await tap(page, siti.file);
  assert.equal(v.word, 'AKTIF');
  assert.equal(v.name, 'Siti Nurhaliza');
  assert.doesNotMatch(v.detail, /luring/);

  // The server goes away for this station: its connections cut, new ones refused.
  su(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS false`);
  su(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}'`);
  await h.sleep(300);
  v = await tap(page, siti.file);
  assert.equal(v.cls, 'verdict ok');
  assert.equal(v.word, 'AKTIF');
  assert.equal(v.name, '', 'no name offline: the list holds none');
  assert.match(v.detail, new RegExp(siti.card));
  assert.match(v.detail, /luring: diperiksa dengan kartu dan daftar pencabutan pukul 08:30/);
  await st.shot(page, 'luring-aktif');
  v = await tap(page, ahmad.file);
  assert.equal(v.cls, 'verdict bad');
  assert.equal(v.word, 'DIBLOKIR');
  assert.match(v.detail, /luring/);
  await st.shot(page, 'luring-diblokir');

  // Back: the thread reconnects by itself (1, 2, 4 ... s) and the register
  // answers again, with the member's name.
  su(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`);
  await h.waitFor('the server back', () => /server register sudah tersambung kembali|register's server is back/
    .test(require('node:fs').readFileSync(path.join(st.dir, 'serve.log'), 'utf8')), 15000);
  v = await tap(page, ahmad.file);
  assert.equal(v.word, 'DIBLOKIR');
  assert.equal(v.name, 'Ahmad Fauzi');
  assert.match(v.detail, /buku belum kembali/);
  assert.doesNotMatch(v.detail, /luring/);
  await page.browserContext().close();
});
