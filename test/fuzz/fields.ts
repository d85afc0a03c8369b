import { ElfFile } from '../../src/elf/file.js';
import { PT_DYNAMIC } from '../../src/elf/constants.js';
import { memorySource } from '../../src/bytes/source.js';

/** A header, table or chain field a structure-aware mutator may rewrite: file offset and width in bytes. */
export interface Field {
  offset: number;
  width: 2 | 4 | 8;
  name: string;
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
