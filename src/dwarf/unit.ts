import { BinspectError } from '../errors.js';
import type { ByteView } from '../bytes/view.js';
import { findAbbreviation } from './abbrev.js';
import { COMPILATION_UNITS, DW_AT_producer, DW_AT_str_offsets_base, DW_UT_compile, DW_UT_skeleton, DW_UT_split_compile } from './constants.js';
import { Cursor } from './cursor.js';
import { type AttrValue, readValue, type UnitShape } from './form.js';

/**
 * One DWARF section as the container format gives it: its size in bytes (decompressed where the
 * file compresses it) and bounds-checked views of ranges of it (offsets relative to the section).
 * `view` throws `TRUNCATED` / `OUT_OF_BOUNDS` for a range outside the section.
 */
export interface DwarfSection {
  readonly size: number;
  view(offset: number, length: number): ByteView;
}

/** The sections a producer is read from: `.debug_info`, and the others by name when needed (null when the file lacks one). */
export interface DwarfSections {
  info: DwarfSection;
  other(name: 'abbrev' | 'str' | 'line_str' | 'str_offsets'): DwarfSection | null;
}

/** `DW_AT_producer` of the first compilation unit that has one, or null with the reason. */
export type Producer = { producer: string; version: number } | { producer: null; reason: string };

/** Units looked at for a producer (a dwz-made file may begin with partial units that have none). */
const MAX_UNITS = 64;
/** Longest producer string read (a -grecord-command-line one is a command line). */
const MAX_PRODUCER = 64 * 1024;
/** Bytes of `.debug_info` read at most: unit headers and top DIEs are at its start. */
const INFO_WINDOW = 256 * 1024;
/** Bytes of an abbreviation table read at most (a top DIE's abbreviation is among its first). */
const ABBREV_WINDOW = 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/**
 * The producer (`DW_AT_producer`, §3.1.1) of the first compilation unit of `.debug_info` that has
 * one, reading unit headers (§7.5.1: 32- and 64-bit DWARF, versions 2 to 5) and only the top DIE
 * of each unit, at most {@link MAX_UNITS} units. Strings are resolved in `.debug_str`,
 * `.debug_line_str` or through `.debug_str_offsets`; one kept in another file (dwz's
 * `DW_FORM_GNU_strp_alt`, a split unit's index) gives null with the reason. Throws
 * `BinspectError` (`OUT_OF_BOUNDS`, `TRUNCATED`, `LIMIT`, `UNSUPPORTED`) for broken sections.
 */
export function firstProducer(s: DwarfSections): Producer {
  const info = s.info.view(0, Math.min(s.info.size, INFO_WINDOW));
  const c = new Cursor(info);
  let noProducer = 'no compilation unit';
  for (let n = 0; n < MAX_UNITS && !c.atEnd; n++) {
    const start = c.pos;
    let length = c.u32();
    let offsetSize: 4 | 8 = 4;
    if (length === 0xffffffff) {
      length = c.u64();
      offsetSize = 8;
    } else if (length >= 0xfffffff0) {
      throw fail(info, start, 'UNSUPPORTED', `reserved unit_length 0x${length.toString(16)}`);
    }
    const end = c.pos + length;
    if (end > s.info.size) throw fail(info, start, 'TRUNCATED', `a ${length}-byte unit passes the end of the section`);
    const version = c.u16();
    if (version < 2 || version > 5) throw fail(info, start, 'UNSUPPORTED', `DWARF version ${version}`);
    let unitType = DW_UT_compile;
    let abbrevOffset: number;
    let addressSize: number;
    if (version >= 5) {
      unitType = c.u8();
      addressSize = c.u8();
      abbrevOffset = c.offset(offsetSize);
      if (unitType === DW_UT_skeleton || unitType === DW_UT_split_compile) c.skip(8); // dwo_id
    } else {
      abbrevOffset = c.offset(offsetSize);
      addressSize = c.u8();
    }
    if (COMPILATION_UNITS.has(unitType)) {
      const unit: UnitShape = { version, offsetSize, addressSize };
      const found = topProducer(s, new Cursor(info.sub(0, Math.min(end, info.length), info.where.structure), c.pos), abbrevOffset, unit);
      if (typeof found === 'string') return { producer: found, version };
      noProducer = found.reason;
    }
    if (end >= info.length && end < s.info.size) {
      noProducer = `no DW_AT_producer in the units of the first ${INFO_WINDOW} bytes of .debug_info`;
      break;
    }
    c.pos = end;
  }
  return { producer: null, reason: noProducer };
}

