import { ElfFile } from '../../src/elf/file.js';
import { PT_DYNAMIC } from '../../src/elf/constants.js';
import { memorySource } from '../../src/bytes/source.js';
import { FatFile, MachOFile } from '../../src/macho/file.js';
import { PeFile } from '../../src/pe/file.js';

/**
 * A header, table or chain field a structure-aware mutator may rewrite: file offset and width in
 * bytes. `le` is the field's own byte order when it differs from the file's (a fat header is
 * big-endian whatever its slices are; a code signature is big-endian inside a little-endian
 * Mach-O); without it the mutator uses the byte order it is given for the whole file.
 */
export interface Field {
  offset: number;
  width: 2 | 4 | 8;
  name: string;
  le?: boolean;
}

/**
 * The fields of an ELF file that steer parsing: counts, offsets, sizes, links and chain pointers
 * (e_phnum, e_shoff, p_offset, p_filesz, sh_link, d_val, vn_next, vna_next, n_descsz, ...), found by
 * parsing the pristine file. Best effort: a structure that does not parse contributes nothing.
 */
export function elfFields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  let elf: ElfFile;
  try {
    elf = new ElfFile(memorySource(bytes));
  } catch {
    return out;
  }
  const h = elf.header;
  const w = h.class === 64 ? 8 : 4;
  const W = w as 4 | 8;
  const at = 24 + w;
  out.push({ offset: at, width: W, name: 'e_phoff' }, { offset: at + w, width: W, name: 'e_shoff' });
  out.push({ offset: at + 2 * w + 6, width: 2, name: 'e_phentsize' }, { offset: at + 2 * w + 8, width: 2, name: 'e_phnum' });
  out.push({ offset: at + 2 * w + 10, width: 2, name: 'e_shentsize' }, { offset: at + 2 * w + 12, width: 2, name: 'e_shnum' });
  out.push({ offset: at + 2 * w + 14, width: 2, name: 'e_shstrndx' });
  const tryAdd = (fn: () => void): void => {
    try {
      fn();
    } catch {
      // skip what does not parse
    }
  };
  tryAdd(() => {
    for (const p of elf.programHeaders) {
      const base = h.e_phoff + p.index * h.e_phentsize;
      const o = h.class === 64 ? { off: 8, vaddr: 16, filesz: 32 } : { off: 4, vaddr: 8, filesz: 16 };
      out.push({ offset: base, width: 4, name: `p_type[${p.index}]` });
      out.push({ offset: base + o.off, width: W, name: `p_offset[${p.index}]` });
      out.push({ offset: base + o.vaddr, width: W, name: `p_vaddr[${p.index}]` });
      out.push({ offset: base + o.filesz, width: W, name: `p_filesz[${p.index}]` });
    }
  });
  tryAdd(() => {
    for (const s of elf.sectionHeaders) {
      const base = h.e_shoff + s.index * h.e_shentsize;
      const o = h.class === 64 ? { offset: 24, size: 32, link: 40 } : { offset: 16, size: 20, link: 24 };
      out.push({ offset: base + o.offset, width: W, name: `sh_offset[${s.index}]` });
      out.push({ offset: base + o.size, width: W, name: `sh_size[${s.index}]` });
      out.push({ offset: base + o.link, width: 4, name: `sh_link[${s.index}]` });
    }
  });
  tryAdd(() => {
    const dyn = elf.segments(PT_DYNAMIC)[0];
    if (!dyn) return;
    for (const d of elf.dynamic ?? []) {
      out.push({ offset: dyn.p_offset + d.index * 2 * w + w, width: W, name: `d_val[${d.index}]` });
    }
  });
  tryAdd(() => {
    for (const v of elf.verneed) {
      out.push({ offset: v.offset + 2, width: 2, name: 'vn_cnt' }, { offset: v.offset + 4, width: 4, name: 'vn_file' });
      out.push({ offset: v.offset + 8, width: 4, name: 'vn_aux' }, { offset: v.offset + 12, width: 4, name: 'vn_next' });
      for (const a of v.aux) {
        out.push({ offset: a.offset + 6, width: 2, name: 'vna_other' }, { offset: a.offset + 8, width: 4, name: 'vna_name' });
        out.push({ offset: a.offset + 12, width: 4, name: 'vna_next' });
      }
    }
  });
  tryAdd(() => {
    for (const n of elf.notes) {
      out.push({ offset: n.offset, width: 4, name: 'n_namesz' }, { offset: n.offset + 4, width: 4, name: 'n_descsz' });
    }
  });
  return out.filter((f) => f.offset + f.width <= bytes.length);
}

