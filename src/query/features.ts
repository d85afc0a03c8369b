import {
  DF_1_NOW, DF_BIND_NOW, DT_BIND_NOW, EM_386, EM_AARCH64, EM_X86_64, GNU_PROPERTY_AARCH64_FEATURE_1_AND,
  GNU_PROPERTY_X86_FEATURE_1_AND, GNU_PROPERTY_X86_ISA_1_NEEDED, PF_X, PT_GNU_RELRO, PT_GNU_STACK, X86_ISA_1, bitNames,
} from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { elfType } from './machine.js';

/**
 * One feature's value, or a thrown `BinspectError` when it cannot be read; `null` means "does not
 * apply to this format or machine".
 */
export type FeatureGetter = (elf: ElfFile) => boolean | string | string[] | null;

const isX86 = (elf: ElfFile): boolean => elf.header.e_machine === EM_X86_64 || elf.header.e_machine === EM_386;
const isAArch64 = (elf: ElfFile): boolean => elf.header.e_machine === EM_AARCH64;

/** The u32 bit word of the first property of `pr_type`, or 0 when absent (AND-semantics: absent means no bit). */
function propertyWord(elf: ElfFile, pr_type: number): number {
  const p = elf.gnuProperties.find((x) => x.pr_type === pr_type);
  return typeof p?.value === 'number' ? p.value : 0;
}

const propertyBit = (applies: (e: ElfFile) => boolean, pr_type: number, bit: number): FeatureGetter => (elf) => {
  if (!applies(elf)) return null;
  elf.checkExtent();
  return (propertyWord(elf, pr_type) & bit) !== 0;
};

/** DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW; null without a dynamic section. */
export function bindNow(elf: ElfFile): boolean | null {
  elf.checkExtent();
  const dyn = elf.dynamic;
  if (dyn === null) return null;
  return dyn.some((d) => d.d_tag === DT_BIND_NOW) || (elf.flags & DF_BIND_NOW) !== 0 || (elf.flags1 & DF_1_NOW) !== 0;
}

/** The ELF features (docs/vocabulary.md), in report order. */
export const ELF_FEATURES: ReadonlyArray<[string, FeatureGetter]> = [
  ['pie', (elf) => {
    elf.checkExtent();
    const t = elfType(elf);
    return t === 'pie-executable' ? true : t === 'executable' ? false : null;
  }],
  ['nx', (elf) => {
    elf.checkExtent();
    const s = elf.segments(PT_GNU_STACK)[0];
    return s ? (s.p_flags & PF_X) === 0 : null;
  }],
  ['bti', propertyBit(isAArch64, GNU_PROPERTY_AARCH64_FEATURE_1_AND, 0x1)],
  ['pac', propertyBit(isAArch64, GNU_PROPERTY_AARCH64_FEATURE_1_AND, 0x2)],
  ['gcs', propertyBit(isAArch64, GNU_PROPERTY_AARCH64_FEATURE_1_AND, 0x4)],
  ['ibt', propertyBit(isX86, GNU_PROPERTY_X86_FEATURE_1_AND, 0x1)],
  ['shstk', propertyBit(isX86, GNU_PROPERTY_X86_FEATURE_1_AND, 0x2)],
  ['x86IsaNeeded', (elf) => {
    if (!isX86(elf)) return null;
    elf.checkExtent();
    return bitNames(X86_ISA_1, propertyWord(elf, GNU_PROPERTY_X86_ISA_1_NEEDED));
  }],
  ['relro', (elf) => {
    elf.checkExtent();
    if (elf.programHeaders.length === 0) return null;
    if (elf.segments(PT_GNU_RELRO).length === 0) return 'none';
    return bindNow(elf) === true ? 'full' : 'partial';
  }],
  ['bindNow', bindNow],
  ['cfg', () => null],
];
