import { type LoadCommand, needSize } from './loadcommands.js';

/** `struct entry_point_command` (LC_MAIN, 24 bytes): `entryoff` is a file offset of main() in __TEXT; `stacksize` bytes (0: default). */
export interface EntryPointCommand {
  entryoff: number;
  stacksize: bigint;
}

/** Decodes LC_MAIN. Throws `UNSUPPORTED` (short command) or `OUT_OF_BOUNDS` (entryoff above 2^53). */
export function readMain(lc: LoadCommand): EntryPointCommand {
  needSize(lc, 24, 'entry_point_command');
  return { entryoff: lc.data.u64n(8), stacksize: lc.data.u64(16) };
}