// Numbers from the specifications (PE/COFF "Optional Header", loader.h, fat.h), spelled out here so
// that the fuzz suite does not lean on the parsers' internal constant tables.
const MH_MAGICS = new Set([0xfeedface, 0xcefaedfe, 0xfeedfacf, 0xcffaedfe]); // read big-endian
const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;
const LC_REQ_DYLD = 0x80000000;
const LC_SEGMENT = 0x1;
const LC_SYMTAB = 0x2;
const LC_DYSYMTAB = 0xb;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
/** Commands whose first field after cmd/cmdsize (at +8) is an lc_str offset: dylib_command, dylinker_command, rpath_command. */
const LC_STR_AT_8 = new Set([
  0xc, 0xd, 0xe, 0xf, (0x18 | LC_REQ_DYLD) >>> 0, (0x1c | LC_REQ_DYLD) >>> 0, (0x1f | LC_REQ_DYLD) >>> 0, 0x20,
  (0x23 | LC_REQ_DYLD) >>> 0,
]);
/** linkedit_data_command (dataoff at +8, datasize at +12) other than LC_CODE_SIGNATURE: LC_DYLD_CHAINED_FIXUPS. */
const LC_DYLD_CHAINED_FIXUPS = (0x34 | LC_REQ_DYLD) >>> 0;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;

function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // best effort: a structure that does not parse contributes nothing
  }
}

/**
 * The fields of a PE image or bare COFF object that steer parsing (all little-endian): e_lfanew,
 * NumberOfSections, SizeOfOptionalHeader, the symbol table pointer and count, SizeOfHeaders,
 * NumberOfRvaAndSizes, each data directory's VirtualAddress and Size, each section's
 * VirtualSize/VirtualAddress/SizeOfRawData/PointerToRawData, the import descriptors'
 * OriginalFirstThunk/Name/FirstThunk, the delay-load descriptors' Attributes/Name/
 * DelayImportNameTable, the export directory's Name/NumberOfFunctions/NumberOfNames/
 * AddressOfFunctions/AddressOfNames/AddressOfNameOrdinals, and each debug directory entry's
 * SizeOfData/AddressOfRawData/PointerToRawData; found by parsing the pristine file. Best effort.
 */
