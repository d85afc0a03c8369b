import { view } from '../bytes/view.js';
import {
  GNU_ABI_TAG_OS, NT_FDO_PACKAGING_METADATA, NT_GNU, NT_GNU_ABI_TAG, NT_GNU_BUILD_ID, NT_GO_BUILD_ID, PT_NOTE, SHT_NOTE,
  nameOf,
} from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { type Note, readNotes } from '../elf/note.js';
import { TOOL } from '../macho/constants.js';
import type { MachOFile } from '../macho/file.js';
import { formatVersion } from '../macho/version.js';
import type { PeFile } from '../pe/file.js';
import { richProductName } from '../pe/richnames.js';
import { commentStrings } from '../provenance/comment.js';
import { type PackageMetadata, parsePackageMetadata } from '../provenance/package.js';
import { parseCargoAuditable, type RustDependencies } from '../provenance/rust.js';
import { namedSections, sectionNamed } from './hardening.js';

/**
 * A tool that made the file (`compilers` in docs/report.md): from the ELF `.comment` section (`tool`
 * the whole identification string, e.g. `GCC: (Debian 12.2.0-14) 12.2.0`), the PE Rich header
 * (`tool` the product, `Utc1900_C`, or `prodid 0x0110` past the named ids; `version` the build
 * number, `count` the objects it made), or a Mach-O
 * LC_BUILD_VERSION tool (`tool` `clang`, `swift`, `ld`, `lld`, ... or `tool N`, `version` x.y[.z]).
 */
export interface Compiler {
  source: '.comment' | 'rich' | 'LC_BUILD_VERSION';
  tool: string;
  version: string | null;
  count: number | null;
}

/** Cap on the compressed `.dep-v0` bytes read (`LIMIT` past the inflated cap anyway). */
const MAX_DEP = 8 << 20;

/** Cap on the `.comment` bytes read (a real one is under 1 KiB). */
const MAX_COMMENT = 64 * 1024;

/** ELF `compilers`: the distinct `.comment` strings in file order; [] without the section. */
export function elfCompilers(e: ElfFile): Compiler[] {
  const s = sectionNamed(e, '.comment');
  if (!s) return [];
  const v = view(e.source, s.sh_offset, Math.min(s.sh_size, MAX_COMMENT), e.header.littleEndian, { format: 'elf', structure: '.comment' });
  return commentStrings(v.bytes).map((tool) => ({ source: '.comment', tool, version: null, count: null }));
}

/**
 * PE `compilers`: the Rich header's records in file order, `tool` the product's name where the
 * published table has it (`Utc1900_CPP`, `Linker1400`, ...), else `prodid 0xNNNN`; [] without one.
 */
export function peCompilers(f: PeFile): Compiler[] {
  const rich = f.richHeader;
  if (!rich) return [];
  return rich.entries.map((r) => ({
    source: 'rich', tool: richProductName(r.productId) ?? `prodid 0x${r.productId.toString(16).padStart(4, '0')}`, version: String(r.build), count: r.count,
  }));
}

/** Mach-O `compilers`: the tools of every LC_BUILD_VERSION; [] without. */
export function machoCompilers(m: MachOFile): Compiler[] {
  return m.buildVersions.flatMap((b) => b.tools.map((t) => ({
    source: 'LC_BUILD_VERSION' as const,
    tool: nameOf(TOOL, t.tool)?.replace(/^TOOL_/, '').toLowerCase() ?? `tool ${t.tool}`,
    version: formatVersion(t.version),
    count: null,
  })));
}

/**
 * Every note of the file: those of PT_NOTE segments (what ElfFile reads), then those of SHT_NOTE
 * sections that no PT_NOTE covers (a note added by `objcopy --add-section` is in no segment).
 */
export function allNotes(e: ElfFile): Note[] {
  const notes = [...e.notes];
  const phdrs = e.programHeaders;
  if (e.header.e_shoff === 0 || phdrs.length === 0) return notes;
  const segs = phdrs.filter((p) => p.p_type === PT_NOTE);
  for (const { shdr } of namedSections(e)) {
    if (shdr.sh_type !== SHT_NOTE || shdr.sh_size === 0) continue;
    const inside = segs.some((p) => p.p_offset <= shdr.sh_offset && shdr.sh_offset + shdr.sh_size <= p.p_offset + p.p_filesz);
    if (!inside) {
      notes.push(...readNotes(e.source, e.header, shdr.sh_offset, shdr.sh_size, Number(shdr.sh_addralign), e.limits.maxNotes - notes.length));
    }
  }
  return notes;
}

/** ELF `package`: the `.note.package` (FDO packaging metadata) JSON object, or null. */
export function elfPackage(e: ElfFile): PackageMetadata | null {
  const n = allNotes(e).find((x) => x.name === 'FDO' && x.n_type === NT_FDO_PACKAGING_METADATA);
  return n ? parsePackageMetadata(n.desc.bytes, { format: 'elf', offset: n.offset }) : null;
}

