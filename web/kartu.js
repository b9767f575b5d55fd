/* kartu.js - what every page shares.  The pages work without it; it only
 * helps: focus goes to the list of problems of a form sent back. */
'use strict';
document.addEventListener('DOMContentLoaded', function () {
	var p = document.getElementById('masalah');
	if (p) p.focus();
});
