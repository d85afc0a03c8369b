import { BinspectError } from '../errors.js';
import { PLATFORM, TOOL, VERSION_MIN_PLATFORM, nameOf } from './constants.js';
import { type LoadCommand, needSize } from './loadcommands.js';

/** One `struct build_tool_version`: `tool` (TOOL_*) and its packed version. */
export interface BuildTool {
  tool: number;
  toolName: string | undefined;
  version: number;
}

/**
 * `struct build_version_command` (LC_BUILD_VERSION, 24 bytes + ntools × 8) or
 * `struct version_min_command` (LC_VERSION_MIN_*, 16 bytes; `platform` derived from the cmd,
 * `tools` empty). `minos` and `sdk` are packed `xxxx.yy.zz` (16.8.8 bits) words.
 */
export interface BuildVersion {
  cmd: number;
  /** PLATFORM_* number (for LC_VERSION_MIN_*: the matching PLATFORM_*). */
  platform: number;
  /** §3.1 platform string (`macos`, `ios`, ...); `platform-N` for a number this table lacks. */
  platformName: string;
  minos: number;
  sdk: number;
  tools: BuildTool[];
}

/**
 * A packed `xxxx.yy.zz` version in the form of docs/vocabulary.md: "x.y", with ".z" only when z is not 0
 * (`11.0`, `10.15`, `12.3.1`).
 */
export function formatVersion(v: number): string {
  const x = v >>> 16;
  const y = (v >>> 8) & 0xff;
  const z = v & 0xff;
  return z === 0 ? `${x}.${y}` : `${x}.${y}.${z}`;
}

/** §3.1 platform string of a PLATFORM_* number. */
export function platformName(p: number): string {
  return nameOf(PLATFORM, p)?.platform ?? `platform-${p}`;
}

/**
 * Decodes LC_BUILD_VERSION. `ntools` is checked against the command's size (and `maxTools`) before
 * anything is read: throws `OUT_OF_BOUNDS` when the tools do not fit in cmdsize, `LIMIT` above
 * `maxTools`, `UNSUPPORTED` for a short command.
 */
export function readBuildVersion(lc: LoadCommand, maxTools: number): BuildVersion {
  needSize(lc, 24, 'build_version_command');
  const v = lc.data;
  const ntools = v.u32(20);
  const where = `build_version_command (load_command[${lc.index}])`;
  if (ntools > maxTools) throw new BinspectError('LIMIT', 'macho', where, lc.offset + 20, `ntools ${ntools} > ${maxTools}`);
  if (24 + ntools * 8 > lc.cmdsize) {
    throw new BinspectError('OUT_OF_BOUNDS', 'macho', where, lc.offset + 20, `ntools ${ntools} does not fit in cmdsize ${lc.cmdsize}`);
  }
  const tools: BuildTool[] = [];
  for (let i = 0; i < ntools; i++) {
    const tool = v.u32(24 + 8 * i);
    tools.push({ tool, toolName: nameOf(TOOL, tool), version: v.u32(28 + 8 * i) });
  }
  const platform = v.u32(8);
  return { cmd: lc.cmd, platform, platformName: platformName(platform), minos: v.u32(12), sdk: v.u32(16), tools };
}

/** PLATFORM_* number of each LC_VERSION_MIN_* platform string. */
const PLATFORM_NUMBER: ReadonlyMap<string, number> = new Map([...PLATFORM].map(([n, p]) => [p.platform, n]));

/** Decodes LC_VERSION_MIN_MACOSX / _IPHONEOS / _TVOS / _WATCHOS (`version` → minos). */
export function readVersionMin(lc: LoadCommand): BuildVersion {
  needSize(lc, 16, 'version_min_command');
  const name = nameOf(VERSION_MIN_PLATFORM, lc.cmd);
  if (name === undefined) throw new TypeError(`cmd 0x${lc.cmd.toString(16)} is not an LC_VERSION_MIN_* command`);
  return {
    cmd: lc.cmd, platform: PLATFORM_NUMBER.get(name) ?? 0, platformName: name,
    minos: lc.data.u32(8), sdk: lc.data.u32(12), tools: [],
  };
}
