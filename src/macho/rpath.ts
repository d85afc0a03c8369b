import type { ByteSource } from '../bytes/source.js';
import { type LoadCommand, lcString, needSize } from './loadcommands.js';

/** `struct rpath_command` (LC_RPATH, 12 bytes + path): one run-path search path, exactly as stored. */
export function readRpath(src: ByteSource, lc: LoadCommand, maxString: number): string {
  needSize(lc, 12, 'rpath_command');
  return lcString(src, lc, 8, 12, maxString, 'LC_RPATH');
}
