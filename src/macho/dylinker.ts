import type { ByteSource } from '../bytes/source.js';
import { type LoadCommand, lcString, needSize } from './loadcommands.js';

/** `struct dylinker_command` (LC_LOAD_DYLINKER, LC_ID_DYLINKER, LC_DYLD_ENVIRONMENT; 12 bytes + name): the path. */
export function readDylinker(src: ByteSource, lc: LoadCommand, maxString: number): string {
  needSize(lc, 12, 'dylinker_command');
  return lcString(src, lc, 8, 12, maxString, lc.name ?? 'dylinker_command');
}
