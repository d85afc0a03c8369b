import { BinspectError } from '../errors.js';
import { ByteView } from '../bytes/view.js';
import { EM_AARCH64, EM_ARM, EM_IA_64, EM_MIPS, EM_PPC64, EM_RISCV, EM_S390, EM_SPARCV9, EM_X86_64 } from '../elf/constants.js';

/**
 * glibc's `/etc/ld.so.cache`, as `ldconfig` writes it and `_dl_load_cache_lookup` (elf/dl-cache.c)
 * reads it; layouts from glibc's sysdeps/generic/dl-cache.h and flag values from
 * sysdeps/generic/ldconfig.h.
 *
 * Two layouts exist. The old one (`ld.so-1.7.0`, libc5 and glibc up to 2.1): a 16-byte header
 * (11-byte magic, padding, `nlibs`) then `nlibs` 12-byte `struct file_entry {int32 flags; uint32
 * key, value}`, whose string offsets count from the end of that array. The new one
 * (`glibc-ld.so.cache1.1`): a 48-byte `struct cache_file_new` header (magic and version, `nlibs`,
 * `len_strings`, an endianness byte `flags`, `extension_offset`) then 24-byte `struct
 * file_entry_new {int32 flags; uint32 key, value, osversion; uint64 hwcap}`, whose string offsets
 * count from the start of that header. A "compat" file (glibc 2.2 to 2.31's default) holds an old
 * table followed, 8-byte aligned, by a new one; like ld.so, the new one is used when present.
 */
export interface LdCacheEntry {
  /** `FLAG_ELF_LIBC6 | FLAG_X8664_LIB64` ...: the library's kind and ABI (see {@link cacheFlagsFor}). */
  flags: number;
  /** The file name looked up (the soname, e.g. `libc.so.6`). */
  key: string;
  /** The library's path. */
  value: string;
  /** Required OS version (new layout; 0 = none). */
  osversion: number;
  /** `hwcap` bits (new layout; 0 = a library of the baseline directories). */
  hwcap: bigint;
}

export interface LdCache {
  layout: 'old' | 'new' | 'compat';
  /** Endianness the new header declares (`unset` for old writers and the old layout). */
  endian: 'unset' | 'little' | 'big' | 'invalid';
  entries: LdCacheEntry[];
}

const OLD_MAGIC = 'ld.so-1.7.0';
const NEW_MAGIC = 'glibc-ld.so.cache1.1';
const OLD_HEADER = 16;
const OLD_ENTRY = 12;
const NEW_HEADER = 48;
const NEW_ENTRY = 24;
/** Upper bound on entries: a real cache has a few thousand. */
export const MAX_CACHE_ENTRIES = 1 << 20;
const MAX_NAME = 4096;

/** `hwcap` bit 62 (DL_CACHE_HWCAP_EXTENSION): the entry lives in a glibc-hwcaps subdirectory. */
export const DL_CACHE_HWCAP_EXTENSION = 1n << 62n;

function fail(structure: string, offset: number, detail: string, code: 'TRUNCATED' | 'OUT_OF_BOUNDS' | 'LIMIT' | 'BAD_MAGIC' = 'TRUNCATED'): never {
  throw new BinspectError(code, 'ld.so.cache', structure, offset, detail);
}

function magicAt(bytes: Uint8Array, at: number, magic: string): boolean {
  if (at + magic.length > bytes.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic.charCodeAt(i)) return false;
  return true;
}

/** The NUL-terminated string at `base + off` (bounded by the file). */
function str(bytes: Uint8Array, base: number, off: number, structure: string): string {
  const at = base + off;
  if (!(off >= 0 && at < bytes.length)) fail(structure, at, `string offset ${off} is outside the file`, 'OUT_OF_BOUNDS');
  const end = bytes.indexOf(0, at);
  if (end < 0) fail(structure, at, 'string has no terminating NUL');
  if (end - at > MAX_NAME) fail(structure, at, `string longer than ${MAX_NAME} bytes`, 'LIMIT');
  return new TextDecoder().decode(bytes.subarray(at, end));
}

/**
 * Parses a whole ld.so.cache. Throws `BinspectError` (format `ld.so.cache`): `BAD_MAGIC` when
 * neither magic is there, `TRUNCATED` when a table passes the end of the file, `OUT_OF_BOUNDS` for
 * a string offset outside it, `LIMIT` past {@link MAX_CACHE_ENTRIES} entries.
 * A new header whose endianness byte says `big` is read big-endian; ld.so itself ignores a cache
 * of the other byte order, so callers compare `endian` with the target's.
 */
