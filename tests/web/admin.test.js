// admin.test.js - the admin's pages: Operator (add with a role and a PIN,
// a new PIN, deactivate and reactivate) and Pengaturan (the settings, every
// problem at once), and their refusal to anyone else; checked against the
// database and the audit trail.  PINs are typed, never shown back.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

let st;
before(async () => { st = await h.station('admin', { reader: false }); });
after(async () => { if (st) await st.stop(); });

async function submit(page, sel) {
  await Promise.all([page.waitForNavigation(), page.click(sel)]);
}

test('no one but the admin opens or posts to the admin pages', async () => {
  for (const who of ['Sari', 'Budi', 'Dina']) {
    const page = await st.page();
    await st.login(page, who);
    for (const p of ['/operator', '/pengaturan']) {
      const resp = await st.go(page, p);
      assert.equal(resp.status(), 403, `${who} ${p}`);
    }
    assert.doesNotMatch(await st.text(page, 'header'), /Daftar operator|Pengaturan/);
    const token = await page.$eval('input[name=csrf]', (e) => e.value);
    const c = await st.cookie(page);
    const r = await st.fetch('/operator/nonaktif', { method: 'POST', headers: {
      'Content-Type': 'application/x-www-form-urlencoded', cookie: `kartu_sesi=${c.value}`,
      origin: st.origin }, body: `csrf=${token}&name=Admin` });
    assert.equal(r.status, 403);
    await page.browserContext().close();
  }
  assert.equal(st.sql("SELECT active FROM operators WHERE name = 'Admin'"), '1');
});

test('the admin adds an operator with a role and a PIN; the PIN is never shown', async () => {
  const page = await st.page();
  await st.login(page, 'Admin');
  await st.go(page, '/operator');
  await page.type('#f-name', 'Rina');
  await page.select('#f-role', 'operator');
  await page.type('#f-pin', '55556666');
  await page.type('#f-pin2', '55556667');
  await submit(page, '#tambah ~ form button[type=submit]');
  assert.equal(await page.$eval('#e-pin2', (e) => e.textContent), 'kedua PIN tidak sama');
  assert.equal(await page.$eval('#f-pin', (e) => e.value), '', 'the PIN is not sent back');
  assert.equal(await page.$eval('#f-name', (e) => e.value), 'Rina');
  assert.equal(st.sql("SELECT count(*) FROM operators WHERE name = 'Rina'"), '0');
  await page.type('#f-pin', '12');
  await page.type('#f-pin2', '12');
  await submit(page, '#tambah ~ form button[type=submit]');
  assert.match(await page.$eval('#e-pin', (e) => e.textContent), /\S/, 'too short a PIN');
  await page.type('#f-pin', '55556666');
  await page.type('#f-pin2', '55556666');
  await submit(page, '#tambah ~ form button[type=submit]');
  assert.match(await st.text(page), /Operator Rina ditambahkan sebagai operator/);
  assert.equal(st.sql("SELECT role || '|' || active || '|' ||" +
    " CAST(pin_hash LIKE 'k1$argon2id$%' AS INTEGER)" +
    " FROM operators WHERE name = 'Rina'"), 'operator|1|1');
  assert.ok(!(await page.content()).includes('55556666'));
  assert.equal(st.sql("SELECT count(*) FROM audit a JOIN operators o ON o.id = a.operator_id" +
    " WHERE a.entity = 'operator' AND a.action = 'insert' AND o.name = 'Admin'" +
    " AND a.after LIKE '%Rina%'"), '1');
  await st.shot(page, 'operator');
  await page.browserContext().close();
  // Rina logs in with that PIN.
  const rina = await st.page();
  await st.login(rina, 'Rina', '55556666');
  assert.match(await st.text(rina, 'header'), /Rina/);
  await rina.browserContext().close();
});

