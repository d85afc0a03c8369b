import { FEATURE_COLUMNS, type Features } from '../query/features.js';
import type { AnyReport } from '../report/report.js';
import { escapeText as esc } from '../util/escape.js';

const dash = '-';

/** `features.fortify` as checksec's two counts, `fortified/fortifiable`. */
function fortifyText(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !('fortified' in v) || !('unfortified' in v)) return null;
  const f = v as Features['fortify'] & object;
  return `${f.fortified.length}/${f.fortified.length + f.unfortified.length}`;
}
const list = (xs: readonly string[] | null | undefined): string => (xs == null ? dash : xs.length ? xs.map(esc).join(', ') : '(none)');
const val = (x: unknown): string => (x === null || x === undefined ? dash : esc(String(x)));

/** Aligned `key  value` lines. */
function block(rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}

function floorLine(r: AnyReport): string {
  if (r.glibcFloor == null) return r.fieldErrors.some((e) => e.field.startsWith('glibc')) ? 'unknown (see errors)' : dash;
  const by = (r.glibcFloorSymbols ?? []).map((s) => `${s.symbol === null ? '' : `${esc(s.symbol)}@`}${esc(s.version)} (${esc(s.file)})`);
  return `${r.glibcFloor}${r.glibcMax && r.glibcMax !== r.glibcFloor ? ` (highest GLIBC_ node ${r.glibcMax})` : ''}${by.length ? `  set by ${by.slice(0, 6).join(', ')}${by.length > 6 ? `, +${by.length - 6} more` : ''}` : ''}`;
}

function featureLine(r: AnyReport): string {
  const f = r.features;
  if (!f) return dash;
  return Object.entries(f)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => (fortifyText(v) !== null ? `${k}=${fortifyText(v)}` : Array.isArray(v) ? `${k}=${v.length ? v.join('+') : 'none'}`
      : typeof v === 'boolean' ? (v ? k : `!${k}`) : `${k}=${esc(String(v))}`))
    .join(' ');
}

/** The "built with" block: packer, Go build info, Rust dependencies, compilers, package, evidence, debug information. */
function builtWith(r: AnyReport): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (r.packer) rows.push(['packed', `${esc(r.packer)}: the program is compressed; what binspect reads of it (Go build info, symbols, notes) is the packer's`]);
  const go = r.go;
  if (go) {
    const s = go.settings;
    const cgo = s.CGO_ENABLED === '1' ? 'cgo on' : s.CGO_ENABLED === '0' ? 'cgo off' : null;
    const target = s.GOOS && s.GOARCH ? `${esc(s.GOOS)}/${esc(s.GOARCH)}` : null;
    const vcs = s.vcs ? `${esc(s.vcs)} ${esc((s['vcs.revision'] ?? '').slice(0, 12))}${s['vcs.modified'] === 'true' ? ' (modified)' : ''}` : null;
    rows.push(['go', [esc(go.version), go.path ? esc(go.path) : null, cgo, target, s['-trimpath'] === 'true' ? 'trimpath' : null, vcs]
      .filter(Boolean).join(', ')]);
    for (const d of go.deps) rows.push(['  dep', `${esc(d.path)} ${esc(d.version)}${d.replace ? ` => ${esc(d.replace.path)} ${esc(d.replace.version)}` : ''}`]);
  }
  if (r.rust) {
    const root = r.rust.packages.find((p) => p.root);
    rows.push(['rust', `${r.rust.packages.length} packages${root ? `, root ${esc(root.name)} ${esc(root.version)}` : ''} (cargo-auditable)`]);
  }
  if (r.compilers?.length) {
    rows.push(['compilers', r.compilers.map((c) => `${esc(c.tool)}${c.version !== null ? ` ${esc(c.version)}` : ''}${c.count !== null ? ` x${c.count}` : ''}`).join('; ')]);
  }
  if (r.package) {
    const p = r.package as Record<string, unknown>;
    rows.push(['package', ['type', 'name', 'version', 'architecture'].map((k) => p[k]).filter((x): x is string => typeof x === 'string').map(esc).join(' ')]);
  }
  const ev = r.evidence;
  if (ev) {
    const part = (k: string, v: string | null): string => (v === null ? `${k} unknown${ev.reasons[k] ? ` (${esc(ev.reasons[k]!)})` : ''}` : `${k} ${esc(v)}`);
    rows.push(['evidence', [part('canary', ev.canary), part('fortify', ev.fortify), ev.entry !== null ? `entry ${esc(ev.entry)}` : null,
      ev.property !== null ? `property note ${ev.property}` : null].filter(Boolean).join(', ')]);
    const f = ev.compileFlags;
    if (f) {
      const said = [f.optimization, f.stackProtector !== null ? `stack protector ${f.stackProtector}` : null,
        f.fortifySource !== null ? `_FORTIFY_SOURCE=${f.fortifySource}` : null, f.cfProtection !== null ? `cf-protection ${f.cfProtection}` : null,
        f.stackClash !== null ? `stack-clash protection ${f.stackClash ? 'on' : 'off'}` : null].filter((x): x is string => x !== null);
      rows.push(['compiled', `${said.length ? said.map(esc).join(', ') : 'no hardening switch recorded'} (DW_AT_producer)`]);
    }
  }
  if (r.stripped !== undefined && r.stripped !== null) {
    const link = r.debugLink?.file ? `, debuglink ${esc(r.debugLink.file)}` : '';
    rows.push(['debug', `${r.stripped ? 'stripped' : 'symbols'}${r.debugInfo ? ', DWARF' : ''}${r.debugOnly ? ' (debug-only file)' : ''}${link}`]);
  }
  return rows;
}

