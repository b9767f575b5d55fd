// tap.mjs - a reporter for node --test that prints each browser test as one
// line of flat TAP, so that prove (make check) counts them one by one; the
// failures' messages follow as comments.  Node 20 reports a file's tests at
// nesting 0, Node 18 under a test named after the file: both are handled.
import path from 'node:path';

export default async function* tap(source) {
  let n = 0;
  let failed = 0;
  for await (const ev of source) {
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data;
    const isFile = d.name.endsWith('.test.js');
    if (isFile && ev.type === 'test:pass') continue;
    if (!isFile && d.nesting > 1) continue;
    n++;
    const where = d.file ? path.basename(d.file) : '';
    const name = `${where}${where ? ': ' : ''}${d.name}`.replace(/#/g, '');
    if (ev.type === 'test:pass') {
      // A skipped test says so (TAP's directive), with its reason.
      const skip = d.skip ? ` # SKIP ${typeof d.skip === 'string' ? d.skip.replace(/#/g, '') : ''}` : '';
      yield `ok ${n} - ${name}${skip}\n`;
    } else {
      failed++;
      yield `not ok ${n} - ${name}\n`;
      const err = d.details && d.details.error;
      const msg = err ? String((err.cause && err.cause.stack) || err.stack || err) : 'failed';
      yield msg.split('\n').slice(0, 30).map((l) => `# ${l}`).join('\n') + '\n';
    }
  }
  yield `1..${n}\n`;
  if (failed) yield `# ${failed} of ${n} browser tests failed\n`;
}