test('the admin sets a new PIN, deactivates and reactivates an operator', async () => {
  const page = await st.page();
  await st.login(page, 'Admin');
  await st.go(page, '/operator');
  await submit(page, 'a[href="/operator?pinbaru=Rina#pin"]');
  await page.type('#f-newpin', '77778888');
  await page.type('#f-newpin2', '77778887');
  await submit(page, 'form[action="/operator/pin"] button[type=submit]');
  assert.equal(await page.$eval('#e-newpin2', (e) => e.textContent), 'kedua PIN tidak sama');
  await page.type('#f-newpin', '77778888');
  await page.type('#f-newpin2', '77778888');
  await submit(page, 'form[action="/operator/pin"] button[type=submit]');
  assert.match(await st.text(page), /PIN Rina sudah disimpan/);
  await st.shot(page, 'operator-pin');
  await submit(page, 'form[action="/operator/nonaktif"]:has(input[value="Rina"]) button');
  assert.match(await st.text(page), /Rina dinonaktifkan/);
  assert.equal(st.sql("SELECT active FROM operators WHERE name = 'Rina'"), '0');
  // Rina can no longer log in, even with the new PIN.
  const rina = await st.page();
  await st.login(rina, 'Rina', '77778888');
  assert.match(rina.url(), /\/masuk/);
  // The admin may not deactivate themself: no button, and a forged form is refused.
  assert.equal(await page.$('form[action="/operator/nonaktif"]:has(input[value="Admin"])'), null);
  await page.$eval('form[action="/operator/nonaktif"] input[name=name]', (e) => { e.value = 'Admin'; });
  await submit(page, 'form[action="/operator/nonaktif"] button');
  assert.match(await st.text(page), /tidak dapat menonaktifkan dirinya sendiri/);
  assert.equal(st.sql("SELECT active FROM operators WHERE name = 'Admin'"), '1');
  await st.go(page, '/operator');
  await submit(page, 'form[action="/operator/aktif"]:has(input[value="Rina"]) button');
  assert.equal(st.sql("SELECT active FROM operators WHERE name = 'Rina'"), '1');
  await st.login(rina, 'Rina', '77778888');
  assert.match(await st.text(rina, 'header'), /Rina/);
  await rina.browserContext().close();
  assert.equal(st.sql("SELECT count(*) FROM audit WHERE entity = 'operator' AND action = 'update'" +
    " AND after LIKE '%\"active\":0%'"), '1');
  const log = fs.readFileSync(path.join(st.dir, 'serve.log'), 'utf8');
  for (const pin of ['55556666', '77778888']) assert.ok(!log.includes(pin), 'no PIN in the log');
  await page.browserContext().close();
});

test('the admin changes the settings; every problem is told at once, nothing half-saved', async () => {
  const page = await st.page();
  await st.login(page, 'Admin');
  await st.go(page, '/pengaturan');
  assert.equal(await page.$eval('#f-library_code', (e) => e.value), '6205');
  const before = st.rows("SELECT key || '=' || value FROM settings" +
    " ORDER BY key", ';');
  const set = async (id, v) => page.$eval(`#f-${id}`, (e, x) => { e.value = x; }, v);
  await set('library_code', '62x');
  await set('head_nip', '1234');
  await set('due_service_minutes', '0');
  await set('head_name', 'Drs. Ahmad Yani');
  await submit(page, 'main form[action="/pengaturan"] button[type=submit]');
  assert.equal(await page.$$eval('#masalah li', (l) => l.length), 3);
  for (const f of ['library_code', 'head_nip', 'due_service_minutes'])
    assert.ok(await page.$(`#e-${f}`), `a problem beside ${f}`);
  assert.equal(await page.$eval('#f-head_name', (e) => e.value), 'Drs. Ahmad Yani', 'kept');
  assert.equal(st.rows("SELECT key || '=' || value FROM settings" +
    " ORDER BY key", ';'), before, 'nothing written');
  await st.shot(page, 'pengaturan-masalah');
  await set('library_code', '6205');
  await set('head_nip', '196801011990031001');
  await set('due_service_minutes', '480');
  await page.select('#f-card_media', 'chip+printed');
  await submit(page, 'main form[action="/pengaturan"] button[type=submit]');
  assert.match(await st.text(page), /Pengaturan disimpan/);
  assert.equal(st.sql("SELECT value FROM settings WHERE key = 'head_name'"), 'Drs. Ahmad Yani');
  assert.equal(st.sql("SELECT value FROM settings WHERE key = 'head_nip'"), '196801011990031001');
  assert.equal(st.sql("SELECT value FROM settings WHERE key = 'card_media'"), 'chip+printed');
  assert.equal(st.sql("SELECT count(*) FROM audit a JOIN operators o ON o.id = a.operator_id" +
    " WHERE a.entity = 'setting' AND o.name = 'Admin' AND a.after LIKE '%Ahmad Yani%'"), '1');
  // An optional one emptied is unset; a required one emptied is a problem.
  await set('head_title', '');
  await set('library_name', '');
  await submit(page, 'main form[action="/pengaturan"] button[type=submit]');
  assert.ok(await page.$('#e-library_name'));
  assert.equal(await page.$('#e-head_title'), null);
  await st.shot(page, 'pengaturan');
  await page.browserContext().close();
});
