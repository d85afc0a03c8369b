/**
 * `features` (docs/report.md): the one table of protections and format extras. Each
 * feature is named once, with how each format reads it, where it applies (formats, machines,
 * file types), the words `check --require` accepts for it and what passes, and its column in
 * `binspect features`. The report, the text output, the gate and the scan summary all derive from
 * it; a feature is added here and nowhere else.
 */
import {
  DF_1_NOW, DF_BIND_NOW, DT_BIND_NOW, GNU_PROPERTY_AARCH64_FEATURE_1_AND, GNU_PROPERTY_AARCH64_FEATURE_1_BTI,
  GNU_PROPERTY_AARCH64_FEATURE_1_GCS, GNU_PROPERTY_AARCH64_FEATURE_1_PAC, GNU_PROPERTY_X86_FEATURE_1_AND,
  GNU_PROPERTY_X86_FEATURE_1_IBT, GNU_PROPERTY_X86_FEATURE_1_SHSTK, GNU_PROPERTY_X86_ISA_1_NEEDED, PF_X, PT_GNU_RELRO,
  PT_GNU_STACK, X86_ISA_1, bitNames,
} from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { MH_ALLOW_STACK_EXECUTION, MH_EXECUTE, MH_NO_HEAP_EXECUTION, MH_PIE } from '../macho/constants.js';
import type { MachOFile } from '../macho/file.js';
import {
  IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE, IMAGE_DLLCHARACTERISTICS_EX_CET_COMPAT, IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY,
  IMAGE_DLLCHARACTERISTICS_GUARD_CF, IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA, IMAGE_DLLCHARACTERISTICS_NX_COMPAT,
  IMAGE_FILE_MACHINE_I386,
} from '../pe/constants.js';
import type { PeFile } from '../pe/file.js';
import { elfType } from './filetype.js';
import type { Fortify } from './fortify.js';
import { elfCanary, elfFortify, elfTextrel, machoCanary, machoFortify, peCanary } from './hardening.js';
import { AARCH64_MACHINES, X86_MACHINES, elfMachine } from './machine.js';

/**
 * The `features` object of a report: the shared protections are in every report (null where they
 * do not apply to the format or machine, or could not be read: then `fieldErrors` says so); the
 * format extras only in reports of their format.
 */
export interface Features {
  pie: boolean | null;
  nx: boolean | null;
  bti: boolean | null;
  pac: boolean | null;
  gcs: boolean | null;
  ibt: boolean | null;
  shstk: boolean | null;
  /** GNU_PROPERTY_X86_ISA_1_NEEDED levels as readelf names them; `[]` when absent. */
  x86IsaNeeded: string[] | null;
  relro: 'none' | 'partial' | 'full' | null;
  bindNow: boolean | null;
  cfg: boolean | null;
  /** checksec's stack canary: a symbol naming `__stack_chk_fail`, `__stack_chk_guard` or `__intel_security_cookie`. */
  canary: boolean | null;
  /** checksec's FORTIFY_SOURCE: the dynamic symbols that call a glibc `*_chk` function, and those that call its unchecked form. */
  fortify: Fortify | null;
  /** Text relocations: `DT_TEXTREL` or `DF_TEXTREL`; null without a dynamic section. */
  textrel: boolean | null;
  highEntropyVa?: boolean | null;
  safeSeh?: boolean | null;
  forceIntegrity?: boolean | null;
  noHeapExecution?: boolean | null;
  signed?: boolean | null;
  hardenedRuntime?: boolean | null;
  adHoc?: boolean | null;
  encrypted?: boolean | null;
}

/** A feature's name. */
export type FeatureKey = keyof Features;
/** A feature's value in a report. */
export type FeatureValue<K extends FeatureKey = FeatureKey> = NonNullable<Features[K]> | null;

/** The formats that contribute features. */
export type FeatureFormat = 'elf' | 'pe' | 'macho';

/** Where a feature applies within a format: only these §3.1 machines and types (absent: every one). */
export interface Where {
  readonly machines?: readonly string[];
  readonly types?: readonly string[];
}

