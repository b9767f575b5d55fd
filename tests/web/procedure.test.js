// procedure.test.js - the six steps through the screens: Formulir
// pendaftaran (/daftar), Antrean (/antrian) and the application's page
// (/permohonan/ID) with each role's next step, the chip written on the
// simulated reader and read back, the handover with the phone's code.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const NIK = '6205031405900001';	// a man born 14-05-1990, Kec. Teweh Tengah
let st;
before(async () => {
  st = await h.station('procedure');
  st.must('--as', 'Admin', 'keygen');
});
after(async () => { if (st) await st.stop(); });

async function as(who) {
  const page = await st.page();
  await st.login(page, who);
  return page;
}

// Fill the form with the mouse's tools (puppeteer's select and type).
async function fill(page, v) {
  await st.go(page, '/daftar');
  if (v.category) await page.select('#f-category', v.category);
  if (v.document) await page.select('#f-document', v.document);
  for (const f of ['document_no', 'nik', 'institution', 'guardian', 'name', 'birth_place',
    'address', 'phone']) {
    if (v[f] !== undefined) await page.type(`#f-${f}`, v[f]);
  }
  if (v.birth_date) await page.$eval('#f-birth_date', (e, d) => { e.value = d; }, v.birth_date);
  if (v.sex) await page.select('#f-sex', v.sex);
}

async function submit(page, sel = 'main form button[type=submit]') {
  const [resp] = await Promise.all([page.waitForNavigation(), page.click(sel)]);
  return resp;
}

const RIZKY = {
  category: 'umum', document: 'ktp', document_no: NIK, name: 'Muhammad Rizky',
  birth_place: 'Muara Teweh', birth_date: '1990-05-14', sex: 'L',
  address: 'Jl. Yetro Sinseng No. 12, Muara Teweh', phone: '0812-3456-7890',
};

test('the six steps through the screens, the chip written and read back', async () => {
  const sari = await as('Sari');
  await fill(sari, RIZKY);
  await st.shot(sari, 'daftar-isi');
  let resp = await submit(sari);
  assert.equal(resp.status(), 200);
  assert.match(sari.url(), /\/permohonan\/1$/);
  assert.match(await st.text(sari), /Permohonan 1 tercatat/);
  assert.doesNotMatch(await sari.content(), new RegExp(NIK));
  assert.match(await st.text(sari), /6205\*+01/, 'the NIK shown masked');
  assert.equal(st.sql('SELECT state, name, phone, nik_masked FROM applications'),
    'applied|Muhammad Rizky|+6281234567890|6205**********01');
  await st.shot(sari, 'permohonan-diajukan');

  // The queue shows it under its step, due the next working day.
  await st.go(sari, '/antrian');
  assert.match(await st.text(sari), /Diajukan/);
  assert.match(await st.text(sari), /Muhammad Rizky/);
  assert.match(await st.text(sari), /30-11-2026/, 'due Monday (Saturday 08:30 WIB + 1 working day)');
  await st.shot(sari, 'antrian');

  // Step 3 and 4: the officer.
  await st.go(sari, '/permohonan/1');
  await submit(sari, 'input[value=periksa] ~ p button');
  assert.match(await st.text(sari), /Permohonan 1 diperiksa/);
  await submit(sari, 'input[value=validasi] ~ p button');
  assert.equal(st.sql('SELECT state FROM applications WHERE id = 1'), 'validated');
  // The officer is offered no issue.
  assert.equal(await sari.$('input[value=terbitkan]'), null);

  // Step 5: the operator issues and writes the chip tapped on the reader.
  const budi = await as('Budi');
  await st.go(budi, '/permohonan/1');
  assert.equal(await budi.$('input[value=periksa]'), null, 'no check for an operator');
  await submit(budi, 'input[value=terbitkan] ~ p button');
  const mno = st.sql('SELECT member_no FROM members WHERE application_id = 1');
  assert.equal(mno, '6205260000010');
  assert.match(await st.text(budi), new RegExp(`nomor anggota ${mno}`));
  st.sim('put', 'ntag215', '04A1B2C3D4E5F6');
  await st.shot(budi, 'permohonan-diterbitkan');
  await submit(budi, 'input[value=tulis] ~ p button');
  assert.match(await st.text(budi), /ditulis ke cip/, await st.text(budi));
  assert.equal(st.sql('SELECT status, uid FROM cards'), 'active|04A1B2C3D4E5F6');
  const read = st.kartu('read');
  assert.equal(read.status, 0, read.stderr);
  assert.match(read.stdout, new RegExp(mno));
  assert.match(read.stdout, /AKTIF|ACTIVE/);

  // Step 6: the officer sends the code, the applicant gives it back.
  await st.go(sari, '/permohonan/1');
  await sari.type('#f-phone', '0812 3456 7890');
  await submit(sari, 'input[value=kode] ~ p button');
  const flash = await st.text(sari, '.flash');
  const code = (/kode ini: (\d{6})/.exec(flash) || [])[1];
  assert.ok(code, `a code shown: ${flash}`);
  await st.shot(sari, 'permohonan-kode');
  await sari.type('#f-code', code);
  await submit(sari, 'input[value=serahkan] ~ p button');
  assert.match(await st.text(sari), /kartu diserahkan/i);
  assert.equal(st.sql('SELECT state FROM applications WHERE id = 1'), 'handed-over');
  assert.equal(st.sql(`SELECT group_concat(step || ':' || o.name, ' ') FROM app_events e
    JOIN operators o ON o.id = e.operator_id WHERE application_id = 1 ORDER BY e.id`),
  'apply:Sari check:Sari validate:Sari issue:Budi handover:Sari');
  // The audit trail names who made the application and the member.
  assert.equal(st.sql("SELECT o.name FROM audit a JOIN operators o ON o.id = a.operator_id" +
    " WHERE a.entity = 'application' AND a.action = 'insert'"), 'Sari');
  assert.equal(st.sql("SELECT o.name FROM audit a JOIN operators o ON o.id = a.operator_id" +
    " WHERE a.entity = 'member' AND a.action = 'insert'"), 'Budi');
  await st.shot(sari, 'permohonan-diserahkan');
  // No longer in the queue.
  await st.go(sari, '/antrian');
  assert.match(await st.text(sari), /Tidak ada permohonan/);
  await sari.browserContext().close();
  await budi.browserContext().close();
});
