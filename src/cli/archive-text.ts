import { checkWheel, parseWheelName, wheelConsistency } from '../archive/wheel.js';
import type { AnyReport } from '../report/report.js';
import { escapeText as esc } from '../util/escape.js';

const WHEEL_META = /^[^/]+\.dist-info\/WHEEL$/;

/**
 * `binspect info` text for an archive, before its members: what it holds and, for a wheel, what
 * `auditwheel show` says: the tags it declares, the most compatible policy every ELF member
 * satisfies on its architecture and why not the next stricter one, the libraries the system must
 * provide and those the wheel bundles.
 */
export function archiveText(r: AnyReport): string {
  const members = r.members ?? [];
  const rows: Array<[string, string]> = [
    ['format', `${r.format} archive`],
    ['members', `${members.length} binar${members.length === 1 ? 'y' : 'ies'}, ${r.notBinaries ?? 0} other file${r.notBinaries === 1 ? '' : 's'}`],
  ];
  if (r.error) rows.push(['error', `${r.error.code}: ${esc(r.error.message)}`]);
  for (const a of r.anomalies ?? []) rows.push(['anomaly', `${a.code} ${'path' in a ? esc(a.path) : ''}: ${esc(a.message)}`]);
  const path = r.path ?? '';
  const wheelKey = Object.keys(r.manifests ?? {}).find((k) => WHEEL_META.test(k));
  if (r.format === 'zip' && (wheelKey !== undefined || parseWheelName(path))) {
    const v = checkWheel(path, members, wheelKey === undefined ? null : r.manifests![wheelKey]!);
    rows.push(['wheel tags', v.fileTags.join(', ') || '(no wheel file name)']);
    if (v.metadataTags) rows.push(['WHEEL tags', v.metadataTags.join(', ') || '(none)']);
    for (const p of v.platforms) if (p.note) rows.push(['note', esc(p.note)]);
    const c = wheelConsistency(path, members);
    rows.push(['consistent', c.arch === null ? 'no ELF member of an architecture auditwheel knows'
      : c.consistent ? `${c.consistent} (the most compatible ${c.libc === 'musl' ? 'musllinux' : 'manylinux'} policy every ELF member satisfies)`
      : `linux_${c.arch} only (no ${c.libc === 'musl' ? 'musllinux' : 'manylinux'} policy is satisfied)`]);
    if (c.stricter) {
      rows.push([`not ${c.stricter}`, `${c.why.length} violation${c.why.length === 1 ? '' : 's'}:`]);
      for (const w of c.why) rows.push(['', `${esc(w.file.slice(path.length + 2))}: ${esc(w.message)}`]);
    }
    const external = new Set<string>();
    const bundled: string[] = [];
    for (const [m, l] of v.links) {
      for (const lib of l.outside) external.add(lib);
      for (const [lib, at] of l.inside) bundled.push(`${lib} -> ${at} (for ${(m.path ?? '').slice(path.length + 2)})`);
    }
    rows.push(['system libs', [...external].sort().join(', ') || '(none)']);
    if (bundled.length) rows.push(['in the wheel', bundled.map(esc).join('\n                ')]);
  }
  const w = Math.max(...rows.map(([k]) => k.length), 12);
  return `${esc(path || '(memory)')}\n${rows.map(([k, val]) => `  ${k.padEnd(w)}  ${val}`).join('\n')}`;
}