/** One row of {@link FEATURES}. */
export interface FeatureRow<K extends FeatureKey> {
  /** Present in every report (null where a format has no getter), or only in reports of the formats that read it. */
  readonly shared: boolean;
  /** How each format reads it; a getter returns the value (null: not applicable) or throws `BinspectError`. */
  readonly elf?: (e: ElfFile) => FeatureValue<K>;
  readonly pe?: (p: PeFile) => FeatureValue<K>;
  readonly macho?: (m: MachOFile) => FeatureValue<K>;
  /** Where it applies, per format; a format not named here: not applicable. */
  readonly applies: Readonly<Partial<Record<FeatureFormat, Where>>>;
  /**
   * The words `check --require` accepts for it, each with the values that pass. Absent: no
   * protection (not required, not counted by the summary); the first word is what the summary counts.
   */
  readonly require?: Readonly<Record<string, (v: NonNullable<Features[K]>) => boolean>>;
  /**
   * What a null value means in a file where the feature applies: `no` (the protection is not
   * declared, e.g. an ELF executable without PT_GNU_STACK, whose stack the kernel may make
   * executable), `unknown` (the file cannot tell, e.g. the canary of a stripped static file:
   * `unknown` says why) or `n/a` (the default: nothing to protect, e.g. bind-now without a
   * dynamic section).
   */
  readonly whenNull?: 'no' | 'n/a' | 'unknown';
  /** With `whenNull: 'unknown'`: why a null value cannot be judged. */
  readonly unknown?: string;
  /** Column of `binspect features`, from 0 (the others are shown in its last column). */
  readonly column?: number;
}

/** The u32 bit word of the first GNU property of `pr_type`, or 0 when absent (AND semantics: absent means no bit). */
function propertyWord(elf: ElfFile, pr_type: number): number {
  const p = elf.gnuProperties.find((x) => x.pr_type === pr_type);
  return typeof p?.value === 'number' ? p.value : 0;
}

/** A bit of an ELF FEATURE_1_AND property, on the machines it belongs to (null elsewhere). */
const propertyBit = (machines: readonly string[], pr_type: number, bit: number) => (elf: ElfFile): boolean | null => {
  if (!machines.includes(elfMachine(elf) ?? '')) return null;
  elf.checkExtent();
  return (propertyWord(elf, pr_type) & bit) !== 0;
};

/** DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW; null without a dynamic section. */
function bindNow(elf: ElfFile): boolean | null {
  elf.checkExtent();
  const dyn = elf.dynamic;
  if (dyn === null) return null;
  return dyn.some((d) => d.d_tag === DT_BIND_NOW) || (elf.flags & DF_BIND_NOW) !== 0 || (elf.flags1 & DF_1_NOW) !== 0;
}

const isImage = (pe: PeFile): boolean => pe.format === 'pe';
/** An IMAGE_DLLCHARACTERISTICS_* bit; null without an optional header (a bare COFF object). */
const dllChar = (bit: number) => (pe: PeFile): boolean | null =>
  pe.optionalHeader ? (pe.optionalHeader.DllCharacteristics & bit) !== 0 : null;
const headerFlag = (bit: number) => (m: MachOFile): boolean => (m.header.flags & bit) !== 0;

const yes = (v: boolean): boolean => v;
/** ELF executables and libraries: what the loader maps (objects and cores have no protections to declare). */
const ELF_LINKED: Where = { types: ['executable', 'pie-executable', 'shared-library'] };
const PE_IMAGE: Where = { types: ['executable', 'dll'] };
const EVERY: Where = {};

