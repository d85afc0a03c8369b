import { BinspectError, type ErrorCode } from '../errors.js';
import type { ByteSource, IoStats } from '../bytes/source.js';
import { ElfFile } from '../elf/file.js';
import { DEFAULT_ELF_LIMITS, type ElfLimits } from '../elf/limits.js';
import { limitStrings } from '../bytes/strings.js';
import { checkLimit, mergeLimits } from '../util/limits.js';
import type { FatFile, MachOFile } from '../macho/file.js';
import { DEFAULT_MACHO_LIMITS, type MachOLimits } from '../macho/limits.js';
import type { PeFile } from '../pe/file.js';
import { DEFAULT_PE_LIMITS, type PeLimits } from '../pe/limits.js';
import { ELF_FIELDS } from '../query/elf.js';
import { type FeatureFormat, type Features, featureGetters } from '../query/features.js';
import {
  type DefaultField, EXTRAS, type ExtraField, type FieldGetters, OPTIONAL_FIELDS, REPORT_FIELDS, type ReportField, SELECTABLE,
} from '../query/fields.js';
import type { FloorSymbol, SymbolVersion, VersionRequirement } from '../query/glibc.js';
import type { Libc } from '../query/libc.js';
import type { Linkage } from '../query/linkage.js';
import type { fatSlices } from '../query/macho.js';
import { detectFormat } from './format.js';
import type { ArchiveAnomaly, ArchiveInspectOptions, archiveReport, containerOf, unsupportedError } from '../archive/report.js';
import type { GoBuildInfo } from '../provenance/go.js';
import type { PackageMetadata } from '../provenance/package.js';
import type { RustDependencies } from '../provenance/rust.js';
import type { Evidence } from '../query/evidence.js';
import type { DebugLink } from '../query/hardening.js';
import type { Compiler, NoteInfo } from '../query/provenance.js';
import type { Anomaly, ContainerFormat, Origin } from '../container/member.js';

export { REPORT_FIELDS, OPTIONAL_FIELDS, type ReportField, type DefaultField, type ExtraField, type Features };

/** Contract version of {@link Report}. */
export const SCHEMA = 1 as const;

/** A partial failure: `field` could not be computed; it is null in the report. */
export interface FieldError {
  /** The field (`glibcFloor`), or `features.KEY` for one feature. */
  field: string;
  code: ErrorCode;
  message: string;
  /** File offset in bytes, or null. */
  offset: number | null;
}

/** Why a whole file could not be parsed. */
export interface ReportError {
  code: ErrorCode;
  message: string;
  /** File offset in bytes, or null. */
  offset: number | null;
}

/** `minOs`, `sdk`, `osVersion`: a platform and its `x.y[.z]` version (docs/vocabulary.md). */
export interface PlatformVersion {
  platform: string;
  version: string;
}

/** The container format (`coff`: a bare COFF object); an archive's report has its archive format (docs/archives.md). */
export type Format = 'elf' | 'pe' | 'coff' | 'macho' | 'macho-fat' | ContainerFormat;

/** The fields every report has, whatever was selected. */
export interface ReportBase {
  schema: typeof SCHEMA;
  /** As given; null for bytes in memory. Invalid UTF-8 shows as U+FFFD (then `pathBase64` has the bytes). */
  path: string | null;
  /** The path's exact bytes, base64, when they are not valid UTF-8. */
  pathBase64?: string;
  /** File size in bytes. */
  size: number;
  /** null when no format is recognized (then `error` says why). */
  format: Format | null;
  error: ReportError | null;
  fieldErrors: FieldError[];
  /** What reading the file cost; present when the report came from a file. */
  io?: IoStats;
  /** A member of an archive: where it came from (docs/archives.md). */
  origin?: Origin;
  /** Oddities that did not stop the answer; for an archive's report, those of entries without a report of their own. */
  anomalies?: Array<Anomaly | ArchiveAnomaly>;
  /** An archive's report: the reports of the binaries inside it (nested archives included). */
  members?: AnyReport[];
  /** An archive's report: how many members were no binary. */
  notBinaries?: number;
  /** An archive's report: the text of its package metadata (`*.dist-info/WHEEL`, `package/package.json`) by entry name. */
  manifests?: Record<string, string>;
}

