import { BinspectError, type ErrorCode } from '../errors.js';
import type { ByteSource, IoStats } from '../bytes/source.js';
import { ElfFile } from '../elf/file.js';
import type { ElfLimits } from '../elf/limits.js';
import { FatFile, MachOFile } from '../macho/file.js';
import type { MachOLimits } from '../macho/limits.js';
import { PeFile } from '../pe/file.js';
import type { PeLimits } from '../pe/limits.js';
import { ELF_FEATURES, ELF_FIELDS } from '../query/elf.js';
import type { FloorSymbol, SymbolVersion, VersionRequirement } from '../query/glibc.js';
import type { Libc } from '../query/libc.js';
import type { Linkage } from '../query/linkage.js';
import { MACHO_FEATURES, MACHO_FIELDS, fatSlices } from '../query/macho.js';
import { PE_FEATURES, PE_FIELDS } from '../query/pe.js';
import { detectFormat } from './format.js';

/** Contract version of {@link Report}. */
export const SCHEMA = 1 as const;

/** A partial failure: `field` could not be computed; it is null in the report. */
export interface FieldError {
  field: string;
  code: ErrorCode;
  message: string;
  /** File offset in bytes, or null. */
  offset: number | null;
}

/** Cross-format protections (DESIGN.md §3 `features`); null = not applicable or unreadable. */
export interface Features {
  [name: string]: boolean | string | string[] | null;
}

/**
 * The per-file report: the JSON contract shared by the library, CLI, scan and gate
 * (docs/report.md, DESIGN.md §3). Every field is present unless the caller's `select` left it out;
 * format-specific extras (`delayNeeded`, `pdbAge`, `cpuSubtype`, ...) appear only for their format.
 */
export interface Report {
  schema: typeof SCHEMA;
  path: string | null;
  /** File size in bytes. */
  size: number;
  format: 'elf' | 'pe' | 'coff' | 'macho' | 'macho-fat' | null;
  error: { code: ErrorCode; message: string; offset: number | null } | null;
  class?: 32 | 64 | null;
  endian?: 'little' | 'big' | null;
  machine?: string | null;
  machineCode?: number | null;
  type?: string | null;
  linkage?: Linkage | null;
  interpreter?: string | null;
  needed?: string[] | null;
  soname?: string | null;
  rpath?: string[] | null;
  runpath?: string[] | null;
  libc?: Libc | null;
  versionRequirements?: VersionRequirement[] | null;
  glibcMax?: string | null;
  glibcFloor?: string | null;
  glibcFloorSymbols?: FloorSymbol[] | null;
  maxVersions?: Record<string, string> | null;
  symbolVersions?: SymbolVersion[] | null;
  features?: Features | null;
  buildId?: string | null;
  uuid?: string | null;
  pdbGuid?: string | null;
  minOs?: { platform: string; version: string } | null;
  sdk?: { platform: string; version: string } | null;
  slices?: Report[] | null;
  fieldErrors: FieldError[];
  io?: IoStats;
  [extra: string]: unknown;
}