/** A note as the report lists it: owner, type, the type's name where known, and a short decoded value. */
export interface NoteInfo {
  owner: string;
  type: number;
  /** The type's constant name (`NT_GNU_ABI_TAG`, `NT_GO_BUILD_ID`, ...), null when unknown. */
  name: string | null;
  /** ABI tag `linux 3.2.0`, a build id (hex or Go's string), an ident version; null for the others. */
  value: string | null;
}

/** Note types by owner (elf.h; FreeBSD sys/elf_common.h; NetBSD, OpenBSD, Android and Go ident notes). */
const NOTE_NAMES: Record<string, ReadonlyArray<readonly [number, string]>> = {
  Go: [[NT_GO_BUILD_ID, 'NT_GO_BUILD_ID']],
  FDO: [[NT_FDO_PACKAGING_METADATA, 'NT_FDO_PACKAGING_METADATA']],
  Android: [[1, 'NT_ANDROID_TYPE_IDENT'], [4, 'NT_ANDROID_TYPE_KUSER'], [5, 'NT_ANDROID_TYPE_MEMTAG']],
  FreeBSD: [[1, 'NT_FREEBSD_ABI_TAG'], [2, 'NT_FREEBSD_NOINIT_TAG'], [3, 'NT_FREEBSD_ARCH_TAG'], [4, 'NT_FREEBSD_FEATURE_CTL']],
  NetBSD: [[1, 'NT_NETBSD_IDENT'], [5, 'NT_NETBSD_MARCH']],
  PaX: [[3, 'NT_NETBSD_PAX']],
  OpenBSD: [[1, 'NT_OPENBSD_IDENT']],
};

const latin1 = new TextDecoder('latin1');
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function noteValue(n: Note): string | null {
  const d = n.desc;
  if (n.name === 'GNU' && n.n_type === NT_GNU_ABI_TAG && d.length >= 16) {
    return `${nameOf(GNU_ABI_TAG_OS, d.u32(0)) ?? `os ${d.u32(0)}`} ${d.u32(4)}.${d.u32(8)}.${d.u32(12)}`;
  }
  if (n.name === 'GNU' && n.n_type === NT_GNU_BUILD_ID) return hex(d.bytes);
  if (n.name === 'Go' && n.n_type === NT_GO_BUILD_ID) return latin1.decode(d.bytes).replace(/\0+$/, '');
  if ((n.name === 'Android' || n.name === 'FreeBSD' || n.name === 'NetBSD' || n.name === 'OpenBSD') && n.n_type === 1 && d.length >= 4) {
    return String(d.u32(0));
  }
  return null;
}

/** ELF `notes`: every note in file order, named where binspect knows the owner's types. */
export function elfNotes(e: ElfFile): NoteInfo[] {
  return allNotes(e).map((n) => ({
    owner: n.name,
    type: n.n_type,
    name: n.name === 'GNU' ? nameOf(NT_GNU, n.n_type) ?? null : NOTE_NAMES[n.name]?.find(([t]) => t === n.n_type)?.[1] ?? null,
    value: noteValue(n),
  }));
}

/** ELF `rust`: the `.dep-v0` section (cargo-auditable), or null. */
export function elfRust(e: ElfFile): RustDependencies | null {
  const s = sectionNamed(e, '.dep-v0');
  if (!s) return null;
  const v = view(e.source, s.sh_offset, Math.min(s.sh_size, MAX_DEP), true, { format: 'elf', structure: '.dep-v0' });
  return parseCargoAuditable(v.bytes, { format: 'elf', offset: s.sh_offset });
}

/** PE `rust`: the `.dep-v0` section's raw data, or null. */
export function peRust(f: PeFile): RustDependencies | null {
  const s = f.optionalHeader === null ? undefined : f.sections.find((x) => x.Name === '.dep-v0');
  if (!s) return null;
  const n = Math.min(s.SizeOfRawData, s.VirtualSize || s.SizeOfRawData, MAX_DEP);
  const v = view(f.source, s.PointerToRawData, n, true, { format: f.format, structure: '.dep-v0' });
  return parseCargoAuditable(v.bytes, { format: f.format, offset: s.PointerToRawData });
}

/** Mach-O `rust`: the `__dep_v0` section, or null. */
export function machoRust(m: MachOFile): RustDependencies | null {
  const s = m.segments.flatMap((g) => g.sections).find((x) => x.sectname === '__dep_v0');
  if (!s) return null;
  const n = Math.min(Number(s.size), MAX_DEP);
  const v = view(m.source, s.offset, n, true, { format: 'macho', structure: '__dep_v0' });
  return parseCargoAuditable(v.bytes, { format: 'macho', offset: s.offset });
}