export function peFields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  let pe: PeFile;
  try {
    pe = PeFile.fromBytes(bytes);
  } catch {
    return out;
  }
  const f = (offset: number, width: 2 | 4 | 8, name: string): void => {
    out.push({ offset, width, name, le: true });
  };
  if (pe.dosHeader) f(0x3c, 4, 'e_lfanew');
  const fh = pe.fileHeader.offset;
  f(fh + 2, 2, 'NumberOfSections');
  f(fh + 8, 4, 'PointerToSymbolTable');
  f(fh + 12, 4, 'NumberOfSymbols');
  f(fh + 16, 2, 'SizeOfOptionalHeader');
  const oh = pe.optionalHeader;
  if (oh) {
    const fixed = pe.pe32plus ? 112 : 96;
    f(oh.offset + 60, 4, 'SizeOfHeaders');
    f(oh.offset + fixed - 4, 4, 'NumberOfRvaAndSizes');
    oh.DataDirectory.forEach((_, i) => {
      f(oh.offset + fixed + 8 * i, 4, `DataDirectory[${i}].VirtualAddress`);
      f(oh.offset + fixed + 8 * i + 4, 4, `DataDirectory[${i}].Size`);
    });
  }
  attempt(() => {
    const table = fh + 20 + pe.fileHeader.SizeOfOptionalHeader;
    for (const s of pe.sections) {
      const at = table + 40 * s.index;
      f(at + 8, 4, `IMAGE_SECTION_HEADER[${s.index}].VirtualSize`);
      f(at + 12, 4, `IMAGE_SECTION_HEADER[${s.index}].VirtualAddress`);
      f(at + 16, 4, `IMAGE_SECTION_HEADER[${s.index}].SizeOfRawData`);
      f(at + 20, 4, `IMAGE_SECTION_HEADER[${s.index}].PointerToRawData`);
    }
  });
  attempt(() => {
    for (const d of pe.importDescriptors) {
      f(d.offset, 4, `IMAGE_IMPORT_DESCRIPTOR[${d.index}].OriginalFirstThunk`);
      f(d.offset + 12, 4, `IMAGE_IMPORT_DESCRIPTOR[${d.index}].Name`);
      f(d.offset + 16, 4, `IMAGE_IMPORT_DESCRIPTOR[${d.index}].FirstThunk`);
    }
  });
  attempt(() => {
    for (const d of pe.delayLoadDescriptors) {
      f(d.offset, 4, `ImgDelayDescr[${d.index}].Attributes`);
      f(d.offset + 4, 4, `ImgDelayDescr[${d.index}].Name`);
      f(d.offset + 16, 4, `ImgDelayDescr[${d.index}].DelayImportNameTable`);
    }
  });
  attempt(() => {
    const e = pe.exportDirectory;
    if (!e) return;
    f(e.offset + 12, 4, 'IMAGE_EXPORT_DIRECTORY.Name');
    f(e.offset + 20, 4, 'IMAGE_EXPORT_DIRECTORY.NumberOfFunctions');
    f(e.offset + 24, 4, 'IMAGE_EXPORT_DIRECTORY.NumberOfNames');
    f(e.offset + 28, 4, 'IMAGE_EXPORT_DIRECTORY.AddressOfFunctions');
    f(e.offset + 32, 4, 'IMAGE_EXPORT_DIRECTORY.AddressOfNames');
    f(e.offset + 36, 4, 'IMAGE_EXPORT_DIRECTORY.AddressOfNameOrdinals');
  });
  attempt(() => {
    for (const d of pe.debugDirectory) {
      f(d.offset + 16, 4, `IMAGE_DEBUG_DIRECTORY[${d.index}].SizeOfData`);
      f(d.offset + 20, 4, `IMAGE_DEBUG_DIRECTORY[${d.index}].AddressOfRawData`);
      f(d.offset + 24, 4, `IMAGE_DEBUG_DIRECTORY[${d.index}].PointerToRawData`);
    }
  });
  return out.filter((x) => x.offset + x.width <= bytes.length);
}

/** The steering fields of one thin Mach-O image that starts at `base` in the file (a fat slice, or 0). */
function machoImageFields(m: MachOFile, base: number, tag: string, out: Field[]): void {
  const le = m.header.littleEndian;
  const f = (offset: number, width: 2 | 4 | 8, name: string, fieldLe = le): void => {
    out.push({ offset: base + offset, width, name: `${tag}${name}`, le: fieldLe });
  };
  f(16, 4, 'ncmds');
  f(20, 4, 'sizeofcmds');
  let lcs;
  try {
    lcs = m.loadCommands;
  } catch {
    return;
  }
  for (const lc of lcs) {
    const at = lc.offset;
    const n = `load_command[${lc.index}]`;
    f(at, 4, `${n}.cmd`);
    f(at + 4, 4, `${n}.cmdsize`);
    if (LC_STR_AT_8.has(lc.cmd) && lc.cmdsize >= 12) f(at + 8, 4, `${n}.lc_str`);
    if (lc.cmd === LC_SEGMENT && lc.cmdsize >= 56) {
      f(at + 32, 4, `${n}.fileoff`);
      f(at + 36, 4, `${n}.filesize`);
      f(at + 48, 4, `${n}.nsects`);
    } else if (lc.cmd === LC_SEGMENT_64 && lc.cmdsize >= 72) {
      f(at + 40, 8, `${n}.fileoff`);
      f(at + 48, 8, `${n}.filesize`);
      f(at + 64, 4, `${n}.nsects`);
    } else if ((lc.cmd === LC_CODE_SIGNATURE || lc.cmd === LC_DYLD_CHAINED_FIXUPS) && lc.cmdsize >= 16) {
      f(at + 8, 4, `${n}.dataoff`);
      f(at + 12, 4, `${n}.datasize`);
    } else if (lc.cmd === LC_SYMTAB && lc.cmdsize >= 24) {
      f(at + 8, 4, `${n}.symoff`);
      f(at + 12, 4, `${n}.nsyms`);
      f(at + 16, 4, `${n}.stroff`);
      f(at + 20, 4, `${n}.strsize`);
    } else if (lc.cmd === LC_DYSYMTAB && lc.cmdsize >= 80) {
      f(at + 24, 4, `${n}.iundefsym`);
      f(at + 28, 4, `${n}.nundefsym`);
    }
  }
  // The embedded signature is big-endian (cs_blobs.h) whatever the image's byte order.
  attempt(() => {
    const cs = m.codeSignatureCommand;
    if (!cs || cs.dataoff + 12 > m.source.size) return;
    const head = m.source.read(cs.dataoff, 12);
    if (new DataView(head.buffer, head.byteOffset, 12).getUint32(0, false) !== CSMAGIC_EMBEDDED_SIGNATURE) return;
    f(cs.dataoff + 4, 4, 'CS_SuperBlob.length', false);
    f(cs.dataoff + 8, 4, 'CS_SuperBlob.count', false);
  });
}