/** The features in report order; the type makes every key of {@link Features} a row, exactly once. */
export const FEATURES: { readonly [K in FeatureKey]-?: FeatureRow<K> } = {
  // ELF: PIE executable (ET_DYN with DF_1_PIE) / PE: IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE / Mach-O: MH_PIE of an MH_EXECUTE.
  pie: {
    shared: true, column: 0, require: { pie: yes },
    elf: (elf) => {
      elf.checkExtent();
      const t = elfType(elf);
      return t === 'pie-executable' ? true : t === 'executable' ? false : null;
    },
    pe: dllChar(IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE),
    macho: (m) => (m.header.filetype === MH_EXECUTE ? (m.header.flags & MH_PIE) !== 0 : null),
    applies: { elf: { types: ['executable', 'pie-executable'] }, pe: PE_IMAGE, macho: { types: ['executable'] } },
  },
  // ELF: PT_GNU_STACK without PF_X / PE: NX_COMPAT / Mach-O: no MH_ALLOW_STACK_EXECUTION.
  nx: {
    shared: true, column: 1, require: { nx: yes }, whenNull: 'no',
    elf: (elf) => {
      elf.checkExtent();
      const s = elf.lastSegment(PT_GNU_STACK); // the last one, as the kernel and ld.so keep it
      return s ? (s.p_flags & PF_X) === 0 : null;
    },
    pe: dllChar(IMAGE_DLLCHARACTERISTICS_NX_COMPAT),
    macho: (m) => (m.header.flags & MH_ALLOW_STACK_EXECUTION) === 0,
    applies: { elf: ELF_LINKED, pe: PE_IMAGE, macho: EVERY },
  },
  // GNU_PROPERTY_AARCH64_FEATURE_1_AND bits; Mach-O pac: cputype ARM64 with subtype ARM64E.
  bti: {
    shared: true, column: 4, require: { bti: yes },
    elf: propertyBit(AARCH64_MACHINES, GNU_PROPERTY_AARCH64_FEATURE_1_AND, GNU_PROPERTY_AARCH64_FEATURE_1_BTI),
    applies: { elf: { machines: AARCH64_MACHINES } },
  },
  pac: {
    shared: true, column: 5, require: { pac: yes },
    elf: propertyBit(AARCH64_MACHINES, GNU_PROPERTY_AARCH64_FEATURE_1_AND, GNU_PROPERTY_AARCH64_FEATURE_1_PAC),
    macho: (m) => m.isArm64e,
    applies: { elf: { machines: AARCH64_MACHINES }, macho: { machines: ['aarch64'] } },
  },
  gcs: {
    shared: true, column: 6, require: { gcs: yes },
    elf: propertyBit(AARCH64_MACHINES, GNU_PROPERTY_AARCH64_FEATURE_1_AND, GNU_PROPERTY_AARCH64_FEATURE_1_GCS),
    applies: { elf: { machines: AARCH64_MACHINES } },
  },
  // GNU_PROPERTY_X86_FEATURE_1_AND bits; PE shstk: IMAGE_DLLCHARACTERISTICS_EX_CET_COMPAT (false without the debug entry).
  ibt: {
    shared: true, column: 7, require: { ibt: yes },
    elf: propertyBit(X86_MACHINES, GNU_PROPERTY_X86_FEATURE_1_AND, GNU_PROPERTY_X86_FEATURE_1_IBT),
    applies: { elf: { machines: X86_MACHINES } },
  },
  shstk: {
    shared: true, column: 8, require: { shstk: yes },
    elf: propertyBit(X86_MACHINES, GNU_PROPERTY_X86_FEATURE_1_AND, GNU_PROPERTY_X86_FEATURE_1_SHSTK),
    pe: (pe) => (isImage(pe) ? ((pe.exDllCharacteristics ?? 0) & IMAGE_DLLCHARACTERISTICS_EX_CET_COMPAT) !== 0 : null),
    applies: { elf: { machines: X86_MACHINES }, pe: { ...PE_IMAGE, machines: X86_MACHINES } },
  },
  x86IsaNeeded: {
    shared: true,
    elf: (elf) => {
      if (!X86_MACHINES.includes(elfMachine(elf) ?? '')) return null;
      elf.checkExtent();
      return bitNames(X86_ISA_1, propertyWord(elf, GNU_PROPERTY_X86_ISA_1_NEEDED));
    },
    applies: { elf: { machines: X86_MACHINES } },
  },
  // full: PT_GNU_RELRO and bind-now; partial: PT_GNU_RELRO; none; null without program headers.
  relro: {
    shared: true, column: 2, require: { 'relro=full': (v) => v === 'full', 'relro=partial': (v) => v !== 'none' },
    elf: (elf) => {
      elf.checkExtent();
      if (elf.programHeaders.length === 0) return null;
      if (elf.segments(PT_GNU_RELRO).length === 0) return 'none';
      return bindNow(elf) === true ? 'full' : 'partial';
    },
    applies: { elf: ELF_LINKED },
  },
  bindNow: { shared: true, column: 3, require: { bindNow: yes }, elf: bindNow, applies: { elf: ELF_LINKED } },
  cfg: { shared: true, column: 9, require: { cfg: yes }, pe: dllChar(IMAGE_DLLCHARACTERISTICS_GUARD_CF), applies: { pe: PE_IMAGE } },
  // checksec 2.6's columns (src/query/hardening.ts): read from the dynamic symbol strings first, so
  // a file without a mark there reads no symbol entries.
  // Mach-O: an imported ___stack_chk_fail/___stack_chk_guard; PE: /GS (the load config's SecurityCookie) or an imported __stack_chk_fail.
  canary: {
    shared: true, column: 10, require: { canary: yes }, elf: elfCanary, pe: peCanary, macho: machoCanary,
    applies: { elf: ELF_LINKED, pe: PE_IMAGE, macho: { types: ['executable', 'dylib', 'bundle'] } },
    whenNull: 'unknown', unknown: 'no symbol table names the stack protector (a stripped static file inlines the check)',
  },
  // Passes with some checked function called, or nothing to fortify (checksec's `fortify-able` count 0).
  fortify: {
    shared: true, column: 11, require: { fortify: (v) => v.fortified.length > 0 || v.unfortified.length === 0 },
    elf: elfFortify, macho: machoFortify, applies: { elf: ELF_LINKED, macho: { types: ['executable', 'dylib', 'bundle'] } },
    whenNull: 'unknown', unknown: 'the file imports no symbol (static: fortified functions are linked in, not imported)',
  },
  // A file without a dynamic section has no text relocations to apply: null, `n/a` for `no-textrel`.
  textrel: { shared: true, column: 12, require: { 'no-textrel': (v) => !v }, elf: elfTextrel, applies: { elf: ELF_LINKED } },
  highEntropyVa: {
    shared: false, require: { highEntropyVa: yes }, pe: dllChar(IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA), applies: { pe: PE_IMAGE },
  },
  // SafeSEH exists only on x86: the load config lists the safe handlers (SEHandlerTable/Count).
  safeSeh: {
    shared: false, require: { safeSeh: yes },
    pe: (pe) => {
      if (!isImage(pe) || pe.fileHeader.Machine !== IMAGE_FILE_MACHINE_I386) return null;
      const lc = pe.loadConfig;
      return lc !== null && ((lc.SEHandlerTable ?? 0n) !== 0n || (lc.SEHandlerCount ?? 0) !== 0);
    },
    applies: { pe: { ...PE_IMAGE, machines: ['i386'] } },
  },
  forceIntegrity: { shared: false, pe: dllChar(IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY), applies: { pe: PE_IMAGE } },
  noHeapExecution: { shared: false, macho: headerFlag(MH_NO_HEAP_EXECUTION), applies: { macho: EVERY } },
  // PE: an attribute certificate table (Authenticode); Mach-O: LC_CODE_SIGNATURE.
  signed: {
    shared: false,
    pe: (pe) => (isImage(pe) ? pe.hasCertificateTable : null),
    macho: (m) => m.codeSignatureCommand !== null,
    applies: { pe: PE_IMAGE, macho: EVERY },
  },
  hardenedRuntime: {
    shared: false, require: { hardenedRuntime: yes }, macho: (m) => m.codeSignature?.hardenedRuntime ?? false, applies: { macho: EVERY },
  },
  adHoc: { shared: false, macho: (m) => m.codeSignature?.adHoc ?? false, applies: { macho: EVERY } },
  encrypted: { shared: false, macho: (m) => m.encryptionInfo.some((e) => e.cryptid !== 0), applies: { macho: EVERY } },
};

