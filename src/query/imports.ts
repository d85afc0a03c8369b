import type { ElfFile } from '../elf/file.js';
import { SHN_UNDEF } from '../elf/constants.js';

/**
 * Names of the dynamic symbols the file imports: entries of the dynamic symbol table with
 * `st_shndx` SHN_UNDEF (gABI "Symbol Table"), entry 0 excluded, weak ones included, in table
 * order; [] without a dynamic symbol table. A gate field (auditwheel's symbol blacklist reads it),
 * computed only when selected. Reads the table as one range (`dynamicSymbolFields`), then the
 * names of the undefined entries. Throws BinspectError (TRUNCATED, OUT_OF_BOUNDS, LIMIT) on a
 * table or name past the file or the limits.
 */
export function undefinedSymbols(elf: ElfFile): string[] {
  elf.checkExtent();
  const syms = elf.dynamicSymbolFields(true);
  if (!syms) return [];
  const out: string[] = [];
  for (let i = 1; i < syms.count; i++) if (syms.st_shndx(i) === SHN_UNDEF) out.push(elf.dynString(syms.st_name(i), 'st_name'));
  return out;
}