/** Every selectable field, in report order. */
export const REPORT_FIELDS = [
  'class', 'endian', 'machine', 'machineCode', 'type', 'linkage', 'interpreter', 'needed', 'soname', 'rpath', 'runpath',
  'libc', 'versionRequirements', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'maxVersions', 'symbolVersions',
  'features', 'buildId', 'uuid', 'pdbGuid', 'minOs', 'sdk', 'slices',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/** Format extras and the field they travel with when a caller selects fields. */
const EXTRAS: Record<string, ReportField> = {
  cpuSubtype: 'machineCode', subsystem: 'type', delayNeeded: 'needed', pdbAge: 'pdbGuid', pdbPath: 'pdbGuid', osVersion: 'minOs',
};

/** Options of `inspect*()`. */
export interface InspectOptions {
  /** Fields to compute (default: all). Fields not selected are absent from the report. */
  select?: readonly ReportField[];
  /** Raise or lower the parsers' limits (DESIGN.md §4; docs/errors.md). */
  limits?: Partial<ElfLimits & PeLimits & MachOLimits>;
  /** Cap on bytes read from one file by `inspectFile*` and the scan (default 64 MiB; `LIMIT` past it). */
  maxBytes?: number;
}

/** A format's contribution: a getter per report field it has (others are null) and per feature. */
interface Driver<F> {
  fields: Record<string, (f: F) => unknown>;
  features: ReadonlyArray<readonly [string, (f: F) => unknown]>;
}
const ELF: Driver<ElfFile> = { fields: ELF_FIELDS, features: ELF_FEATURES };
const PE: Driver<PeFile> = { fields: PE_FIELDS, features: PE_FEATURES };
const MACHO: Driver<MachOFile> = { fields: MACHO_FIELDS, features: MACHO_FEATURES };

function fieldError(field: string, e: unknown): FieldError {
  if (!(e instanceof BinspectError)) throw e;
  return { field, code: e.code, message: e.message, offset: e.offset };
}

/**
 * Fills `report` from one parsed image, field by field; a getter's BinspectError becomes null +
 * fieldErrors. A field the driver has no getter for does not apply to the format: null.
 */
function fill<F>(report: Report, file: F, driver: Driver<F>, select: ReadonlySet<ReportField>): void {
  const r = report as Record<string, unknown>;
  for (const field of REPORT_FIELDS) if (select.has(field) && !(field in driver.fields)) r[field] = null;
  for (const field of Object.keys(driver.fields)) {
    const base = (EXTRAS[field] ?? field) as ReportField;
    if (!select.has(base) || field === 'features') continue;
    try {
      r[field] = driver.fields[field]!(file);
    } catch (e) {
      r[field] = null;
      report.fieldErrors.push(fieldError(field, e));
    }
  }
  if (select.has('features')) {
    const features: Features = {};
    for (const [name, get] of driver.features) {
      try {
        features[name] = get(file) as Features[string];
      } catch (e) {
        features[name] = null;
        report.fieldErrors.push(fieldError(`features.${name}`, e));
      }
    }
    report.features = features;
  }
}

/** Puts a report's fields in contract order: core fields, selected fields, extras, fieldErrors, io. */
function ordered(report: Report, select: ReadonlySet<ReportField>): Report {
  const r = report as Record<string, unknown>;
  const out: Record<string, unknown> = { schema: r.schema, path: r.path, size: r.size, format: r.format, error: r.error };
  for (const f of REPORT_FIELDS) if (select.has(f)) out[f] = r[f] === undefined ? null : r[f];
  for (const [k, v] of Object.entries(r)) if (!(k in out) && k !== 'fieldErrors' && k !== 'io') out[k] = v;
  out.fieldErrors = r.fieldErrors;
  if (r.io !== undefined) out.io = r.io;
  return out as Report;
}

function selection(opts: InspectOptions): Set<ReportField> {
  const select = new Set<ReportField>(opts.select ?? REPORT_FIELDS);
  for (const f of select) if (!(REPORT_FIELDS as readonly string[]).includes(f)) throw new TypeError(`unknown report field ${String(f)}`);
  return select;
}

/**
 * The report of a file that could not be opened or read at all (`error` set, every selected field
 * null): the same shape as any other report, as DESIGN.md §3 requires.
 */
export function failedReport(path: string | null, size: number, e: BinspectError, opts: InspectOptions = {}): Report {
  const report: Report = {
    schema: SCHEMA, path, size, format: null, error: { code: e.code, message: e.message, offset: e.offset }, fieldErrors: [],
  };
  return ordered(report, selection(opts));
}

/** True when anything in the report could not be read: `error`, `fieldErrors`, or a fat slice's. */
export function hasErrors(r: Report): boolean {
  return r.error !== null || r.fieldErrors.length > 0 || (r.slices ?? []).some(hasErrors);
}

/**
 * Builds the report for the bytes of `src`. Never throws for bad input: an unrecognized or
 * unparseable file gets `error`; a broken structure gets null fields listed in `fieldErrors`; a
 * fat Mach-O gets one report per slice in `slices`, and one bad slice does not sink the others.
 * Throws `TypeError` for bad arguments; any other exception is a bug.
 */
export function buildReport(src: ByteSource, path: string | null, opts: InspectOptions = {}): Report {
  const select = selection(opts);
  const report: Report = { schema: SCHEMA, path, size: src.size, format: null, error: null, fieldErrors: [] };
  try {
    const format = detectFormat(src);
    report.format = format;
    switch (format) {
      case null:
        throw new BinspectError('BAD_MAGIC', 'bytes', 'magic', 0, 'not an ELF, PE, COFF or Mach-O file');
      case 'elf':
        fill(report, new ElfFile(src, opts.limits), ELF, select);
        break;
      case 'pe':
      case 'coff':
        fill(report, new PeFile(src, opts.limits), PE, select);
        break;
      case 'macho':
        fill(report, new MachOFile(src, 0, opts.limits), MACHO, select);
        break;
      case 'macho-fat': {
        const fat = new FatFile(src, opts.limits);
        if (select.has('slices')) {
          report.slices = fatSlices(fat).map((s) => {
            const slice: Report = { schema: SCHEMA, path, size: s.arch.size, format: 'macho', error: null, fieldErrors: [] };
            slice.sliceOffset = s.arch.offset;
            const sliceSelect = new Set([...select].filter((f) => f !== 'slices'));
            if (s.error) slice.error = { code: s.error.code, message: s.error.message, offset: s.error.offset };
            else fill(slice, s.file, MACHO, sliceSelect);
            return ordered(slice, sliceSelect); // a broken slice still carries every field, null
          });
        }
        break;
      }
    }
  } catch (e) {
    const fe = fieldError('', e);
    report.error = { code: fe.code, message: fe.message, offset: fe.offset };
    return ordered(report, select);
  }
  return ordered(report, select);
}
