// pg.js - a PostgreSQL database for browser tests of several desks: the
// run's cluster when make test-run started one (KARTU_PG_HOST), else one of
// this file's own (tests/pg-cluster.sh run, kept until end() or until this
// process ends: the script stops the cluster when its standard input
// closes).  Not a test file (no .test.js).
'use strict';
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const PG_BIN = (spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout || '').trim();

async function cluster() {
  if (process.env.KARTU_PG_HOST) return { host: process.env.KARTU_PG_HOST, end: () => {} };
  const proc = spawn('sh', [path.join(process.env.KARTU_SRC, 'tests', 'pg-cluster.sh'), 'run',
    'sh', '-c', 'echo "host $KARTU_PG_HOST"; cat >/dev/null'],
  { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const host = await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^host (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`tests/pg-cluster.sh exited with ${code}`)));
  });
  const ended = new Promise((resolve) => proc.once('exit', resolve));
  return { host, end: () => { proc.stdin.end(); return ended; } };
}

// A new database of the cluster, owned by the role kartu: its URI.
function database(c, name) {
  for (const sql of [`DROP DATABASE IF EXISTS ${name}`,
    `CREATE DATABASE ${name} TEMPLATE kartu_tpl OWNER kartu`]) {
    const r = spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', c.host,
      '-U', 'postgres', '-d', 'postgres', '-c', sql], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  }
  return `postgresql:///${name}?host=${c.host}&user=kartu`;
}

module.exports = { cluster, database, PG_BIN };
