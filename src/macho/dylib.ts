import type { ByteSource } from '../bytes/source.js';
import { type LoadCommand, lcString, needSize } from './loadcommands.js';

/**
 * `struct dylib_command` (loader.h; 24 bytes + name): LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB,
 * LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB, LC_ID_DYLIB. Versions are the
 * packed `xxxx.yy.zz` words; `currentVersion`/`compatibilityVersion` are them as "x.y.z".
 */
export interface DylibCommand {
  index: number;
  cmd: number;
  name: string;
  timestamp: number;
  current_version: number;
  compatibility_version: number;
  currentVersion: string;
  compatibilityVersion: string;
}

/** A dylib version word `xxxx.yy.zz` (16.8.8 bits) as "x.y.z", all three parts always shown (as otool does). */
export function dylibVersion(v: number): string {
  return `${v >>> 16}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** Decodes a dylib_command. Throws `UNSUPPORTED` (short command), `OUT_OF_BOUNDS`/`TRUNCATED` (bad name). */
export function readDylib(src: ByteSource, lc: LoadCommand, maxString: number): DylibCommand {
  needSize(lc, 24, 'dylib_command');
  const v = lc.data;
  return {
    index: lc.index, cmd: lc.cmd, name: lcString(src, lc, 8, 24, maxString, lc.name ?? 'dylib_command'),
    timestamp: v.u32(12), current_version: v.u32(16), compatibility_version: v.u32(20),
    currentVersion: dylibVersion(v.u32(16)), compatibilityVersion: dylibVersion(v.u32(20)),
  };
}
