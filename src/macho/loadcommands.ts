import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { readCString } from '../bytes/strings.js';
import { type ByteView, view } from '../bytes/view.js';
import { LC, nameOf } from './constants.js';
import type { MachHeader } from './header.js';
import type { MachOLimits } from './limits.js';

/**
 * One `struct load_command` (loader.h): `cmd`, `cmdsize` (bytes, including this 8-byte header),
 * `offset` (file offset of the command) and `data`, a view of all `cmdsize` bytes in the file's
 * byte order, for the decoder of that command. `name` is loader.h's name, or undefined for a
 * command this table does not know (tolerated, as dyld tolerates commands without LC_REQ_DYLD).
 */
export interface LoadCommand {
  index: number;
  cmd: number;
  cmdsize: number;
  offset: number;
  name: string | undefined;
  data: ByteView;
}

/**
 * Walks the `ncmds` load commands that follow the header, inside the `sizeofcmds` bytes loader.h
 * gives them. Throws `BinspectError` (format 'macho'): `LIMIT` (ncmds or sizeofcmds above the
 * limits), `TRUNCATED` (sizeofcmds passes the end of the file), `OUT_OF_BOUNDS` (structure
 * `load_command[i]`: a command passes the end of sizeofcmds), `UNSUPPORTED` (`load_command[i]`:
 * cmdsize smaller than 8 or not a multiple of 4 (32-bit) / 8 (64-bit), as loader.h requires and
 * LLVM's MachOObjectFile checks). Each step advances by at least 8 bytes, so the walk always ends.
 */
export function readLoadCommands(src: ByteSource, h: MachHeader, limits: MachOLimits): LoadCommand[] {
  if (h.ncmds > limits.maxLoadCommands) {
    throw new BinspectError('LIMIT', 'macho', 'mach_header', 16, `ncmds ${h.ncmds} > ${limits.maxLoadCommands}`);
  }
  if (h.sizeofcmds > limits.maxSizeOfCmds) {
    throw new BinspectError('LIMIT', 'macho', 'mach_header', 20, `sizeofcmds ${h.sizeofcmds} > ${limits.maxSizeOfCmds}`);
  }
  const all = view(src, h.size, h.sizeofcmds, h.littleEndian, { format: 'macho', structure: 'load commands (sizeofcmds)' });
  const align = h.class === 64 ? 8 : 4;
  const out: LoadCommand[] = [];
  let at = 0;
  for (let i = 0; i < h.ncmds; i++) {
    const structure = `load_command[${i}]`;
    if (at + 8 > all.length) {
      throw new BinspectError('OUT_OF_BOUNDS', 'macho', structure, h.size + at,
        `load command ${i} of ${h.ncmds} starts past the end of sizeofcmds (${h.sizeofcmds} bytes)`);
    }
    const cmd = all.u32(at);
    const cmdsize = all.u32(at + 4);
    if (cmdsize < 8 || cmdsize % align !== 0) {
      throw new BinspectError('UNSUPPORTED', 'macho', structure, h.size + at,
        `cmdsize ${cmdsize} is ${cmdsize < 8 ? 'smaller than 8' : `not a multiple of ${align}`}`);
    }
    if (at + cmdsize > all.length) {
      throw new BinspectError('OUT_OF_BOUNDS', 'macho', structure, h.size + at,
        `cmdsize ${cmdsize} passes the end of sizeofcmds (${h.sizeofcmds} bytes)`);
    }
    const name = nameOf(LC, cmd);
    out.push({ index: i, cmd, cmdsize, offset: h.size + at, name, data: all.sub(at, cmdsize, name ?? structure) });
    at += cmdsize;
  }
  return out;
}

/**
 * Throws `UNSUPPORTED` (structure = the command's name) when `lc` is shorter than `size`, the
 * fixed size of the structure its `cmd` announces.
 */
export function needSize(lc: LoadCommand, size: number, structure: string): void {
  if (lc.cmdsize < size) {
    throw new BinspectError('UNSUPPORTED', 'macho', `${structure} (load_command[${lc.index}])`, lc.offset,
      `cmdsize ${lc.cmdsize} is smaller than the ${size}-byte ${structure}`);
  }
}

/**
 * Reads the `union lc_str` whose offset field is at byte `at` of `lc`: a NUL-terminated string at
 * that offset from the start of the command, which must lie after the fixed part (`fixed` bytes)
 * and inside `cmdsize`. Throws `OUT_OF_BOUNDS` or `TRUNCATED` (no NUL before the end of the command).
 */
export function lcString(src: ByteSource, lc: LoadCommand, at: number, fixed: number, maxLength: number, structure: string): string {
  const off = lc.data.u32(at);
  const where = { format: 'macho' as const, structure: `${structure} (load_command[${lc.index}])` };
  if (off < fixed || off >= lc.cmdsize) {
    throw new BinspectError('OUT_OF_BOUNDS', 'macho', where.structure, lc.offset + at,
      `lc_str offset ${off} is outside the command (${fixed}..${lc.cmdsize})`);
  }
  return readCString(src, lc.offset + off, lc.offset + lc.cmdsize, maxLength, where);
}
