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

/** Cross-format protections (docs/report.md `features`); null = not applicable or unreadable. */
export interface Features {
  [name: string]: boolean | string | string[] | null;
}

/**
 * The per-file report: the JSON contract shared by the library, CLI, scan and gate
 * (docs/report.md). Every field is present unless the caller's `select` left it out;
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
  /** ELF: imported dynamic symbol names; only when selected ({@link OPTIONAL_FIELDS}). */
  undefinedSymbols?: string[] | null;
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
/**
 * Fields computed only when a caller selects them, never in a default report (they read whole
 * tables): `undefinedSymbols` (ELF dynamic imports, for the gate's symbol blacklists).
 */
export const OPTIONAL_FIELDS = ['undefinedSymbols'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number];
const SELECTABLE: readonly string[] = [...REPORT_FIELDS, ...OPTIONAL_FIELDS];

/** Format extras and the field they travel with when a caller selects fields. */
const EXTRAS: Record<string, ReportField> = {
  cpuSubtype: 'machineCode', subsystem: 'type', delayNeeded: 'needed', pdbAge: 'pdbGuid', pdbPath: 'pdbGuid', osVersion: 'minOs',
};

/** Options of `inspect*()`. */
export interface InspectOptions {
  /** Fields to compute (default: all). Fields not selected are absent from the report. */
  select?: readonly ReportField[];
  /** Raise or lower the parsers' limits (docs/errors.md). */
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

/** One step of a plan: a report key and how to compute it for the format (null: does not apply). */
type Step<F> = readonly [key: string, get: ((f: F, errors: FieldError[]) => unknown) | null];

/**
 * A selection compiled once (the scan asks every file the same question): the selected fields in
 * contract order and, per format, the getter of each, so a report is built in one pass, always
 * with its keys in the same order.
 */
class Selection {
  readonly fields: readonly ReportField[];
  private readonly plans = new Map<object, ReadonlyArray<Step<never>>>();

  constructor(readonly set: ReadonlySet<ReportField>) {
    this.fields = (SELECTABLE as readonly ReportField[]).filter((f) => set.has(f));
  }

  /** The steps for one format: selected fields in contract order, then its extras (`subsystem`, `cpuSubtype`, ...). */
  plan<F>(driver: Driver<F>): ReadonlyArray<Step<F>> {
    let p = this.plans.get(driver) as ReadonlyArray<Step<F>> | undefined;
    if (!p) {
      const steps: Array<Step<F>> = this.fields.map((f): Step<F> => [f, f === 'features' ? featuresOf(driver) : driver.fields[f] ?? null]);
      for (const k of Object.keys(driver.fields)) {
        const base = EXTRAS[k];
        if (base !== undefined && this.set.has(base)) steps.push([k, driver.fields[k]!]);
      }
      p = steps;
      this.plans.set(driver, p as ReadonlyArray<Step<never>>);
    }
    return p;
  }
}

/** The `features` getter of a format: every feature in report order; one that throws is null + a fieldErrors entry. */
function featuresOf<F>(driver: Driver<F>): (f: F, errors: FieldError[]) => Features {
  return (file, errors) => {
    const features: Features = {};
    for (const [name, get] of driver.features) {
      try {
        features[name] = get(file) as Features[string];
      } catch (e) {
        features[name] = null;
        errors.push(fieldError(`features.${name}`, e));
      }
    }
    return features;
  };
}

/**
 * A report in contract order (core fields, selected fields, extras, fieldErrors): each field from
 * the plan's getter for `file`, a getter's BinspectError becoming null + a fieldErrors entry; every
 * field null when `file` is null (the file could not be parsed; `error` says why).
 */
function assemble<F>(
  core: Pick<Report, 'path' | 'size' | 'format' | 'error'>, sel: Selection, driver: Driver<F> | null, file: F | null,
  errors: FieldError[] = [],
): Report {
  const r: Record<string, unknown> = { schema: SCHEMA, path: core.path, size: core.size, format: core.format, error: core.error };
  if (driver === null || file === null) {
    for (const f of sel.fields) r[f] = null;
  } else {
    for (const [key, get] of sel.plan(driver)) {
      if (get === null) {
        r[key] = null;
        continue;
      }
      try {
        const v = get(file, errors);
        r[key] = v === undefined ? null : v;
      } catch (e) {
        r[key] = null;
        errors.push(fieldError(key, e));
      }
    }
  }
  r.fieldErrors = errors;
  return r as Report;
}

/** Compiled selections by the caller's `select` array (the scan passes the same array for every file). */
const selections = new WeakMap<readonly ReportField[], { list: readonly ReportField[]; sel: Selection }>();
let everything: Selection | null = null;

function selection(opts: InspectOptions): Selection {
  const list = opts.select;
  if (list === undefined) return (everything ??= new Selection(new Set(REPORT_FIELDS)));
  const known = selections.get(list);
  // The same array, unchanged since (a caller may have edited it in place): compiled already.
  if (known && known.list.length === list.length && known.list.every((f, i) => f === list[i])) return known.sel;
  for (const f of list) if (!SELECTABLE.includes(f)) throw new TypeError(`unknown report field ${String(f)}`);
  const sel = new Selection(new Set(list));
  selections.set(list, { list: [...list], sel });
  return sel;
}

/**
 * The report of a file that could not be opened or read at all (`error` set, every selected field
 * null): the same shape as any other report, as docs/report.md requires.
 */
export function failedReport(path: string | null, size: number, e: BinspectError, opts: InspectOptions = {}): Report {
  return assemble({ path, size, format: null, error: { code: e.code, message: e.message, offset: e.offset } }, selection(opts), null, null);
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
  const sel = selection(opts);
  const core: Pick<Report, 'path' | 'size' | 'format' | 'error'> = { path, size: src.size, format: null, error: null };
  try {
    const format = detectFormat(src);
    core.format = format;
    switch (format) {
      case null:
        throw new BinspectError('BAD_MAGIC', 'bytes', 'magic', 0, 'not an ELF, PE, COFF or Mach-O file');
      case 'elf':
        return assemble(core, sel, ELF, new ElfFile(src, opts.limits));
      case 'pe':
      case 'coff':
        return assemble(core, sel, PE, new PeFile(src, opts.limits));
      case 'macho':
        return assemble(core, sel, MACHO, new MachOFile(src, 0, opts.limits));
      case 'macho-fat': {
        const fat = new FatFile(src, opts.limits);
        const report = assemble(core, sel, null, null);
        if (sel.set.has('slices')) {
          const sliceSel = selection({ select: sel.fields.filter((f) => f !== 'slices') });
          report.slices = fatSlices(fat).map((s) => {
            // A broken slice still carries every field, null.
            const slice = assemble({ path, size: s.arch.size, format: 'macho', error: s.error && { code: s.error.code, message: s.error.message, offset: s.error.offset } },
              sliceSel, MACHO, s.file);
            const { fieldErrors, ...fields } = slice;
            return { ...fields, sliceOffset: s.arch.offset, fieldErrors };
          });
        }
        return report;
      }
    }
  } catch (e) {
    const fe = fieldError('', e);
    core.error = { code: fe.code, message: fe.message, offset: fe.offset };
    return assemble(core, sel, null, null);
  }
}
