/**
 * Version strings as symbol-version names use them: dot-separated decimal components
 * (`2.34`, `2.2.5`, `3.4.29`). Comparison is numeric and component-wise; a missing component
 * counts as 0, so `2.34` equals `2.34.0`.
 */

/** Negative, 0 or positive as `a` is lower than, equal to or higher than `b`. Throws TypeError on a non-version. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

const parsed = new Map<string, number[]>();

function parseVersion(v: string): number[] {
  let p = parsed.get(v);
  if (p) return p;
  if (!/^[0-9]+(\.[0-9]+)*$/.test(v)) throw new TypeError(`not a version: ${JSON.stringify(v)}`);
  p = v.split('.').map(Number);
  if (parsed.size < 4096) parsed.set(v, p);
  return p;
}

/** The higher of two versions (either may be null). */
export function maxVersion(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareVersions(b, a) > 0 ? b : a;
}

/** docs/report.md `maxVersions` rule: `NAME_x.y[.z]` → [NAME, version]; null for other names. */
const NAMESPACED = /^([A-Za-z_]+?)_([0-9]+(?:\.[0-9]+)*)$/;
export function splitVersionName(name: string): [string, string] | null {
  const m = NAMESPACED.exec(name);
  return m ? [m[1]!, m[2]!] : null;
}
