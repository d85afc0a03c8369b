import { view } from '../bytes/view.js';
import type { PeImage } from './context.js';

/**
 * IMAGE_TLS_DIRECTORY32/64 (spec "The TLS Section"). Pointer-sized fields are VAs (bigint).
 * `AddressOfCallBacks` is the VA of a null-terminated array of TLS callbacks (0 when none).
 */
export interface TlsDirectory {
  offset: number;
  StartAddressOfRawData: bigint;
  EndAddressOfRawData: bigint;
  AddressOfIndex: bigint;
  AddressOfCallBacks: bigint;
  SizeOfZeroFill: number;
  Characteristics: number;
}

/** Reads the TLS directory at `rva`. Throws `OUT_OF_BOUNDS` when it maps to no file bytes. */
export function readTlsDirectory(img: PeImage, rva: number): TlsDirectory {
  const w = img.pe32plus ? 8 : 4;
  const structure = img.pe32plus ? 'IMAGE_TLS_DIRECTORY64' : 'IMAGE_TLS_DIRECTORY32';
  const { offset } = img.mapRva(rva, 4 * w + 8, structure);
  const v = view(img.source, offset, 4 * w + 8, true, { format: 'pe', structure });
  const p = (i: number): bigint => (img.pe32plus ? v.u64(i * 8) : BigInt(v.u32(i * 4)));
  return {
    offset, StartAddressOfRawData: p(0), EndAddressOfRawData: p(1), AddressOfIndex: p(2), AddressOfCallBacks: p(3),
    SizeOfZeroFill: v.u32(4 * w), Characteristics: v.u32(4 * w + 4),
  };
}
