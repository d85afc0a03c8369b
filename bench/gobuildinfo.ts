/**
 * Go build info read cost: KiB read (and read calls) per Go binary to answer `go`, against the
 * file's size. The corpus Go files (corpus/go/*.gz.b64: base64 of gzip, cut: unread bytes zeroed, so the layout and
 * every offset are the real ones) are written out to a temporary directory first; Go's own
 * toolchain binaries (/usr/lib/go-*), full-size files of 2-20 MiB, are measured where installed.
 * Prints numbers; asserts nothing. Run: npm run build && node dist/bench/gobuildinfo.js
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { inspectFileSync } from '../src/index.js';

const corpus = new URL('../../corpus/go', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'binspect-go-'));
const files: string[] = [];
for (const f of readdirSync(corpus).filter((n) => n.endsWith('.gz.b64')).sort()) {
  const p = join(tmp, f.slice(0, -7));
  writeFileSync(p, gunzipSync(Buffer.from(readFileSync(join(corpus, f), 'utf8'), 'base64')));
  files.push(p);
}
for (const dir of readdirSync('/usr/lib').filter((d) => d.startsWith('go-')).map((d) => `/usr/lib/${d}`)) {
  for (const sub of ['bin', 'pkg/tool/linux_amd64']) {
    try {
      for (const f of readdirSync(join(dir, sub)).sort()) files.push(join(dir, sub, f));
    } catch {
      // not installed
    }
  }
}

const kib = (n: number): string => (n / 1024).toFixed(1);
let worst = 0;
console.log('file\tsize KiB\tread KiB\treads\tgo');
for (const f of files) {
  const r = inspectFileSync(f, { select: ['go', 'slices'] });
  const go = r.go ?? r.slices?.find((s) => s.go)?.go ?? null;
  const read = r.io?.bytesRead ?? 0;
  if (statSync(f).size >= 1 << 20) worst = Math.max(worst, read);
  console.log(`${f.replace(tmp + '/', 'corpus/go/')}\t${kib(statSync(f).size)}\t${kib(read)}\t${r.io?.reads ?? 0}\t${go?.version ?? '-'}`);
}
console.log(`most read from a file of 1 MiB or more: ${kib(worst)} KiB`);
rmSync(tmp, { recursive: true, force: true });
