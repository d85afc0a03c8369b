import { BinspectError } from '../errors.js';
import type { ByteView } from '../bytes/view.js';
import { DW_FORM_implicit_const } from './constants.js';
import { Cursor } from './cursor.js';

/** One attribute specification of an abbreviation (§7.5.3): name and form (a `DW_FORM_implicit_const` value is skipped: binspect reads none). */
export interface AttributeSpec {
  name: number;
  form: number;
}

/** An abbreviation declaration (§7.5.3): the DIE's tag, whether it has children, its attributes in order. */
export interface Abbreviation {
  code: number;
  tag: number;
  children: boolean;
  attributes: AttributeSpec[];
}

/**
 * The abbreviation `code` of the table at `offset` in `.debug_abbrev` (§7.5.3: declarations until
 * a 0 code). Every loop advances through the section, so a hostile table ends at the section's
 * end at the latest. Throws `OUT_OF_BOUNDS` (no such code, or past the section), `LIMIT` (a LEB128
 * number too long).
 */
export function findAbbreviation(abbrev: ByteView, offset: number, code: number): Abbreviation {
  if (!(offset >= 0 && offset < abbrev.length)) {
    throw new BinspectError('OUT_OF_BOUNDS', abbrev.where.format, abbrev.where.structure, abbrev.base,
      `abbreviation table offset 0x${offset.toString(16)} is outside the ${abbrev.length}-byte section`);
  }
  const c = new Cursor(abbrev, offset);
  for (;;) {
    const at = c.pos;
    const k = c.uleb();
    if (k === 0) {
      throw new BinspectError('OUT_OF_BOUNDS', abbrev.where.format, abbrev.where.structure, abbrev.base + at,
        `abbreviation ${code} is not in the table at 0x${offset.toString(16)}`);
    }
    const tag = c.uleb();
    const children = c.u8() !== 0;
    const attributes: AttributeSpec[] = [];
    for (;;) {
      const name = c.uleb();
      const form = c.uleb();
      if (name === 0 && form === 0) break;
      if (form === DW_FORM_implicit_const) c.skipSleb();
      if (k === code) attributes.push({ name, form });
    }
    if (k === code) return { code, tag, children, attributes };
  }
}
