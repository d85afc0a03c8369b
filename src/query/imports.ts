import { SHN_UNDEF } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';

/**
 * Names of the dynamic symbols the file imports: entries of the dynamic symbol table with
 * `st_shndx` SHN_UNDEF (gABI "Symbol Table"), entry 0 excluded, weak ones included, in table
 * order; [] without a dynamic symbol table. A gate field (auditwheel's symbol blacklist reads it),
 * computed only when selected: it reads every dynamic symbol and its name.
 */
export function undefinedSymbols(elf: ElfFile): string[] {
  elf.checkExtent();
  const n = elf.dynamicSymbolCount ?? 0;
  const out: string[] = [];
  for (let i = 1; i < n; i++) {
    const s = elf.dynamicSymbol(i);
    if (s.st_shndx === SHN_UNDEF) out.push(elf.symbolName(s));
  }
  return out;
}