/** Every feature key in report order. */
export const FEATURE_KEYS = Object.keys(FEATURES) as FeatureKey[];

type AnyRow = FeatureRow<FeatureKey>;
const row = (k: FeatureKey): AnyRow => FEATURES[k] as unknown as AnyRow;

/** A format's feature getters in report order: the shared keys (null getter: not applicable) and the extras it reads. */
export function featureGetters<F extends FeatureFormat>(format: F): ReadonlyArray<readonly [FeatureKey, ((f: never) => unknown) | null]> {
  return FEATURE_KEYS.filter((k) => row(k).shared || row(k)[format] !== undefined).map((k) => [k, (row(k)[format] as ((f: never) => unknown) | undefined) ?? null] as const);
}

/** Every `--require` word, in table order (`pie`, `nx`, `relro=full`, ...). */
export const REQUIRE_WORDS: readonly string[] = FEATURE_KEYS.flatMap((k) => Object.keys(row(k).require ?? {}));

/** The keys of the protections: the features `--require` and the summary judge. */
export const PROTECTIONS: readonly FeatureKey[] = FEATURE_KEYS.filter((k) => row(k).require !== undefined);

/** The columns of `binspect features`, in order. */
export const FEATURE_COLUMNS: readonly FeatureKey[] = FEATURE_KEYS.filter((k) => row(k).column !== undefined)
  .sort((a, b) => row(a).column! - row(b).column!);

