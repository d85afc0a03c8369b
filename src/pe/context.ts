import type { ByteSource } from '../bytes/source.js';
import type { ByteView } from '../bytes/view.js';
import type { FileRange } from './section.js';
import type { PeLimits } from './limits.js';

/**
 * What the directory readers need from an image: the bytes, the address translation, the class
 * and the limits. `PeFile` implements it; unit tests may build one by hand.
 */
export interface PeImage {
  readonly source: ByteSource;
  readonly limits: PeLimits;
  /** True for PE32+ (pointer-sized fields are 8 bytes). */
  readonly pe32plus: boolean;
  /** ImageBase from the optional header (for VA → RVA of old delay-load descriptors). */
  readonly imageBase: bigint;
  /**
   * File range of the RVA range `[rva, rva + length)`; throws `OUT_OF_BOUNDS` (structure `what`)
   * when no section backs it with file bytes.
   */
  mapRva(rva: number, length: number, what: string): FileRange;
  /**
   * The bytes at RVA range `[rva, rva + length)` as the loader maps them: a section's file bytes,
   * then zeros up to its VirtualSize (the zero-filled tail past SizeOfRawData). Throws
   * `OUT_OF_BOUNDS` (structure `what`) when the range is not inside one section's memory image
   * (or the headers).
   */
  imageView(rva: number, length: number, what: string): ByteView;
  /** The NUL-terminated string at `rva`, which must end inside the bytes of its section. */
  stringAt(rva: number, what: string): string;
}
