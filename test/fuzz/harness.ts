import { BinspectError } from '../../src/errors.js';
import type { ByteSource } from '../../src/bytes/source.js';
import { ElfFile } from '../../src/elf/file.js';
import { FatFile, MachOFile } from '../../src/macho/file.js';
import { PeFile } from '../../src/pe/file.js';
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

/**
 * Runs the report and every structure view (ElfFile, PeFile, MachOFile, FatFile and each of its
 * slices) over `bytes` and checks the invariants of issue #6, for all formats.
 */
export function checkInput(bytes: Uint8Array): Outcome {
  const v: string[] = [];
  const src = countingSource(bytes);
  let r: Report | null = null;
  try {
    r = buildReport(src, null);
  } catch (e) {
    v.push(`inspect threw ${describeError(e)}`);
  }
  if (r) {
    try {
      JSON.parse(JSON.stringify(r));
      const bad = unfaithfulJson(r);
      if (bad) v.push(`report does not survive JSON: ${bad}`);
    } catch (e) {
      v.push(`report is not JSON-serializable: ${String(e)}`);
    }
    checkReport(r, v, '');
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
  }
  // A fat slice reads exactly as the same bytes cut out as a thin file (Mach-O offsets in a slice
  // are slice-relative, and a slice's reads must stay inside it).
  let extraSteps = 0;
  if (r?.format === 'macho-fat' && Array.isArray(r.slices)) {
    for (const [i, s] of r.slices.entries()) {
      const at = s.sliceOffset;
      if (s.error || typeof at !== 'number') continue;
      const thinSrc = countingSource(bytes.subarray(at, at + s.size));
      let thin: Report;
      try {
        thin = buildReport(thinSrc, null);
      } catch (e) {
        v.push(`inspect of slice ${i} cut out threw ${describeError(e)}`);
        continue;
      } finally {
        extraSteps += thinSrc.steps;
      }
      const a = JSON.stringify(comparable(s));
      const b = JSON.stringify(comparable(thin));
      if (a !== b) v.push(`slice ${i} differs from the same bytes read as a thin file: ${firstDifference(a, b)}`);
    }
  }
  // The structure views: each parser that accepts the bytes is walked end to end; only BinspectError
  // (its own refusal, or a getter's) may escape.
  walk(v, 'ElfFile', () => new ElfFile(src), (elf) => [
    () => elf.programHeaders, () => elf.sectionHeaders, () => elf.interpreter, () => elf.needed, () => elf.verneed,
    () => elf.verdef, () => elf.versym, () => elf.gnuProperties, () => elf.buildId, () => elf.goBuildId,
    () => elf.sectionHeaders.slice(0, 64).map((s) => elf.sectionName(s)),
    () => {
      const n = Math.min(elf.dynamicSymbolCount ?? 0, 4096);
      for (let i = 0; i < n; i++) elf.symbolName(elf.dynamicSymbol(i));
    },
  ]);
  walk(v, 'PeFile', () => new PeFile(src), (pe) => [
    () => pe.sections, () => pe.sections.slice(0, 64).map((s) => pe.sectionName(s)), () => pe.stringTableOffset,
    () => pe.importDescriptors, () => pe.imports, () => pe.delayLoadDescriptors, () => pe.delayImports,
    () => pe.exportDirectory, () => pe.exports, () => pe.debugDirectory, () => pe.codeView, () => pe.exDllCharacteristics,
    () => pe.loadConfig, () => pe.richHeader, () => pe.cor20Header, () => pe.tlsDirectory, () => pe.hasCertificateTable,
    () => pe.certificates, () => pe.hasBaseRelocations, () => pe.pe32plus, () => pe.imageBase, () => pe.isDll,
  ]);
  walk(v, 'MachOFile', () => new MachOFile(src), machoTouches);
  walk(v, 'FatFile', () => new FatFile(src), (fat) => [
    () => fat.archs,
    () => {
      if (r?.format === 'macho-fat' && !r.error && Array.isArray(r.slices) && r.slices.length !== fat.archs.length) {
        v.push(`macho-fat report has ${r.slices.length} slices for ${fat.archs.length} fat_arch entries`);
      }
    },
    ...fat.archs.map((_, i) => () => {
      // A slice that fails alone throws its BinspectError; one that opens is walked like a thin file.
      const m = fat.slice(i);
      for (const t of machoTouches(m)) touch(v, `FatFile.slice(${i})`, t);
    }),
  ]);
  return { violations: v, steps: src.steps + extraSteps };
}

