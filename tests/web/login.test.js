// login.test.js - Masuk and Keluar, the session cookie, the checks every
// request passes (CSRF, origin, host, idle timeout) and the headers every
// answer carries.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

let st;
before(async () => { st = await h.station('login'); });
after(async () => { if (st) await st.stop(); });

test('the login page is in Indonesian, labelled, and sends security headers', async () => {
  const page = await st.page();
  const resp = await st.go(page, '/masuk');
  assert.equal(resp.status(), 200);
  assert.equal(await page.$eval('html', (e) => e.lang), 'id');
  assert.match(await page.title(), /^Masuk/);
  assert.equal(await page.$eval('label[for=f-operator]', (e) => e.textContent), 'Nama operator');
  assert.equal(await page.$eval('#f-pin', (e) => e.type), 'password');
  const hd = resp.headers();
  assert.match(hd['content-security-policy'], /script-src 'self'/);
  assert.match(hd['content-security-policy'], /frame-ancestors 'none'/);
  assert.doesNotMatch(hd['content-security-policy'], /unsafe-inline/);
  assert.equal(hd['x-content-type-options'], 'nosniff');
  assert.equal(hd['cache-control'], 'no-store');
  await st.shot(page, 'masuk');
  await page.browserContext().close();
});

test('a wrong PIN is told beside the PIN field, and names no operator', async () => {
  const page = await st.page();
  await st.login(page, 'Sari', '99990000');
  assert.match(page.url(), /\/masuk$/);
  const err = await page.$eval('#e-pin', (e) => e.textContent);
  assert.equal(err, 'nama operator atau PIN salah');
  assert.equal(await page.$eval('#f-pin', (e) => e.getAttribute('aria-invalid')), 'true');
  assert.equal(await page.$eval('#f-pin', (e) => e.value), '', 'the PIN is never sent back');
  assert.equal(await page.$eval('#f-operator', (e) => e.value), 'Sari');
  await st.shot(page, 'masuk-salah');
  // An operator who does not exist gets the same answer.
  await st.login(page, 'Tidakada', '12345678');
  assert.equal(await page.$eval('#e-pin', (e) => e.textContent), 'nama operator atau PIN salah');
  await page.browserContext().close();
});

test('wrong PINs are counted and lock the PIN as at the CLI', async () => {
  const page = await st.page();
  for (let i = 0; i < 5; i++) await st.login(page, 'Budi', '00000000');
  assert.match(await st.text(page), /PIN dikunci sampai/);
  // Now even the right PIN is refused until the lock ends.
  await st.login(page, 'Budi');
  assert.match(page.url(), /\/masuk$/);
  assert.match(await st.text(page), /PIN dikunci sampai/);
  assert.equal(st.sql("SELECT CAST(pin_locked_until IS NOT NULL AS INTEGER) FROM operators" +
    " WHERE name = 'Budi'"), '1');
  await page.browserContext().close();
});

test('logging in gives an HttpOnly, SameSite=Strict cookie and the role\'s start page', async () => {
  const page = await st.page();
  await st.login(page, 'Sari');
  assert.equal(new URL(page.url()).pathname, '/');
  const c = await st.cookie(page);
  assert.ok(c, 'a session cookie');
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '');
  assert.match(await st.text(page, 'header'), /Sari \(petugas\)/);
  // The database keeps a hash of the token, never the token.
  assert.equal(st.sql(`SELECT count(*) FROM sessions WHERE token_hash = '${c.value}'`), '0');
  assert.equal(st.sql("SELECT count(*) FROM sessions WHERE station = 'web' AND ended_at IS NULL" +
    " AND operator_id = (SELECT id FROM operators WHERE name = 'Sari')"), '1');
  await st.shot(page, 'beranda');
  await page.browserContext().close();
});

