import { BinspectError } from '../errors.js';
import { STB_WEAK, VERSYM_HIDDEN, VERSYM_VERSION, SHN_UNDEF } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { compareVersions, maxVersion, splitVersionName } from './version.js';

/** One DT_NEEDED file and the version names needed from it (Vernaux chain order). */
export interface VersionRequirement {
  file: string;
  versions: string[];
}

/** A dynamic symbol bound to a needed version (docs/report.md `symbolVersions`). */
export interface SymbolVersion {
  symbol: string;
  version: string;
  file: string;
  /** STB_WEAK binding. */
  weak: boolean;
  /** VERSYM_HIDDEN bit of its versym entry. */
  hidden: boolean;
  /** st_shndx != SHN_UNDEF: a copy-relocated data object (stdout, environ) still needs the version. */
  defined: boolean;
}

/** What sets the floor: a symbol at the floor version, or an ABI marker (`symbol` null). */
export interface FloorSymbol {
  symbol: string | null;
  version: string;
  file: string;
}

/**
 * `GLIBC_ABI_*` markers: version nodes that name an ABI feature, not a release, and the first
 * upstream glibc release that provides each.
 */
export const GLIBC_ABI_MARKERS: ReadonlyMap<string, { release: string; source: string }> = new Map([
  // glibc 2.36 NEWS: "Support for DT_RELR relative relocation format has been added" — elf/Versions
  // defines GLIBC_ABI_DT_RELR in ld.so, and binutils 2.38+ adds the dependency with -z pack-relative-relocs.
  ['GLIBC_ABI_DT_RELR', { release: '2.36', source: 'glibc 2.36 NEWS; elf/Versions (ld: GLIBC_ABI_DT_RELR)' }],
  // glibc 2.43: ld.so defines GLIBC_ABI_GNU2_TLS for the fixed TLS descriptor ABI (BZ #31372);
  // backported to some distribution 2.41/2.42 builds (docs/glibc.md).
  ['GLIBC_ABI_GNU2_TLS', { release: '2.43', source: 'glibc 2.43 NEWS; sysdeps/x86/Versions (ld: GLIBC_ABI_GNU2_TLS)' }],
  // glibc 2.43: ld.so defines GLIBC_ABI_DT_X86_64_PLT for DT_X86_64_PLT/-z mark-plt (binutils 2.43);
  // backported to some distribution 2.41/2.42 builds (docs/glibc.md).
  ['GLIBC_ABI_DT_X86_64_PLT', { release: '2.43', source: 'glibc 2.43 NEWS; sysdeps/x86_64/Versions (ld: GLIBC_ABI_DT_X86_64_PLT)' }],
]);

const GLIBC_RELEASE = /^GLIBC_([0-9]+(?:\.[0-9]+)*)$/;
const releases = new Map<string, string | null>();

/** The release of a `GLIBC_x.y[.z]` node name (`GLIBC_2.34` → `2.34`), else null; memoized, as every file repeats the same few names. */
function glibcRelease(name: string): string | null {
  let r = releases.get(name);
  if (r === undefined) {
    r = GLIBC_RELEASE.exec(name)?.[1] ?? null;
    if (releases.size < 4096) releases.set(name, r);
  }
  return r;
}

/** DT_VERNEED as `[{file, versions}]` ([] without DT_VERNEED). */
export function versionRequirements(elf: ElfFile): VersionRequirement[] {
  elf.checkExtent();
  return elf.verneed.map((v) => ({ file: v.file, versions: v.aux.map((a) => a.name) }));
}

/** Highest `GLIBC_x.y[.z]` among all Vernaux names (weak included; GLIBC_PRIVATE is not a version), or null. */
export function glibcMax(elf: ElfFile): string | null {
  elf.checkExtent();
  let max: string | null = null;
  for (const v of elf.verneed) for (const a of v.aux) {
    const release = glibcRelease(a.name);
    if (release !== null) max = maxVersion(max, release);
  }
  return max;
}

