/* kartu.js - what every page shares.  The pages work without it; it only
 * helps: focus goes to the list of problems of a form sent back; the
 * registration form shows the fields and documents its category asks for
 * (the server checks them whatever this did); the desk view (/meja) shows
 * each tap as it comes (server-sent events from /peristiwa), and the cards
 * checked at the other computers; the queue, the print queue and the report
 * follow the other computers' changes (#hidup); a member's photo can be
 * taken with the webcam. */
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

/* The page's one stream of events (/peristiwa), opened on first use. */
var kartuStream = null;
function kartuEvents() {
	if (!kartuStream && window.EventSource)
		kartuStream = new EventSource('/peristiwa');
	return kartuStream;
}

/* A time as the desk reads it, WIB: "08:30". */
function kartuClock() {
	var d = new Date(Date.now() + 7 * 3600 * 1000);
	return ('0' + d.getUTCHours()).slice(-2) + ':' + ('0' + d.getUTCMinutes()).slice(-2);
}

/* The cards checked at the other computers ("tap-remote"): the last five
 * in #lain-daftar, newest first, each with its computer and time. */
function kartuElsewhere(box) {
	var list = document.getElementById('lain-daftar');
	var src = kartuEvents();
	if (!src || !list) return;
	src.addEventListener('tap-remote', function (ev) {
		var v, li, b;
		try { v = JSON.parse(ev.data); } catch (e) { return; }
		li = document.createElement('li');
		li.className = v['class'] === 'ok' || v['class'] === 'warn' ? v['class'] : 'bad';
		li.setAttribute('data-code', v.code || '');
		b = document.createElement('strong');
		b.textContent = v.word || '';
		li.appendChild(b);
		li.appendChild(document.createTextNode(' ' + (v.name || '') +
		    (v.member_no ? ' (' + v.member_no + ')' : '') + ' \u00b7 ' +
		    (v.station || '') + ', ' + kartuClock()));
		list.insertBefore(li, list.firstChild);
		while (list.children.length > 5)
			list.removeChild(list.lastChild);
		box.hidden = false;
		box.setAttribute('data-shown', String(performance.timeOrigin + performance.now()));
		box.setAttribute('data-seq', String(Number(box.getAttribute('data-seq') || 0) + 1));
	});
}

/* A part of a page that follows the other computers' changes (#hidup,
 * web_live_begin): a "change" of one of its kinds (data-live; a "bulk"
 * always; with data-live-id, that row only) reads the page again and puts
 * the part in place, unless someone is typing or choosing in it, or it is
 * a banner part: then a line offers to refresh.  The status line
 * (#hidup-kabar, aria-live) says which.  A page out of sight (another tab)
 * lets go of its stream, as a browser keeps only six connections to one
 * server, and reads its part again quietly when it is looked at. */
function kartuLive(box) {
	var note = document.getElementById('hidup-kabar');
	var kinds = (box.getAttribute('data-live') || '').split(/\s+/);
	var id = box.getAttribute('data-live-id');
	var dirty = false, timer = null, from = '', quiet = false;
	var src = null;
	if (!window.EventSource || !note) return;
	box.addEventListener('input', function () { dirty = true; });
	box.addEventListener('change', function () { dirty = true; });

	function say(text, refresh) {
		note.textContent = text + ' ';
		if (refresh) {
			var a = document.createElement('a');
			a.href = location.pathname + location.search;
			a.textContent = note.getAttribute('data-refresh') || 'Refresh';
			note.appendChild(a);
		}
		note.className = 'live-note shown';
	}
	function banner() {
		say((note.getAttribute('data-new') || '') + ' ' + from, true);
	}
	function reread() {
		timer = null;
		if (dirty || box.getAttribute('data-live-mode') !== 'replace' ||
		    box.contains(document.activeElement)) {
			banner();
			return;
		}
		var silent = quiet;
		quiet = false;
		fetch(location.pathname + location.search, { credentials: 'same-origin',
		    redirect: 'error' }).then(function (res) {
			if (!res.ok) throw new Error(String(res.status));
			return res.text();
		}).then(function (html) {
			var doc = new DOMParser().parseFromString(html, 'text/html');
			var fresh = doc.getElementById('hidup');
			if (!fresh) throw new Error('no #hidup');
			if (box.innerHTML === fresh.innerHTML && silent)
				return;
			box.innerHTML = fresh.innerHTML;
			if (!silent)
				say((note.getAttribute('data-done') || '') + ' ' + from + ', ' +
				    kartuClock() + '.', false);
			box.setAttribute('data-shown', String(performance.timeOrigin +
			    performance.now()));
			box.setAttribute('data-seq', String(Number(box.getAttribute('data-seq') ||
			    0) + 1));
		}).catch(banner);
	}
	function heard(ev) {
		var c;
		try { c = JSON.parse(ev.data); } catch (e) { return; }
		if (c.kind !== 'bulk' && (kinds.indexOf(c.kind) < 0 || (id && c.id !== id)))
			return;
		from = c.station || '';
		quiet = false;
		/* The changes of one step come together: read once.  When the
		 * first was heard, for the tests' measure. */
		if (!timer) {
			box.setAttribute('data-heard', String(performance.timeOrigin +
			    performance.now()));
			timer = setTimeout(reread, 50);
		}
	}
	function listen() {
		src = new EventSource('/peristiwa');
		src.addEventListener('change', heard);
	}
	document.addEventListener('visibilitychange', function () {
		if (document.hidden) {
			if (src) src.close();
			src = null;
		} else if (!src) {
			listen();
			/* What changed meanwhile was not heard. */
			if (!timer && !dirty && box.getAttribute('data-live-mode') === 'replace') {
				quiet = true;
				timer = setTimeout(reread, 50);
			}
		}
	});
	if (!document.hidden)
		listen();
}