/**
 * The fields of a Mach-O or fat file that steer parsing. Thin image (in its own byte order):
 * ncmds, sizeofcmds, each load command's cmd and cmdsize, lc_str offsets (dylib, dylinker and
 * rpath names), LC_SEGMENT(_64) fileoff/filesize/nsects, LC_CODE_SIGNATURE and
 * LC_DYLD_CHAINED_FIXUPS dataoff/datasize, LC_SYMTAB symoff/nsyms/stroff/strsize, LC_DYSYMTAB
 * iundefsym/nundefsym, and the code signature's SuperBlob length/count (big-endian). Fat file
 * (big-endian): nfat_arch and each fat_arch's cputype/offset/size, then the fields of every slice
 * that parses, at their file offsets. Every field carries its own `le`. Best effort.
 */
export function machoFields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  if (bytes.length < 8) return out;
  const magic = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  if (magic === FAT_MAGIC || magic === FAT_MAGIC_64) {
    let fat: FatFile;
    try {
      fat = FatFile.fromBytes(bytes);
    } catch {
      return out;
    }
    const wide = magic === FAT_MAGIC_64;
    const ent = wide ? 32 : 20;
    out.push({ offset: 4, width: 4, name: 'nfat_arch', le: false });
    fat.archs.forEach((a, i) => {
      const at = 8 + i * ent;
      out.push({ offset: at, width: 4, name: `fat_arch[${i}].cputype`, le: false });
      out.push({ offset: at + 8, width: wide ? 8 : 4, name: `fat_arch[${i}].offset`, le: false });
      out.push({ offset: wide ? at + 16 : at + 12, width: wide ? 8 : 4, name: `fat_arch[${i}].size`, le: false });
      attempt(() => machoImageFields(fat.slice(i), a.offset, `slice[${i}].`, out));
    });
  } else if (MH_MAGICS.has(magic)) {
    attempt(() => machoImageFields(MachOFile.fromBytes(bytes), 0, '', out));
  }
  return out.filter((x) => x.offset + x.width <= bytes.length);
}

/**
 * The steering fields of any file binspect reads, by its magic: ELF, PE (`MZ`), Mach-O or fat;
 * anything else is tried as a bare COFF object. Every field carries its byte order (`le`).
 */
export function fieldsOf(bytes: Uint8Array): Field[] {
  if (bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    const le = bytes[5] !== 2;
    return elfFields(bytes).map((f) => ({ ...f, le: f.le ?? le }));
  }
  if (bytes.length >= 2 && bytes[0] === 0x4d && bytes[1] === 0x5a) return peFields(bytes);
  const macho = machoFields(bytes);
  return macho.length ? macho : peFields(bytes);
}