/**
 * The lowest glibc release providing every `GLIBC_*` node needed: `glibcMax` raised by the
 * `GLIBC_ABI_*` markers. Throws `UNSUPPORTED` on an unknown marker (the floor is then unknown).
 */
export function glibcFloor(elf: ElfFile): string | null {
  let floor = glibcMax(elf);
  for (const v of elf.verneed) for (const a of v.aux) {
    if (!a.name.startsWith('GLIBC_ABI_')) continue;
    const marker = GLIBC_ABI_MARKERS.get(a.name);
    if (!marker) {
      throw new BinspectError('UNSUPPORTED', 'elf', 'Elf_Vernaux', a.offset, `unknown glibc ABI marker ${a.name}`);
    }
    floor = maxVersion(floor, marker.release);
  }
  return floor;
}

/** Highest needed version per namespace (docs/report.md `maxVersions`). */
export function maxVersions(elf: ElfFile): Record<string, string> {
  elf.checkExtent();
  const out: Record<string, string> = {};
  for (const v of elf.verneed) for (const a of v.aux) {
    const s = splitVersionName(a.name);
    if (s) out[s[0]] = maxVersion(out[s[0]] ?? null, s[1])!;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Dynamic symbols whose versym index names a Vernaux, in symbol-table order; `only` restricts the
 * scan to those Vernaux indices (vna_other). Reads the versym table once and only the symbols that
 * match (so the floor's symbols cost a few hundred bytes each, not the whole .dynsym).
 */
export function symbolVersions(elf: ElfFile, only?: ReadonlySet<number>): SymbolVersion[] {
  elf.checkExtent();
  const needed = new Map<number, { version: string; file: string }>();
  for (const v of elf.verneed) for (const a of v.aux) {
    if (!only || only.has(a.vna_other)) needed.set(a.vna_other, { version: a.name, file: v.file });
  }
  const versym = elf.versym;
  if (needed.size === 0 || !versym) return [];
  // Every entry is visited when all needed versions are asked for: one read of the whole table.
  const syms = elf.dynamicSymbolFields(!only);
  const out: SymbolVersion[] = [];
  for (let i = 1; i < versym.count; i++) {
    const raw = versym.get(i);
    const hit = needed.get(raw & VERSYM_VERSION);
    if (!hit) continue;
    if (!syms || i >= syms.count) throw new TypeError(`no dynamic symbol ${i}`);
    out.push({
      symbol: elf.dynString(syms.st_name(i), 'st_name'), version: hit.version, file: hit.file, weak: syms.bind(i) === STB_WEAK,
      hidden: (raw & VERSYM_HIDDEN) !== 0, defined: syms.st_shndx(i) !== SHN_UNDEF,
    });
  }
  return out;
}

/**
 * What sets `glibcFloor`: every symbol bound to a `GLIBC_x.y` node equal to the floor, and every
 * ABI marker whose release equals it (`symbol` null). A floor-setting node that no symbol uses is
 * listed with `symbol` null. Null when the floor is null.
 */
export function glibcFloorSymbols(elf: ElfFile): FloorSymbol[] | null {
  const floor = glibcFloor(elf);
  if (floor === null) return null;
  const out: FloorSymbol[] = [];
  const nodes = new Set<number>();
  const unused = new Map<number, FloorSymbol>();
  for (const v of elf.verneed) for (const a of v.aux) {
    const marker = GLIBC_ABI_MARKERS.get(a.name);
    if (marker && compareVersions(marker.release, floor) === 0) out.push({ symbol: null, version: a.name, file: v.file });
    const release = glibcRelease(a.name);
    if (release !== null && compareVersions(release, floor) === 0) {
      nodes.add(a.vna_other);
      unused.set(a.vna_other, { symbol: null, version: a.name, file: v.file });
    }
  }
  if (nodes.size === 0) return out;
  const syms: FloorSymbol[] = [];
  for (const s of symbolVersions(elf, nodes)) {
    syms.push({ symbol: s.symbol, version: s.version, file: s.file });
    for (const [k, u] of unused) if (u.version === s.version && u.file === s.file) unused.delete(k);
  }
  return [...out, ...syms, ...unused.values()];
}
