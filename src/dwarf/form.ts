import { BinspectError } from '../errors.js';
import {
  DW_FORM_GNU_strp_alt, DW_FORM_line_strp, DW_FORM_strp, DW_FORM_strp_sup, DW_FORM_string, FORM_SIZES, STRX_FORMS, DW_FORM_GNU_str_index,
} from './constants.js';
import type { Cursor } from './cursor.js';

/** What a unit header fixes about its attribute values (§7.5.1). */
export interface UnitShape {
  version: number;
  /** 4 in 32-bit DWARF, 8 in 64-bit (§7.4). */
  offsetSize: 4 | 8;
  addressSize: number;
}

/**
 * An attribute value as binspect needs it: a number (constants, offsets, indices that fit in 2^53),
 * inline string bytes, or a reference to a string elsewhere — `str` (`.debug_str` offset),
 * `line_str` (`.debug_line_str` offset), `strx` (an index into the unit's `.debug_str_offsets`),
 * `other` (the supplementary or dwz file, or a split DWARF index: not in this file). Blocks and
 * 16-byte data are skipped and read as null.
 */
export type AttrValue = number | Uint8Array | { str: 'str' | 'line_str' | 'strx' | 'other'; at: number } | null;

/** Forms nested through `DW_FORM_indirect` at most this deep (one level is all a producer needs). */
const MAX_INDIRECT = 4;

/**
 * Reads one attribute value of `form` at the cursor and moves past it (§7.5.5, table 7.6).
 * Throws `UNSUPPORTED` for a form binspect does not know (its size is then unknown, so nothing
 * after it can be read), `OUT_OF_BOUNDS` / `LIMIT` from the cursor.
 */
export function readValue(c: Cursor, form: number, unit: UnitShape, depth = 0): AttrValue {
  const size = FORM_SIZES.get(form);
  if (size === undefined) {
    throw new BinspectError('UNSUPPORTED', c.v.where.format, c.v.where.structure, c.v.base + c.pos, `unknown attribute form 0x${form.toString(16)}`);
  }
  if (form === DW_FORM_string) return c.cstring();
  if (form === DW_FORM_strp) return { str: 'str', at: c.offset(unit.offsetSize) };
  if (form === DW_FORM_line_strp) return { str: 'line_str', at: c.offset(unit.offsetSize) };
  if (form === DW_FORM_strp_sup || form === DW_FORM_GNU_strp_alt) return { str: 'other', at: c.offset(unit.offsetSize) };
  if (form === DW_FORM_GNU_str_index) return { str: 'other', at: c.uleb() };
  if (STRX_FORMS.has(form)) return { str: 'strx', at: typeof size === 'number' ? c.uint(size) : c.uleb() };
  switch (size) {
    case 'offset':
      return c.offset(unit.offsetSize);
    case 'address':
      return skipped(c, unit.addressSize);
    case 'refAddr':
      return unit.version <= 2 ? skipped(c, unit.addressSize) : c.offset(unit.offsetSize);
    case 'uleb':
      return c.uleb();
    case 'sleb':
      c.skipSleb();
      return null;
    case 'string':
      return c.cstring();
    case 'block1':
      return skipped(c, c.u8());
    case 'block2':
      return skipped(c, c.u16());
    case 'block4':
      return skipped(c, c.u32());
    case 'uleb-block':
      return skipped(c, c.uleb());
    case 'indirect': {
      if (depth >= MAX_INDIRECT) {
        throw new BinspectError('LOOP', c.v.where.format, c.v.where.structure, c.v.base + c.pos, 'DW_FORM_indirect nested too deep');
      }
      return readValue(c, c.uleb(), unit, depth + 1);
    }
    default:
      return size <= 4 && size > 0 ? c.uint(size) : skipped(c, size);
  }
}

function skipped(c: Cursor, n: number): null {
  c.skip(n);
  return null;
}