/** A report without what depends on where its bytes came from (path, size, slice offset, I/O; a slice has no `slices`). */
function comparable(r: Report): Record<string, unknown> {
  const { path: _p, size: _s, sliceOffset: _o, io: _io, slices: _sl, ...rest } = r;
  return rest;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 60), i + 60)} vs …${b.slice(Math.max(0, i - 60), i + 60)}`;
}

/** Everything a MachOFile (thin, or one fat slice) can be asked. */
function machoTouches(m: MachOFile): Array<() => unknown> {
  return [
    () => m.loadCommands, () => m.segments, () => m.dylibs, () => m.idDylib, () => m.dylinker, () => m.rpaths,
    () => m.uuid, () => m.main, () => m.buildVersions, () => m.versionMins, () => m.platformVersion,
    () => m.encryptionInfo, () => m.codeSignatureCommand, () => m.codeSignature, () => m.symtab, () => m.dysymtab,
    () => m.undefinedSymbols, () => m.chainedImports, () => m.machine, () => m.type, () => m.isArm64e,
    () => m.ptrauthAbiVersion,
  ];
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Runs one getter; anything but a BinspectError is a violation. */
function touch(v: string[], who: string, t: () => unknown): void {
  try {
    t();
  } catch (e) {
    if (!(e instanceof BinspectError)) v.push(`${who} threw ${describeError(e)} (${t.toString().slice(0, 60)})`);
  }
}

/** Opens a structure view (its constructor may refuse the bytes with a BinspectError) and runs every getter. */
function walk<F>(v: string[], who: string, open: () => F, touches: (f: F) => Array<() => unknown>): void {
  let f: F;
  try {
    f = open();
  } catch (e) {
    if (!(e instanceof BinspectError)) v.push(`${who} constructor threw ${describeError(e)}`);
    return;
  }
  for (const t of touches(f)) touch(v, who, t);
}

/**
 * The first value under `x` that JSON cannot carry faithfully (a bigint, function, symbol,
 * undefined in an array, NaN or an infinity, a non-plain object), as a path, or null.
 */
export function unfaithfulJson(x: unknown, path = '$', depth = 0): string | null {
  if (depth > 64) return `${path}: nested deeper than 64`;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return null;
  if (typeof x === 'number') return Number.isFinite(x) ? null : `${path}: ${x}`;
  if (typeof x !== 'object') return `${path}: ${typeof x}`;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (x[i] === undefined) return `${path}[${i}]: undefined`;
      const bad = unfaithfulJson(x[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return `${path}: ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'object'}`;
  for (const [k, val] of Object.entries(x)) {
    if (val === undefined) continue; // JSON drops it, as the contract allows for absent fields
    const bad = unfaithfulJson(val, `${path}.${k}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/** Invariants that hold for a report of any format (a fat slice's report too). */
function checkReport(r: Report, v: string[], where: string): void {
  for (const e of r.fieldErrors) {
    if (!['TRUNCATED', 'BAD_MAGIC', 'OUT_OF_BOUNDS', 'LOOP', 'LIMIT', 'UNSUPPORTED', 'IO'].includes(e.code)) v.push(`${where}bad code ${e.code}`);
  }
  if (r.error && !['TRUNCATED', 'BAD_MAGIC', 'OUT_OF_BOUNDS', 'LOOP', 'LIMIT', 'UNSUPPORTED', 'IO'].includes(r.error.code)) {
    v.push(`${where}bad error code ${r.error.code}`);
  }
  if (r.format === 'pe' || r.format === 'coff') {
    for (const k of ['needed', 'delayNeeded'] as const) {
      const n = r[k];
      if (n !== undefined && n !== null && !(Array.isArray(n) && n.every((x) => typeof x === 'string'))) {
        v.push(`${where}PE ${k} is neither null nor an array of strings: ${JSON.stringify(n)?.slice(0, 80)}`);
      }
    }
  }
  if (r.format === 'macho-fat' && !r.error) {
    if (!Array.isArray(r.slices)) v.push(`${where}macho-fat report without slices`);
    else {
      r.slices.forEach((s, i) => {
        if (s.format !== 'macho' && !s.error) v.push(`${where}slice ${i} has format ${s.format} and no error`);
        checkReport(s, v, `${where}slices[${i}]: `);
      });
    }
  }
}