/* The desk view: each verdict drawn into #vonis as it comes. */
function kartuDesk(box) {
	var word = document.getElementById('vonis-kata');
	var name = document.getElementById('vonis-nama');
	var detail = document.getElementById('vonis-rinci');
	var photo = document.getElementById('vonis-foto');
	var src = kartuEvents();
	if (!src) return;
	src.addEventListener('tap', function (ev) {
		var v;
		try { v = JSON.parse(ev.data); } catch (e) { return; }
		box.className = 'verdict ' + (v['class'] === 'ok' || v['class'] === 'warn' ?
		    v['class'] : 'bad');
		box.setAttribute('data-code', v.code || '');
		word.textContent = v.word || '';
		name.textContent = v.name || '';
		detail.textContent = v.detail || '';
		if (v.photo && /^\/foto\/[0-9A-Za-z-]+$/.test(v.photo)) {
			photo.src = v.photo;
			photo.alt = name.textContent;
			photo.hidden = false;
		} else {
			photo.hidden = true;
			photo.removeAttribute('src');
		}
		/* When it was drawn, for make bench (the tap-to-page time). */
		box.setAttribute('data-shown', String(performance.timeOrigin + performance.now()));
		box.setAttribute('data-seq', String(Number(box.getAttribute('data-seq') || 0) + 1));
	});
}

/* The webcam on a member's page: the picture, cut to the card's 3:4
 * portrait, goes into the form's file field as a JPEG. */
function kartuWebcam(box) {
	var md = navigator.mediaDevices;
	if (!md || !md.getUserMedia || !window.DataTransfer) return;
	var on = document.getElementById('kamera-nyala');
	var take = document.getElementById('kamera-ambil');
	var video = document.getElementById('kamera-video');
	var canvas = document.getElementById('kamera-kanvas');
	var status = document.getElementById('kamera-status');
	var file = document.getElementById('f-foto');
	box.hidden = false;
	on.addEventListener('click', function () {
		md.getUserMedia({ video: { width: 640, height: 480 }, audio: false })
		    .then(function (stream) {
			video.srcObject = stream;
			take.disabled = false;
			status.textContent = '';
		}).catch(function (err) {
			status.textContent = box.getAttribute('data-no-camera') || String(err);
		});
	});
	take.addEventListener('click', function () {
		var vw = video.videoWidth, vh = video.videoHeight;
		if (!vw || !vh) return;
		var w = Math.min(vw, vh * 3 / 4), h = w * 4 / 3;
		var ctx = canvas.getContext('2d');
		ctx.drawImage(video, (vw - w) / 2, (vh - h) / 2, w, h, 0, 0, canvas.width,
		    canvas.height);
		canvas.toBlob(function (blob) {
			var dt = new DataTransfer();
			dt.items.add(new File([blob], 'kamera.jpg', { type: 'image/jpeg' }));
			file.files = dt.files;
			canvas.className = 'taken';
			status.textContent = box.getAttribute('data-taken') || '';
		}, 'image/jpeg', 0.92);
	});
}

document.addEventListener('DOMContentLoaded', function () {
	var p = document.getElementById('masalah');
	var cat = document.querySelector('#daftar #f-category');
	var kec = document.getElementById('f-kecamatan');	/* the form or a member's */
	var desa = document.getElementById('f-village');

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
	var desk = document.getElementById('vonis');
	if (desk) kartuDesk(desk);
	var lain = document.getElementById('lain');
	if (lain) kartuElsewhere(lain);
	var live = document.getElementById('hidup');
	if (live) kartuLive(live);
	var cam = document.getElementById('kamera');
	if (cam) kartuWebcam(cam);
});
