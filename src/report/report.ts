import { BinspectError, type ErrorCode } from '../errors.js';
import type { ByteSource, IoStats } from '../bytes/source.js';
import { ElfFile } from '../elf/file.js';
import { hasElfMagic } from '../elf/header.js';
import type { ElfLimits } from '../elf/limits.js';
import { ELF_FEATURES } from '../query/features.js';
import {
  type FloorSymbol, type SymbolVersion, type VersionRequirement, glibcFloor, glibcFloorSymbols, glibcMax, maxVersions,
  symbolVersions, versionRequirements,
} from '../query/glibc.js';
import { type Libc, elfLibc } from '../query/libc.js';
import { type Linkage, elfLinkage } from '../query/linkage.js';
import { elfMachine, elfType } from '../query/machine.js';
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
 * (docs/report.md, DESIGN.md §3). Every field is present unless the caller's `select` left it out.
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
  features?: Features;
  buildId?: string | null;
  uuid?: string | null;
  pdbGuid?: string | null;
  minOs?: { platform: string; version: string } | null;
  sdk?: { platform: string; version: string } | null;
  slices?: Report[] | null;
  fieldErrors: FieldError[];
  io?: IoStats;
}

/** Every selectable field, in report order. */
export const REPORT_FIELDS = [
  'class', 'endian', 'machine', 'machineCode', 'type', 'linkage', 'interpreter', 'needed', 'soname', 'rpath', 'runpath',
  'libc', 'versionRequirements', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'maxVersions', 'symbolVersions',
  'features', 'buildId', 'uuid', 'pdbGuid', 'minOs', 'sdk', 'slices',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/** Options of `inspect*()`. */
export interface InspectOptions {
  /** Fields to compute (default: all). Fields not selected are absent from the report. */
  select?: readonly ReportField[];
  /** Raise or lower the ELF parser's limits. */
  limits?: Partial<ElfLimits>;
}

type ElfGetter = (elf: ElfFile) => unknown;

/** How each field is computed for ELF. */
const ELF_FIELDS: Record<ReportField, ElfGetter> = {
  class: (e) => e.header.class,
  endian: (e) => (e.header.littleEndian ? 'little' : 'big'),
  machine: elfMachine,
  machineCode: (e) => e.header.e_machine,
  type: (e) => {
    e.checkExtent();
    return elfType(e);
  },
  linkage: elfLinkage,
  interpreter: (e) => {
    e.checkExtent();
    return e.interpreter;
  },
  needed: (e) => (isObjectOrCore(e) ? null : (e.checkExtent(), e.needed)),
  soname: (e) => (e.checkExtent(), e.soname),
  rpath: (e) => (e.checkExtent(), e.rpath),
  runpath: (e) => (e.checkExtent(), e.runpath),
  libc: elfLibc,
  versionRequirements,
  glibcMax,
  glibcFloor,
  glibcFloorSymbols,
  maxVersions,
  symbolVersions: (e) => symbolVersions(e),
  features: () => {
    throw new Error('features are computed per feature');
  },
  buildId: (e) => (e.checkExtent(), e.buildId),
  uuid: () => null,
  pdbGuid: () => null,
  minOs: () => null,
  sdk: () => null,
  slices: () => null,
};

function isObjectOrCore(e: ElfFile): boolean {
  return e.header.e_type === 1 || e.header.e_type === 4;
}

function fieldError(field: string, e: unknown): FieldError {
  if (!(e instanceof BinspectError)) throw e;
  return { field, code: e.code, message: e.message, offset: e.offset };
}

/**
 * Builds the report for the bytes of `src`. Never throws for bad input: an unrecognized or
 * unparseable file gets `error`; a broken structure gets null fields listed in `fieldErrors`.
 * Throws `TypeError` for bad arguments; any other exception is a bug.
 */
export function buildReport(src: ByteSource, path: string | null, opts: InspectOptions = {}): Report {
  const select = new Set<ReportField>(opts.select ?? REPORT_FIELDS);
  for (const f of select) if (!(REPORT_FIELDS as readonly string[]).includes(f)) throw new TypeError(`unknown report field ${f}`);
  const report: Report = { schema: SCHEMA, path, size: src.size, format: null, error: null, fieldErrors: [] };
  let elf: ElfFile;
  try {
    const format = detectFormat(src);
    report.format = format;
    if (format === null) {
      throw new BinspectError('BAD_MAGIC', 'bytes', 'magic', 0, 'not an ELF, PE or Mach-O file');
    }
    if (format !== 'elf') {
      throw new BinspectError('UNSUPPORTED', format, 'header', 0, `${format} files are recognized but not parsed yet`);
    }
    elf = new ElfFile(src, opts.limits);
  } catch (e) {
    const fe = fieldError('', e);
    report.error = { code: fe.code, message: fe.message, offset: fe.offset };
    return finish(report, select);
  }
  for (const field of REPORT_FIELDS) {
    if (!select.has(field)) continue;
    if (field === 'features') {
      const features: Features = {};
      for (const [name, get] of ELF_FEATURES) {
        try {
          features[name] = get(elf);
        } catch (e) {
          features[name] = null;
          report.fieldErrors.push(fieldError(`features.${name}`, e));
        }
      }
      report.features = features;
      continue;
    }
    try {
      (report as unknown as Record<string, unknown>)[field] = ELF_FIELDS[field](elf);
    } catch (e) {
      (report as unknown as Record<string, unknown>)[field] = null;
      report.fieldErrors.push(fieldError(field, e));
    }
  }
  return finish(report, select);
}

/** Fills the selected fields of a report whose file could not be parsed with null, in order. */
function finish(report: Report, select: ReadonlySet<ReportField>): Report {
  const out: Record<string, unknown> = { schema: report.schema, path: report.path, size: report.size, format: report.format, error: report.error };
  for (const f of REPORT_FIELDS) {
    if (!select.has(f)) continue;
    const v = (report as unknown as Record<string, unknown>)[f];
    out[f] = v === undefined ? (f === 'features' ? null : null) : v;
  }
  out.fieldErrors = report.fieldErrors;
  return out as unknown as Report;
}

export { hasElfMagic };
