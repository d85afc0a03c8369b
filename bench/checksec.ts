/**
 * Agreement with Debian's checksec 2.6 over a spread sample of this machine's ELF files: per fact
 * (relro, canary, nx, pie, rpath, runpath, symbols, fortified, fortify-able), the share of files
 * where binspect's report says what `checksec --output=json` says, and every disagreement.
 * Prints numbers; asserts nothing (test/oracle/checksec.test.ts holds the bar on a smaller sample).
 * Run: npm run build && node dist/bench/checksec.js [FILES_PER_DIR=50]
 */
import { inspectFileSync } from '../src/index.js';
import { asChecksec, CHECKSEC_FACTS, checksecBatch, elfFiles, spread } from '../test/oracle/checksec.js';

const perDir = Number(process.argv[2] ?? 50);


const files = ['/usr/bin', '/usr/sbin', '/usr/lib'].flatMap((d) => spread(elfFiles(d, 2), perDir));
const theirs = checksecBatch(files);
const agree: Record<string, number> = {};
const diffs: string[] = [];
let n = 0;
for (const f of files) {
  const c = theirs[f];
  if (!c) {
    diffs.push(`${f}: checksec printed nothing parseable`);
    continue;
  }
  n++;
  const ours = asChecksec(inspectFileSync(f));
  for (const k of CHECKSEC_FACTS) {
    if (ours[k] === c[k]) agree[k] = (agree[k] ?? 0) + 1;
    else diffs.push(`${f} ${k}: binspect ${ours[k]} checksec ${c[k]}`);
  }
}
const total = Object.values(agree).reduce((a, b) => a + b, 0);
console.log(`files ${n} of ${files.length}; facts ${n * CHECKSEC_FACTS.length}; agree ${total} (${((100 * total) / (n * CHECKSEC_FACTS.length)).toFixed(2)} %)`);
for (const k of CHECKSEC_FACTS) console.log(`  ${k.padEnd(13)} ${agree[k] ?? 0}/${n}`);
for (const d of diffs) console.log(`  differs: ${d}`);
