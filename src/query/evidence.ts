import { view } from '../bytes/view.js';
import { vaddrToOffset } from '../elf/address.js';
import {
  EM_AARCH64, EM_X86_64, ET_EXEC, ET_DYN, GNU_PROPERTY_AARCH64_FEATURE_1_AND, GNU_PROPERTY_X86_FEATURE_1_AND, NT_GNU_PROPERTY_TYPE_0, PT_DYNAMIC,
} from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { BinspectError } from '../errors.js';
import { canarySource, canaryUnknown, importsSymbols } from './hardening.js';
import { type CompileFlags, compileFlags } from './compileflags.js';
import { elfProducer } from './dwarf.js';

/**
 * Where the hardening facts come from and whether the file can tell (annocheck's spirit: a fact
 * is PASS/FAIL only with a source; otherwise it is unknown, with a reason).
 * - `canary`: `dynsym` or `symtab` (the table whose symbol shows the stack protector), `absent`
 *   (the tables read hold none: the dynamic symbols of a file that imports symbols, else
 *   `.symtab`), or null when no symbol table could show it (a stripped static file: the check is
 *   inlined, nothing names it);
 * - `fortify`: `dynsym` (the dynamic symbols were read), or null for a file that imports no symbol
 *   (a static file links the `*_chk` functions in, nothing imports them);
 * - `entry`: the landing pad at `e_entry`: `endbr64` (x86-64), `bti`, `bti c`, `bti j`, `bti jc`
 *   (AArch64), `none`, or null where it does not apply (other machines, no entry, unmapped);
 * - `property`: the CET/BTI property: `set` (some FEATURE_1_AND bit), `cleared` (a property note
 *   without the bits: what a link with Debian's crt objects leaves), `absent` (no property note);
 *   null on other machines;
 * - `producer`: the first compilation unit's `DW_AT_producer` (DWARF 2-5, also compressed), or null;
 * - `compileFlags`: what the switches recorded in it say (`-O2`, `-fstack-protector-strong`,
 *   `-D_FORTIFY_SOURCE=2`, `-fcf-protection`, `-fstack-clash-protection`; {@link CompileFlags}),
 *   or null: no DWARF, no producer, no switches recorded (clang without `-grecord-command-line`),
 *   or DWARF that cannot be read (the reason says which);
 * - `reasons`: why each null fact is unknown.
 */
export interface Evidence {
  canary: 'dynsym' | 'symtab' | 'absent' | null;
  fortify: 'dynsym' | null;
  entry: string | null;
  property: 'set' | 'cleared' | 'absent' | null;
  producer: string | null;
  compileFlags: CompileFlags | null;
  reasons: Record<string, string>;
}

/** AArch64 BTI hint encodings (HINT #32/#34/#36/#38), little-endian words. */
const BTI = new Map<number, string>([[0xd503241f, 'bti'], [0xd503245f, 'bti c'], [0xd503249f, 'bti j'], [0xd50324df, 'bti jc']]);

function entry(e: ElfFile): string | null {
  const h = e.header;
  if ((h.e_machine !== EM_X86_64 && h.e_machine !== EM_AARCH64) || h.e_entry === 0n || (h.e_type !== ET_EXEC && h.e_type !== ET_DYN)) return null;
  const off = vaddrToOffset(e.programHeaders, [], h.e_entry, 4);
  if (off === null) return null;
  const v = view(e.source, off, 4, h.littleEndian, { format: 'elf', structure: 'e_entry' });
  if (h.e_machine === EM_X86_64) return v.u8(0) === 0xf3 && v.u8(1) === 0x0f && v.u8(2) === 0x1e && v.u8(3) === 0xfa ? 'endbr64' : 'none';
  return BTI.get(v.u32(0)) ?? 'none';
}

/** The `evidence` field of an ELF report. */
export function elfEvidence(e: ElfFile): Evidence {
  const reasons: Record<string, string> = {};
  let canary: Evidence['canary'];
  const found = canarySource(e);
  if (found !== null) {
    canary = found;
  } else if (canaryUnknown(e)) {
    canary = null;
    reasons.canary = 'no symbol table: a stripped static file names no stack-protector symbol even when it has the check';
  } else {
    canary = 'absent';
  }
  const fortify = importsSymbols(e) ? 'dynsym' : null;
  if (fortify === null) reasons.fortify = e.segments(PT_DYNAMIC).length === 0 ? 'static: fortified functions are linked in, not imported' : 'the file imports no symbol: fortified functions are linked in, not imported';
  const m = e.header.e_machine;
  const entryPad = entry(e);
  if (entryPad === null && (m === EM_X86_64 || m === EM_AARCH64)) reasons.entry = 'no entry point in a loaded segment';
  let property: Evidence['property'] = null;
  if (m === EM_X86_64 || m === EM_AARCH64) {
    const type = m === EM_X86_64 ? GNU_PROPERTY_X86_FEATURE_1_AND : GNU_PROPERTY_AARCH64_FEATURE_1_AND;
    const p = e.gnuProperties.find((x) => x.pr_type === type);
    // A link ANDs the bits: one input without them (Debian's crt1.o) drops the property, while the
    // note stays for the others (the x86 ISA level): "cleared", apart from no note at all.
    property = p && typeof p.value === 'number' && p.value !== 0 ? 'set' : e.notes.some((n) => n.name === 'GNU' && n.n_type === NT_GNU_PROPERTY_TYPE_0) ? 'cleared' : 'absent';
  }
  const { producer, flags } = producerFacts(e, reasons);
  return { canary, fortify, entry: entryPad, property, producer, compileFlags: flags, reasons };
}

/** The DWARF producer and its switches; a broken DWARF section is a reason, not an error of the whole field. */
function producerFacts(e: ElfFile, reasons: Record<string, string>): { producer: string | null; flags: CompileFlags | null } {
  let producer: string | null = null;
  try {
    const p = elfProducer(e);
    if (p.producer === null) reasons.producer = p.reason;
    producer = p.producer;
  } catch (err) {
    if (!(err instanceof BinspectError)) throw err;
    reasons.producer = `DWARF unreadable: ${err.message}`;
  }
  const flags = producer === null ? null : compileFlags(producer);
  if (flags === null) reasons.compileFlags = producer === null ? 'no DW_AT_producer' : 'the producer records no switches';
  return { producer, flags };
}
