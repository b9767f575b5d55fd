// cards.js - members with encoded chips for the browser tests.  The station's
// reader belongs to kartu serve's desk thread, so the chips are written on a
// second simulated PN532 (a "writer" at the issuing desk), saved to a file,
// and tapped on the station's reader by loading that file into its
// simulator (st.sim('load', file)).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const h = require('./harness');

async function writer(st) {
  const dir = path.join(st.dir, 'writer');
  fs.mkdirSync(dir, { recursive: true });
  const out = fs.openSync(path.join(dir, 'sim.out'), 'w');
  const sim = spawn(path.join(process.env.KARTU_BUILD, 'pn532-sim'),
    ['--control', path.join(dir, 'sim.sock')], { env: st.env, stdio: ['ignore', out, 'ignore'] });
  const pty = await h.waitFor('the writer\'s simulator', () => {
    const m = /^pty (\S+)/m.exec(fs.readFileSync(path.join(dir, 'sim.out'), 'utf8'));
    return m && m[1];
  });
  const ctl = (...args) => {
    const r = spawnSync(path.join(process.env.KARTU_BUILD, 'pn532-sim'),
      ['--ctl', path.join(dir, 'sim.sock')].concat(args), { env: st.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`writer ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  return { dir, conn: `pn532_uart:${pty}`, ctl, stop: () => sim.kill('SIGTERM') };
}

let apps = 0;
// A member of category umum through apply, check, validate, issue and
// encode on the writer (NTAG215 with uid); the saved chip is in .file.
function member(st, w, name, phone, nik, uid) {
  st.must('--as', 'Sari', 'apply', '--name', name, '--birth-place', 'Muara Teweh',
    '--birth-date', `19${nik.slice(10, 12)}-${nik.slice(8, 10)}-${String(Number(nik.slice(6, 8)) % 40).padStart(2, '0')}`,
    '--sex', Number(nik.slice(6, 8)) > 40 ? 'P' : 'L', '--address', 'Jl. Yetro Sinseng 5',
    '--phone', phone, '--category', 'umum', '--document', 'ktp', '--document-no', '-',
    { input: `${nik}\n` });
  apps += 1;
  const app = st.sql('SELECT max(id) FROM applications');
  st.must('--as', 'Sari', 'check', app);
  st.must('--as', 'Sari', 'validate', app);
  st.must('--as', 'Budi', 'issue', app, '--media', 'chip');
  const mno = st.sql(`SELECT member_no FROM members WHERE application_id = ${app}`);
  const card = st.sql(`SELECT c.card_no FROM cards c JOIN members m ON m.id = c.member_id
    WHERE m.application_id = ${app} ORDER BY c.issue_no DESC LIMIT 1`);
  w.ctl('put', 'ntag215', uid);
  st.must('--as', 'Budi', 'encode', card, '--reader', w.conn);
  const file = path.join(w.dir, `${mno}.card`);
  w.ctl('save', file);
  w.ctl('remove');
  return { mno, card, file, app };
}

module.exports = { writer, member };
