import type { AnyReport, ReportField } from '../report/report.js';
import { compareVersions } from '../query/version.js';

/** Aggregate counts of a scan (`binspect scan --summary`). Memory grows with distinct values, not files. */
export interface Summary {
  /** Images counted: files, and each slice of a fat Mach-O. */
  files: number;
  /** Reports with a recognized format (a fat Mach-O counts once). */
  binaries: number;
  /** Reports added (files, whatever their format or errors). */
  reported: number;
  byFormat: Record<string, number>;
  byMachine: Record<string, number>;
  byLinkage: Record<string, number>;
  byLibc: Record<string, number>;
  /** glibc floor → files; `none` for files needing no GLIBC_ version. */
  glibcFloors: Record<string, number>;
  failed: number;
  /** Files lacking a protection expected for their machine: name → count, with up to `examples` paths. */
  lacking: Record<string, { count: number; examples: string[] }>;
}

/** The report fields a summary reads: `scan --summary` computes only these unless `--select` says otherwise. */
export const SUMMARY_FIELDS: readonly ReportField[] = ['machine', 'type', 'linkage', 'libc', 'glibcFloor', 'features', 'slices'];

const bump = (o: Record<string, number>, k: string): void => {
  o[k] = (o[k] ?? 0) + 1;
};

/** A summary accumulator: `add` each report, then `result()`. */
export function summarize(examples = 5): { add(r: AnyReport): void; image(r: AnyReport): void; result(): Summary } {
  const s: Summary = { files: 0, binaries: 0, reported: 0, byFormat: {}, byMachine: {}, byLinkage: {}, byLibc: {}, glibcFloors: {}, failed: 0, lacking: {} };
  const lack = (name: string, path: string): void => {
    const e = (s.lacking[name] ??= { count: 0, examples: [] });
    e.count++;
    if (e.examples.length < examples) e.examples.push(path);
  };
  return {
    add(r) {
      s.reported++;
      if (r.format !== null) s.binaries++;
      this.image(r);
    },
    image(r: AnyReport) {
      if (r.format === 'macho-fat' && !r.error) {
        bump(s.byFormat, 'macho-fat');
        for (const slice of r.slices ?? []) this.image(slice);
        return;
      }
      s.files++;
      bump(s.byFormat, r.format ?? 'unrecognized');
      if (r.error || r.fieldErrors.length) s.failed++; // per image: a fat file's slices are added one by one
      if (r.error) return;
      if (r.machine !== undefined) bump(s.byMachine, r.machine ?? 'unknown');
      if (r.linkage !== undefined) bump(s.byLinkage, r.linkage ?? 'n/a');
      if (r.libc !== undefined && r.format === 'elf') bump(s.byLibc, r.libc ?? 'unknown');
      if (r.glibcFloor !== undefined && r.format === 'elf') bump(s.glibcFloors, r.glibcFloor ?? 'none');
      const f = r.features;
      const runnable = r.type === 'executable' || r.type === 'pie-executable' || r.type === 'shared-library' || r.type === 'dll' || r.type === 'dylib';
      if (!f || !runnable) return;
      const p = r.path ?? '';
      if (f.bti === false) lack('bti', p);
      if (f.pac === false && r.format === 'elf') lack('pac', p);
      if (f.ibt === false) lack('ibt', p);
      if (f.shstk === false) lack('shstk', p);
      if (f.nx === false || (f.nx === null && r.format === 'elf')) lack('nx', p);
      if (r.format === 'elf' && f.relro !== 'full') lack('relro=full', p);
    },
    result() {
      const floors = Object.entries(s.glibcFloors).sort(([a], [b]) => (a === 'none' ? -1 : b === 'none' ? 1 : compareVersions(a, b)));
      return { ...s, glibcFloors: Object.fromEntries(floors) };
    },
  };
}

/** The summary as aligned text. */
export function summaryText(s: Summary, extra: Record<string, number>): string {
  const lines: string[] = [];
  const section = (title: string, o: Record<string, number>, sort = true): void => {
    const entries = Object.entries(o);
    if (sort) entries.sort(([, a], [, b]) => b - a);
    if (!entries.length) return;
    lines.push(title);
    const w = Math.max(...entries.map(([k]) => k.length));
    for (const [k, v] of entries) lines.push(`  ${k.padEnd(w)}  ${String(v).padStart(7)}`);
  };
  section('files', { reported: s.reported, binaries: s.binaries, ...extra, 'with errors': s.failed }, false);
  section('format', s.byFormat);
  section('machine', s.byMachine);
  section('linkage', s.byLinkage);
  section('libc', s.byLibc);
  section('glibc floor', s.glibcFloors, false);
  const lack = Object.fromEntries(Object.entries(s.lacking).map(([k, v]) => [k, v.count]));
  section('lacking (executables and libraries)', lack);
  return `${lines.join('\n')}\n`;
}
