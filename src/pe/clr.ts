import { BinspectError } from '../errors.js';
import { view } from '../bytes/view.js';
import type { PeImage } from './context.js';

/**
 * IMAGE_COR20_HEADER, the CLI header of a .NET assembly (ECMA-335 II.25.3.3; the PE spec's
 * COM_DESCRIPTOR "CLR Runtime Header" directory). Only the leading fields.
 */
export interface Cor20Header {
  offset: number;
  cb: number;
  MajorRuntimeVersion: number;
  MinorRuntimeVersion: number;
  /** COMIMAGE_FLAGS_*. */
  Flags: number;
}

/** Reads IMAGE_COR20_HEADER at `rva`. Throws `OUT_OF_BOUNDS` when it maps to no file bytes. */
export function readCor20Header(img: PeImage, rva: number): Cor20Header {
  const structure = 'IMAGE_COR20_HEADER';
  const { offset } = img.mapRva(rva, 20, structure);
  const v = view(img.source, offset, 20, true, { format: 'pe', structure });
  const cb = v.u32(0);
  if (cb < 20) throw new BinspectError('TRUNCATED', 'pe', structure, offset, `cb ${cb}`);
  return { offset, cb, MajorRuntimeVersion: v.u16(4), MinorRuntimeVersion: v.u16(6), Flags: v.u32(16) };
}
