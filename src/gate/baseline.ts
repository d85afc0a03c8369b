import { relative, resolve } from 'node:path';
import type { AnyReport } from '../report/report.js';
import { compareVersions, splitVersionName } from '../query/version.js';
import { hintsFor, symbolsAbove, unreadable } from './check.js';
import { type GateResult, strictly } from './result.js';
import type { Violation } from './violation.js';

/** What the baseline records per file: the requirements a later build must not exceed. */
export interface BaselineEntry {
  machine: string | null;
  linkage: 'static' | 'static-pie' | 'dynamic' | null;
  /** The glibc floor (`"2.17"`), ABI markers included. */
  glibcFloor: string | null;
  glibcMax: string | null;
  /** Highest version needed per namespace (`GLIBCXX` → `"3.4.19"`). */
  maxVersions: Record<string, string>;
  /** Needed library → version names needed from it, sorted by namespace, then numerically. */
  versions: Record<string, string[]>;
  /** Needed libraries, sorted. */
  needed: string[];
  /** Declared protections: booleans, and `relro` (`none` | `partial` | `full`). */
  features: Record<string, boolean | string>;
}

/**
 * A baseline file (`binspect baseline`, `check --baseline`): `files` keyed by path relative to the
 * root, sorted. Objects from {@link parseBaseline} have no prototype, so a file called
 * `constructor` or `__proto__` is a key like any other.
 */
export interface Baseline {
  schema: 1;
  tool: 'binspect';
  files: Record<string, BaselineEntry>;
}

/** A baseline that breaks the baseline schema: `path` is the JSON path of the fault (`$.files["app"].needed[0]`). */
export class BaselineError extends TypeError {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'BaselineError';
  }
}

/** An object with no prototype holding `entries`: a key such as `__proto__` stays an own key. */
const dict = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> => Object.setPrototypeOf(Object.fromEntries(entries), null) as Record<string, T>;

const byKey = <T>(o: Record<string, T>): Record<string, T> =>
  dict(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Orders version names by namespace, then numerically (`GLIBC_2.2.5` < `GLIBC_2.14`); other names by their text. */
export function compareVersionNames(a: string, b: string): number {
  const x = splitVersionName(a);
  const y = splitVersionName(b);
  const nx = x?.[0] ?? a;
  const ny = y?.[0] ?? b;
  if (nx !== ny) return nx < ny ? -1 : 1;
  if (x && y) return compareVersions(x[1], y[1]);
  return x ? 1 : y ? -1 : 0;
}

/** The baseline entry for a readable report. */
export function baselineEntry(r: AnyReport): BaselineEntry {
  const versions = new Map<string, Set<string>>();
  for (const req of r.versionRequirements ?? []) {
    const set = versions.get(req.file) ?? new Set<string>();
    for (const v of req.versions) set.add(v);
    versions.set(req.file, set);
  }
  const features: Array<[string, boolean | string]> = [];
  for (const [k, v] of Object.entries(r.features ?? {})) if (typeof v === 'boolean' || typeof v === 'string') features.push([k, v]);
  return {
    machine: r.machine ?? null,
    linkage: r.linkage ?? null,
    glibcFloor: r.glibcFloor ?? null,
    glibcMax: r.glibcMax ?? null,
    maxVersions: byKey(dict(Object.entries(r.maxVersions ?? {}))),
    versions: byKey(dict([...versions].map(([lib, set]) => [lib, [...set].sort(compareVersionNames)] as const))),
    needed: [...(r.needed ?? [])].sort(),
    features: byKey(dict(features)),
  };
}

/** Stable, sorted, diff-friendly JSON of a baseline (2-space indent, trailing newline). */
export function serializeBaseline(b: Baseline): string {
  return `${JSON.stringify({ schema: 1, tool: 'binspect', files: byKey(b.files) }, null, 2)}\n`;
}

/** The key of `path` (as given: relative to the current directory, or absolute) in a baseline rooted at `root`: the path relative to `root`. */
export const baselineKey = (root: string, path: string): string => relative(resolve(root), resolve(path));

/**
 * A baseline of `reports` (readable ones; see {@link unreadable}), keyed by path relative to `root`
 * (default: the current directory).
 */
export function createBaseline(reports: Iterable<AnyReport>, root = '.'): Baseline {
  const base = resolve(root);
  return { schema: 1, tool: 'binspect', files: dict([...reports].map((r) => [baselineKey(base, r.path ?? ''), baselineEntry(r)] as const)) };
}

// --- The baseline schema, checked before use ---------------------------------------------------

/** Checks a JSON value at a JSON path, returning it typed (objects copied without a prototype), or throws {@link BaselineError}. */
type Check<T> = (v: unknown, path: string) => T;

const VERSION = /^[0-9]+(\.[0-9]+)*$/;
const NAMESPACE = /^[A-Za-z_]+$/;

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : typeof v === 'object' ? 'an object' : String(v));
const fail = (path: string, want: string, v: unknown): never => {
  throw new BaselineError(path, `expected ${want}, not ${describe(v)}`);
};
const member = (path: string, key: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const string: Check<string> = (v, p) => (typeof v === 'string' ? v : fail(p, 'a string', v));
const version: Check<string> = (v, p) => (typeof v === 'string' && VERSION.test(v) ? v : fail(p, 'a version such as "2.17"', v));
const nullable = <T>(c: Check<T>): Check<T | null> => (v, p) => (v === null ? null : c(v, p));
const oneOf = <T extends string>(...values: T[]): Check<T> => (v, p) => (values.includes(v as T) ? v as T : fail(p, values.map((x) => JSON.stringify(x)).join(' or '), v));
const arrayOf = <T>(c: Check<T>): Check<T[]> => (v, p) => (Array.isArray(v) ? v.map((x, i) => c(x, `${p}[${i}]`)) : fail(p, 'an array', v));
/** An object whose every key passes `key` and every value `c`. */
const recordOf = <T>(c: (key: string) => Check<T>, key: (k: string, p: string) => void = () => {}): Check<Record<string, T>> => (v, p) => {
  if (!isObject(v)) return fail(p, 'an object', v);
  return dict(Object.keys(v).map((k) => {
    key(k, member(p, k));
    return [k, c(k)(v[k], member(p, k))] as const;
  }));
};
/** An object with exactly these properties. */
const exactly = <T>(fields: { [K in keyof T]: Check<T[K]> }): Check<T> => (v, p) => {
  if (!isObject(v)) return fail(p, 'an object', v);
  for (const k of Object.keys(v)) if (!Object.hasOwn(fields, k)) throw new BaselineError(member(p, k), 'unknown property');
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(fields) as Array<keyof T & string>) {
    if (!Object.hasOwn(v, k)) throw new BaselineError(member(p, k), 'missing');
    out[k] = fields[k](v[k], member(p, k));
  }
  return out as T;
};

