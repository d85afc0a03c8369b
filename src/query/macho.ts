import { machoGo } from './go.js';
import { machoPacker } from './packer.js';
import { machoCompilers, machoRust } from './provenance.js';
import { BinspectError } from '../errors.js';
import { MH_BUNDLE, MH_CORE, MH_DYLIB, MH_EXECUTE, MH_OBJECT } from '../macho/constants.js';
import type { FatArch } from '../macho/fat.js';
import { FatFile, MachOFile } from '../macho/file.js';
import { formatVersion } from '../macho/version.js';
import type { FieldGetters } from './fields.js';
import { machoType } from './filetype.js';
import { machoMachine } from './machine.js';

/**
 * How each report field (docs/report.md) is computed for one Mach-O image (a thin file or a fat
 * slice). Each getter may throw `BinspectError`; the caller catches per field and records it in
 * `fieldErrors`. Fields Mach-O does not have are null; features are read by the feature table
 * (`./features.ts`).
 */

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
export const MACHO_FIELDS: FieldGetters<MachOFile> = {
  class: (m) => m.header.class,
  endian: (m) => (m.header.littleEndian ? 'little' : 'big'),
  machine: machoMachine,
  machineCode: (m) => m.header.cputype,
  cpuSubtype: (m) => m.header.cpusubtype,
  type: machoType,
  linkage: machoLinkage,
  interpreter: (m) => m.dylinker,
  needed: (m) => (noDeps(m) ? null : m.dylibs.map((d) => d.name)),
  soname: (m) => m.idDylib?.name ?? null,
  rpath: (m) => m.rpaths,
  uuid: (m) => m.uuid,
  minOs: versionField('minos'),
  sdk: versionField('sdk'),
  go: machoGo,
  rust: machoRust,
  compilers: machoCompilers,
  packer: machoPacker,
  anomalies: (m) => m.anomalies,
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