function errorLines(r: AnyReport): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (r.error) rows.push(['error', `${r.error.code}: ${esc(r.error.message)}`]);
  for (const e of r.fieldErrors) rows.push([`error`, `${e.field}: ${e.code}: ${esc(e.message)}`]);
  return rows;
}

const platform = (v: { platform: string; version: string } | null | undefined): string => (v ? `${esc(v.platform)} ${esc(v.version)}` : dash);

function infoRows(r: AnyReport): Array<[string, string]> {
  if (r.error) return errorLines(r);
  if (r.format === 'macho-fat') {
    const rows: Array<[string, string]> = [['format', `macho-fat, ${r.slices?.length ?? 0} slices`]];
    (r.slices ?? []).forEach((s, i) => {
      rows.push([`slice ${i}`, s.error ? `${s.error.code}: ${esc(s.error.message)}` : `${val(s.machine)} ${val(s.type)} ${val(s.linkage)}`]);
      if (!s.error) for (const [k, v] of infoRows(s).slice(1)) rows.push([`  ${k}`, v]);
    });
    return rows;
  }
  const rows: Array<[string, string]> = [
    ['format', `${r.format} ${val(r.class)}-bit ${val(r.endian)}-endian`],
    ['machine', `${val(r.machine)} (${val(r.machineCode)}${r.cpuSubtype !== undefined ? `, subtype ${val(r.cpuSubtype)}` : ''})`],
    ['type', val(r.type)],
    ['linkage', val(r.linkage)],
  ];
  if (r.format !== 'pe' && r.format !== 'coff') rows.push(['interpreter', val(r.interpreter)]);
  if (r.format === 'elf') rows.push(['libc', val(r.libc)]);
  rows.push(['needed', list(r.needed)]);
  if (Array.isArray(r.delayNeeded)) rows.push(['delay-load', list(r.delayNeeded as string[])]);
  if (r.soname) rows.push(['soname', esc(r.soname)]);
  if (r.rpath?.length) rows.push(['rpath', list(r.rpath)]);
  if (r.runpath?.length) rows.push(['runpath', list(r.runpath)]);
  if (r.format === 'elf') {
    rows.push(['glibc floor', floorLine(r)]);
    const mv = r.maxVersions ? Object.entries(r.maxVersions).map(([k, v]) => `${esc(k)} ${v}`).join(', ') : null;
    rows.push(['max versions', mv === null ? dash : mv || '(none)']);
  }
  if (r.minOs !== undefined && r.format !== 'elf') rows.push(['min OS', platform(r.minOs)]);
  if (r.sdk) rows.push(['SDK', platform(r.sdk)]);
  rows.push(['features', featureLine(r)]);
  rows.push(...builtWith(r));
  if (r.format === 'elf') rows.push(['build-id', val(r.buildId)]);
  if (r.uuid) rows.push(['uuid', esc(r.uuid)]);
  if (r.pdbGuid) rows.push(['pdb', `${esc(r.pdbGuid)} age ${val(r.pdbAge)} ${val(r.pdbPath)}`]);
  rows.push(...errorLines(r));
  return rows;
}