const feature = (name: string): Check<boolean | string> =>
  name === 'relro' ? oneOf('none', 'partial', 'full') : (v, p) => (typeof v === 'boolean' ? v : fail(p, 'true or false', v));

const ENTRY: Check<BaselineEntry> = exactly<BaselineEntry>({
  machine: nullable(string),
  linkage: nullable(oneOf('static', 'static-pie', 'dynamic')),
  glibcFloor: nullable(version),
  glibcMax: nullable(version),
  maxVersions: recordOf(() => version, (k, p) => {
    if (!NAMESPACE.test(k)) throw new BaselineError(p, 'a namespace is letters and underscores (GLIBCXX)');
  }),
  versions: recordOf(() => arrayOf(string)),
  needed: arrayOf(string),
  features: recordOf(feature),
});

const BASELINE: Check<Baseline> = exactly<Baseline>({
  schema: (v, p) => (v === 1 ? 1 : fail(p, '1 (a binspect baseline of schema 1)', v)),
  tool: (v, p) => (v === 'binspect' ? 'binspect' : fail(p, '"binspect"', v)),
  files: recordOf(() => ENTRY, (k, p) => {
    if (k === '') throw new BaselineError(p, 'a file key is a non-empty path');
  }),
});

/**
 * Checks a parsed baseline against the baseline schema (the same rules as the package's
 * `baseline.schema.json`, which test/gate/baseline-schema.test.ts holds it to: every property
 * present and typed, none unknown, versions `x.y[.z]`, file keys not empty, namespaces letters and
 * underscores, `relro` one of its three words and every other feature a boolean) and returns it
 * with prototype-free objects. Throws {@link BaselineError} naming the JSON path of
 * the first fault.
 */
export function validateBaseline(value: unknown): Baseline {
  return BASELINE(value, '$');
}

/** Parses and validates baseline JSON text. Throws {@link BaselineError} (path `$` for text that is no JSON). */
export function parseBaseline(text: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BaselineError('$', `not JSON: ${(e as Error).message}`);
  }
  return validateBaseline(value);
}

// --- Comparison ----------------------------------------------------------------------------------

const RELRO_RANK: Record<string, number> = { none: 0, partial: 1, full: 2 };
const own = <T>(o: Record<string, T>, k: string): T | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

