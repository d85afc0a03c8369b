import type { AnyReport, ReportField } from '../report/report.js';
import { judge, requireKey, whyUnknown } from '../query/features.js';
import { compareVersions, splitVersionName } from '../query/version.js';
import { checkedFacts, touchedFacts } from './anomalies.js';
import { explain } from './explain.js';
import { checkPlatform } from './platform.js';
import { normalizePath, symbolsOf } from './wheel.js';
import type { Policy } from './policy.js';
import type { Violation } from './violation.js';
import { globMatch } from '../util/glob.js';

/** The report fields the gate reads. */
export const GATE_FIELDS: ReportField[] = [
  'class', 'endian', 'machine', 'type', 'linkage', 'needed', 'rpath', 'runpath', 'libc', 'versionRequirements', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols',
  'maxVersions', 'symbolVersions', 'features', 'go', 'packer', 'slices', 'undefinedSymbols',
  // Other readings of the facts above (docs/loader.md).
  'anomalies',
];

/**
 * The report fields checking `policy` needs: {@link GATE_FIELDS}, without `undefinedSymbols` (which
 * reads every dynamic symbol) unless a platform policy has a symbol blacklist.
 */
export function gateFields(policy: Policy): ReportField[] {
  const blacklists = policy.platforms.some((p) => p.kind === 'wheel' && Object.keys(p.data.blacklist).length > 0);
  const go = policy.minGo !== undefined || policy.cgo === false;
  return GATE_FIELDS.filter((f) => (f !== 'undefinedSymbols' || blacklists) && (f !== 'go' || go) && (f !== 'packer' || policy.denyPacked === true));
}

/** A feature's value as a finding shows it: `fortify` as checksec's counts with the unchecked calls, others as text. */
function featureText(name: string | undefined, have: unknown): string | null {
  if (have === undefined || have === null) return null;
  if (name === 'fortify' && typeof have === 'object') {
    const f = have as { fortified: string[]; unfortified: string[] };
    return `${f.fortified.length}/${f.fortified.length + f.unfortified.length}`;
  }
  return typeof have === 'string' ? have : JSON.stringify(have);
}

type Sym = NonNullable<Violation['symbols']>[number];

/** Why a report cannot be judged (fail closed), or null when it can. */
export function unreadable(r: AnyReport): Violation | null {
  if (r.error) {
    return { file: r.path ?? '', rule: 'unreadable', level: 'error', message: `${r.error.code}: ${r.error.message}` };
  }
  const badSlice = (r.slices ?? []).map((s, i) => [i, s.error] as const).find(([, e]) => e);
  if (badSlice) {
    return { file: r.path ?? '', rule: 'unreadable', level: 'error', message: `fat slice ${badSlice[0]}: ${badSlice[1]!.code}: ${badSlice[1]!.message}` };
  }
  const errs = r.fieldErrors.filter((e) => GATE_FIELDS.includes(e.field as ReportField) || e.field.startsWith('features.'));
  if (errs.length) {
    return {
      file: r.path ?? '', rule: 'unreadable', level: 'error',
      message: `requirements cannot be determined: ${groupErrors(errs)}`,
    };
  }
  return null;
}

/** Field errors with one cause said once, naming the fields it cost: `CODE: message (fields a, b)`. */
function groupErrors(errs: readonly AnyReport['fieldErrors'][number][]): string {
  const byCause = new Map<string, string[]>();
  for (const e of errs) {
    const cause = `${e.code}: ${e.message}`;
    byCause.set(cause, [...(byCause.get(cause) ?? []), e.field]);
  }
  return [...byCause].map(([cause, fields]) => `${cause} (${fields.length === 1 ? 'field' : 'fields'} ${fields.join(', ')})`).join('; ');
}

/** Every needed version node above `ceiling` in `namespace`, with the symbols that need it. */
export function symbolsAbove(r: AnyReport, namespace: string, ceiling: string): Sym[] {
  const out: Sym[] = [];
  const seen = new Set<string>();
  for (const s of r.symbolVersions ?? []) {
    const nv = splitVersionName(s.version);
    if (nv && nv[0] === namespace && compareVersions(nv[1], ceiling) > 0) {
      out.push({ symbol: s.symbol, version: s.version, file: s.file });
      seen.add(`${s.file}\0${s.version}`);
    }
  }
  // Version nodes no symbol references (or non-numeric ABI markers that raise the glibc floor).
  for (const req of r.versionRequirements ?? []) {
    for (const v of req.versions) {
      const nv = splitVersionName(v);
      if (nv && nv[0] === namespace && compareVersions(nv[1], ceiling) > 0 && !seen.has(`${req.file}\0${v}`)) {
        out.push({ symbol: null, version: v, file: req.file });
      }
    }
  }
  if (namespace === 'GLIBC') {
    for (const f of r.glibcFloorSymbols ?? []) if (f.symbol === null && !f.version.match(/^GLIBC_[0-9]/)) out.push(f);
  }
  return out.sort((a, b) => compareVersions(versionOf(b.version), versionOf(a.version)) || (a.symbol ?? '').localeCompare(b.symbol ?? ''));
}

