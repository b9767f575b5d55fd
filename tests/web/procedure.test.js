// procedure.test.js - the six steps through the screens: Formulir
// pendaftaran (/daftar), Antrean (/antrian) and the application's page
// (/permohonan/ID) with each role's next step, the chip written on the
// simulated reader and read back on the desk view (Loket), the handover
// with the phone's code.
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
  // The desk view (Loket) is open beside: the server's desk thread holds the
  // reader and lends it to the write, then reads the written card back as a tap.
  const dina = await as('Dina');
  await st.go(dina, '/meja');
  st.sim('put', 'ntag215', '04A1B2C3D4E5F6');
  await st.shot(budi, 'permohonan-diterbitkan');
  await submit(budi, 'input[value=tulis] ~ p button');
  assert.match(await st.text(budi), /ditulis ke cip/, await st.text(budi));
  assert.equal(st.sql('SELECT status, uid FROM cards'), 'active|04A1B2C3D4E5F6');
  await dina.waitForFunction(() => (document.getElementById('vonis-nama') || {})
    .textContent === 'Muhammad Rizky', { timeout: 10000 });
  assert.equal(await st.text(dina, '#vonis-kata'), 'AKTIF');
  assert.match(await st.text(dina, '#vonis-rinci'), new RegExp(mno));
  await st.shot(dina, 'meja-kartu-ditulis');

  // Step 6: the officer sends the code, the applicant gives it back.
  await st.go(sari, '/permohonan/1');
  await sari.type('#f-phone', '0812 3456 7890');
  await submit(sari, 'input[value=kode] ~ p button');
  const flash = await st.text(sari, '.flash');
  const code = (/kode ini: (\d{6})/.exec(flash) || [])[1];
  assert.ok(code, `a code shown: ${flash}`);
  await st.shot(sari, 'permohonan-kode');
  // A wrong code uses a try, said beside the code's field.
  await sari.type('#f-code', code === '000000' ? '111111' : '000000');
  let wrong = await submit(sari, 'input[value=serahkan] ~ p button');
  assert.equal(wrong.status(), 409);
  assert.match(await st.text(sari, '#e-code'), /kode salah: sisa 2/);
  assert.equal(st.sql('SELECT state FROM applications WHERE id = 1'), 'issued');
  await sari.type('#f-code', code);
  await submit(sari, 'input[value=serahkan] ~ p button');
  assert.match(await st.text(sari), /kartu diserahkan/i);
  assert.equal(st.sql('SELECT state FROM applications WHERE id = 1'), 'handed-over');
  assert.equal(st.rows(`SELECT step || ':' || o.name FROM app_events e
    JOIN operators o ON o.id = e.operator_id WHERE application_id = 1 ORDER BY e.id`, ' '),
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

test('a bad form shows every problem at once beside its field, numbers not echoed', async () => {
  const sari = await as('Sari');
  await fill(sari, {
    category: 'paud-tk', document: 'kk', document_no: '6205031405900009', name: 'Aisyah',
    birth_place: 'Muara Teweh', birth_date: '2099-01-01', sex: 'P', address: 'Jl. Pramuka 3',
    phone: '12345',
  });
  const resp = await submit(sari);
  assert.equal(resp.status(), 422);
  assert.match(sari.url(), /\/daftar$/);
  // The birth date in the future, the phone, the guardian paud-tk asks for:
  // each beside its own field, and all listed at the top.
  for (const f of ['birth_date', 'phone', 'guardian']) {
    const msg = await sari.$eval(`#e-${f}`, (e) => e.textContent);
    assert.ok(msg.length > 5, `a problem beside ${f}`);
    assert.equal(await sari.$eval(`#f-${f}`, (e) => e.getAttribute('aria-invalid')), 'true');
  }
  assert.match(await sari.$eval('#e-birth_date', (e) => e.textContent), /2099/);
  assert.match(await sari.$eval('#e-guardian', (e) => e.textContent), /orang tua\/wali/);
  const listed = await sari.$$eval('#masalah li', (l) => l.length);
  assert.ok(listed >= 3, `every problem listed at the top (${listed})`);
  // The guardian's field is shown (it has a problem); the focus is on the list.
  assert.equal(await sari.$eval('#f-guardian', (e) => e.closest('.dep').hidden), false);
  assert.equal(await sari.evaluate(() => document.activeElement.id), 'masalah');
  // What was typed comes back, but never the document number.
  assert.equal(await sari.$eval('#f-name', (e) => e.value), 'Aisyah');
  assert.equal(await sari.$eval('#f-document_no', (e) => e.value), '');
  assert.match(await st.text(sari, '#h-document_no'), /ketik lagi/);
  assert.doesNotMatch(await sari.content(), /6205031405900009/);
  assert.equal(st.sql('SELECT count(*) FROM applications WHERE name = \'Aisyah\''), '0');
  await st.shot(sari, 'daftar-salah');
  await sari.browserContext().close();
});

test('already-a-member candidates are shown side by side before saving', async () => {
  const sari = await as('Sari');
  // The same name and birth date as member 6205260000010, a SIM.
  await fill(sari, { ...RIZKY, document: 'sim', document_no: '900514778899',
    phone: '0813-1111-2222' });
  let resp = await submit(sari);
  assert.equal(resp.status(), 200);
  assert.match(await sari.title(), /^Sudah terdaftar sebagai anggota\?/);
  const table = await st.text(sari, 'table.side');
  assert.match(table, /Pemohon/);
  assert.match(table, /No\. anggota 6205260000010/);
  assert.match(table, /nama mirip, tanggal lahir sama/);
  assert.doesNotMatch(await sari.content(), /900514778899/, 'the number stays on the server');
  assert.equal(st.sql('SELECT count(*) FROM applications'), '1', 'nothing saved yet');
  await st.shot(sari, 'daftar-kandidat');
  // Back to the form: what was typed, without the number.
  await submit(sari, 'button[value=ubah]');
  assert.equal(await sari.$eval('#f-name', (e) => e.value), 'Muhammad Rizky');
  assert.equal(await sari.$eval('#f-document_no', (e) => e.value), '');
  await sari.type('#f-document_no', '900514778899');
  await submit(sari);
  await submit(sari, 'button[value=simpan]');
  assert.match(sari.url(), /\/permohonan\/2$/);
  assert.equal(st.sql('SELECT state FROM applications WHERE id = 2'), 'applied');
  // The check asks whether the applicant is the member; saying so closes it.
  assert.match(await st.text(sari), /Apakah pemohon salah satu kandidat/);
  resp = await submit(sari, 'input[value=periksa] ~ p button');
  assert.equal(resp.status(), 409);
  assert.ok((await st.text(sari, '#e-decision')).length > 10, 'the refusal beside the choice');
  await st.shot(sari, 'permohonan-keputusan');
  await sari.click('input[name=decision][value="6205260000010"]');
  await submit(sari, 'input[value=periksa] ~ p button');
  assert.match(await st.text(sari), /sudah menjadi anggota 6205260000010/);
  assert.equal(st.sql('SELECT state FROM applications WHERE id = 2'), 'rejected');
  await st.shot(sari, 'permohonan-ganda');
  await sari.browserContext().close();
});

test('a student of a university outside the regency is recorded as not served', async () => {
  const sari = await as('Sari');
  await st.go(sari, '/daftar');
  await sari.select('#f-category', 'mahasiswa');
  // kartu.js: the institution shown, the guardian hidden, the KTM chosen.
  assert.equal(await sari.$eval('#f-institution', (e) => e.closest('.dep').hidden), false);
  assert.equal(await sari.$eval('#f-guardian', (e) => e.closest('.dep').hidden), true);
  assert.equal(await sari.$eval('#f-document', (e) => e.value), 'ktm');
  await fill(sari, {
    category: 'mahasiswa', document: 'ktm', document_no: 'KTM-2023-0042',
    institution: 'Universitas Lambung Mangkurat', name: 'Rina Wati', birth_place: 'Banjarmasin',
    birth_date: '2003-02-01', sex: 'P', address: 'Jl. Ahmad Yani 8', phone: '0812-7777-8888',
  });
  await submit(sari);
  // Said first, nothing recorded: a mistyped university can be corrected.
  assert.match(await sari.title(), /^Tidak dilayani/);
  assert.match(await st.text(sari, '.flash'), /Universitas Lambung Mangkurat/);
  assert.equal(st.sql('SELECT count(*) FROM applications WHERE id = 3'), '0');
  await st.shot(sari, 'daftar-tidak-dilayani');
  await submit(sari, 'button[value=simpan]');
  assert.match(sari.url(), /\/permohonan\/3$/);
  assert.match(await st.text(sari, '.flash'), /tidak dilayani/);
  assert.equal(st.sql('SELECT state FROM applications WHERE id = 3'), 'refused');
  assert.doesNotMatch(await sari.content(), /KTM-2023-0042/);
  await sari.browserContext().close();
});

test('each role is refused what the CLI refuses it', async () => {
  st.must('--as', 'Sari', 'apply', '--name', 'Budi Santoso', '--birth-place', 'Muara Teweh',
    '--birth-date', '1985-03-02', '--sex', 'L', '--address', 'Jl. Sengaji 1', '--phone',
    '081255556666', '--category', 'umum', '--document', 'sim', '--document-no', '850302123456');
  const id = st.sql("SELECT id FROM applications WHERE name = 'Budi Santoso'");
  // No such application: the error page, for a number and for anything else.
  const dina = await as('Dina');
  assert.equal((await st.go(dina, '/permohonan/99999')).status(), 404);
  assert.equal((await st.go(dina, '/permohonan/1x')).status(), 404);
  // The desk may not apply: no menu entry, and the page is refused.
  await st.go(dina, '/');
  assert.doesNotMatch(await st.text(dina, 'header'), /Formulir pendaftaran/);
  const resp = await st.go(dina, '/daftar');
  assert.equal(resp.status(), 403);
  await dina.browserContext().close();
  // An operator may not check: no button, and a forged step is refused by the core.
  const budi = await as('Budi');
  await st.go(budi, `/permohonan/${id}`);
  assert.equal(await budi.$('input[value=periksa]'), null);
  const r2 = await budi.evaluate(async (p) => {
    const f = document.querySelector('form[action="/keluar"]');
    const body = new URLSearchParams({ csrf: f.querySelector('input[name=csrf]').value, aksi: 'periksa' });
    const r = await fetch(p, { method: 'POST', body });
    return { status: r.status, text: await r.text() };
  }, `/permohonan/${id}`);
  assert.equal(r2.status, 403, "a role that may not: forbidden");
  assert.match(r2.text, /Budi berperan sebagai operator; hanya officer/);
  assert.equal(st.sql(`SELECT state FROM applications WHERE id = ${id}`), 'applied');
  await budi.browserContext().close();
  // The officer checks and validates, but may not issue.
  const sari = await as('Sari');
  st.must('--as', 'Sari', 'check', id);
  st.must('--as', 'Sari', 'validate', id);
  await st.go(sari, `/permohonan/${id}`);
  assert.equal(await sari.$('input[value=terbitkan]'), null);
  // Rejecting needs a reason, said beside its field.
  let rr = await submit(sari, 'input[value=tolak] ~ p button');
  assert.equal(rr.status(), 422);
  assert.ok((await st.text(sari, '#e-reason')).length > 3);
  await sari.type('#f-reason', 'SIM palsu');
  await submit(sari, 'input[value=tolak] ~ p button');
  assert.equal(st.sql(`SELECT state, reason FROM applications WHERE id = ${id}`), 'rejected|SIM palsu');
  await sari.browserContext().close();
});

test('the queue marks an application past its due time TERLAMBAT', async () => {
  st.must('--as', 'Sari', 'apply', '--name', 'Siti Aminah', '--birth-place', 'Muara Teweh',
    '--birth-date', '1975-08-17', '--sex', 'P', '--address', 'Jl. Panglima Batur 2', '--phone',
    '081299990000', '--category', 'umum', '--document', 'sim', '--document-no', '750817654321');
  const id = st.sql("SELECT id FROM applications WHERE name = 'Siti Aminah'");
  st.sql(`UPDATE applications SET due_at = '2026-11-27T08:00:00Z' WHERE id = ${id}`);
  const sari = await as('Sari');
  await st.go(sari, '/antrian');
  const row = await sari.$eval(`a[href="/permohonan/${id}"]`, (a) => a.closest('tr').innerText);
  assert.match(row, /Siti Aminah/);
  assert.match(row, /27-11-2026 15:00 WIB/);
  assert.match(row, /TERLAMBAT/);
  assert.match(await st.text(sari, '#jumlah'), /1 terlambat/);
  await st.shot(sari, 'antrian-terlambat');
  // A step done outside service hours is marked in the history.
  st.sql(`UPDATE app_events SET outside_hours = 1 WHERE application_id = ${id}`);
  await st.go(sari, `/permohonan/${id}`);
  assert.match(await st.text(sari, 'table.history'), /di luar jam layanan/);
  await sari.browserContext().close();
});

test('the form is filled and sent by keyboard alone, on a tablet', async () => {
  const sari = await st.page({ width: 800, height: 1280, isMobile: true, hasTouch: true });
  await st.login(sari, 'Sari');
  await st.go(sari, '/daftar');
  // The category has the focus first (autofocus: the browser gives it when
  // it first draws the page, which can come after the load event on a busy
  // machine); arrows choose, Tab moves on.
  await sari.waitForFunction(() => document.activeElement &&
    document.activeElement.id === 'f-category', { timeout: 5000 })
    .catch(() => {});
  assert.equal(await sari.evaluate(() => document.activeElement.id), 'f-category');
  const k = sari.keyboard;
  for (let i = 0; i < 5; i++) await k.press('ArrowDown');	// Umum, the last
  assert.equal(await sari.$eval('#f-category', (e) => e.value), 'umum');
  await k.press('Tab');
  assert.equal(await sari.evaluate(() => document.activeElement.id), 'f-document');
  await k.press('ArrowDown');	// KTP or SIM: the category accepts these two
  const doc = await sari.$eval('#f-document', (e) => e.value);
  assert.ok(['ktp', 'sim'].includes(doc), doc);
  if (doc !== 'ktp') await k.press('ArrowUp');
  assert.equal(await sari.$eval('#f-document', (e) => e.value), 'ktp');
  await k.press('Tab'); await k.type('6205034101950003');	// a woman born 01-01-1995
  await k.press('Tab');
  assert.equal(await sari.evaluate(() => document.activeElement.id), 'f-name',
    'the fields umum and a KTP do not ask for (institution, guardian, NIK) are skipped');
  await k.type('Nur Hasanah');
  await k.press('Tab'); await k.type('Muara Teweh');
  await k.press('Tab'); await k.type('01011995');
  assert.equal(await sari.$eval('#f-birth_date', (e) => e.value), '1995-01-01');
  // Tab walks the date's parts (day, month, year) before leaving it.
  for (let i = 0; i < 4 && await sari.evaluate(() => document.activeElement.id) === 'f-birth_date'; i++)
    await k.press('Tab');
  assert.equal(await sari.evaluate(() => document.activeElement.id), 'f-sex');
  await k.press('ArrowDown'); await k.press('ArrowDown');
  assert.equal(await sari.$eval('#f-sex', (e) => e.value), 'P');
  await k.press('Tab'); await k.type('Jl. Imam Bonjol 4');
  // Past the address pickers, when the build has them (left empty).
  await k.press('Tab');
  for (let i = 0; i < 3 && await sari.evaluate(() => document.activeElement.id) !== 'f-phone'; i++)
    await k.press('Tab');
  assert.equal(await sari.evaluate(() => document.activeElement.id), 'f-phone');
  await k.type('081233334444');
  await st.shot(sari, 'daftar-tablet');
  await Promise.all([sari.waitForNavigation(), k.press('Enter')]);
  assert.match(sari.url(), /\/permohonan\/\d+$/, await st.text(sari));
  assert.equal(st.sql("SELECT state, sex, birth_date FROM applications WHERE name = 'Nur Hasanah'"),
    'applied|P|1995-01-01');
  await sari.browserContext().close();
});

test('the date picker, in the desk browser\'s Indonesian, takes the day first', async () => {
  const sari = await st.page();
  await st.login(sari, 'Sari');
  await st.go(sari, '/daftar');
  assert.match(await sari.evaluate(() => navigator.language), /^id\b/);
  await sari.focus('#f-birth_date');
  await sari.keyboard.type('14051990');	// 14 May 1990: no month 14 if it were mm/dd
  assert.equal(await sari.$eval('#f-birth_date', (e) => e.value), '1990-05-14');
  await st.shot(sari, 'daftar-tanggal');
  await sari.browserContext().close();
});

test('the address pickers: a kecamatan of the regency, then one of its desa', async () => {
  const sari = await as('Sari');
  const person = {
    category: 'umum', document: 'sim', document_no: '881010445566', name: 'Yohanes Lambung',
    birth_place: 'Muara Teweh', birth_date: '1988-10-10', sex: 'L', address: 'Jl. Sengaji 7',
    phone: '0812-4545-6767',
  };
  await fill(sari, person);
  // The regency's kecamatan; without one the village list waits, with one
  // it lists that one's own.
  assert.match(await st.text(sari, '#f-kecamatan'), /Kec\. Teweh Tengah/);
  assert.equal(await sari.$eval('#f-village', (e) => e.disabled), true);
  await sari.select('#f-kecamatan', '62.05.05');
  assert.deepEqual(await sari.$$eval('#f-village optgroup', (g) => g.filter((x) => !x.hidden)
    .map((x) => x.getAttribute('data-parent'))), ['62.05.05']);
  await st.shot(sari, 'daftar-alamat');
  // A village of another kecamatan (a form made by hand) is refused beside its picker.
  await sari.$eval('#f-village', (e) => {
    e.disabled = false;
    for (const g of e.querySelectorAll('optgroup')) { g.disabled = false; g.hidden = false; }
    e.value = '62.05.04.2001';
  });
  let resp = await submit(sari);
  assert.equal(resp.status(), 422);
  assert.match(await st.text(sari, '#e-village'), /desa atau kelurahan/);
  assert.equal(await sari.$eval('#f-kecamatan', (e) => e.value), '62.05.05', 'the choice kept');
  // A village outside the regency is the core's refusal, beside the same picker.
  await sari.$eval('#f-kecamatan', (e) => { e.value = ''; });
  await sari.$eval('#f-village', (e) => {
    e.disabled = false;
    const o = document.createElement('option');
    o.value = '62.71.01.1001'; o.textContent = 'elsewhere'; e.appendChild(o); e.value = o.value;
  });
  await sari.type('#f-document_no', person.document_no);
  resp = await submit(sari);
  assert.equal(resp.status(), 422);
  assert.match(await st.text(sari, '#e-village'), /Barito Utara/);
  // Its own village: kept by its code, the address as typed, said by name.
  await sari.select('#f-kecamatan', '62.05.05');
  await sari.select('#f-village', '62.05.05.1013');
  await sari.type('#f-document_no', person.document_no);
  await submit(sari);
  assert.match(sari.url(), /\/permohonan\/\d+$/, await st.text(sari));
  assert.equal(st.sql("SELECT address, village FROM applications WHERE name = 'Yohanes Lambung'"),
    'Jl. Sengaji 7|62.05.05.1013');
  assert.match(await st.text(sari, 'table.details'), /Lanjas, Kec\. Teweh Tengah/);
  await sari.browserContext().close();
});

test('a printed card: issued, printed from the browser (its barcodes read back), then handed over', async () => {
  st.must('--as', 'Sari', 'apply', '--name', 'Dewi Lestari', '--birth-place', 'Muara Teweh',
    '--birth-date', '1992-04-21', '--sex', 'P', '--address', 'Jl. Pendreh 9', '--phone',
    '081377778888', '--category', 'umum', '--document', 'sim', '--document-no', '920421112233');
  const id = st.sql("SELECT id FROM applications WHERE name = 'Dewi Lestari'");
  st.must('--as', 'Sari', 'check', id);
  st.must('--as', 'Sari', 'validate', id);
  const budi = await as('Budi');
  await st.go(budi, `/permohonan/${id}`);
  await budi.select('#f-media', 'printed');
  await submit(budi, 'input[value=terbitkan] ~ p button');
  const mno = st.sql(`SELECT m.member_no FROM members m WHERE m.application_id = ${id}`);
  assert.equal(st.sql(`SELECT media, status FROM cards WHERE card_no = '${mno}013'`), 'printed|new');
  assert.equal(await budi.$('input[value=tulis]'), null, 'no chip to write');
  await st.shot(budi, 'permohonan-cetak');
  // The station has no printer: the PDF comes to the browser.
  const got = await budi.evaluate(async () => {
    const f = document.querySelector('input[value=cetak]').form;
    const r = await fetch(f.action, { method: 'POST', body: new URLSearchParams(new FormData(f)) });
    const b = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'),
      disp: r.headers.get('content-disposition'), head: String.fromCharCode(...b.slice(0, 5)) };
  });
  assert.equal(got.status, 200);
  assert.equal(got.type, 'application/pdf');
  assert.match(got.disp, new RegExp(`${mno}013\\.pdf`));
  assert.equal(got.head, '%PDF-');
  assert.equal(st.sql(`SELECT status FROM cards WHERE card_no = '${mno}013'`), 'active');
  await budi.browserContext().close();
  // Now the officer may hand it over.
  const sari = await as('Sari');
  await st.go(sari, `/permohonan/${id}`);
  assert.ok(await sari.$('input[value=kode]'), 'the handover is offered');
  await sari.browserContext().close();
});

