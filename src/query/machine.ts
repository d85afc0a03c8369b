/**
 * `machine` (docs/vocabulary.md): the normalized, LLVM-triple style architecture name of a
 * file, decided here for every format from its raw machine code — ELF `e_machine` (with class and
 * endianness), PE/COFF `Machine`, Mach-O `cputype`. null when the code has no name.
 */
import {
  EM, EM_386, EM_68K, EM_AARCH64, EM_ALPHA, EM_ARM, EM_IA_64, EM_LOONGARCH, EM_MIPS, EM_PARISC, EM_PPC, EM_PPC64,
  EM_RISCV, EM_S390, EM_SH, EM_SPARC, EM_SPARC32PLUS, EM_SPARCV9, EM_X86_64, nameOf,
} from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import {
  CPU_TYPE_ARM, CPU_TYPE_ARM64, CPU_TYPE_ARM64_32, CPU_TYPE_POWERPC, CPU_TYPE_POWERPC64, CPU_TYPE_X86, CPU_TYPE_X86_64,
} from '../macho/constants.js';
import type { MachOFile } from '../macho/file.js';
import {
  IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_ARM, IMAGE_FILE_MACHINE_ARM64, IMAGE_FILE_MACHINE_ARM64EC, IMAGE_FILE_MACHINE_ARMNT,
  IMAGE_FILE_MACHINE_I386, IMAGE_FILE_MACHINE_IA64, IMAGE_FILE_MACHINE_LOONGARCH64, IMAGE_FILE_MACHINE_RISCV32,
  IMAGE_FILE_MACHINE_RISCV64, IMAGE_FILE_MACHINE_THUMB,
} from '../pe/constants.js';
import type { PeFile } from '../pe/file.js';
import { table } from '../util/table.js';

type Namer = (cls: 32 | 64, le: boolean) => string;
const byEndian = (little: string, big: string): Namer => (_c, le) => (le ? little : big);
const byClass = (n32: string, n64: string): Namer => (c) => (c === 64 ? n64 : n32);
const fixed = (n: string): Namer => () => n;

/** ELF: by e_machine, then class and endianness. */
const ELF_MACHINE = table<Namer>([
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

/** PE/COFF: by Machine; values absent here report null. */
const PE_MACHINE = table([
  [IMAGE_FILE_MACHINE_I386, 'i386'],
  [IMAGE_FILE_MACHINE_AMD64, 'x86_64'],
  [IMAGE_FILE_MACHINE_ARM64, 'aarch64'],
  [IMAGE_FILE_MACHINE_ARM, 'arm'],
  [IMAGE_FILE_MACHINE_THUMB, 'arm'],
  [IMAGE_FILE_MACHINE_ARMNT, 'arm'],
  [IMAGE_FILE_MACHINE_ARM64EC, 'arm64ec'],
  [IMAGE_FILE_MACHINE_IA64, 'ia64'],
  [IMAGE_FILE_MACHINE_RISCV32, 'riscv32'],
  [IMAGE_FILE_MACHINE_RISCV64, 'riscv64'],
  [IMAGE_FILE_MACHINE_LOONGARCH64, 'loongarch64'],
]);

/** Mach-O: by cputype (arm64e is `aarch64` too: its subtype shows in `features.pac` and `cpuSubtype`). */
const MACHO_MACHINE = table([
  [CPU_TYPE_X86, 'i386'],
  [CPU_TYPE_X86_64, 'x86_64'],
  [CPU_TYPE_ARM, 'arm'],
  [CPU_TYPE_ARM64, 'aarch64'],
  [CPU_TYPE_ARM64_32, 'arm64_32'],
  [CPU_TYPE_POWERPC, 'powerpc'],
  [CPU_TYPE_POWERPC64, 'powerpc64'],
]);

/** ELF `machine`: the table's name, else the gABI name in lower case without `EM_`, else null (EM_NONE, unnamed values). */
export function elfMachine(elf: ElfFile): string | null {
  const h = elf.header;
  const namer = ELF_MACHINE.get(h.e_machine);
  if (namer) return namer(h.class, h.littleEndian);
  const n = nameOf(EM, h.e_machine);
  return n && h.e_machine !== 0 ? n.toLowerCase() : null;
}

/** PE/COFF `machine` from IMAGE_FILE_HEADER.Machine, or null. */
export const peMachine = (pe: PeFile): string | null => PE_MACHINE.get(pe.fileHeader.Machine) ?? null;

/** Mach-O `machine` from mach_header.cputype, or null. */
export const machoMachine = (m: MachOFile): string | null => MACHO_MACHINE.get(m.header.cputype) ?? null;

/** The §3.1 machine names of the x86 family and of AArch64, for the features that apply only there. */
export const X86_MACHINES: readonly string[] = ['i386', 'x86_64'];
export const AARCH64_MACHINES: readonly string[] = ['aarch64', 'aarch64_be'];