export function parseLdCache(bytes: Uint8Array): LdCache {
  if (magicAt(bytes, 0, NEW_MAGIC)) return { layout: 'new', ...parseNew(bytes, 0) };
  if (!magicAt(bytes, 0, OLD_MAGIC)) fail('magic', 0, `neither "${OLD_MAGIC}" nor "${NEW_MAGIC}"`, 'BAD_MAGIC');
  if (bytes.length < OLD_HEADER) fail('struct cache_file', 0, `header needs ${OLD_HEADER} bytes, the file has ${bytes.length}`);
  // The old layout carries no endianness: ld.so reads it in its own byte order. Guess it from nlibs.
  const le = new ByteView(bytes, 0, true, { format: 'ld.so.cache', structure: 'struct cache_file' });
  const be = new ByteView(bytes, 0, false, le.where);
  const nle = le.u32(12);
  const nbe = be.u32(12);
  const little = nle * OLD_ENTRY <= bytes.length || nbe * OLD_ENTRY > bytes.length ? true : false;
  const v = little ? le : be;
  const nlibs = little ? nle : nbe;
  if (nlibs > MAX_CACHE_ENTRIES) fail('struct cache_file', 12, `nlibs ${nlibs} exceeds ${MAX_CACHE_ENTRIES}`, 'LIMIT');
  const tableEnd = OLD_HEADER + nlibs * OLD_ENTRY;
  if (tableEnd > bytes.length) fail('struct file_entry', OLD_HEADER, `${nlibs} entries need ${tableEnd} bytes, the file has ${bytes.length}`);
  // ALIGN_CACHE: the new table starts at the next multiple of 8 (alignof struct cache_file_new).
  const newAt = (tableEnd + 7) & ~7;
  if (magicAt(bytes, newAt, NEW_MAGIC)) return { layout: 'compat', ...parseNew(bytes, newAt) };
  const entries: LdCacheEntry[] = [];
  for (let i = 0; i < nlibs; i++) {
    const at = OLD_HEADER + i * OLD_ENTRY;
    const structure = `struct file_entry[${i}]`;
    entries.push({
      flags: v.u32(at) | 0, key: str(bytes, tableEnd, v.u32(at + 4), structure), value: str(bytes, tableEnd, v.u32(at + 8), structure),
      osversion: 0, hwcap: 0n,
    });
  }
  return { layout: 'old', endian: 'unset', entries };
}

function parseNew(bytes: Uint8Array, base: number): Omit<LdCache, 'layout'> {
  if (base + NEW_HEADER > bytes.length) fail('struct cache_file_new', base, `header needs ${NEW_HEADER} bytes, the file has ${bytes.length - base}`);
  const flag = bytes[base + 28]! & 3;
  const endian = (['unset', 'invalid', 'little', 'big'] as const)[flag]!;
  const view = new ByteView(bytes, 0, endian !== 'big', { format: 'ld.so.cache', structure: 'struct cache_file_new' });
  const nlibs = view.u32(base + 20);
  if (nlibs > MAX_CACHE_ENTRIES) fail('struct cache_file_new', base + 20, `nlibs ${nlibs} exceeds ${MAX_CACHE_ENTRIES}`, 'LIMIT');
  const tableEnd = base + NEW_HEADER + nlibs * NEW_ENTRY;
  if (tableEnd > bytes.length) fail('struct file_entry_new', base + NEW_HEADER, `${nlibs} entries need ${tableEnd - base} bytes, the file has ${bytes.length - base}`);
  const entries: LdCacheEntry[] = [];
  for (let i = 0; i < nlibs; i++) {
    const at = base + NEW_HEADER + i * NEW_ENTRY;
    const structure = `struct file_entry_new[${i}]`;
    entries.push({
      flags: view.u32(at) | 0, key: str(bytes, base, view.u32(at + 4), structure), value: str(bytes, base, view.u32(at + 8), structure),
      osversion: view.u32(at + 12), hwcap: view.u64(at + 16),
    });
  }
  return { endian, entries };
}

// FLAG_* of sysdeps/generic/ldconfig.h.
export const FLAG_ELF = 0x0001;
export const FLAG_ELF_LIBC6 = 0x0003;
export const FLAG_TYPE_MASK = 0x00ff;
export const FLAG_REQUIRED_MASK = 0xff00;