/** The value of each selectable field (docs/report.md); null = does not apply, or could not be read (see `fieldErrors`). */
export interface ReportFields {
  class: 32 | 64 | null;
  endian: 'little' | 'big' | null;
  machine: string | null;
  machineCode: number | null;
  type: string | null;
  linkage: Linkage | null;
  interpreter: string | null;
  needed: string[] | null;
  soname: string | null;
  rpath: string[] | null;
  runpath: string[] | null;
  libc: Libc | null;
  versionRequirements: VersionRequirement[] | null;
  glibcMax: string | null;
  glibcFloor: string | null;
  glibcFloorSymbols: FloorSymbol[] | null;
  maxVersions: Record<string, string> | null;
  symbolVersions: SymbolVersion[] | null;
  features: Features | null;
  buildId: string | null;
  uuid: string | null;
  pdbGuid: string | null;
  minOs: PlatformVersion | null;
  sdk: PlatformVersion | null;
  /** Go build info (`.go.buildinfo`); null for a file that is not Go. */
  go: GoBuildInfo | null;
  /** cargo-auditable's dependency list (`.dep-v0`); null without one. */
  rust: RustDependencies | null;
  /** The tools that made the file: ELF `.comment`, PE Rich header, Mach-O LC_BUILD_VERSION tools; [] when none. */
  compilers: Compiler[] | null;
  /** ELF `.note.package` packaging metadata; null without it (and for other formats). */
  package: PackageMetadata | null;
  /** ELF notes by owner and type, named where known; null for other formats. */
  notes: NoteInfo[] | null;
  /** The packer whose headers the file carries; null when none is recognized. */
  packer: 'upx' | null;
  /** ELF: where the hardening facts come from, and why an unknown one is unknown; null for other formats. */
  evidence: Evidence | null;
  /** ELF: no `.symtab`; null for other formats. */
  stripped: boolean | null;
  /** ELF: a `.debug_info` (or `.zdebug_info`) section with bytes; null for other formats. */
  debugInfo: boolean | null;
  /** ELF: where a separate debug file is found; null when the file names none, and for other formats. */
  debugLink: DebugLink | null;
  /** Fat Mach-O members, each with the selected fields and `sliceOffset`. */
  slices: SliceReport[] | null;
  /** ELF: imported dynamic symbol names; only when selected ({@link OPTIONAL_FIELDS}). */
  undefinedSymbols: string[] | null;
  /** Loader-relevant oddities that did not stop an answer (docs/loader.md); [] when none. */
  anomalies: Anomaly[] | null;
}

/** Format extras (present only in reports of their format, with the field they travel with). */
export interface ExtraFields {
  /** Mach-O cpusubtype (raw). */
  cpuSubtype: number | null;
  /** PE Subsystem by its spec name (`IMAGE_SUBSYSTEM_WINDOWS_CUI`). */
  subsystem: string | null;
  /** PE delay-load DLLs in descriptor order. */
  delayNeeded: string[] | null;
  /** CodeView RSDS age and PDB path. */
  pdbAge: number | null;
  pdbPath: string | null;
  /** PE MajorOperatingSystemVersion.MinorOperatingSystemVersion. */
  osVersion: PlatformVersion | null;
  /** ELF: a separate debug file (DWARF, and every executable allocated section `SHT_NOBITS`). */
  debugOnly: boolean | null;
}

/** The extras that travel with the fields `S`. */
type ExtrasOf<S extends ReportField> = { [E in ExtraField as (typeof EXTRAS)[E] extends S ? E : never]?: ExtraFields[E] };

/**
 * The per-file report: the JSON contract shared by the library, CLI, scan and gate
 * (docs/report.md). `Report` has every field; `Report<S>` only the fields `S` a caller selected
 * (plus the base fields and the extras of `S`), so reading a field that was not selected, or that
 * does not exist, does not type-check.
 */
export type Report<S extends ReportField = DefaultField> = ReportBase
  & { [K in Exclude<S, 'slices'>]: ReportFields[K] }
  & ('slices' extends S ? { slices: Array<SliceReport<Exclude<S, 'slices'>>> | null } : unknown)
  & ExtrasOf<S>;

/** A fat Mach-O slice's report: the selected fields but `slices`, and the slice's file offset. */
export type SliceReport<S extends ReportField = Exclude<DefaultField, 'slices'>> = Report<S> & {
  /** File offset of the slice in the fat file (fat_arch.offset). */
  sliceOffset: number;
};

/** A report of any selection (fields not selected are absent): what code taking reports of several selections reads. */
export type AnyReport = ReportBase & Partial<Omit<ReportFields, 'slices'>> & Partial<ExtraFields> & {
  slices?: Array<AnyReport & { sliceOffset: number }> | null;
};

