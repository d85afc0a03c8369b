/**
 * Constant tables shared by every format: each enum of a spec is one `[value, name]` list, from
 * which name look-ups are derived (docs/architecture.md: "one list per enumeration, never a second
 * hand-written `switch`").
 */

/** Builds a value → name map from `[value, name]` pairs (the first name wins for duplicate values). */
export function table<T = string>(pairs: ReadonlyArray<readonly [number, T]>): ReadonlyMap<number, T> {
  const m = new Map<number, T>();
  for (const [v, n] of pairs) if (!m.has(v)) m.set(v, n);
  return m;
}

/** The name of `value` in `t`, or undefined. */
export function nameOf<T>(t: ReadonlyMap<number, T>, value: number): T | undefined {
  return t.get(value);
}

/** The names of the bits of `value` present in the bit table `t`, in table order (unknown bits dropped). */
export function flagNames(t: ReadonlyMap<number, string>, value: number): string[] {
  const out: string[] = [];
  for (const [bit, name] of t) if (bit !== 0 && (value & bit) >>> 0 === bit) out.push(name);
  return out;
}

/** Like {@link flagNames}, with the bits no entry names appended as `<unknown: 0x..>` (as readelf prints them). */
export function bitNames(t: ReadonlyMap<number, string>, value: number): string[] {
  const out = flagNames(t, value);
  let rest = value >>> 0;
  for (const [bit] of t) if ((rest & bit) >>> 0 === bit) rest = (rest & ~bit) >>> 0;
  if (rest !== 0) out.push(`<unknown: 0x${rest.toString(16)}>`);
  return out;
}