/** What changed for the worse between a baseline entry and the file's report now. */
export function compareToBaseline(file: string, old: BaselineEntry, r: AnyReport): Violation[] {
  const now = baselineEntry(r);
  const out: Violation[] = [];
  const namespaces = new Set([...Object.keys(now.maxVersions), 'GLIBC']);
  for (const ns of [...namespaces].sort()) {
    const before = ns === 'GLIBC' ? old.glibcFloor : own(old.maxVersions, ns);
    const after = ns === 'GLIBC' ? now.glibcFloor : own(now.maxVersions, ns);
    if (after == null) continue;
    if (before == null && ns !== 'GLIBC') {
      const symbols = symbolsAbove(r, ns, '0');
      out.push({ file, rule: 'new-namespace', level: 'error', namespace: ns, old: null, new: after, symbols, hints: hintsFor(symbols),
        message: `needs the ${ns} namespace (up to ${after}), which the baseline did not record` });
    } else if (before == null || compareVersions(after, before) > 0) {
      const symbols = before == null ? symbolsAbove(r, ns, '0') : symbolsAbove(r, ns, before);
      out.push({ file, rule: 'version-raised', level: 'error', namespace: ns, old: before ?? null, new: after, symbols, hints: hintsFor(symbols),
        message: `${ns} ${ns === 'GLIBC' ? 'floor' : 'requirement'} rose from ${before ?? 'none'} to ${after}` });
    }
  }
  for (const [lib, versions] of Object.entries(now.versions)) {
    const was = new Set(own(old.versions, lib) ?? []);
    for (const v of versions) {
      if (splitVersionName(v) || was.has(v)) continue;
      const symbols = [{ symbol: null, version: v, file: lib }];
      out.push({ file, rule: 'new-version-node', level: 'error', new: v, symbols, hints: hintsFor(symbols),
        message: `needs ${v} from ${lib}, which the baseline did not record` });
    }
  }
  const had = new Set(old.needed);
  for (const lib of now.needed) {
    if (!had.has(lib)) out.push({ file, rule: 'new-library', level: 'error', new: lib, message: `needs ${lib}, which the baseline did not record` });
  }
  if (old.machine !== now.machine) out.push({ file, rule: 'machine-changed', level: 'error', old: old.machine, new: now.machine, message: `machine changed from ${old.machine} to ${now.machine}` });
  if (old.linkage !== now.linkage) out.push({ file, rule: 'linkage-changed', level: 'error', old: old.linkage, new: now.linkage, message: `linkage changed from ${old.linkage} to ${now.linkage}` });
  for (const [k, v] of Object.entries(old.features)) {
    const cur = own(now.features, k);
    const lost = v === true ? cur !== true : k === 'relro' && typeof v === 'string' ? (own(RELRO_RANK, String(cur)) ?? -1) < (own(RELRO_RANK, v) ?? 0) : false;
    if (lost) out.push({ file, rule: 'lost-protection', level: 'error', old: `${k}=${String(v)}`, new: cur === undefined ? null : `${k}=${String(cur)}`, message: `lost protection ${k} (was ${String(v)}, now ${String(cur ?? null)})` });
  }
  return out;
}

/** Options of {@link compareBaseline}. */
export interface CompareOptions {
  /** The directory baseline keys are relative to (default: the current directory). */
  root?: string;
  /** New and vanished files are errors, not warnings. */
  strict?: boolean;
}

/**
 * Judges `reports` against a baseline (from {@link parseBaseline} or {@link validateBaseline}):
 * each report is looked up by its path relative to `root`. A file that needs more than its entry
 * recorded is an error (`version-raised`, `new-namespace`, `new-version-node`, `new-library`,
 * `machine-changed`, `linkage-changed`, `lost-protection`); a report that cannot be judged is an
 * error (`unreadable`: the gate fails closed); a file not in the baseline (`new-file`) and a
 * baseline file not among the reports (`vanished-file`) are warnings, errors when `strict`. When
 * no report matches any baseline key, the run fails with `baseline-root`, naming the root: the
 * baseline was recorded elsewhere, and comparing nothing must not pass.
 */
export function compareBaseline(baseline: Baseline, reports: Iterable<AnyReport>, options: CompareOptions = {}): GateResult {
  const root = resolve(options.root ?? '.');
  const files: string[] = [];
  const violations: Violation[] = [];
  const seen = new Set<string>();
  let matched = 0;
  for (const r of reports) {
    const path = r.path ?? '';
    const key = baselineKey(root, path);
    files.push(path);
    seen.add(key);
    const old = own(baseline.files, key);
    if (old) matched++;
    const bad = unreadable(r);
    if (bad) {
      violations.push(bad);
      continue;
    }
    if (!old) {
      violations.push({ file: path, rule: 'new-file', level: 'warning', message: `not in the baseline (key ${key})` });
      continue;
    }
    violations.push(...compareToBaseline(path, old, r));
  }
  for (const key of Object.keys(baseline.files)) {
    if (seen.has(key)) continue;
    files.push(key);
    violations.push({ file: key, rule: 'vanished-file', level: 'warning', message: 'in the baseline but not found' });
  }
  if (matched === 0) {
    const n = Object.keys(baseline.files).length;
    violations.push({ file: root, rule: 'baseline-root', level: 'error',
      message: n === 0 ? 'the baseline records no file' : `no file checked matches any of the baseline's ${n} keys, taken relative to ${root} (--root sets it)` });
  }
  return { files, violations: options.strict ? strictly(violations) : violations };
}
