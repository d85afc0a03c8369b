import { describe, expect, it } from 'vitest';
import { inspectFileSync } from '../../src/index.js';
import { CORPUS } from '../helpers.js';
import { asChecksec, CHECKSEC_FACTS, type ChecksecFacts, checksecFiles, elfFiles, hasChecksec, spread } from './checksec.js';

/**
 * Differential test against Debian's checksec 2.6, run live (`checksec --file=F --output=json`,
 * .ci/run installs it) on every ELF file of the corpus and on a spread sample of this machine's
 * /usr/bin, /usr/sbin and /usr/lib: canary, the fortified and fortify-able counts, relro, pie, nx,
 * rpath, runpath, symbols. At least 98% of the facts must agree (the bar); every
 * disagreement is listed, and each must be of a kind docs/oracles.md explains.
 */

/** Kinds of disagreement docs/oracles.md explains ("checksec 2.6"). */
const EXPLAINED: ReadonlyArray<[string, RegExp]> = [
  // checksec calls an ET_DYN a PIE when it has DT_DEBUG, else a DSO; binspect goes by DF_1_PIE.
  ['pie by DT_DEBUG', / pie: binspect (yes|dso) checksec (yes|dso)$/],
  // Without section headers readelf lists no symbols: checksec sees no canary and nothing to fortify.
  ['no section headers', /noshdr.* (canary|fortified|fortify-able): /],
  // corpus/elf/loader repeats dynamic tags on purpose: binspect reads them as ld.so does (the last DT_FLAGS), readelf shows the first.
  ['loader corpus', /\/corpus\/elf\/loader\//],
  // A dynamic file's .symtab is not read for the canary (docs/report.md).
  ['canary in .symtab of a dynamic file', / canary: binspect no checksec yes$/],
];

function compare(files: readonly string[], theirs: Record<string, ChecksecFacts>): { facts: number; diffs: string[]; missing: string[] } {
  let facts = 0;
  const diffs: string[] = [];
  const missing: string[] = [];
  for (const f of files) {
    const c = theirs[f];
    if (!c) {
      missing.push(f);
      continue;
    }
    const ours = asChecksec(inspectFileSync(f));
    for (const k of CHECKSEC_FACTS) {
      facts++;
      if (ours[k] !== c[k]) diffs.push(`${f} ${k}: binspect ${ours[k]} checksec ${c[k]}`);
    }
  }
  return { facts, diffs, missing };
}

const explained = (d: string): string | undefined => EXPLAINED.find(([, re]) => re.test(d))?.[0];


/** The checked facts over `files`: agreement at least 98%, every difference explained; prints the differences. */
async function agree(what: string, files: string[]): Promise<void> {
  const { facts, diffs, missing } = compare(files, await checksecFiles(files));
  expect(missing, `checksec printed nothing parseable for ${missing.join(', ')}`).toEqual([]);
  for (const d of diffs) console.log(`checksec ${what}: ${d} (${explained(d) ?? 'unexplained'})`);
  expect(diffs.filter((d) => !explained(d))).toEqual([]);
  expect(1 - diffs.length / facts).toBeGreaterThanOrEqual(0.98);
}

describe.skipIf(!hasChecksec())('checksec 2.6 agreement (live)', () => {
  it('every ELF file of the corpus', async () => {
    // ELF objects (ET_REL) are no program: checksec judges executables and libraries.
    const files = elfFiles(CORPUS, 4).filter((f) => !f.endsWith('.o') && inspectFileSync(f, { select: ['type'] }).type !== 'relocatable');
    expect(files.length).toBeGreaterThanOrEqual(50);
    await agree('corpus', files);
  }, 600_000);

  it('a sample of /usr/bin, /usr/sbin, /usr/lib', async () => {
    const files = [['/usr/bin', 16, 0], ['/usr/sbin', 8, 0], ['/usr/lib', 16, 2]].flatMap(([d, n, depth]) => spread(elfFiles(d as string, depth as number), n as number));
    expect(files.length).toBeGreaterThanOrEqual(25);
    await agree('system', files);
  }, 600_000);
});