/** The top DIE's producer string, or why there is none. */
function topProducer(s: DwarfSections, c: Cursor, abbrevOffset: number, unit: UnitShape): string | { reason: string } {
  const code = c.uleb();
  if (code === 0) return { reason: 'the first unit has no top DIE' };
  const abbrev = s.other('abbrev');
  if (!abbrev) return { reason: 'the file has .debug_info without .debug_abbrev' };
  if (!(abbrevOffset >= 0 && abbrevOffset < abbrev.size)) {
    throw fail(c.v, 0, 'OUT_OF_BOUNDS', `debug_abbrev_offset 0x${abbrevOffset.toString(16)} is outside .debug_abbrev`);
  }
  const a = findAbbreviation(abbrev.view(abbrevOffset, Math.min(abbrev.size - abbrevOffset, ABBREV_WINDOW)), 0, code);
  let producer: AttrValue | undefined;
  let strOffsetsBase: number | null = null;
  for (const spec of a.attributes) {
    const v = readValue(c, spec.form, unit);
    if (spec.name === DW_AT_producer) producer = v;
    else if (spec.name === DW_AT_str_offsets_base && typeof v === 'number') strOffsetsBase = v;
  }
  if (producer === undefined) return { reason: 'the compilation unit has no DW_AT_producer' };
  if (producer instanceof Uint8Array) return decode(producer);
  if (producer === null || typeof producer === 'number') return { reason: 'DW_AT_producer is not a string' };
  switch (producer.str) {
    case 'str':
      return stringAt(s.other('str'), '.debug_str', producer.at);
    case 'line_str':
      return stringAt(s.other('line_str'), '.debug_line_str', producer.at);
    case 'strx': {
      const offsets = s.other('str_offsets');
      if (!offsets) return { reason: 'DW_AT_producer is indexed but there is no .debug_str_offsets' };
      // Without DW_AT_str_offsets_base, the first contribution (after its 8- or 16-byte header).
      const base = strOffsetsBase ?? 2 * unit.offsetSize;
      const at = base + producer.at * unit.offsetSize;
      if (!(at >= 0 && at + unit.offsetSize <= offsets.size)) {
        throw fail(c.v, 0, 'OUT_OF_BOUNDS', `string index ${producer.at} is outside .debug_str_offsets`);
      }
      return stringAt(s.other('str'), '.debug_str', new Cursor(offsets.view(at, unit.offsetSize)).offset(unit.offsetSize));
    }
    default:
      return { reason: 'DW_AT_producer is kept in another file (dwz supplementary file or split DWARF)' };
  }
}

/** The string at `at` in a string section: windows growing from 256 bytes to {@link MAX_PRODUCER}. */
function stringAt(section: DwarfSection | null, name: string, at: number): string | { reason: string } {
  if (!section) return { reason: `DW_AT_producer points into ${name}, which the file lacks` };
  for (let want = 256; ; want *= 16) {
    if (!(at >= 0 && at < section.size)) throw fail(section.view(0, 0), 0, 'OUT_OF_BOUNDS', `string offset 0x${at.toString(16)} is outside ${name}`);
    const n = Math.min(want, section.size - at, MAX_PRODUCER + 1);
    const v = section.view(at, n);
    const nul = v.bytes.indexOf(0);
    if (nul >= 0) return decode(v.bytes.subarray(0, nul));
    if (n > MAX_PRODUCER) return { reason: `DW_AT_producer is longer than ${MAX_PRODUCER} bytes` };
    if (at + n >= section.size) throw fail(v, 0, 'TRUNCATED', 'string without a terminating NUL');
  }
}

const decode = (b: Uint8Array): string => utf8.decode(b);

function fail(v: ByteView, at: number, code: 'OUT_OF_BOUNDS' | 'TRUNCATED' | 'UNSUPPORTED', detail: string): BinspectError {
  return new BinspectError(code, v.where.format, v.where.structure, v.base + at, detail);
}
