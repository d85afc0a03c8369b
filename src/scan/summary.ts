import { PROTECTIONS, type Outcome, judge, summaryWord } from '../query/features.js';
import { LINKED_TYPES } from '../query/filetype.js';
import { compareVersions } from '../query/version.js';
import type { AnyReport, ReportField } from '../report/report.js';

/** How many images have a value, and up to `examples` of their paths (the first ones met). */
export interface Tally {
  count: number;
  examples: string[];
}

/** How the executables and libraries of a fleet stand for one protection (see `judge` in the feature table). */
export type ProtectionTally = Record<Outcome, Tally>;

/**
 * What `binspect scan --summary` answers about a fleet (text, or JSON with `--json`). Memory grows
 * with the number of distinct values, not with the number of files.
 */
export interface Summary {
  files: {
    /** Reports added (files, whatever their format or errors). */
    reported: number;
    /** Reports with a recognized format (a fat Mach-O counts once). */
    binaries: number;
    /** Images counted below: thin files, and each slice of a fat Mach-O. */
    images: number;
    /** Files found in directories that are no binary (counted, not reported), when the scan says. */
    notBinaries?: number;
    /** Paths the walk did not open (FIFO, socket, device, loop), when the scan says. */
    skipped?: number;
    /** Images with `error` or `fieldErrors`. */
    withErrors: Tally;
  };
  /** Images by container format (`macho-fat` counts the container; its slices count as `macho`). */
  format: Record<string, Tally>;
  machine: Record<string, Tally>;
  type: Record<string, Tally>;
  /** `static`, `static-pie`, `dynamic`, or `n/a` (objects, PE/COFF without one). */
  linkage: Record<string, Tally>;
  /** ELF images by C library (`unknown` where nothing tells). */
  libc: Record<string, Tally>;
  /** ELF images by glibc floor, lowest first (`none`: no GLIBC_ version needed). */
  glibcFloor: Record<string, Tally>;
  /** Go images by the Go release that built them (`go.version`), oldest first. */
  goRelease: Record<string, Tally>;
  /** Go images by cgo: `on`, `off` (the `CGO_ENABLED` build setting), `unknown` (no such setting: before Go 1.18). */
  cgo: Record<string, Tally>;
  /**
   * Each protection of the feature table over the executables and libraries: declared (`yes`),
   * lacking (`no`), not applicable (`n/a`) and unknown (`unknown`: the file cannot tell, e.g. the
   * canary of a stripped static file) by the feature table's rules; the `no` examples are
   * the files to look at. Keyed by the word `--require` takes (`relro=full`).
   */
  protections: Record<string, ProtectionTally>;
}

/** The report fields a summary reads: `scan --summary` computes only these unless `--select` says otherwise. */
export const SUMMARY_FIELDS: readonly ReportField[] = ['machine', 'type', 'linkage', 'libc', 'glibcFloor', 'features', 'go', 'slices'];

const tally = (): Tally => ({ count: 0, examples: [] });

