import { BinspectError } from '../errors.js';
import { latin1Name } from '../bytes/strings.js';
import type { ByteView } from '../bytes/view.js';
import { LC_SEGMENT_64 } from './constants.js';
import { type LoadCommand, needSize } from './loadcommands.js';

/**
 * `struct section` / `struct section_64` (loader.h). `offset` is a file offset; `addr`, `size`
 * are address-space values (bigint). `align` is a power-of-two exponent.
 */
export interface Section {
  sectname: string;
  segname: string;
  addr: bigint;
  size: bigint;
  offset: number;
  align: number;
  reloff: number;
  nreloc: number;
  flags: number;
  reserved1: number;
  reserved2: number;
  /** section_64 only (0 for 32-bit). */
  reserved3: number;
}

/**
 * `struct segment_command` (LC_SEGMENT, 56 bytes) / `segment_command_64` (LC_SEGMENT_64, 72 bytes)
 * with its `nsects` sections (68 / 80 bytes each) following it inside the command. `fileoff`,
 * `filesize` are file offset / bytes; `vmaddr`, `vmsize` bigint.
 */
export interface SegmentCommand {
  index: number;
  cmd: number;
  segname: string;
  vmaddr: bigint;
  vmsize: bigint;
  fileoff: number;
  filesize: number;
  maxprot: number;
  initprot: number;
  nsects: number;
  flags: number;
  sections: Section[];
}


/** A fixed `char[16]` name: the bytes up to the first NUL (all 16 when there is none). */
export function fixedName(v: ByteView, at: number, length = 16): string {
  const b = v.bytes.subarray(at, at + length);
  if (b.length < length) v.u8(at + length - 1); // throws OUT_OF_BOUNDS
  return latin1Name(b);
}

/**
 * Decodes an LC_SEGMENT or LC_SEGMENT_64 command. The section count is bounded by cmdsize (never
 * allocated from nsects alone): throws `OUT_OF_BOUNDS` when nsects sections do not fit in the
 * command, `UNSUPPORTED` when the command is shorter than its fixed part.
 */
export function readSegment(lc: LoadCommand): SegmentCommand {
  const wide = lc.cmd === LC_SEGMENT_64;
  const name = wide ? 'segment_command_64' : 'segment_command';
  const fixed = wide ? 72 : 56;
  const sectSize = wide ? 80 : 68;
  needSize(lc, fixed, name);
  const v = lc.data;
  const w = wide ? 8 : 4;
  const word = (at: number): number => (wide ? v.u64n(at) : v.u32(at));
  const addr = (at: number): bigint => (wide ? v.u64(at) : BigInt(v.u32(at)));
  const p = 24 + 4 * w; // after segname, vmaddr, vmsize, fileoff, filesize
  const seg: SegmentCommand = {
    index: lc.index, cmd: lc.cmd, segname: fixedName(v, 8),
    vmaddr: addr(24), vmsize: addr(24 + w), fileoff: word(24 + 2 * w), filesize: word(24 + 3 * w),
    maxprot: v.u32(p), initprot: v.u32(p + 4), nsects: v.u32(p + 8), flags: v.u32(p + 12), sections: [],
  };
  if (seg.nsects > Math.floor((lc.cmdsize - fixed) / sectSize)) {
    throw new BinspectError('OUT_OF_BOUNDS', 'macho', `${name} (load_command[${lc.index}])`, lc.offset,
      `nsects ${seg.nsects} does not fit in cmdsize ${lc.cmdsize}`);
  }
  for (let i = 0; i < seg.nsects; i++) {
    const s = v.sub(fixed + i * sectSize, sectSize, `${wide ? 'section_64' : 'section'}[${i}]`);
    const q = 32 + 2 * w; // after sectname, segname, addr, size
    seg.sections.push({
      sectname: fixedName(s, 0), segname: fixedName(s, 16),
      addr: wide ? s.u64(32) : BigInt(s.u32(32)), size: wide ? s.u64(40) : BigInt(s.u32(36)),
      offset: s.u32(q), align: s.u32(q + 4), reloff: s.u32(q + 8), nreloc: s.u32(q + 12), flags: s.u32(q + 16),
      reserved1: s.u32(q + 20), reserved2: s.u32(q + 24), reserved3: wide ? s.u32(q + 28) : 0,
    });
  }
  return seg;
}
