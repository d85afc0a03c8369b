import type { AnyReport } from '../report/report.js';
import { compareVersions, splitVersionName } from '../query/version.js';
import { hintsFor, symbolsAbove } from './check.js';
import type { Violation } from './violation.js';

/** What the baseline records per file: the requirements a later build must not exceed. */
export interface BaselineEntry {
  machine: string | null;
  linkage: string | null;
  glibcFloor: string | null;
  glibcMax: string | null;
  maxVersions: Record<string, string>;
  /** Needed library → version names needed from it, sorted. */
  versions: Record<string, string[]>;
  needed: string[];
  /** Declared protections: booleans and relro. */
  features: Record<string, boolean | string>;
}

/** A baseline file: `files` keyed by path relative to the root, sorted. */
export interface Baseline {
  schema: 1;
  tool: 'binspect';
  files: Record<string, BaselineEntry>;
}

const byKey = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The baseline entry for a readable report. */
export function baselineEntry(r: AnyReport): BaselineEntry {
  const versions: Record<string, string[]> = {};
  for (const req of r.versionRequirements ?? []) versions[req.file] = [...new Set([...(versions[req.file] ?? []), ...req.versions])].sort();
  const features: Record<string, boolean | string> = {};
  for (const [k, v] of Object.entries(r.features ?? {})) if (typeof v === 'boolean' || typeof v === 'string') features[k] = v;
  return {
    machine: r.machine ?? null,
    linkage: r.linkage ?? null,
    glibcFloor: r.glibcFloor ?? null,
    glibcMax: r.glibcMax ?? null,
    maxVersions: byKey(r.maxVersions ?? {}),
    versions: byKey(versions),
    needed: [...(r.needed ?? [])].sort(),
    features: byKey(features),
  };
}

/** Stable, sorted, diff-friendly JSON of a baseline (2-space indent, trailing newline). */
export function serializeBaseline(b: Baseline): string {
  return `${JSON.stringify({ schema: 1, tool: 'binspect', files: byKey(b.files) }, null, 2)}\n`;
}

/** Parses a baseline file; throws TypeError when it is not one. */
export function parseBaseline(text: string): Baseline {
  const b = JSON.parse(text) as Baseline;
  if (!b || b.schema !== 1 || b.tool !== 'binspect' || typeof b.files !== 'object') throw new TypeError('not a binspect baseline (schema 1)');
  return b;
}

const RELRO_RANK: Record<string, number> = { none: 0, partial: 1, full: 2 };

/** What changed for the worse between a baseline entry and the file's report now. */
export function compareToBaseline(file: string, old: BaselineEntry, r: AnyReport): Violation[] {
  const now = baselineEntry(r);
  const out: Violation[] = [];
  const namespaces = new Set([...Object.keys(now.maxVersions), 'GLIBC']);
  for (const ns of [...namespaces].sort()) {
    const before = ns === 'GLIBC' ? old.glibcFloor : old.maxVersions[ns];
    const after = ns === 'GLIBC' ? now.glibcFloor : now.maxVersions[ns];
    if (after == null) continue;
    if (before == null && ns !== 'GLIBC') {
      out.push({ file, rule: 'new-namespace', level: 'error', namespace: ns, old: null, new: after, symbols: symbolsAbove(r, ns, '0'),
        message: `needs the ${ns} namespace (up to ${after}), which the baseline did not record` });
    } else if (before == null || compareVersions(after, before) > 0) {
      const symbols = before == null ? symbolsAbove(r, ns, '0') : symbolsAbove(r, ns, before);
      out.push({ file, rule: 'version-raised', level: 'error', namespace: ns, old: before ?? null, new: after, symbols, hints: hintsFor(symbols),
        message: `${ns} ${ns === 'GLIBC' ? 'floor' : 'requirement'} rose from ${before ?? 'none'} to ${after}` });
    }
  }
  for (const [lib, versions] of Object.entries(now.versions)) {
    const was = new Set(old.versions[lib] ?? []);
    for (const v of versions) {
      if (splitVersionName(v) || was.has(v)) continue;
      out.push({ file, rule: 'new-version-node', level: 'error', new: v, symbols: [{ symbol: null, version: v, file: lib }], hints: hintsFor([{ symbol: null, version: v, file: lib }]),
        message: `needs ${v} from ${lib}, which the baseline did not record` });
    }
  }
  for (const lib of now.needed) {
    if (!old.needed.includes(lib)) out.push({ file, rule: 'new-library', level: 'error', new: lib, message: `needs ${lib}, which the baseline did not record` });
  }
  if (old.machine !== now.machine) out.push({ file, rule: 'machine-changed', level: 'error', old: old.machine, new: now.machine, message: `machine changed from ${old.machine} to ${now.machine}` });
  if (old.linkage !== now.linkage) out.push({ file, rule: 'linkage-changed', level: 'error', old: old.linkage, new: now.linkage, message: `linkage changed from ${old.linkage} to ${now.linkage}` });
  for (const [k, v] of Object.entries(old.features)) {
    const cur = now.features[k];
    const lost = v === true ? cur !== true : k === 'relro' && typeof v === 'string' ? (RELRO_RANK[String(cur)] ?? -1) < (RELRO_RANK[v] ?? 0) : false;
    if (lost) out.push({ file, rule: 'lost-protection', level: 'error', old: `${k}=${String(v)}`, new: cur === undefined ? null : `${k}=${String(cur)}`, message: `lost protection ${k} (was ${String(v)}, now ${String(cur ?? null)})` });
  }
  return out;
}
