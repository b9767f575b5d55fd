// bench-desk.js - the tap to the verdict on the desk view's page (/meja):
// a station as the browser tests make it (tests/web/harness.js: kartu serve,
// the simulated PN532, Debian's chromium), one member with an encoded chip,
// and TAPS taps.  Each is timed from the moment the card is put into the
// simulator's field (the control socket's command sent) to the moment
// /static/kartu.js has drawn the verdict (its data-shown stamp): the desk
// thread's wait on the reader, the check, the server-sent event and the
// page's drawing.  Both clocks are this machine's wall clock
// (performance.timeOrigin + now()).
//
// Usage: KARTU_BUILD=build node bench/bench-desk.js [TAPS]
'use strict';
const path = require('node:path');
const net = require('node:net');

process.env.KARTU_BUILD = path.resolve(process.env.KARTU_BUILD || 'build');
process.env.KARTU_SRC = path.resolve(process.env.KARTU_SRC || path.join(__dirname, '..'));
const h = require('../tests/web/harness');
const cards = require('../tests/web/cards');

const GOAL_MS = 50;

function now() { return performance.timeOrigin + performance.now(); }

// One control command on the simulator's socket; resolves with the reply.
function ctl(sock, line) {
  return new Promise((resolve, reject) => {
    const c = net.createConnection({ path: sock });
    let got = '';
    c.on('error', reject);
    c.on('data', (d) => {
      got += d;
      if (got.includes('\n')) { c.end(); resolve(got.trim()); }
    });
    c.write(`${line}\n`);
  });
}

function pct(v, p) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

async function main() {
  const taps = Number(process.argv[2] || 100);
  const st = await h.station('bench-desk');
  let ok = false;
  try {
    st.must('--as', 'Admin', 'keygen');
    const w = await cards.writer(st);
    let m;
    try {
      m = cards.member(st, w, 'Siti Nurhaliza', '081234567890', '6205034308920002',
        '04A1B2C3D4E5F6');
    } finally { w.stop(); }
    const page = await st.page();
    await st.login(page, 'Dina');
    await st.go(page, '/meja');
    await h.sleep(500);
    const sock = path.join(st.dir, 'sim.sock');
    const ms = [];
    for (let i = 0; i < taps + 3; i++) {
      const seq = await page.$eval('#vonis', (e) => Number(e.getAttribute('data-seq') || 0));
      const t0 = now();
      const reply = await ctl(sock, `load ${m.file}`);
      if (!reply.startsWith('ok')) throw new Error(`pn532-sim: ${reply}`);
      await page.waitForFunction((n) => Number(document.getElementById('vonis')
        .getAttribute('data-seq') || 0) > n, { polling: 'mutation', timeout: 10000 }, seq);
      const shown = Number(await page.$eval('#vonis', (e) => e.getAttribute('data-shown')));
      const code = await page.$eval('#vonis', (e) => e.getAttribute('data-code'));
      if (code !== 'ACTIVE') throw new Error(`tap ${i}: ${code}, not ACTIVE`);
      if (i >= 3) ms.push(shown - t0);	// the first taps warm up
      await ctl(sock, 'remove');
      // The desk thread sees the card leave (its removal poll) before the next.
      await h.sleep(350 + Math.random() * 150);
    }
    const p50 = pct(ms, 0.5), p95 = pct(ms, 0.95);
    console.log();
    console.log(`Tap to verdict in the page (/meja, kartu serve's desk thread, server-sent` +
      ` events, chromium), ${taps} taps (milliseconds):`);
    console.log();
    console.log('|                                    |    median |       p95 |     goal |');
    console.log('|------------------------------------|-----------|-----------|----------|');
    console.log(`| tap -> verdict drawn on /meja      | ${p50.toFixed(1).padStart(9)} |` +
      ` ${p95.toFixed(1).padStart(9)} | ${('<= ' + GOAL_MS).padStart(8)} |`);
    console.log();
    console.log(`- ${p95 <= GOAL_MS ? 'within' : 'OVER'} the goal at p95; min ` +
      `${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)}.`);
    ok = true;
  } finally {
    await st.stop().catch((e) => { if (ok) throw e; });
  }
}

main().catch((e) => { console.error(`bench-desk: ${e.stack || e}`); process.exit(1); });
