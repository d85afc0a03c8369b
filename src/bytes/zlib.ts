import { BinspectError } from '../errors.js';
import type { Where } from './view.js';

/**
 * A zlib (RFC 1950) decoder: the compressed stream in, at most `maxOutput` bytes out; throws
 * (any error) on corrupt data or more output. The core has none (it runs without Node); the Node
 * surfaces install zlib's (`src/provenance/node/zlib.ts`); elsewhere call {@link useZlib}.
 */
export type ZlibInflate = (data: Uint8Array, maxOutput: number) => Uint8Array;

let zlib: ZlibInflate | null = null;

/**
 * Installs the zlib decoder for the zlib streams inside binaries (cargo-auditable's `.dep-v0`,
 * compressed ELF debug sections); one per process or worker.
 */
export function useZlib(inflate: ZlibInflate | null): void {
  zlib = inflate;
}

/**
 * `data` inflated, at most `maxOutput` bytes. Throws `BinspectError` naming `where` and the file
 * offset `offset`: `UNSUPPORTED` without a decoder or for corrupt data, `LIMIT` for more output.
 */
export function inflateZlib(data: Uint8Array, maxOutput: number, where: Where, offset: number): Uint8Array {
  if (!zlib) throw new BinspectError('UNSUPPORTED', where.format, where.structure, offset, 'no zlib decoder installed (useZlib)');
  try {
    return zlib(data, maxOutput);
  } catch (e) {
    const why = `zlib: ${(e as Error).message ?? String(e)}`;
    throw new BinspectError(/length|larger|buffer/i.test(String(e)) ? 'LIMIT' : 'UNSUPPORTED', where.format, where.structure, offset, why);
  }
}