/** Options of `inspect*()`; `S` is the type of `select`, so the report's type has exactly the selected fields. */
export interface InspectOptions<S extends readonly ReportField[] = readonly ReportField[]> {
  /** Fields to compute (default: all). Fields not selected are absent from the report. */
  select?: S;
  /**
   * Raise or lower the parsers' limits and the report's (docs/errors.md). Each value
   * must be a finite number >= 0 and each key a known limit: a TypeError otherwise.
   */
  limits?: Partial<ElfLimits & PeLimits & MachOLimits & ReportLimits>;
  /** Cap on bytes read from one file by `inspectFile*` and the scan (default 64 MiB; `LIMIT` past it). */
  maxBytes?: number;
  /**
   * Archives (zip family, tar, gzip, ar): their limits and inflater (docs/archives.md); `false`
   * reads an archive as a file that is no binary. The Node entry passes zlib as the inflater.
   */
  archives?: ArchiveInspectOptions | false;
}

/**
 * The report type for a `select` of type `S`: exactly the selected fields for a literal list
 * (`['machine', 'glibcFloor'] as const`, or a list written in the call), every field for
 * {@link REPORT_FIELDS} (no `select`), and {@link AnyReport} for a list known only as
 * `ReportField[]`.
 */
export type Selected<S extends readonly ReportField[]> = ReportField[] extends S ? AnyReport : Report<S[number]>;

/** The `select` type when none is given: every field. */
export type AllFields = typeof REPORT_FIELDS;

/** Limits on one report as a whole, whatever its format (beside each parser's own limits). */
export interface ReportLimits {
  /**
   * Bytes of text decoded for one report: every string read (names, paths, symbols), plus 64 bytes
   * per string for the entry that holds it; past it, the fields that need more strings are null
   * with a `LIMIT` field error. Bounds a report's size and the time spent on it whatever a file's
   * tables repeat. Default 32 MiB.
   */
  maxStringBytes: number;
}

export const DEFAULT_REPORT_LIMITS: Readonly<ReportLimits> = Object.freeze({ maxStringBytes: 32 * 1024 * 1024 });

const ALL_LIMITS = Object.freeze({ ...DEFAULT_ELF_LIMITS, ...DEFAULT_PE_LIMITS, ...DEFAULT_MACHO_LIMITS, ...DEFAULT_REPORT_LIMITS });

/**
 * Checks the limits of `opts` (`limits`, `maxBytes`): each a finite number >= 0, each limit known.
 * Throws `TypeError` naming `who` otherwise. Returns the report's string budget in bytes.
 */