test('writing the chip with no card on the reader says so and changes nothing', async () => {
  st.must('--as', 'Sari', 'apply', '--name', 'Ahmad Fauzi', '--birth-place', 'Muara Teweh',
    '--birth-date', '1980-06-30', '--sex', 'L', '--address', 'Jl. Ahmad Yani 1', '--phone',
    '081366665555', '--category', 'umum', '--document', 'sim', '--document-no', '800630998877');
  const id = st.sql("SELECT id FROM applications WHERE name = 'Ahmad Fauzi'");
  st.must('--as', 'Sari', 'check', id);
  st.must('--as', 'Sari', 'validate', id);
  st.must('--as', 'Budi', 'issue', id);
  st.sim('remove');
  const budi = await as('Budi');
  await st.go(budi, `/permohonan/${id}`);
  const resp = await submit(budi, 'input[value=tulis] ~ p button');
  assert.equal(resp.status(), 409);
  assert.match(await st.text(budi, '#masalah'), /tidak ada kartu pada pembaca kartu/);
  const mno = st.sql(`SELECT member_no FROM members WHERE application_id = ${id}`);
  assert.equal(st.sql(`SELECT status FROM cards WHERE card_no = '${mno}013'`), 'new');
  await budi.browserContext().close();
});

test('the form works without JavaScript: every field shown, the server checks the category', async () => {
  const page = await st.page();
  await page.setJavaScriptEnabled(false);
  await st.login(page, 'Sari');
  await st.go(page, '/daftar');
  assert.equal(await page.$eval('#f-guardian', (e) => e.closest('.dep').hidden), false);
  // A child of PAUD/TK with a guardian and the family card.
  await page.select('#f-category', 'paud-tk');
  await page.select('#f-document', 'kk');
  await page.type('#f-document_no', '6205030101180007');
  await page.type('#f-guardian', 'Rahmat Hidayat');
  await page.type('#f-name', 'Putri Ayu');
  await page.type('#f-birth_place', 'Muara Teweh');
  await page.$eval('#f-birth_date', (e) => { e.value = '2021-03-15'; });
  await page.select('#f-sex', 'P');
  await page.type('#f-address', 'Jl. Pramuka 3');
  await page.type('#f-phone', '081211112222');
  await submit(page);
  assert.match(page.url(), /\/permohonan\/\d+$/, await st.text(page));
  assert.equal(st.sql("SELECT category, guardian FROM applications WHERE name = 'Putri Ayu'"),
    'paud-tk|Rahmat Hidayat');
  await page.browserContext().close();
});