test('a form without its CSRF token, or from another origin, is refused', async () => {
  const page = await st.page();
  await st.login(page, 'Dina');
  const c = await st.cookie(page);
  const cookie = `kartu_sesi=${c.value}`;
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  let r = await st.fetch('/keluar', { method: 'POST', headers: { ...form, cookie, origin: st.origin },
    body: '' });
  assert.equal(r.status, 403, 'no token');
  r = await st.fetch('/keluar', { method: 'POST', headers: { ...form, cookie, origin: st.origin },
    body: 'csrf=' + 'a'.repeat(64) });
  assert.equal(r.status, 403, 'a wrong token');
  const token = await page.$eval('input[name=csrf]', (e) => e.value);
  assert.match(token, /^[0-9a-f]{64}$/);
  r = await st.fetch('/keluar', { method: 'POST', headers: { ...form, cookie,
    origin: 'http://evil.example' }, body: `csrf=${token}` });
  assert.equal(r.status, 403, 'another origin');
  r = await st.fetch('/masuk', { method: 'POST', headers: { ...form, origin: 'http://evil.example' },
    body: 'operator=Dina&pin=33334444' });
  assert.equal(r.status, 403, 'a login from another origin');
  // Each forged form is a security event in the audit trail.
  assert.equal(st.sql("SELECT count(*) FROM audit WHERE entity = 'web-refused'" +
    " AND after LIKE '%\"refused\":\"csrf\"%'"), '2');
  assert.equal(st.sql("SELECT count(*) FROM audit WHERE entity = 'web-refused'" +
    " AND after LIKE '%\"refused\":\"origin\"%'"), '2');
  // Still logged in: none of these did anything.
  await st.go(page, '/');
  assert.match(await st.text(page, 'header'), /Dina/);
  // The right token from this origin logs out.
  r = await st.fetch('/keluar', { method: 'POST', headers: { ...form, cookie, origin: st.origin },
    body: `csrf=${token}` });
  assert.equal(r.status, 303);
  await page.browserContext().close();
});

test('another host name is refused (DNS rebinding)', async () => {
  const u = new URL(st.url);
  const status = await new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: '/masuk',
      headers: { Host: `evil.example:${u.port}` } }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 421);
});

test('a page needs a session; after logging in the browser comes back to it', async () => {
  const page = await st.page();
  await st.go(page, '/tentang?x=1');
  await st.go(page, '/');
  assert.match(page.url(), /\/masuk/);
  await page.type('#f-operator', 'Sari');
  await page.type('#f-pin', h.PINS.Sari);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.browserContext().close();
});

test('a session idle longer than session_minutes ends, and says so', async () => {
  const page = await st.page();
  await st.login(page, 'Sari');
  st.sql("UPDATE sessions SET last_seen_at = '2026-11-28T00:00:00Z' WHERE station = 'web'" +
    " AND ended_at IS NULL");
  await st.go(page, '/');
  assert.match(page.url(), /\/masuk\?habis=1/);
  assert.match(await st.text(page), /Sesi Anda berakhir/);
  assert.ok(Number(st.sql("SELECT count(*) FROM sessions WHERE end_reason = 'timeout'" +
    " AND station = 'web'")) >= 1);
  await st.shot(page, 'habis');
  await page.browserContext().close();
});

test('Keluar ends the session; its cookie opens nothing after', async () => {
  const page = await st.page();
  await st.login(page, 'Sari');
  const c = await st.cookie(page);
  await Promise.all([page.waitForNavigation(), page.click('header button[type=submit]')]);
  assert.match(page.url(), /\/masuk\?keluar=1/);
  assert.match(await st.text(page), /Anda sudah keluar/);
  const r = await st.fetch('/', { headers: { cookie: `kartu_sesi=${c.value}` } });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/masuk/);
  await page.browserContext().close();
});

test('the form is usable by keyboard alone', async () => {
  const page = await st.page();
  await st.go(page, '/masuk');
  // The operator field has the focus (autofocus, once the page is shown);
  // Tab to the PIN, Enter sends.
  await page.waitForFunction(() => document.activeElement &&
    document.activeElement.id === 'f-operator');
  await page.keyboard.type('Dina');
  await page.keyboard.press('Tab');
  await page.keyboard.type(h.PINS.Dina);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await st.text(page, 'header'), /Dina \(loket\)/);
  await page.browserContext().close();
});

test('an unknown page is a 404 page; nothing logged holds a PIN', async () => {
  const page = await st.page();
  const resp = await st.go(page, '/tidak-ada');
  assert.equal(resp.status(), 404);
  const log = fs.readFileSync(path.join(st.dir, 'serve.log'), 'utf8');
  for (const pin of Object.values(h.PINS)) assert.ok(!log.includes(pin), 'no PIN in the log');
  assert.match(log, /POST \/masuk 303 -/);
  await page.browserContext().close();
});