/** `binspect info` text for one report. */
export function infoText(r: AnyReport): string {
  const rows = infoRows(r);
  if (r.origin) {
    const o = r.origin;
    rows.push(['member of', `${esc(o.archive)} (${o.format}), ${r.size} bytes, ${o.method}${o.compressedSize !== null && o.method !== 'stored' ? ` from ${o.compressedSize}` : ''}, header at 0x${o.offset.toString(16)}`]);
  }
  for (const a of r.anomalies ?? []) rows.push(['anomaly', `${a.code}: ${esc(a.message)}`]);
  if (r.io) rows.push(['io', `${r.io.bytesRead} bytes in ${r.io.reads} reads`]);
  return `${esc(r.path ?? '(memory)')}\n${block(rows)}`;
}

/** `binspect glibc` text for one report. A PE or Mach-O answers "not applicable" and shows its platform floor. */
export function glibcText(r: AnyReport, symbols: boolean): string {
  const head = esc(r.path ?? '(memory)');
  if (r.error) return `${head}\n${block(errorLines(r))}`;
  if (r.format === 'macho-fat') {
    const rows = (r.slices ?? []).map((sl, i): [string, string] =>
      [`slice ${i} ${val(sl.machine)}`, sl.error ? sl.error.code : `glibc not applicable (Mach-O); platform floor ${platform(sl.minOs)}`]);
    return `${head}\n${block(rows)}`;
  }
  if (r.format !== 'elf') {
    return `${head}\n${block([['glibc floor', `not applicable (${r.format === 'macho' ? 'Mach-O' : r.format === 'pe' ? 'PE' : 'COFF'})`],
      ['platform floor', platform(r.minOs)], ...errorLines(r)])}`;
  }
  const rows: Array<[string, string]> = [['glibc floor', floorLine(r)]];
  for (const req of r.versionRequirements ?? []) rows.push([`needs from ${esc(req.file)}`, list(req.versions)]);
  rows.push(...errorLines(r));
  let out = `${head}\n${block(rows)}`;
  if (symbols && r.symbolVersions) {
    const w = Math.max(6, ...r.symbolVersions.map((s) => esc(s.symbol).length));
    out += `\n  ${'symbol'.padEnd(w)}  version / file / flags\n`;
    out += r.symbolVersions
      .map((s) => `  ${esc(s.symbol).padEnd(w)}  ${esc(s.version)}  ${esc(s.file)}${s.weak ? ' weak' : ''}${s.hidden ? ' hidden' : ''}${s.defined ? ' defined' : ''}`)
      .join('\n');
  }
  return out;
}

const cell = (v: unknown): string =>
  v === null || v === undefined ? '-' : v === true ? 'yes' : v === false ? 'no' : Array.isArray(v) ? v.join('+') || 'none' : fortifyText(v) ?? esc(String(v));

/**
 * `binspect features`: one table for all files and formats — a row per file (per slice of a fat
 * Mach-O), the feature table's columns (null shows as `-`), the other features (x86 ISA level, highEntropyVa,
 * safeSeh, signed, hardenedRuntime, ...) in the last column.
 */
export function featuresTable(reports: readonly AnyReport[]): string {
  const rows: string[][] = [['file', 'format', 'machine', ...FEATURE_COLUMNS, 'other']];
  const errors: string[] = [];
  const add = (r: AnyReport, name: string): void => {
    if (r.error) {
      errors.push(`${name}: ${r.error.code}: ${esc(r.error.message)}`);
      return;
    }
    const f: Partial<Features> = r.features ?? {};
    const other = Object.entries(f)
      .filter(([k, v]) => !(FEATURE_COLUMNS as readonly string[]).includes(k) && v !== null && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => (v === true ? k : v === false ? `!${k}` : `${k}=${cell(v)}`));
    rows.push([name, r.format ?? '-', cell(r.machine), ...FEATURE_COLUMNS.map((k) => cell(f[k])), other.join(' ')]);
    for (const e of r.fieldErrors) errors.push(`${name}: ${e.field}: ${e.code}: ${esc(e.message)}`);
  };
  for (const r of reports) {
    const name = esc(r.path ?? '(memory)');
    if (r.format === 'macho-fat' && !r.error) (r.slices ?? []).forEach((s, i) => add(s, `${name} [${i}]`));
    else add(r, name);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => row.map((v, c) => (c === row.length - 1 ? v : v.padEnd(widths[c]!))).join('  ').trimEnd());
  return `${lines.join('\n')}\n${errors.map((e) => `error: ${e}\n`).join('')}`;
}
