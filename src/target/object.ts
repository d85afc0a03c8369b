import { DT_GNU_HASH, DT_HASH, ET_DYN, VER_FLG_BASE, VER_FLG_WEAK } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { elfMachine } from '../query/machine.js';
import type { AnyReport } from '../report/report.js';

/** One Vernaux: a version an object needs from a file. */
export interface NeededVersion {
  name: string;
  /** vna_hash as stored (ld.so compares it with vd_hash before the name). */
  hash: number;
  /** VER_FLG_WEAK: a missing weak version is only a warning. */
  weak: boolean;
}

/** One Verdef: a version an object defines (its first Verdaux names it). */
export interface DefinedVersion {
  name: string;
  hash: number;
  /** VER_FLG_BASE: the entry naming the file itself. */
  base: boolean;
  /** VER_FLG_WEAK. */
  weak: boolean;
}

/**
 * What the dynamic loader reads of an ELF file: the facts resolution and version checks use, in the
 * spec's terms. Built once per file of a target ({@link loadObjectOf}) or from a report
 * ({@link loadObjectFromReport}).
 */
export interface LoadObject {
  /** Path (inside the target for its files). */
  path: string;
  class: 32 | 64;
  littleEndian: boolean;
  e_machine: number;
  e_flags: number;
  e_type: number;
  /** Normalized machine name (`x86_64`), or null. */
  machine: string | null;
  interpreter: string | null;
  soname: string | null;
  needed: string[];
  rpath: string[];
  runpath: string[];
  /** DT_FLAGS_1 (DF_1_NODEFLIB = 0x800 turns off the cache and default directories). */
  flags1: number;
  /** DT_VERNEED: file and the versions needed from it. */
  verneed: Array<{ file: string; versions: NeededVersion[] }>;
  /** DT_VERDEF entries, in chain order (null when DT_VERDEF could not be read). */
  verdef: DefinedVersion[];
  /** DT_HASH / DT_GNU_HASH present. */
  hasHash: boolean;
  hasGnuHash: boolean;
  /** Has PT_DYNAMIC (a dynamic table). */
  dynamic: boolean;
}

/**
 * The {@link LoadObject} of a parsed ELF file. Throws `BinspectError` when a structure the loader
 * needs (dynamic table, strings, Verneed/Verdef chains) is corrupt.
 */
export function loadObjectOf(elf: ElfFile, path: string): LoadObject {
  const h = elf.header;
  elf.checkExtent();
  const dyn = elf.dynamic;
  return {
    path, class: h.class, littleEndian: h.littleEndian, e_machine: h.e_machine, e_flags: h.e_flags, e_type: h.e_type,
    machine: elfMachine(elf), interpreter: elf.interpreter, soname: elf.soname, needed: elf.needed, rpath: elf.rpath,
    runpath: elf.runpath, flags1: elf.flags1,
    verneed: elf.verneed.map((v) => ({
      file: v.file, versions: v.aux.map((a) => ({ name: a.name, hash: a.vna_hash, weak: (a.vna_flags & VER_FLG_WEAK) !== 0 })),
    })),
    verdef: elf.verdef.filter((d) => d.aux.length > 0).map((d) => ({
      name: d.aux[0]!.name, hash: d.vd_hash, base: (d.vd_flags & VER_FLG_BASE) !== 0, weak: (d.vd_flags & VER_FLG_WEAK) !== 0,
    })),
    hasHash: elf.dynValue(DT_HASH) !== null, hasGnuHash: elf.dynValue(DT_GNU_HASH) !== null, dynamic: dyn !== null,
  };
}

/** The SysV ELF hash (gABI "Hash Table"), which linkers store in vna_hash and vd_hash. */
export function elfHash(name: string): number {
  let h = 0;
  for (const b of new TextEncoder().encode(name)) {
    h = ((h << 4) + b) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h &= ~g >>> 0;
    h >>>= 0;
  }
  return h >>> 0;
}

/**
 * A {@link LoadObject} from a report's fields (`class`, `machineCode`, `interpreter`, `needed`,
 * `rpath`, `runpath`, `versionRequirements`, ...). A report does not carry vna_flags, vna_hash or
 * e_flags: versions count as strong, hashes are recomputed with {@link elfHash} (what linkers write)
 * and the ARM/MIPS/RISC-V float ABI of the cache lookup is unknown. Throws `TypeError` for a
 * report that is not an ELF report with those fields.
 */
export function loadObjectFromReport(r: AnyReport): LoadObject {
  if (r.format !== 'elf' || (r.class !== 32 && r.class !== 64) || typeof r.machineCode !== 'number' || !Array.isArray(r.needed)) {
    throw new TypeError('resolve() needs the report of an ELF file with class, machineCode and needed');
  }
  return {
    path: r.path ?? '', class: r.class, littleEndian: r.endian !== 'big', e_machine: r.machineCode, e_flags: 0,
    e_type: r.type === 'executable' ? 2 : ET_DYN, machine: r.machine ?? null, interpreter: r.interpreter ?? null,
    soname: r.soname ?? null, needed: r.needed, rpath: r.rpath ?? [], runpath: r.runpath ?? [], flags1: 0,
    verneed: (r.versionRequirements ?? []).map((v) => ({ file: v.file, versions: v.versions.map((name) => ({ name, hash: elfHash(name), weak: false })) })),
    verdef: [], hasHash: false, hasGnuHash: false, dynamic: true,
  };
}