function versionOf(name: string): string {
  return splitVersionName(name)?.[1] ?? '0';
}

/** Hints for the well-known culprits among `symbols`. */
export function hintsFor(symbols: readonly Sym[]): string[] | undefined {
  const h = [...new Set(symbols.map((s) => explain(s.symbol, s.version)).filter((x): x is string => !!x))];
  return h.length ? h : undefined;
}

/** The namespace's needed maximum; for GLIBC the floor (ABI markers count). */
function needed(r: AnyReport, namespace: string): string | null {
  return namespace === 'GLIBC' ? (r.glibcFloor ?? null) : (r.maxVersions?.[namespace] ?? null);
}

const FORMAT_NAMES: Record<string, string> = { elf: 'ELF', pe: 'PE', coff: 'COFF', macho: 'Mach-O' };

/** What a file is, as far as applicability goes: `this file (ELF, x86_64, pie-executable)`. */
const kindOf = (r: AnyReport): string =>
  `this file (${[r.format === null ? null : FORMAT_NAMES[r.format] ?? r.format, r.machine, r.type].filter((x) => x != null).join(', ')})`;

/**
 * Checks one report against a policy. An unreadable file is one `unreadable` violation: the gate
 * fails closed, a corrupt version table never passes.
 */
export function checkPolicy(r: AnyReport, p: Policy, shipped: ReadonlySet<string> = new Set()): Violation[] {
  const bad = unreadable(r);
  if (bad) return [bad];
  if (r.format === 'macho-fat') {
    // Each slice is judged on its own; --machine passes when any slice is built for the machine.
    const slices = r.slices ?? [];
    const out = slices.flatMap((s, i) => checkPolicy({ ...s, path: `${r.path ?? ''} [slice ${i}]` }, { ...p, machine: undefined }));
    if (p.machine && !slices.some((s) => s.machine === p.machine)) {
      out.push({ file: r.path ?? '', rule: 'machine', level: 'error', old: p.machine, new: slices.map((s) => s.machine).join(','),
        message: `no slice is built for ${p.machine} (slices: ${slices.map((s) => s.machine ?? 'unknown').join(', ')})` });
    }
    return out;
  }
  const file = r.path ?? '';
  const out: Violation[] = anomalyViolations(r, p);
  for (const [ns, ceiling] of Object.entries(p.max).sort(([a], [b]) => a.localeCompare(b))) {
    const have = needed(r, ns);
    if (have === null || compareVersions(have, ceiling) <= 0) continue;
    const symbols = symbolsAbove(r, ns, ceiling);
    out.push({
      file, rule: 'version-ceiling', level: 'error', namespace: ns, old: ceiling, new: have, symbols, hints: hintsFor(symbols),
      message: `needs ${ns} ${have}, above the allowed ${ceiling}`,
    });
  }
  for (const [ns] of Object.entries(p.max)) {
    // `NS_PRIVATE` is no release: no ceiling allows it (glibc's GLIBC_PRIVATE is internal to glibc).
    const priv = `${ns}_PRIVATE`;
    const symbols = (r.versionRequirements ?? []).filter((q) => q.versions.includes(priv)).flatMap((q) => symbolsOf(r, q.file, priv));
    if (symbols.length) {
      out.push({ file, rule: 'version-not-allowed', level: 'error', namespace: ns, old: p.max[ns], new: priv, symbols,
        message: `needs ${priv}, which no ${ns} ceiling allows (a private interface of the library)` });
    }
  }
  for (const platform of p.platforms) out.push(...checkPlatform(r, platform, shipped));
  if (p.machine && r.machine !== p.machine) {
    out.push({ file, rule: 'machine', level: 'error', old: p.machine, new: r.machine ?? null, message: `built for ${r.machine ?? 'an unknown machine'}, not ${p.machine}` });
  }
  if (p.linkage && r.linkage !== p.linkage) {
    out.push({ file, rule: 'linkage', level: 'error', old: p.linkage, new: r.linkage ?? null, message: `linkage is ${r.linkage ?? 'unknown'}, not ${p.linkage}` });
  }
  if (p.libc && r.libc !== p.libc) {
    out.push({ file, rule: 'libc', level: 'error', old: p.libc, new: r.libc ?? null, message: `C library is ${r.libc ?? 'unknown'}, not ${p.libc}` });
  }
  // Each protection is judged only where it applies (the feature table): "not applicable" never
  // fails, and is said as a note.
  for (const req of p.require) {
    const name = requireKey(req);
    const have = name === undefined ? undefined : r.features?.[name];
    const outcome = name === undefined ? 'no' : judge(req, r);
    if (outcome === 'unknown') {
      out.push({ file, rule: 'unknown-protection', level: p.allowUnknown ? 'note' : 'error', old: req,
        message: `required protection ${req} cannot be judged: ${whyUnknown(name!)}${p.allowUnknown ? ' (--allow-unknown: not judged)' : '; --allow-unknown accepts it'}` });
    } else if (outcome === 'n/a') {
      out.push({ file, rule: 'not-applicable', level: 'note', old: req, message: `required protection ${req} does not apply to ${kindOf(r)}: not judged` });
    } else if (outcome === 'no') {
      const unchecked = name === 'fortify' && have ? (have as { unfortified: string[] }).unfortified : [];
      const why = unchecked.length ? `fortify is ${featureText(name, have)}: ${unchecked.length} fortifiable calls, none checked (${unchecked.slice(0, 5).join(', ')}${unchecked.length > 5 ? ', ...' : ''})`
        : `${name} is ${JSON.stringify(have ?? null)}`;
      out.push({ file, rule: 'missing-protection', level: 'error', old: req, new: featureText(name, have), message: `required protection ${req} is not declared (${why})` });
    }
  }
  if (p.denyPacked && r.packer) {
    out.push({ file, rule: 'packed', level: 'error', new: r.packer, message: `packed with ${r.packer}: what the file declares is its stub's, not the program's` });
  }
  const go = r.go ?? null;
  if (p.minGo !== undefined && go && compareVersions(go.version.replace(/^go/, '').replace(/[^0-9.].*$/, ''), p.minGo) < 0) {
    out.push({ file, rule: 'go-release', level: 'error', old: p.minGo, new: go.version, message: `built by ${go.version}, older than the required Go ${p.minGo}` });
  }
  if (p.cgo === false && go && go.settings.CGO_ENABLED === '1') {
    out.push({ file, rule: 'cgo', level: 'error', old: 'off', new: 'on', message: 'built with cgo on (CGO_ENABLED=1): it needs the C library it was linked against' });
  }
  for (const lib of r.needed ?? []) {
    const denied = p.denyNeeded.find((g) => globMatch(lib, g));
    if (denied) out.push({ file, rule: 'denied-library', level: 'error', new: lib, message: `needs ${lib}, denied by ${denied}` });
    if (p.allowNeeded.length && !p.allowNeeded.some((g) => globMatch(lib, g))) {
      out.push({ file, rule: 'unallowed-library', level: 'error', new: lib, message: `needs ${lib}, not in the allowed list` });
    }
  }
  return out;
}

