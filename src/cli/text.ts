import type { Report } from '../report/report.js';
import { escapeText as esc } from './escape.js';

const dash = '-';
const list = (xs: readonly string[] | null | undefined): string => (xs == null ? dash : xs.length ? xs.map(esc).join(', ') : '(none)');
const val = (x: unknown): string => (x === null || x === undefined ? dash : esc(String(x)));

/** Aligned `key  value` lines. */
function block(rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}

function floorLine(r: Report): string {
  if (r.glibcFloor == null) return r.fieldErrors.some((e) => e.field.startsWith('glibc')) ? 'unknown (see errors)' : dash;
  const by = (r.glibcFloorSymbols ?? []).map((s) => `${s.symbol === null ? '' : `${esc(s.symbol)}@`}${esc(s.version)} (${esc(s.file)})`);
  return `${r.glibcFloor}${r.glibcMax && r.glibcMax !== r.glibcFloor ? ` (highest GLIBC_ node ${r.glibcMax})` : ''}${by.length ? `  set by ${by.slice(0, 6).join(', ')}${by.length > 6 ? `, +${by.length - 6} more` : ''}` : ''}`;
}

function featureLine(r: Report): string {
  const f = r.features;
  if (!f) return dash;
  return Object.entries(f)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => (Array.isArray(v) ? `${k}=${v.length ? v.join('+') : 'none'}` : typeof v === 'boolean' ? (v ? k : `!${k}`) : `${k}=${v}`))
    .join(' ');
}

function errorLines(r: Report): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (r.error) rows.push(['error', `${r.error.code}: ${esc(r.error.message)}`]);
  for (const e of r.fieldErrors) rows.push([`error`, `${e.field}: ${e.code}: ${esc(e.message)}`]);
  return rows;
}

/** `binspect info` text for one report. */
export function infoText(r: Report): string {
  const head = esc(r.path ?? '(memory)');
  if (r.error) return `${head}\n${block(errorLines(r))}`;
  const rows: Array<[string, string]> = [
    ['format', `${r.format} ${val(r.class)}-bit ${val(r.endian)}-endian`],
    ['machine', `${val(r.machine)} (${val(r.machineCode)})`],
    ['type', val(r.type)],
    ['linkage', val(r.linkage)],
    ['interpreter', val(r.interpreter)],
    ['libc', val(r.libc)],
    ['needed', list(r.needed)],
  ];
  if (r.soname) rows.push(['soname', esc(r.soname)]);
  if (r.rpath?.length) rows.push(['rpath', list(r.rpath)]);
  if (r.runpath?.length) rows.push(['runpath', list(r.runpath)]);
  rows.push(['glibc floor', floorLine(r)]);
  const mv = r.maxVersions ? Object.entries(r.maxVersions).map(([k, v]) => `${esc(k)} ${v}`).join(', ') : null;
  rows.push(['max versions', mv === null ? dash : mv || '(none)']);
  rows.push(['features', featureLine(r)]);
  rows.push(['build-id', val(r.buildId)]);
  if (r.io) rows.push(['io', `${r.io.bytesRead} bytes in ${r.io.reads} reads`]);
  rows.push(...errorLines(r));
  return `${head}\n${block(rows)}`;
}

/** `binspect glibc` text for one report. */
export function glibcText(r: Report, symbols: boolean): string {
  const head = esc(r.path ?? '(memory)');
  if (r.error) return `${head}\n${block(errorLines(r))}`;
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

/** `binspect features` text for one report. */
export function featuresText(r: Report): string {
  const head = esc(r.path ?? '(memory)');
  if (r.error) return `${head}\n${block(errorLines(r))}`;
  return `${head}\n${block([['machine', val(r.machine)], ['features', featureLine(r)], ...errorLines(r)])}`;
}
