import { view } from '../bytes/view.js';
import { SHN_UNDEF } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { symFieldOffsets } from '../elf/symbol.js';

/**
 * Names of the dynamic symbols the file imports: entries of the dynamic symbol table with
 * `st_shndx` SHN_UNDEF (gABI "Symbol Table"), entry 0 excluded, weak ones included, in table
 * order; [] without a dynamic symbol table. A gate field (auditwheel's symbol blacklist reads it),
 * computed only when selected. Reads the table in one range and only `st_name`/`st_shndx` of each
 * entry, then the names of the undefined ones. Throws BinspectError (TRUNCATED, OUT_OF_BOUNDS,
 * LIMIT) on a table or name past the file or the limits.
 */
export function undefinedSymbols(elf: ElfFile): string[] {
  elf.checkExtent();
  const tab = elf.dynamicSymbolTable;
  const n = elf.dynamicSymbolCount ?? 0;
  if (!tab || n <= 1) return [];
  const h = elf.header;
  const v = view(elf.source, tab.offset, n * tab.entsize, h.littleEndian, { format: 'elf', structure: h.class === 64 ? 'Elf64_Sym[]' : 'Elf32_Sym[]' });
  const at = symFieldOffsets(h.class);
  const out: string[] = [];
  for (let i = 1; i < n; i++) {
    const base = i * tab.entsize;
    if (v.u16(base + at.st_shndx) === SHN_UNDEF) out.push(elf.dynString(v.u32(base + at.st_name), 'st_name'));
  }
  return out;
}
