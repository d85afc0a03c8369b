/**
 * DWARF constants binspect reads (DWARF 5, "DWARF Debugging Information Format Version 5", 2017:
 * §7.5.1 unit headers, §7.5.3 abbreviations, §7.5.5/7.5.6 attribute forms; DWARF 2-4 where they
 * differ; GNU extensions from GCC's include/dwarf2.def).
 */

/** §7.5.1.1: unit types of a DWARF 5 unit header (`unit_type`). */
export const DW_UT_compile = 0x01;
export const DW_UT_type = 0x02;
export const DW_UT_partial = 0x03;
export const DW_UT_skeleton = 0x04;
export const DW_UT_split_compile = 0x05;
export const DW_UT_split_type = 0x06;

/** Unit types whose top DIE describes a compilation (the ones binspect reads the producer of). */
export const COMPILATION_UNITS: ReadonlySet<number> = new Set([DW_UT_compile, DW_UT_partial, DW_UT_skeleton, DW_UT_split_compile]);

/** §7.5.4 / table 7.5: attributes binspect reads. */
export const DW_AT_producer = 0x25;
export const DW_AT_str_offsets_base = 0x72;

/** §7.5.6, table 7.6: attribute forms (and GNU extensions). */
export const DW_FORM_addr = 0x01;
export const DW_FORM_block2 = 0x03;
export const DW_FORM_block4 = 0x04;
export const DW_FORM_data2 = 0x05;
export const DW_FORM_data4 = 0x06;
export const DW_FORM_data8 = 0x07;
export const DW_FORM_string = 0x08;
export const DW_FORM_block = 0x09;
export const DW_FORM_block1 = 0x0a;
export const DW_FORM_data1 = 0x0b;
export const DW_FORM_flag = 0x0c;
export const DW_FORM_sdata = 0x0d;
export const DW_FORM_strp = 0x0e;
export const DW_FORM_udata = 0x0f;
export const DW_FORM_ref_addr = 0x10;
export const DW_FORM_ref1 = 0x11;
export const DW_FORM_ref2 = 0x12;
export const DW_FORM_ref4 = 0x13;
export const DW_FORM_ref8 = 0x14;
export const DW_FORM_ref_udata = 0x15;
export const DW_FORM_indirect = 0x16;
export const DW_FORM_sec_offset = 0x17;
export const DW_FORM_exprloc = 0x18;
export const DW_FORM_flag_present = 0x19;
export const DW_FORM_strx = 0x1a;
export const DW_FORM_addrx = 0x1b;
export const DW_FORM_ref_sup4 = 0x1c;
export const DW_FORM_strp_sup = 0x1d;
export const DW_FORM_data16 = 0x1e;
export const DW_FORM_line_strp = 0x1f;
export const DW_FORM_ref_sig8 = 0x20;
export const DW_FORM_implicit_const = 0x21;
export const DW_FORM_loclistx = 0x22;
export const DW_FORM_rnglistx = 0x23;
export const DW_FORM_ref_sup8 = 0x24;
export const DW_FORM_strx1 = 0x25;
export const DW_FORM_strx2 = 0x26;
export const DW_FORM_strx3 = 0x27;
export const DW_FORM_strx4 = 0x28;
export const DW_FORM_addrx1 = 0x29;
export const DW_FORM_addrx2 = 0x2a;
export const DW_FORM_addrx3 = 0x2b;
export const DW_FORM_addrx4 = 0x2c;
export const DW_FORM_GNU_addr_index = 0x1f01;
export const DW_FORM_GNU_str_index = 0x1f02;
export const DW_FORM_GNU_ref_alt = 0x1f20;
export const DW_FORM_GNU_strp_alt = 0x1f21;

/**
 * How many bytes a form's value takes when that does not depend on the data: a number, or `offset`
 * (4 in 32-bit DWARF, 8 in 64-bit), `address` (the unit's address size), `refAddr` (address size
 * in DWARF 2, offset size later), `uleb`/`sleb` (one LEB128 number), `string` (NUL-terminated),
 * `block1`/`block2`/`block4`/`uleb-block` (a length, then that many bytes), `indirect` (the form
 * follows as a ULEB128).
 */
export type FormSize =
  | number | 'offset' | 'address' | 'refAddr' | 'uleb' | 'sleb' | 'string' | 'block1' | 'block2' | 'block4' | 'uleb-block' | 'indirect';

export const FORM_SIZES: ReadonlyMap<number, FormSize> = new Map<number, FormSize>([
  [DW_FORM_addr, 'address'], [DW_FORM_block2, 'block2'], [DW_FORM_block4, 'block4'], [DW_FORM_data2, 2], [DW_FORM_data4, 4],
  [DW_FORM_data8, 8], [DW_FORM_string, 'string'], [DW_FORM_block, 'uleb-block'], [DW_FORM_block1, 'block1'], [DW_FORM_data1, 1],
  [DW_FORM_flag, 1], [DW_FORM_sdata, 'sleb'], [DW_FORM_strp, 'offset'], [DW_FORM_udata, 'uleb'], [DW_FORM_ref_addr, 'refAddr'],
  [DW_FORM_ref1, 1], [DW_FORM_ref2, 2], [DW_FORM_ref4, 4], [DW_FORM_ref8, 8], [DW_FORM_ref_udata, 'uleb'],
  [DW_FORM_indirect, 'indirect'], [DW_FORM_sec_offset, 'offset'], [DW_FORM_exprloc, 'uleb-block'], [DW_FORM_flag_present, 0],
  [DW_FORM_strx, 'uleb'], [DW_FORM_addrx, 'uleb'], [DW_FORM_ref_sup4, 4], [DW_FORM_strp_sup, 'offset'], [DW_FORM_data16, 16],
  [DW_FORM_line_strp, 'offset'], [DW_FORM_ref_sig8, 8], [DW_FORM_implicit_const, 0], [DW_FORM_loclistx, 'uleb'],
  [DW_FORM_rnglistx, 'uleb'], [DW_FORM_ref_sup8, 8], [DW_FORM_strx1, 1], [DW_FORM_strx2, 2], [DW_FORM_strx3, 3], [DW_FORM_strx4, 4],
  [DW_FORM_addrx1, 1], [DW_FORM_addrx2, 2], [DW_FORM_addrx3, 3], [DW_FORM_addrx4, 4], [DW_FORM_GNU_addr_index, 'uleb'],
  [DW_FORM_GNU_str_index, 'uleb'], [DW_FORM_GNU_ref_alt, 'offset'], [DW_FORM_GNU_strp_alt, 'offset'],
]);

/** Forms whose value is an index into the unit's `.debug_str_offsets` contribution. */
export const STRX_FORMS: ReadonlySet<number> = new Set([DW_FORM_strx, DW_FORM_strx1, DW_FORM_strx2, DW_FORM_strx3, DW_FORM_strx4]);