/** What a judge knows of a file: its format and §3.1 machine and type, and its features. */
export interface Judged {
  format: string | null;
  machine?: string | null;
  type?: string | null;
  features?: Partial<Features> | null;
}

/**
 * How a file stands for a protection: declared (`yes`), not declared (`no`), `n/a` (does not apply
 * to it), or `unknown` (it applies, but the file cannot tell: {@link whyUnknown}).
 */
export type Outcome = 'yes' | 'no' | 'n/a' | 'unknown';

/** Whether a feature applies to a file of this format, machine and type ({@link FeatureRow.applies}). */
export function applies(key: FeatureKey, r: Judged): boolean {
  const format = r.format === 'coff' ? 'pe' : r.format;
  const where = format === 'elf' || format === 'pe' || format === 'macho' ? row(key).applies[format] : undefined;
  if (!where) return false;
  if (where.machines && !where.machines.includes(r.machine ?? '')) return false;
  return !where.types || where.types.includes(r.type ?? '');
}

/** The feature key a `--require` word is about (`relro=full` → `relro`), or undefined for an unknown word. */
export function requireKey(word: string): FeatureKey | undefined {
  return FEATURE_KEYS.find((k) => row(k).require?.[word] !== undefined);
}

/**
 * How a file stands for the `--require` word (default: the feature's first word, what the summary
 * counts): `n/a` where the feature does not apply, else `yes` when its value passes, else `no`
 * (a null value is `no`, `unknown` or `n/a` as its row says). Throws `TypeError` for an unknown word.
 */
export function judge(word: string, r: Judged): Outcome {
  const key = requireKey(word);
  if (key === undefined) throw new TypeError(`unknown protection ${JSON.stringify(word)}`);
  if (!applies(key, r)) return 'n/a';
  const v = r.features?.[key];
  if (v === null || v === undefined) return row(key).whenNull ?? 'n/a';
  return row(key).require![word]!(v as never) ? 'yes' : 'no';
}

/** Why a feature with `whenNull: 'unknown'` cannot be judged when null. */
export const whyUnknown = (key: FeatureKey): string => row(key).unknown ?? 'the file cannot tell';

/** The word the summary counts for a protection (its first `--require` word). */
export const summaryWord = (key: FeatureKey): string => Object.keys(row(key).require ?? {})[0] ?? key;
