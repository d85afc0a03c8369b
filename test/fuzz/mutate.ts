import fc from 'fast-check';
import type { Field } from './fields.js';

/** One mutation, applied to a copy of a seed file. Offsets are taken modulo the file size. */
export type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'bit'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'field'; field: number; value: FieldValue };

/** What a structure-aware mutation writes into a field. */
export type FieldValue =
  | { to: 'const'; value: bigint }
  | { to: 'delta'; delta: number }
  | { to: 'size'; delta: number }
  | { to: 'self' }
  /** Another field's current value plus `delta`: offsets that alias (two fat slices at one offset,
   * an import's Name on its own thunk table, symoff = stroff), counts taken from sizes, and so on. */
  | { to: 'other'; field: number; delta: number };

export const MUTATORS = ['flip', 'bit', 'insert', 'delete', 'truncate', 'field'] as const;

const interesting = fc.constantFrom(0n, 1n, 2n, 0x7fn, 0xffn, 0x7fffn, 0xffffn, 0x7fffffffn, 0xffffffffn,
  0x100000000n, 0x1fffffffffffffn, 0x20000000000000n, 0xffffffffffffffffn);

export const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  interesting.map((value) => ({ to: 'const' as const, value })),
  fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }).map((value) => ({ to: 'const' as const, value })),
  fc.integer({ min: -64, max: 64 }).map((delta) => ({ to: 'delta' as const, delta })),
  fc.integer({ min: -16, max: 16 }).map((delta) => ({ to: 'size' as const, delta })),
  fc.constant({ to: 'self' as const }),
  fc.record({ to: fc.constant('other' as const), field: fc.nat(), delta: fc.integer({ min: -8, max: 8 }) }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bit' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('field' as const), field: fc.nat(), value: fieldValue }) },
);

function writeField(out: Uint8Array, f: Field, value: bigint, le: boolean): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const v = BigInt.asUintN(f.width * 8, value);
  if (f.width === 2) dv.setUint16(f.offset, Number(v), le);
  else if (f.width === 4) dv.setUint32(f.offset, Number(v), le);
  else dv.setBigUint64(f.offset, v, le);
}

function readField(b: Uint8Array, f: Field, le: boolean): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (f.width === 2) return BigInt(dv.getUint16(f.offset, le));
  if (f.width === 4) return BigInt(dv.getUint32(f.offset, le));
  return dv.getBigUint64(f.offset, le);
}

/**
 * Applies `muts` in order to a copy of `seed` (fields located in the seed; skipped once the layout
 * moved). A field is read and written in its own byte order (`Field.le`) when it has one, else in
 * `le`, the file's.
 */
export function applyMutations(seed: Uint8Array, fields: readonly Field[], muts: readonly Mutation[], le: boolean): Uint8Array {
  let b = new Uint8Array(seed);
  let moved = false;
  for (const m of muts) {
    if (b.length === 0) break;
    const at = (x: number): number => x % b.length;
    switch (m.kind) {
      case 'flip': b[at(m.at)] = m.value; break;
      case 'bit': b[at(m.at)]! ^= 1 << m.bit; break;
      case 'insert': {
        const i = at(m.at);
        const n = new Uint8Array(b.length + m.bytes.length);
        n.set(b.subarray(0, i));
        n.set(m.bytes, i);
        n.set(b.subarray(i), i + m.bytes.length);
        b = n;
        moved = true;
        break;
      }
      case 'delete': {
        const i = at(m.at);
        const end = Math.min(b.length, i + m.length);
        const n = new Uint8Array(b.length - (end - i));
        n.set(b.subarray(0, i));
        n.set(b.subarray(end), i);
        b = n;
        moved = true;
        break;
      }
      case 'truncate': b = b.slice(0, at(m.at)); break;
      case 'field': {
        if (moved || fields.length === 0) break;
        const f = fields[m.field % fields.length]!;
        if (f.offset + f.width > b.length) break;
        const fle = f.le ?? le;
        const old = readField(b, f, fle);
        const v = m.value;
        let value = 0n;
        if (v.to === 'const') value = v.value;
        else if (v.to === 'delta') value = old + BigInt(v.delta);
        else if (v.to === 'size') value = BigInt(b.length + v.delta);
        else if (v.to === 'other') {
          const g = fields[v.field % fields.length]!;
          value = (g.offset + g.width <= b.length ? readField(b, g, g.le ?? le) : old) + BigInt(v.delta);
        }
        // 'self': 2^n - 16, which in a 32-bit address space takes a relative chain pointer
        // (vn_next, vna_next) 16 bytes back, onto the previous entry: a loop.
        writeField(b, f, v.to === 'self' ? (1n << BigInt(f.width * 8)) - 16n : value, fle);
        break;
      }
    }
  }
  return b;
}