test('no number typed into the form is in the server\'s log or the database in clear', async () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const typed = [NIK, '6205031405900009', '900514778899', '881010445566', 'KTM-2023-0042',
    '6205034101950003', '6205030101180007'];
  const log = fs.readFileSync(path.join(st.dir, 'serve.log'), 'utf8');
  assert.ok(log.includes('/daftar'), 'the log has the requests');
  for (const n of typed) {
    assert.ok(!log.includes(n), `the log holds no ${n.slice(0, 4)}...`);
    assert.equal(st.sql(`SELECT count(*) FROM applications WHERE document_masked = '${n}'` +
      ` OR nik_masked = '${n}' OR address LIKE '%${n}%'`), '0');
  }
});

test('a NIK of a district not in the list is taken, and the next page says to check it', async () => {
  const sari = await as('Sari');
  const nik = '6205996107950004';	// Barito Utara, district 99: none such
  await fill(sari, {
    category: 'umum', document: 'ktp', document_no: nik, name: 'Ani Lestari',
    birth_place: 'Muara Teweh', birth_date: '1995-07-21', sex: 'P', address: 'Jl. Pramuka 9',
    phone: '0812-9999-8888',
  });
  await submit(sari);
  const text = await st.text(sari);
  assert.match(text, /Permohonan \d+ tercatat/);
  assert.match(text, /kecamatan 62\.05\.99 pada NIK tidak termasuk Kab\. Barito Utara/,
    'the core\'s warning, in Indonesian, with the result');
  assert.equal((text.match(/kecamatan 62\.05\.99/g) || []).length, 1, 'said once');
  assert.doesNotMatch(await sari.content(), new RegExp(nik));
  assert.equal(st.sql("SELECT nik_region FROM applications WHERE name = 'Ani Lestari'"), '62.05.99');
  await st.shot(sari, 'peringatan-nik');
});