/** The ABI bits `ldconfig` (elf/readelflib.c) gives a library of this kind, in table form. */
export const CACHE_ABI_FLAGS = {
  SPARC_LIB64: 0x0100, IA64_LIB64: 0x0200, X8664_LIB64: 0x0300, S390_LIB64: 0x0400, POWERPC_LIB64: 0x0500,
  MIPS64_LIBN32: 0x0600, MIPS64_LIBN64: 0x0700, X8664_LIBX32: 0x0800, ARM_LIBHF: 0x0900, AARCH64_LIB64: 0x0a00,
  ARM_LIBSF: 0x0b00, MIPS_LIB32_NAN2008: 0x0c00, MIPS64_LIBN32_NAN2008: 0x0d00, MIPS64_LIBN64_NAN2008: 0x0e00,
  RISCV_FLOAT_ABI_SOFT: 0x0f00, RISCV_FLOAT_ABI_DOUBLE: 0x1000,
} as const;

/** What an object needs to pick its `_DL_CACHE_DEFAULT_ID`. */
export interface CacheAbi {
  class: 32 | 64;
  e_machine: number;
  e_flags: number;
}

const EF_ARM_ABI_FLOAT_HARD = 0x400;
const EF_ARM_ABI_FLOAT_SOFT = 0x200;
const EF_MIPS_ABI2 = 0x20;
const EF_MIPS_NAN2008 = 0x400;
const EF_RISCV_FLOAT_ABI = 0x6;
const EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
const EF_RISCV_FLOAT_ABI_SOFT = 0x0;

/**
 * The cache flags the loader of an object of this ABI accepts (`_dl_cache_check_flags` of its
 * sysdeps dl-cache.h): one exact value for the 64-bit and float-ABI ports, and the generic
 * `flags == FLAG_ELF || flags == FLAG_ELF_LIBC6` for the rest (i386, 32-bit PowerPC, ...).
 */
export function cacheFlagsFor(abi: CacheAbi): readonly number[] {
  const F = CACHE_ABI_FLAGS;
  const libc6 = (abiBits: number): readonly number[] => [abiBits | FLAG_ELF_LIBC6];
  const wide = abi.class === 64;
  switch (abi.e_machine) {
    case EM_X86_64: return libc6(wide ? F.X8664_LIB64 : F.X8664_LIBX32);
    case EM_AARCH64: return wide ? libc6(F.AARCH64_LIB64) : [FLAG_ELF, FLAG_ELF_LIBC6];
    case EM_SPARCV9: return wide ? libc6(F.SPARC_LIB64) : [FLAG_ELF, FLAG_ELF_LIBC6];
    case EM_IA_64: return libc6(F.IA64_LIB64);
    case EM_S390: return wide ? libc6(F.S390_LIB64) : [FLAG_ELF, FLAG_ELF_LIBC6];
    case EM_PPC64: return libc6(F.POWERPC_LIB64);
    case EM_ARM:
      if (abi.e_flags & EF_ARM_ABI_FLOAT_HARD) return libc6(F.ARM_LIBHF);
      if (abi.e_flags & EF_ARM_ABI_FLOAT_SOFT) return libc6(F.ARM_LIBSF);
      return [FLAG_ELF, FLAG_ELF_LIBC6];
    case EM_MIPS: {
      const nan = (abi.e_flags & EF_MIPS_NAN2008) !== 0;
      if (wide) return libc6(nan ? F.MIPS64_LIBN64_NAN2008 : F.MIPS64_LIBN64);
      if (abi.e_flags & EF_MIPS_ABI2) return libc6(nan ? F.MIPS64_LIBN32_NAN2008 : F.MIPS64_LIBN32);
      return nan ? libc6(F.MIPS_LIB32_NAN2008) : [FLAG_ELF, FLAG_ELF_LIBC6];
    }
    case EM_RISCV: {
      const fabi = abi.e_flags & EF_RISCV_FLOAT_ABI;
      if (fabi === EF_RISCV_FLOAT_ABI_DOUBLE) return libc6(F.RISCV_FLOAT_ABI_DOUBLE);
      if (fabi === EF_RISCV_FLOAT_ABI_SOFT) return libc6(F.RISCV_FLOAT_ABI_SOFT);
      return [];
    }
    default: return [FLAG_ELF, FLAG_ELF_LIBC6];
  }
}

/**
 * The path ld.so takes from the cache for `name`: the first entry (in file order, which is
 * ldconfig's sorted order) whose key is `name`, whose flags the loader accepts and whose hwcap is 0.
 * Entries in glibc-hwcaps subdirectories (hwcap != 0) are chosen by ld.so only on a CPU that
 * supports them; a static check cannot know the CPU, and ldconfig lists the baseline library
 * beside them, so they are passed over. Null when nothing matches.
 */
export function cacheLookup(cache: LdCache, name: string, accepted: readonly number[]): string | null {
  for (const e of cache.entries) {
    if (e.key === name && e.hwcap === 0n && accepted.includes(e.flags)) return e.value;
  }
  return null;
}
