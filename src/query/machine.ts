import {
  EM, EM_386, EM_68K, EM_AARCH64, EM_ALPHA, EM_ARM, EM_IA_64, EM_LOONGARCH, EM_MIPS, EM_PARISC, EM_PPC, EM_PPC64,
  EM_RISCV, EM_S390, EM_SH, EM_SPARC, EM_SPARC32PLUS, EM_SPARCV9, EM_X86_64, ET_CORE, ET_DYN, ET_EXEC, ET_REL,
  DF_1_PIE, nameOf,
} from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';

type Namer = (cls: 32 | 64, le: boolean) => string;
const byEndian = (little: string, big: string): Namer => (_c, le) => (le ? little : big);
const byClass = (n32: string, n64: string): Namer => (c) => (c === 64 ? n64 : n32);
const fixed = (n: string): Namer => () => n;

/** `machine` names (docs/vocabulary.md) for ELF, by e_machine (then class and endianness). */
const ELF_MACHINE = new Map<number, Namer>([
  [EM_386, fixed('i386')],
  [EM_X86_64, fixed('x86_64')],
  [EM_AARCH64, byEndian('aarch64', 'aarch64_be')],
  [EM_ARM, byEndian('arm', 'armeb')],
  [EM_RISCV, byClass('riscv32', 'riscv64')],
  [EM_PPC64, byEndian('powerpc64le', 'powerpc64')],
  [EM_PPC, byEndian('powerpcle', 'powerpc')],
  [EM_S390, byClass('s390', 's390x')],
  [EM_MIPS, (c, le) => `mips${c === 64 ? '64' : ''}${le ? 'el' : ''}`],
  [EM_SPARCV9, fixed('sparcv9')],
  [EM_SPARC, fixed('sparc')],
  [EM_SPARC32PLUS, fixed('sparc')],
  [EM_68K, fixed('m68k')],
  [EM_LOONGARCH, byClass('loongarch32', 'loongarch64')],
  [EM_PARISC, fixed('hppa')],
  [EM_SH, fixed('sh')],
  [EM_IA_64, fixed('ia64')],
  [EM_ALPHA, fixed('alpha')],
]);

/** Normalized machine name (docs/vocabulary.md), or null when e_machine has no name. */
export function elfMachine(elf: ElfFile): string | null {
  const h = elf.header;
  const namer = ELF_MACHINE.get(h.e_machine);
  if (namer) return namer(h.class, h.littleEndian);
  const n = nameOf(EM, h.e_machine);
  return n && h.e_machine !== 0 ? n.toLowerCase() : null;
}

/** `type` (docs/vocabulary.md) for ELF; null for ET_NONE and OS/processor-specific e_type values. */
export function elfType(elf: ElfFile): string | null {
  switch (elf.header.e_type) {
    case ET_EXEC: return 'executable';
    case ET_DYN: return (elf.flags1 & DF_1_PIE) !== 0 ? 'pie-executable' : 'shared-library';
    case ET_REL: return 'relocatable';
    case ET_CORE: return 'core';
    default: return null;
  }
}
