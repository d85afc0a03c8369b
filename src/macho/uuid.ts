import type { LoadCommand } from './loadcommands.js';
import { needSize } from './loadcommands.js';

/**
 * `struct uuid_command` (LC_UUID, 24 bytes): the 16 bytes of `uuid` in file order, as
 * docs/vocabulary.md prints them: lowercase 8-4-4-4-12 (what `dwarfdump --uuid` shows, lower-cased).
 */
export function readUuid(lc: LoadCommand): string {
  needSize(lc, 24, 'uuid_command');
  const b = lc.data.bytes.subarray(8, 24);
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