/** A summary accumulator: `add` each report, then `result()`. `examples`: paths kept per value (default 5). */
export function summarize(examples = 5): { add(r: AnyReport): void; result(scan?: { notBinaries: number; skipped: number }): Summary } {
  const s: Summary = {
    files: { reported: 0, binaries: 0, images: 0, withErrors: tally() },
    format: {}, machine: {}, type: {}, linkage: {}, libc: {}, glibcFloor: {}, goRelease: {}, cgo: {}, protections: {},
  };
  const count = (t: Tally, path: string): void => {
    t.count++;
    if (t.examples.length < examples) t.examples.push(path);
  };
  const bump = (o: Record<string, Tally>, k: string, path: string): void => count((o[k] ??= tally()), path);
  const linked = LINKED_TYPES as readonly string[];
  const image = (r: AnyReport, path: string): void => {
    if (r.format === 'macho-fat' && !r.error) {
      bump(s.format, 'macho-fat', path);
      (r.slices ?? []).forEach((slice, i) => image(slice, `${path} [slice ${i}]`));
      return;
    }
    s.files.images++;
    bump(s.format, r.format ?? 'unrecognized', path);
    if (r.error || r.fieldErrors.length) count(s.files.withErrors, path); // per image: a fat file's slices one by one
    if (r.error) return;
    if (r.machine !== undefined) bump(s.machine, r.machine ?? 'unknown', path);
    if (r.type !== undefined) bump(s.type, r.type ?? 'unknown', path);
    if (r.linkage !== undefined) bump(s.linkage, r.linkage ?? 'n/a', path);
    if (r.libc !== undefined && r.format === 'elf') bump(s.libc, r.libc ?? 'unknown', path);
    if (r.glibcFloor !== undefined && r.format === 'elf') bump(s.glibcFloor, r.glibcFloor ?? 'none', path);
    if (r.go) {
      bump(s.goRelease, r.go.version, path);
      const c = r.go.settings.CGO_ENABLED;
      bump(s.cgo, c === '1' ? 'on' : c === '0' ? 'off' : 'unknown', path);
    }
    if (!r.features || !linked.includes(r.type ?? '')) return;
    for (const key of PROTECTIONS) {
      const word = summaryWord(key);
      const p = (s.protections[word] ??= { yes: tally(), no: tally(), 'n/a': tally(), unknown: tally() });
      count(p[judge(word, r)], path);
    }
  };
  return {
    add(r) {
      s.files.reported++;
      if (r.format !== null) s.files.binaries++;
      image(r, r.path ?? '(memory)');
    },
    result(scan) {
      const floors = Object.entries(s.glibcFloor).sort(([a], [b]) => (a === 'none' ? -1 : b === 'none' ? 1 : compareVersions(a, b)));
      const goVersion = (v: string): string => v.replace(/^go/, '').replace(/[^0-9.].*$/, '');
      const releases = Object.entries(s.goRelease).sort(([a], [b]) => compareVersions(goVersion(a), goVersion(b)) || (a < b ? -1 : a > b ? 1 : 0));
      return {
        ...s, files: { ...s.files, ...(scan && { notBinaries: scan.notBinaries, skipped: scan.skipped }) }, glibcFloor: Object.fromEntries(floors),
        goRelease: Object.fromEntries(releases),
      };
    },
  };
}

const byCount = (o: Record<string, Tally>): Array<[string, Tally]> => Object.entries(o).sort(([, a], [, b]) => b.count - a.count);

/**
 * The summary as aligned text: a section per question, a line per value with its count, and under
 * the values of linkage, libc, glibc floor and the lacking protections the first paths found.
 * `esc` makes a path printable (control characters escaped).
 */
export function summaryText(s: Summary, esc: (path: string) => string, shown = 3): string {
  const lines: string[] = [];
  const eg = (label: string, t: Tally): void => {
    if (t.examples.length) lines.push(`      ${label} ${t.examples.slice(0, shown).map(esc).join(', ')}${t.count > shown ? ', ...' : ''}`);
  };
  const section = (title: string, entries: Array<[string, Tally]>, examples: boolean): void => {
    if (!entries.length) return;
    lines.push(title);
    const w = Math.max(...entries.map(([k]) => k.length));
    for (const [k, t] of entries) {
      lines.push(`  ${k.padEnd(w)}  ${String(t.count).padStart(7)}`);
      if (examples) eg('e.g.', t);
    }
  };
  const f = s.files;
  const files: Array<[string, number | undefined]> = [['reported', f.reported], ['binaries', f.binaries], ['not binaries', f.notBinaries],
    ['skipped (not regular)', f.skipped], ['with errors', f.withErrors.count]];
  section('files', files.filter(([, n]) => n !== undefined).map(([k, n]) => [k, { count: n!, examples: [] }]), false);
  section('format', byCount(s.format), false);
  section('machine', byCount(s.machine), false);
  section('type', byCount(s.type), false);
  section('linkage', byCount(s.linkage), true);
  section('libc', byCount(s.libc), true);
  section('glibc floor', Object.entries(s.glibcFloor), true);
  section('go release', Object.entries(s.goRelease), true);
  section('cgo (Go images)', byCount(s.cgo), true);
  const prot = Object.entries(s.protections);
  if (prot.length) {
    const w = Math.max(...prot.map(([k]) => k.length), 'protection'.length);
    lines.push('protections of executables and libraries');
    lines.push(`  ${'protection'.padEnd(w)}  ${'yes'.padStart(7)}  ${'lacking'.padStart(7)}  ${'n/a'.padStart(7)}  ${'unknown'.padStart(7)}`);
    for (const [k, t] of prot) {
      lines.push(`  ${k.padEnd(w)}  ${String(t.yes.count).padStart(7)}  ${String(t.no.count).padStart(7)}  ${String(t['n/a'].count).padStart(7)}  ${String(t.unknown.count).padStart(7)}`);
      eg('lacking, e.g.', t.no);
    }
  }
  return `${lines.join('\n')}\n`;
}