/**
 * The gate as a library: every violation of `policy` by `reports` (reports from `inspect*()` or
 * `scan()` with at least {@link GATE_FIELDS} selected), in report order. An unreadable report
 * gives one `unreadable` violation (the gate fails closed). Pure: reads nothing but the reports.
 * The reports are checked together: a library one of them needs through an `$ORIGIN` run path
 * and another of them is (a wheel's `.libs` directory) is shipped, not external, as auditwheel
 * judges a wheel.
 * Build `policy` with `emptyPolicy()`, `mergePolicies()` and `resolvePolicy(name).policy`.
 */
export function check(reports: Iterable<AnyReport>, policy: Policy): Violation[] {
  const list = [...reports];
  const shipped = new Set(list.filter((r) => r.path).map((r) => normalizePath(r.path!)));
  return list.flatMap((r) => checkPolicy(r, policy, shipped));
}

/**
 * One violation per anomaly (docs/loader.md) that touches a fact `p` checks, unless its code is in
 * `p.allowAnomalies`: the report follows the loader, but a file that carries a second reading of
 * a checked fact is not passed silently.
 */
export function anomalyViolations(r: AnyReport, p: Policy): Violation[] {
  const list = r.anomalies ?? [];
  if (list.length === 0) return [];
  const checked = checkedFacts(p);
  const out: Violation[] = [];
  for (const a of list) {
    if (p.allowAnomalies?.includes(a.code)) continue;
    const touched = touchedFacts(a, checked);
    if (touched.length === 0) continue;
    out.push({
      file: r.path ?? '', rule: 'anomaly', level: 'error', new: a.code,
      message: `${a.code} in ${a.structure}${a.offset === null ? '' : ` at offset 0x${a.offset.toString(16)}`}: ${a.message} (touches ${touched.join(', ')}; --allow-anomaly ${a.code} accepts it)`,
    });
  }
  return out;
}
