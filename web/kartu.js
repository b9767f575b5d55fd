/* kartu.js - what every page shares.  The pages work without it; it only
 * helps: focus goes to the list of problems of a form sent back, and the
 * registration form shows the fields and documents its category asks for
 * (the server checks them whatever this did). */
'use strict';

/* Formulir pendaftaran: the category's option carries data-guardian,
 * data-institution (none, optional, required, local) and data-documents
 * ("ktp, sim").  A field not asked for is hidden and disabled (not sent);
 * one with a problem stays. */
function kartuCategory(sel) {
	var o = sel.options[sel.selectedIndex];
	var chosen = o && o.value !== '';
	var need = {
		guardian: chosen && o.getAttribute('data-guardian') === '1',
		institution: chosen && o.getAttribute('data-institution') !== 'none'
	};
	var docs = chosen ? (o.getAttribute('data-documents') || '').split(/,\s*/) : null;
	var deps = document.querySelectorAll('.dep[data-need]');
	var i, d, show, inputs, j, doc;

	doc = document.getElementById('f-document');
	for (i = 0; doc && i < doc.options.length; i++) {
		o = doc.options[i];
		if (o.value === '')
			continue;
		o.hidden = o.disabled = docs !== null && docs.indexOf(o.value) < 0;
	}
	if (doc && doc.selectedIndex > 0 && doc.options[doc.selectedIndex].disabled)
		doc.selectedIndex = 0;
	/* One document accepted: chosen already. */
	if (doc && docs !== null && docs.length === 1 && doc.selectedIndex <= 0)
		for (i = 0; i < doc.options.length; i++)
			if (doc.options[i].value === docs[0])
				doc.selectedIndex = i;
	/* A KTP's number is the NIK: no second field for it. */
	need.nik = !doc || doc.value !== 'ktp';
	for (i = 0; i < deps.length; i++) {
		d = deps[i];
		show = !chosen || need[d.getAttribute('data-need')] ||
		    d.querySelector('.invalid') !== null;
		d.hidden = !show;
		inputs = d.querySelectorAll('input, select, textarea');
		for (j = 0; j < inputs.length; j++)
			inputs[j].disabled = !show;
	}
}

/* The address pickers: the desa list keeps the kecamatan's own
 * (optgroup data-parent); without a kecamatan it is disabled. */
function kartuDistrict(kec, desa) {
	var groups = desa.querySelectorAll('optgroup[data-parent]');
	var i, keep, o;

	for (i = 0; i < groups.length; i++) {
		keep = groups[i].getAttribute('data-parent') === kec.value;
		groups[i].hidden = groups[i].disabled = !keep;
	}
	o = desa.options[desa.selectedIndex];
	if (o && o.parentNode.disabled)
		desa.selectedIndex = 0;
	desa.disabled = kec.value === '';
}

document.addEventListener('DOMContentLoaded', function () {
	var p = document.getElementById('masalah');
	var cat = document.querySelector('#daftar #f-category');
	var kec = document.querySelector('#daftar #f-kecamatan');
	var desa = document.querySelector('#daftar #f-village');

	if (kec && desa) {
		kec.addEventListener('change', function () { kartuDistrict(kec, desa); });
		kartuDistrict(kec, desa);
	}

	if (cat) {
		cat.addEventListener('change', function () { kartuCategory(cat); });
		var doc = document.getElementById('f-document');
		if (doc)
			doc.addEventListener('change', function () { kartuCategory(cat); });
		kartuCategory(cat);
	}
	if (p) p.focus();
});
