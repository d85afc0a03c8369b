import { BinspectError } from '../errors.js';
import type { ByteView } from '../bytes/view.js';
import {
  AARCH64_FEATURE_1, EM_386, EM_AARCH64, EM_RISCV, EM_X86_64, GNU_PROPERTY_1_NEEDED, GNU_PROPERTY_1_NEEDED_BITS,
  GNU_PROPERTY_AARCH64_FEATURE_1_AND, GNU_PROPERTY_AARCH64_FEATURE_PAUTH, GNU_PROPERTY_NO_COPY_ON_PROTECTED,
  GNU_PROPERTY_RISCV_FEATURE_1_AND, GNU_PROPERTY_STACK_SIZE, GNU_PROPERTY_X86_FEATURE_1_AND,
  GNU_PROPERTY_X86_FEATURE_2_NEEDED, GNU_PROPERTY_X86_FEATURE_2_USED, GNU_PROPERTY_X86_ISA_1_NEEDED,
  GNU_PROPERTY_X86_ISA_1_USED, RISCV_FEATURE_1, X86_FEATURE_1, X86_FEATURE_2, X86_ISA_1, bitNames,
} from './constants.js';

/** One property of NT_GNU_PROPERTY_TYPE_0 (Linux Extensions to gABI, "Program Property"). */
export interface GnuProperty {
  pr_type: number;
  pr_datasz: number;
  /** The property's name for this machine, e.g. `GNU_PROPERTY_X86_FEATURE_1_AND`; null if unknown. */
  name: string | null;
  /** Decoded value: the u32 bit word, the stack size (bigint), PAUTH `{platform, version}`, or null. */
  value: number | bigint | { platform: bigint; version: bigint } | null;
  /** Names of the set bits for bit-word properties (`['BTI', 'PAC']`, `['x86-64-baseline']`). */
  bits: string[] | null;
}

interface Kind {
  name: string;
  /** 'u32' bit word with its bit table, 'word' class-sized value, 'pauth' two u64, 'none' empty. */
  decode: 'u32' | 'word' | 'pauth' | 'none';
  bits?: ReadonlyMap<number, string>;
}

/** Property kinds by pr_type; processor-specific ones (0xc0000000..) depend on e_machine. */
const GENERIC = new Map<number, Kind>([
  [GNU_PROPERTY_STACK_SIZE, { name: 'GNU_PROPERTY_STACK_SIZE', decode: 'word' }],
  [GNU_PROPERTY_NO_COPY_ON_PROTECTED, { name: 'GNU_PROPERTY_NO_COPY_ON_PROTECTED', decode: 'none' }],
  [GNU_PROPERTY_1_NEEDED, { name: 'GNU_PROPERTY_1_NEEDED', decode: 'u32', bits: GNU_PROPERTY_1_NEEDED_BITS }],
]);
const X86 = new Map<number, Kind>([
  [GNU_PROPERTY_X86_FEATURE_1_AND, { name: 'GNU_PROPERTY_X86_FEATURE_1_AND', decode: 'u32', bits: X86_FEATURE_1 }],
  [GNU_PROPERTY_X86_ISA_1_NEEDED, { name: 'GNU_PROPERTY_X86_ISA_1_NEEDED', decode: 'u32', bits: X86_ISA_1 }],
  [GNU_PROPERTY_X86_ISA_1_USED, { name: 'GNU_PROPERTY_X86_ISA_1_USED', decode: 'u32', bits: X86_ISA_1 }],
  [GNU_PROPERTY_X86_FEATURE_2_NEEDED, { name: 'GNU_PROPERTY_X86_FEATURE_2_NEEDED', decode: 'u32', bits: X86_FEATURE_2 }],
  [GNU_PROPERTY_X86_FEATURE_2_USED, { name: 'GNU_PROPERTY_X86_FEATURE_2_USED', decode: 'u32', bits: X86_FEATURE_2 }],
]);
const BY_MACHINE = new Map<number, Map<number, Kind>>([
  [EM_AARCH64, new Map<number, Kind>([
    [GNU_PROPERTY_AARCH64_FEATURE_1_AND, { name: 'GNU_PROPERTY_AARCH64_FEATURE_1_AND', decode: 'u32', bits: AARCH64_FEATURE_1 }],
    [GNU_PROPERTY_AARCH64_FEATURE_PAUTH, { name: 'GNU_PROPERTY_AARCH64_FEATURE_PAUTH', decode: 'pauth' }],
  ])],
  [EM_X86_64, X86],
  [EM_386, X86],
  [EM_RISCV, new Map<number, Kind>([
    [GNU_PROPERTY_RISCV_FEATURE_1_AND, { name: 'GNU_PROPERTY_RISCV_FEATURE_1_AND', decode: 'u32', bits: RISCV_FEATURE_1 }],
  ])],
]);

/**
 * Decodes the descriptor of an NT_GNU_PROPERTY_TYPE_0 note: an array of (pr_type u32,
 * pr_datasz u32, data padded to 8 bytes in ELFCLASS64, 4 in ELFCLASS32). Throws `TRUNCATED` when a
 * property's data passes the end of the descriptor.
 */
export function readGnuProperties(desc: ByteView, cls: 32 | 64, machine: number): GnuProperty[] {
  const pad = cls === 64 ? 8 : 4;
  const out: GnuProperty[] = [];
  let at = 0;
  while (at + 8 <= desc.length) {
    const pr_type = desc.u32(at);
    const pr_datasz = desc.u32(at + 4);
    if (at + 8 + pr_datasz > desc.length) {
      throw new BinspectError('TRUNCATED', 'elf', 'GNU property', desc.base + at,
        `pr_datasz ${pr_datasz} passes the end of the note`);
    }
    const data = desc.sub(at + 8, pr_datasz, 'GNU property data');
    const kind = BY_MACHINE.get(machine)?.get(pr_type) ?? GENERIC.get(pr_type);
    out.push(decodeProperty(pr_type, pr_datasz, data, kind, cls));
    at += 8 + Math.ceil(pr_datasz / pad) * pad;
  }
  return out;
}

function decodeProperty(pr_type: number, pr_datasz: number, data: ByteView, kind: Kind | undefined, cls: 32 | 64): GnuProperty {
  const p: GnuProperty = { pr_type, pr_datasz, name: kind?.name ?? null, value: null, bits: null };
  if (!kind) return p;
  if (kind.decode === 'u32' && pr_datasz === 4) {
    const v = data.u32(0);
    p.value = v;
    p.bits = kind.bits ? bitNames(kind.bits, v) : null;
  } else if (kind.decode === 'word' && pr_datasz === cls / 8) {
    p.value = data.addr(0, cls === 64);
  } else if (kind.decode === 'pauth' && pr_datasz === 16) {
    p.value = { platform: data.u64(0), version: data.u64(8) };
  }
  return p;
}
