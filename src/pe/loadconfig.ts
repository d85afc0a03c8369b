import { BinspectError } from '../errors.js';
import { view } from '../bytes/view.js';
import type { PeImage } from './context.js';

/**
 * The fields of IMAGE_LOAD_CONFIG_DIRECTORY32/64 (spec "Load Configuration Layout") that binspect
 * reads. The structure grows with every Windows release and its first field, `Size`, says how much
 * of it the image has: a field beyond `Size` is null. Pointer-sized fields are VAs (bigint); the
 * two counts are numbers (a count above 2^53 is malformed: `OUT_OF_BOUNDS`).
 */
export interface LoadConfig {
  /** File offset of the structure. */
  offset: number;
  Size: number;
  TimeDateStamp: number | null;
  MajorVersion: number | null;
  MinorVersion: number | null;
  /** VA of the /GS cookie. */
  SecurityCookie: bigint | null;
  /** x86 only: VA of the sorted table of safe exception handler RVAs (SafeSEH). */
  SEHandlerTable: bigint | null;
  SEHandlerCount: number | null;
  GuardCFCheckFunctionPointer: bigint | null;
  GuardCFDispatchFunctionPointer: bigint | null;
  GuardCFFunctionTable: bigint | null;
  GuardCFFunctionCount: number | null;
  /** IMAGE_GUARD_* bits. */
  GuardFlags: number | null;
}

/** Field offsets in IMAGE_LOAD_CONFIG_DIRECTORY32 and IMAGE_LOAD_CONFIG_DIRECTORY64. */
const LAYOUT = {
  32: { SecurityCookie: 60, SEHandlerTable: 64, SEHandlerCount: 68, GuardCFCheckFunctionPointer: 72,
    GuardCFDispatchFunctionPointer: 76, GuardCFFunctionTable: 80, GuardCFFunctionCount: 84, GuardFlags: 88 },
  64: { SecurityCookie: 88, SEHandlerTable: 96, SEHandlerCount: 104, GuardCFCheckFunctionPointer: 112,
    GuardCFDispatchFunctionPointer: 120, GuardCFFunctionTable: 128, GuardCFFunctionCount: 136, GuardFlags: 144 },
} as const;

/**
 * Reads the load configuration structure at `rva` (the LOAD_CONFIG data directory; `dirSize` is
 * the directory's Size). The bytes read are min(Size field, what its section backs); fields past
 * them are null. Throws `OUT_OF_BOUNDS` when the first 4 bytes map to no file bytes, `TRUNCATED`
 * when Size is below 4.
 */
export function readLoadConfig(img: PeImage, rva: number, dirSize: number): LoadConfig {
  const name = img.pe32plus ? 'IMAGE_LOAD_CONFIG_DIRECTORY64' : 'IMAGE_LOAD_CONFIG_DIRECTORY32';
  const head = img.mapRva(rva, 4, name);
  const Size = view(img.source, head.offset, 4, true, { format: 'pe', structure: name }).u32(0);
  if (Size < 4) throw new BinspectError('TRUNCATED', 'pe', name, head.offset, `Size ${Size} (directory Size ${dirSize})`);
  const avail = Math.min(Size, head.end - head.offset);
  const v = view(img.source, head.offset, avail, true, { format: 'pe', structure: name });
  const L = LAYOUT[img.pe32plus ? 64 : 32];
  const w = img.pe32plus ? 8 : 4;
  const has = (at: number, n: number): boolean => at + n <= avail;
  const ptr = (at: number): bigint | null => (has(at, w) ? (img.pe32plus ? v.u64(at) : BigInt(v.u32(at))) : null);
  const count = (at: number): number | null => (has(at, w) ? (img.pe32plus ? v.u64n(at) : v.u32(at)) : null);
  return {
    offset: head.offset,
    Size,
    TimeDateStamp: has(4, 4) ? v.u32(4) : null,
    MajorVersion: has(8, 2) ? v.u16(8) : null,
    MinorVersion: has(10, 2) ? v.u16(10) : null,
    SecurityCookie: ptr(L.SecurityCookie),
    SEHandlerTable: ptr(L.SEHandlerTable),
    SEHandlerCount: count(L.SEHandlerCount),
    GuardCFCheckFunctionPointer: ptr(L.GuardCFCheckFunctionPointer),
    GuardCFDispatchFunctionPointer: ptr(L.GuardCFDispatchFunctionPointer),
    GuardCFFunctionTable: ptr(L.GuardCFFunctionTable),
    GuardCFFunctionCount: count(L.GuardCFFunctionCount),
    GuardFlags: has(L.GuardFlags, 4) ? v.u32(L.GuardFlags) : null,
  };
}