export function checkInspectOptions(opts: InspectOptions, who: string): number {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${who}: options must be an object`);
  if (opts.maxBytes !== undefined) checkLimit(opts.maxBytes, `${who}: maxBytes`);
  if (opts.limits === undefined) return DEFAULT_REPORT_LIMITS.maxStringBytes;
  return mergeLimits(ALL_LIMITS, opts.limits, who, true).maxStringBytes;
}

/** A format's contribution: its field getters, and its feature getters in report order (from the feature table). */
interface Driver<F> {
  fields: FieldGetters<F>;
  features: ReadonlyArray<readonly [string, ((f: F) => unknown) | null]>;
}
const driver = <F>(fields: FieldGetters<F>, format: FeatureFormat): Driver<F> =>
  ({ fields, features: featureGetters(format) as Driver<F>['features'] });
const ELF = driver<ElfFile>(ELF_FIELDS, 'elf');

/**
 * The formats a report is built for besides ELF: PE/COFF, Mach-O and archives. This module does not
 * import them, so that a command given only ELF files loads none of their modules (start-up,
 * docs/performance.md); `./report.ts` registers them all, and every entry point that builds reports
 * (the library, the scan's workers, the CLI for anything but ELF files) imports it.
 */
export interface OtherFormats {
  PeFile: typeof PeFile;
  PE_FIELDS: FieldGetters<PeFile>;
  MachOFile: typeof MachOFile;
  FatFile: typeof FatFile;
  MACHO_FIELDS: FieldGetters<MachOFile>;
  fatSlices: typeof fatSlices;
  archiveReport: typeof archiveReport;
  containerOf: typeof containerOf;
  unsupportedError: typeof unsupportedError;
}

let others: (OtherFormats & { PE: Driver<PeFile>; MACHO: Driver<MachOFile> }) | null = null;

/** Makes the formats of {@link OtherFormats} available to {@link buildReport} (done once, by `./report.ts`). */
export function registerFormats(f: OtherFormats): void {
  others ??= { ...f, PE: driver<PeFile>(f.PE_FIELDS, 'pe'), MACHO: driver<MachOFile>(f.MACHO_FIELDS, 'macho') };
}

/**
 * The registered formats. Before they are registered (an entry point that builds reports without
 * importing `./report.ts`, or a file that stopped being ELF between the CLI's look at its first
 * bytes and its reading) the file's report is an `UNSUPPORTED` error, never a crash.
 */
function other(): NonNullable<typeof others> {
  if (others === null) throw new BinspectError('UNSUPPORTED', 'bytes', 'magic', 0, 'PE, Mach-O and archive support is not loaded (import report/report.js)');
  return others;
}

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
      const get = (k: keyof FieldGetters<F>) => driver.fields[k] ?? null;
      const steps: Array<Step<F>> = this.fields.map((f): Step<F> =>
        [f, f === 'features' ? featuresOf(driver) : f === 'slices' ? null : get(f)]);
      for (const [k, base] of Object.entries(EXTRAS) as Array<[ExtraField, ReportField]>) {
        const g = get(k);
        if (g !== null && this.set.has(base)) steps.push([k, g]);
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
    const features = {} as Features;
    const out = features as unknown as Record<string, unknown>;
    for (const [name, get] of driver.features) {
      if (get === null) {
        out[name] = null;
        continue;
      }
      try {
        out[name] = get(file);
      } catch (e) {
        out[name] = null;
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
  core: Pick<ReportBase, 'path' | 'size' | 'format' | 'error'>, sel: Selection, driver: Driver<F> | null, file: F | null,
  errors: FieldError[] = [],
): AnyReport {
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
  return r as unknown as AnyReport;
}

/** Compiled selections by the caller's `select` array (the scan passes the same array for every file). */
const selections = new WeakMap<readonly ReportField[], { list: readonly ReportField[]; sel: Selection }>();
let everything: Selection | null = null;

function selection(opts: InspectOptions<readonly ReportField[]>): Selection {
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
export function failedReport<const S extends readonly ReportField[] = AllFields>(
  path: string | null, size: number, e: BinspectError, opts: InspectOptions<S> = {},
): Selected<S> {
  return assemble({ path, size, format: null, error: { code: e.code, message: e.message, offset: e.offset } }, selection(opts), null, null) as Selected<S>;
}

/** True when anything in the report could not be read: `error`, `fieldErrors`, or a fat slice's. */
export function hasErrors(r: AnyReport): boolean {
  return r.error !== null || r.fieldErrors.length > 0 || (r.slices ?? []).some(hasErrors);
}

/**
 * Builds the report for the bytes of `src`. Never throws for bad input: an unrecognized or
 * unparseable file gets `error`; a broken structure gets null fields listed in `fieldErrors`; a
 * fat Mach-O gets one report per slice in `slices`, and one bad slice does not sink the others.
 * Strings decoded for the report are capped by `limits.maxStringBytes` ({@link ReportLimits}).
 * Throws `TypeError` for bad arguments (unknown, negative or non-finite limits); any other
 * exception is a bug.
 */
export function buildReport<const S extends readonly ReportField[] = AllFields>(
  src: ByteSource, path: string | null, opts: InspectOptions<S> = {},
): Selected<S> {
  return build(src, path, opts) as Selected<S>;
}

function build(src: ByteSource, path: string | null, opts: InspectOptions<readonly ReportField[]>): AnyReport {
  limitStrings(src, checkInspectOptions(opts, 'inspect()'));
  const sel = selection(opts);
  const core: Pick<ReportBase, 'path' | 'size' | 'format' | 'error'> = { path, size: src.size, format: null, error: null };
  try {
    const format = detectFormat(src);
    core.format = format;
    switch (format) {
      case null: {
        const o = other();
        const kind = opts.archives === false ? null : o.containerOf(src);
        if (kind && 'format' in kind) return o.archiveReport(src, path, kind.format, opts);
        if (kind) throw o.unsupportedError(kind);
        throw new BinspectError('BAD_MAGIC', 'bytes', 'magic', 0, 'not an ELF, PE, COFF, Mach-O file or archive');
      }
      case 'elf':
        return assemble(core, sel, ELF, new ElfFile(src, opts.limits));
      case 'pe':
      case 'coff':
        return assemble(core, sel, other().PE, new (other().PeFile)(src, opts.limits));
      case 'macho':
        return assemble(core, sel, other().MACHO, new (other().MachOFile)(src, 0, opts.limits));
      case 'macho-fat': {
        const o = other();
        const fat = new o.FatFile(src, opts.limits);
        const report = assemble(core, sel, null, null);
        if (sel.set.has('slices')) {
          const sliceSel = selection({ select: sel.fields.filter((f) => f !== 'slices') });
          report.slices = o.fatSlices(fat).map((s) => {
            // A broken slice still carries every field, null.
            const slice = assemble({ path, size: s.arch.size, format: 'macho', error: s.error && { code: s.error.code, message: s.error.message, offset: s.error.offset } },
              sliceSel, o.MACHO, s.file);
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
