// crawl.test.js - every page each role can reach from the start page, by
// following its links: none fails, each is Indonesian with one heading and a
// label for every field, and no NIK or document number is on any page, in any
// URL or in the server's log.  It covers the pages of every module without
// naming them, so a new page is checked the day it is linked.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

const NIK1 = '6205034308920002';
const NIK2 = '6205011702850003';
const SIM = '998877665544';
let st;

before(async () => {
  st = await h.station('crawl');
  const umum = (name, phone, doc, no, born = '1992-08-03', sex = 'P') => ['--as', 'Sari',
    'apply', '--name', name, '--birth-place', 'Muara Teweh', '--birth-date', born, '--sex', sex,
    '--address', 'Jl. Yetro Sinseng 5', '--phone', phone, '--category', 'umum',
    '--document', doc, '--document-no', '-', { input: `${no}\n` }];
  // A member through the six steps, on a printed card.
  st.must(...umum('Siti Nurhaliza', '081234567890', 'ktp', NIK1));
  st.must('--as', 'Sari', 'check', '1');
  st.must('--as', 'Sari', 'validate', '1');
  st.must('--as', 'Budi', 'issue', '1', '--media', 'printed');
  const mno = st.sql('SELECT member_no FROM members WHERE application_id = 1');
  st.must('--as', 'Budi', 'print', mno, '--out', path.join(st.dir, 'card.png'));
  const sent = st.must('--as', 'Sari', 'handover', '1', '--phone', '081234567890');
  const code = /read out this code: (\d{6})/.exec(sent.stdout)[1];
  st.must('--as', 'Sari', 'handover', '1', '--code', code);
  // One still open, one with a driving licence, one refused.
  st.must(...umum('Ahmad Fauzi', '081298765432', 'ktp', NIK2, '1985-02-17', 'L'));
  st.must(...umum('Rina Marlina', '085211112222', 'sim', SIM));
});
after(async () => { if (st) await st.stop(); });

// Follow the same-origin links of each page, breadth first.
async function crawl(who) {
  const page = await st.page();
  await st.login(page, who);
  const seen = new Set();
  const queue = ['/'];
  const pages = [];
  while (queue.length && seen.size < 80) {
    const p = queue.shift();
    if (seen.has(p)) continue;
    seen.add(p);
    const resp = await st.go(page, p);
    const type = resp.headers()['content-type'] || '';
    const html = type.startsWith('text/html') ? await page.content() : '';
    pages.push({ path: p, status: resp.status(), type, html, url: page.url() });
    if (!type.startsWith('text/html')) continue;
    const label = p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'beranda';
    await st.shot(page, `${who}-${label}`);
    // A download (a[download]: a PDF) is fetched, not opened: a browser
    // leaves the page for none.
    const downloads = await page.$$eval('a[href][download]', (as) =>
      as.map((a) => a.getAttribute('href')));
    const c = await st.cookie(page);
    for (const d of downloads) {
      if (seen.has(d)) continue;
      seen.add(d);
      const r = await st.fetch(d, { headers: { cookie: `kartu_sesi=${c.value}` } });
      const dtype = r.headers.get('content-type') || '';
      await r.arrayBuffer();
      pages.push({ path: d, status: r.status, type: dtype, html: '', url: d });
    }
    // Not a pager's rel="next"/"prev" either: the same page for another
    // year or month, without end.
    const links = await page.$$eval('a[href]:not([download]):not([rel~=next]):not([rel~=prev])',
      (as) =>
      as.map((a) => a.getAttribute('href')));
    for (const l of links) {
      if (!l.startsWith('/') || l.startsWith('//') || l.startsWith('/static/')) continue;
      if (!seen.has(l)) queue.push(l);
    }
    // The page's own checks, where it is.
    const facts = await page.evaluate(() => {
      const unlabelled = [];
      for (const el of document.querySelectorAll('input, select, textarea')) {
        if (['hidden', 'submit', 'button'].includes(el.type)) continue;
        const byFor = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
        if (!byFor && !el.closest('label') && !el.getAttribute('aria-label') &&
            !el.getAttribute('aria-labelledby')) unlabelled.push(el.name || el.id || el.outerHTML);
      }
      return { lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length,
        unlabelled };
    });
    pages[pages.length - 1].facts = facts;
  }
  await page.browserContext().close();
  return pages;
}

for (const who of ['Admin', 'Sari', 'Budi', 'Dina']) {
  test(`${who}: every page reached from the start page answers, in Indonesian, without a NIK`,
    async () => {
      const pages = await crawl(who);
      assert.ok(pages.length >= 2, `${who} reaches some pages`);
      for (const p of pages) {
        assert.ok(p.status < 400, `${p.path}: status ${p.status}`);
        for (const secret of [NIK1, NIK2, SIM]) {
          assert.ok(!p.html.includes(secret), `${p.path} shows a document number in full`);
          assert.ok(!p.url.includes(secret) && !p.path.includes(secret), `${p.path}: in the URL`);
        }
        if (p.facts) {
          assert.equal(p.facts.lang, 'id', `${p.path}: lang`);
          assert.equal(p.facts.h1, 1, `${p.path}: one heading`);
          assert.deepEqual(p.facts.unlabelled, [], `${p.path}: fields without a label`);
        }
      }
    });
}

test('the server\'s log holds no NIK and no document number', () => {
  const log = fs.readFileSync(path.join(st.dir, 'serve.log'), 'utf8');
  for (const secret of [NIK1, NIK2, SIM]) assert.ok(!log.includes(secret));
  assert.match(log, /GET \/ 200 Sari/);
});
