/* kartu.js - what every page shares.  The pages work without it; it only
 * helps: focus goes to the list of problems of a form sent back; the desk
 * view (/meja) shows each tap as it comes (server-sent events from
 * /peristiwa); a member's photo can be taken with the webcam. */
'use strict';

/* The desk view: each verdict drawn into #vonis as it comes. */
function kartuDesk(box) {
	if (!window.EventSource) return;
	var word = document.getElementById('vonis-kata');
	var name = document.getElementById('vonis-nama');
	var detail = document.getElementById('vonis-rinci');
	var photo = document.getElementById('vonis-foto');
	var src = new EventSource('/peristiwa');
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
	if (p) p.focus();
	var desk = document.getElementById('vonis');
	if (desk) kartuDesk(desk);
	var cam = document.getElementById('kamera');
	if (cam) kartuWebcam(cam);
});
