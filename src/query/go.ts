import { PF_W, PF_X, PT_LOAD, SHF_WRITE, SHT_PROGBITS } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import type { MachOFile } from '../macho/file.js';
import type { PeFile } from '../pe/file.js';
import { type GoBuildInfo, type GoImage, readGoBuildInfo } from '../provenance/go.js';

/** A mapped file range: `length` bytes from `offset`, at most `max`, ending where the mapping ends. */
function clip(offset: number, from: bigint, end: bigint, max: number): { offset: number; length: number } {
  const left = end - from;
  return { offset, length: left < BigInt(max) ? Number(left) : max };
}

/**
 * ELF: the `.go.buildinfo` section's address when section headers name one; without (readable)
 * section headers, the first PT_LOAD that is writable and not executable (Go 1.19 `elfExe`).
 * With section headers and no `.go.buildinfo` the file is not Go: Go's linker has named the
 * section since the blob exists (Go 1.13), and this spares a 64 KiB search of every C program's
 * data. Addresses map through PT_LOAD file images.
 */
export function elfGoImage(e: ElfFile): GoImage {
  const loads = e.programHeaders.filter((p) => p.p_type === PT_LOAD && p.p_filesz > 0);
  let dataStart: bigint | null = null;
  let sections = false;
  if (e.header.e_shoff !== 0) {
    try {
      const shdrs = e.sectionHeaders;
      sections = shdrs.length > 0;
      // Only writable PROGBITS sections are candidates: fewer names to read.
      const s = shdrs.find((x) => x.sh_type === SHT_PROGBITS && (x.sh_flags & SHF_WRITE) !== 0n && x.sh_size > 0 &&
        e.sectionName(x) === '.go.buildinfo');
      if (s) dataStart = s.sh_addr;
    } catch {
      sections = false; // unreadable section headers: the loader's view (segments) decides
    }
  }
  if (!sections) {
    const p = e.programHeaders.find((x) => x.p_type === PT_LOAD && (x.p_flags & (PF_X | PF_W)) === PF_W);
    if (p) dataStart = p.p_vaddr;
  }
  return {
    source: e.source, format: 'elf', dataStart,
    map(addr, max) {
      for (const p of loads) {
        const v = p.p_vaddr;
        const end = v + BigInt(p.p_filesz);
        if (v <= addr && addr < end) return clip(p.p_offset + Number(addr - v), addr, end, max);
      }
      return null;
    },
  };
}

/** IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE, compared with the IMAGE_SCN_ALIGN_32BYTES bits cleared, as Go 1.19's `peExe` does. */
const PE_DATA = 0xc0000040;
const PE_ALIGN_32 = 0x00600000;

/** PE: the first section that is initialized read-write data (Go's `.data`); RVAs map through the sections' raw data. */
export function peGoImage(f: PeFile): GoImage {
  const base = f.imageBase;
  const sections = f.optionalHeader === null ? [] : f.sections;
  const d = sections.find((s) => s.VirtualAddress !== 0 && s.SizeOfRawData !== 0 && ((s.Characteristics & ~PE_ALIGN_32) >>> 0) === PE_DATA);
  return {
    source: f.source, format: f.format, dataStart: d ? base + BigInt(d.VirtualAddress) : null,
    map(addr, max) {
      const rva = addr - base;
      for (const s of sections) {
        const v = BigInt(s.VirtualAddress);
        const end = v + BigInt(s.SizeOfRawData);
        if (v <= rva && rva < end) return clip(s.PointerToRawData + Number(rva - v), rva, end, max);
      }
      return null;
    },
  };
}

/** VM_PROT_READ | VM_PROT_WRITE. */
const RW = 3;

/** Mach-O: the `__go_buildinfo` section, else the first read-write segment (initprot and maxprot); addresses map through segments, `__PAGEZERO` skipped. */
export function machoGoImage(f: MachOFile): GoImage {
  const segs = f.segments;
  let dataStart: bigint | null = null;
  for (const s of segs) {
    const sec = s.sections.find((x) => x.sectname === '__go_buildinfo');
    if (sec) {
      dataStart = sec.addr;
      break;
    }
  }
  dataStart ??= segs.find((s) => s.vmaddr !== 0n && s.filesize !== 0 && s.initprot === RW && s.maxprot === RW)?.vmaddr ?? null;
  return {
    source: f.source, format: 'macho', dataStart,
    map(addr, max) {
      for (const s of segs) {
        if (s.segname === '__PAGEZERO' || s.filesize === 0) continue;
        const end = s.vmaddr + BigInt(s.filesize);
        if (s.vmaddr <= addr && addr < end) return clip(s.fileoff + Number(addr - s.vmaddr), addr, end, max);
      }
      return null;
    },
  };
}

/**
 * ELF: whether the file may hold Go build info, from the notes every report reads already: Go's
 * linker writes its build-ID note (`.note.go.buildid`) unless `-buildid=` empties it, and writes
 * no GNU build-ID note unless an external linker or `-B` does. A file with a GNU build-ID note and
 * no Go note is thus taken for not Go without reading its section headers or data (which would
 * cost every C program a read at the end of the file); a Go program linked externally with
 * `-ldflags=-buildid=` is the one miss.
 */
export function mayBeGo(e: ElfFile): boolean {
  return e.goBuildId !== null || e.buildId === null;
}

/** The `go` field per format: Go build info or null. */
export const elfGo = (e: ElfFile): GoBuildInfo | null => (mayBeGo(e) ? readGoBuildInfo(elfGoImage(e)) : null);
export const peGo = (f: PeFile): GoBuildInfo | null => readGoBuildInfo(peGoImage(f));
export const machoGo = (f: MachOFile): GoBuildInfo | null => readGoBuildInfo(machoGoImage(f));
