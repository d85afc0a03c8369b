import { BinspectError } from '../errors.js';
import { MH_ALLOW_STACK_EXECUTION, MH_BUNDLE, MH_CORE, MH_DYLIB, MH_EXECUTE, MH_NO_HEAP_EXECUTION, MH_OBJECT, MH_PIE } from '../macho/constants.js';
import type { FatArch } from '../macho/fat.js';
import { FatFile, MachOFile } from '../macho/file.js';
import { formatVersion } from '../macho/version.js';

/**
 * How each report field (docs/report.md) is computed for one Mach-O image (a thin file or a fat
 * slice). Each getter may throw `BinspectError`; the caller catches per field and records it in
 * `fieldErrors`. Fields Mach-O does not have are null. `features` is one object here; for
 * per-feature error reporting use {@link MACHO_FEATURES}.
 */

/** One feature's value; throws `BinspectError` when it cannot be read; null = not applicable. */
export type MachOFeatureGetter = (m: MachOFile) => boolean | null;

const flag = (bit: number): MachOFeatureGetter => (m) => (m.header.flags & bit) !== 0;

/** The §3 `features` of a Mach-O image, in report order (extras `noHeapExecution`, `signed`, `hardenedRuntime`, `adHoc`, `encrypted` after the shared ones). */
export const MACHO_FEATURES: ReadonlyArray<[string, MachOFeatureGetter]> = [
  // MH_PIE only means something for an executable (as ELF's pie is null for libraries and objects).
  ['pie', (m) => (m.header.filetype === MH_EXECUTE ? (m.header.flags & MH_PIE) !== 0 : null)],
  ['nx', (m) => (m.header.flags & MH_ALLOW_STACK_EXECUTION) === 0],
  ['bti', () => null],
  ['pac', (m) => m.isArm64e],
  ['gcs', () => null],
  ['ibt', () => null],
  ['shstk', () => null],
  ['x86IsaNeeded', () => null],
  ['relro', () => null],
  ['bindNow', () => null],
  ['cfg', () => null],
  ['noHeapExecution', flag(MH_NO_HEAP_EXECUTION)],
  ['signed', (m) => m.codeSignatureCommand !== null],
  ['hardenedRuntime', (m) => m.codeSignature?.hardenedRuntime ?? false],
  ['adHoc', (m) => m.codeSignature?.adHoc ?? false],
  ['encrypted', (m) => m.encryptionInfo.some((e) => e.cryptid !== 0)],
];

/** §3 linkage: dynamic for an MH_EXECUTE with LC_LOAD_DYLINKER and every MH_DYLIB / MH_BUNDLE; static for an MH_EXECUTE without; else null. */
export function machoLinkage(m: MachOFile): 'static' | 'dynamic' | null {
  const t = m.header.filetype;
  if (t === MH_DYLIB || t === MH_BUNDLE) return 'dynamic';
  if (t === MH_EXECUTE) return m.dylinker !== null ? 'dynamic' : 'static';
  return null;
}

/** Relocatable objects and cores have no load-time dependencies: `needed` is null for them, as for ELF ET_REL/ET_CORE. */
const noDeps = (m: MachOFile): boolean => m.header.filetype === MH_OBJECT || m.header.filetype === MH_CORE;

const versionField = (which: 'minos' | 'sdk') => (m: MachOFile): { platform: string; version: string } | null => {
  const v = m.platformVersion;
  if (!v || v[which] === 0) return null;
  return { platform: v.platformName, version: formatVersion(v[which]) };
};

/** Every §3 field for one Mach-O image (table; `slices` is null for an image: the fat container fills it). */
export const MACHO_FIELDS: Record<string, (m: MachOFile) => unknown> = {
  class: (m) => m.header.class,
  endian: (m) => (m.header.littleEndian ? 'little' : 'big'),
  machine: (m) => m.machine,
  machineCode: (m) => m.header.cputype,
  cpuSubtype: (m) => m.header.cpusubtype,
  type: (m) => m.type,
  linkage: machoLinkage,
  interpreter: (m) => m.dylinker,
  needed: (m) => (noDeps(m) ? null : m.dylibs.map((d) => d.name)),
  soname: (m) => m.idDylib?.name ?? null,
  rpath: (m) => m.rpaths,
  features: (m) => Object.fromEntries(MACHO_FEATURES.map(([k, get]) => [k, get(m)])),
  uuid: (m) => m.uuid,
  minOs: versionField('minos'),
  sdk: versionField('sdk'),
};

/** One fat slice: its fat_arch entry and its image, or the error that keeps it from being read. */
export type FatSlice = { arch: FatArch; file: MachOFile; error: null } | { arch: FatArch; file: null; error: BinspectError };

/** Every slice of a fat file in fat_arch order; a bad slice carries its `BinspectError` and does not affect the others. */
export function fatSlices(fat: FatFile): FatSlice[] {
  return fat.archs.map((arch, i) => {
    try {
      return { arch, file: fat.slice(i), error: null };
    } catch (e) {
      if (!(e instanceof BinspectError)) throw e;
      return { arch, file: null, error: e };
    }
  });
}

export { FatFile, MachOFile };
