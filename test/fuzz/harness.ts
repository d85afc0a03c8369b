import { BinspectError } from '../../src/errors.js';
import type { ByteSource } from '../../src/bytes/source.js';
import { ElfFile } from '../../src/elf/file.js';
import { buildReport, type Report } from '../../src/report/report.js';
import { compareVersions } from '../../src/query/version.js';

/** A memory source that counts the work done on it: read calls and bytes handed out. */
export function countingSource(bytes: Uint8Array): ByteSource & { steps: number; bytes: number } {
  const s = {
    size: bytes.length,
    steps: 0,
    bytes: 0,
    read(offset: number, length: number): Uint8Array {
      s.steps++;
      s.bytes += length;
      if (s.steps > STEP_BUDGET) throw new Error(`step budget of ${STEP_BUDGET} reads exceeded`);
      return bytes.subarray(offset, offset + length);
    },
  };
  return s;
}

/**
 * The step budget: reads per input, for inputs of up to a few MiB. A parser that honours its caps
 * and checks counts against the file size stays far below it; a runaway loop hits it and fails
 * the property instead of hanging.
 */
export const STEP_BUDGET = 2_000_000;

/** Result of one fuzz input: the invariant violations found (empty = fine) and the work it took. */
export interface Outcome {
  violations: string[];
  steps: number;
}

/** Runs the report and the structure view over `bytes` and checks the invariants of issue #6. */
export function checkInput(bytes: Uint8Array): Outcome {
  const v: string[] = [];
  const src = countingSource(bytes);
  let r: Report | null = null;
  try {
    r = buildReport(src, null);
  } catch (e) {
    v.push(`inspect threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  if (r) {
    try {
      JSON.parse(JSON.stringify(r));
    } catch (e) {
      v.push(`report is not JSON-serializable: ${String(e)}`);
    }
    if (r.linkage === 'static' && r.interpreter) v.push('static file with PT_INTERP');
    if (r.linkage === 'static' && r.fieldErrors.some((e) => e.code === 'TRUNCATED' && e.field === 'linkage')) v.push('truncated yet static');
    const files = new Set((r.versionRequirements ?? []).map((x) => x.file));
    for (const s of r.symbolVersions ?? []) if (!files.has(s.file)) v.push(`symbolVersions file ${s.file} not in versionRequirements`);
    if (r.versionRequirements && r.glibcMax !== undefined && r.fieldErrors.every((e) => e.field !== 'glibcMax')) {
      const glibc = r.versionRequirements.flatMap((x) => x.versions).map((n) => /^GLIBC_([0-9]+(?:\.[0-9]+)*)$/.exec(n)?.[1]).filter((x): x is string => !!x);
      const max = glibc.reduce<string | null>((m, x) => (m === null || compareVersions(x, m) > 0 ? x : m), null);
      if (max !== r.glibcMax) v.push(`glibcMax ${r.glibcMax} != max of listed GLIBC versions ${max}`);
    }
    if (r.versionRequirements === null && !r.error && !r.fieldErrors.some((e) => e.field === 'versionRequirements') && r.format === 'elf') {
      v.push('versionRequirements null without a fieldError');
    }
    for (const e of r.fieldErrors) {
      if (!['TRUNCATED', 'BAD_MAGIC', 'OUT_OF_BOUNDS', 'LOOP', 'LIMIT', 'UNSUPPORTED', 'IO'].includes(e.code)) v.push(`bad code ${e.code}`);
    }
  }
  // The structure view: walk everything; only BinspectError may escape.
  try {
    const elf = new ElfFile(src);
    const touch = [
      () => elf.programHeaders, () => elf.sectionHeaders, () => elf.interpreter, () => elf.needed, () => elf.verneed,
      () => elf.verdef, () => elf.versym, () => elf.gnuProperties, () => elf.buildId, () => elf.goBuildId,
      () => elf.sectionHeaders.slice(0, 64).map((s) => elf.sectionName(s)),
      () => {
        const n = Math.min(elf.dynamicSymbolCount ?? 0, 4096);
        for (let i = 0; i < n; i++) elf.symbolName(elf.dynamicSymbol(i));
      },
    ];
    for (const t of touch) {
      try {
        t();
      } catch (e) {
        if (!(e instanceof BinspectError)) throw e;
      }
    }
  } catch (e) {
    if (!(e instanceof BinspectError)) v.push(`ElfFile threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return { violations: v, steps: src.steps };
}
