import { DT_GNU_HASH, DT_HASH, EM_ALPHA, ET_DYN, ET_EXEC, SHT_DYNAMIC, SHT_GNU_verdef, SHT_GNU_verneed, VER_FLG_BASE } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';

/**
 * Requires and provides in the notation of rpm's dependency generator `elfdeps` (rpm 4.18,
 * tools/elfdeps.c), which distro packagers compare with:
 * - only ET_EXEC and ET_DYN files have any; the marker is `(64bit)` for ELFCLASS64 (except Alpha),
 *   none for ELFCLASS32; a dependency is `name(version)marker`, or `name()marker` without a
 *   version, or the bare name when there is neither (a 32-bit unversioned need: `libc.so.6`);
 * - provides: each Verdef's first name other than the base one as `soname(VERSION)`, where soname
 *   is the base Verdef's (VER_FLG_BASE) name; DT_SONAME itself for a shared object without
 *   DT_DEBUG (a PIE has DT_DEBUG), the file's basename when it has no DT_SONAME;
 * - requires, for files with an execute permission bit and for files without PT_INTERP (what
 *   Debian's rpm 4.18.0 does: a program without an execute bit has none): every Vernaux as `file(VERSION)`,
 *   every DT_NEEDED as `name()`, and `rtld(GNU_HASH)` when there is DT_GNU_HASH but no DT_HASH;
 * - sonames that do not contain `.so` or start with neither `lib` nor `ld.`/`ld-` are left out
 *   (elfdeps' `skipSoname`, on by default);
 * - like elfdeps, the dynamic table and version tables are found through section headers
 *   (SHT_DYNAMIC, SHT_GNU_verdef, SHT_GNU_verneed): a file without them yields only the basename
 *   provide of a shared object.
 */
export interface ElfDeps {
  requires: string[];
  provides: string[];
}

/** DT_DEBUG (gABI): present in executables, which is how elfdeps tells a PIE from a library. */
const DT_DEBUG = 21;
/** gABI's EM_ALPHA (41; glibc calls it EM_FAKE_ALPHA): no (64bit) marker either. */
const EM_FAKE_ALPHA = 41;

/** elfdeps' `skipSoname`: true for names it leaves out. */
export function skipSoname(name: string): boolean {
  if (name.trim() === '') return true;
  if (!name.includes('.so')) return true;
  return !(name.startsWith('lib') || name.startsWith('ld.') || name.startsWith('ld-'));
}

/**
 * The requires and provides of `elf` (its path `path` gives the basename provide; `executable`
 * says whether the file has an execute bit, as elfdeps reads from its mode). Each list in
 * elfdeps' order with duplicates removed. Throws `BinspectError` for corrupt dynamic or version
 * tables.
 */
export function elfDeps(elf: ElfFile, path: string, executable: boolean): ElfDeps {
  const h = elf.header;
  const requires: string[] = [];
  const provides: string[] = [];
  if (h.e_type !== ET_DYN && h.e_type !== ET_EXEC) return { requires, provides };
  const marker = h.class === 64 && h.e_machine !== EM_ALPHA && h.e_machine !== EM_FAKE_ALPHA ? '(64bit)' : '';
  const dep = (name: string, ver: string | null): string => (ver !== null || marker !== '' ? `${name}(${ver ?? ''})${marker}` : name);
  const types = new Set(elf.sectionHeaders.map((s) => s.sh_type));
  const isDSO = h.e_type === ET_DYN;
  if (types.has(SHT_GNU_verdef)) {
    let soname: string | null = null;
    for (const d of elf.verdef) {
      if (d.aux.length === 0) continue;
      if (d.vd_flags & VER_FLG_BASE) soname = d.aux[0]!.name;
      else if (soname !== null && !skipSoname(soname)) provides.push(dep(soname, d.aux[0]!.name));
    }
  }
  const hasDyn = types.has(SHT_DYNAMIC);
  const debug = hasDyn && elf.dynValue(DT_DEBUG) !== null;
  // rpm 4.18 generates requires for files with an execute bit and for every file without
  // PT_INTERP (a plain library), whatever its mode (checked against Debian's rpm 4.18.0).
  const requiring = executable || elf.interpreter === null;
  if (types.has(SHT_GNU_verneed) && requiring) {
    for (const v of elf.verneed) if (!skipSoname(v.file)) for (const a of v.aux) requires.push(dep(v.file, a.name));
  }
  const soname = hasDyn ? elf.soname : null;
  if (hasDyn && requiring) {
    for (const n of elf.needed) if (!skipSoname(n)) requires.push(dep(n, null));
    if (elf.dynValue(DT_GNU_HASH) !== null && elf.dynValue(DT_HASH) === null) requires.push('rtld(GNU_HASH)');
  }
  if (isDSO && !debug) {
    const name = soname ?? path.slice(path.lastIndexOf('/') + 1);
    if (!skipSoname(name)) provides.push(dep(name, null));
  }
  return { requires: [...new Set(requires)], provides: [...new Set(provides)] };
}
