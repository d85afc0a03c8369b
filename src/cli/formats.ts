import type * as GateOutput from '../gate/output.js';
import type { Options } from './args.js';

/** How JSON texts, one report each, are framed into one output. */
export interface JsonFraming {
  open: string;
  /**
   * One or more JSON texts separated by `\n` (one report, or a batch as a scan worker makes it),
   * framed; `first`: nothing was written before them.
   */
  lines(lines: string, first: boolean): string;
  close(empty: boolean): string;
}

/** The writers of a gate result in gate/output.ts (a type-only import: nothing loads). */
type GateWriter = keyof typeof GateOutput & `format${'Text' | 'Json' | 'Ndjson' | 'Github' | 'Sarif' | 'Junit'}`;

/** One output format. */
export interface Format {
  about: string;
  /**
   * How reports (info, glibc, features, scan) are written: framed JSON texts, `null` for the
   * command's own text; absent when the format writes no reports.
   */
  reports?: JsonFraming | null;
  /**
   * How a gate result (check) is written: its writer in gate/output.ts, named here so that only
   * `check` loads the gate's output code; absent when the format writes none.
   */
  gate?: GateWriter;
}

/**
 * The output formats, one table for every command: a command offers those that can write what it
 * writes (reports or a gate result), `--format NAME` chooses one, and `--json` / `--ndjson` are
 * short for `--format json` / `--format ndjson` wherever those are offered.
 */
export const FORMATS = {
  text: { about: 'human-readable text (the default)', reports: null, gate: 'formatText' },
  json: {
    about: 'one JSON document: an array of reports; check: {passed, files, violations}',
    reports: { open: '[', lines: (l, first) => `${first ? '\n' : ',\n'}${l.replace(/\n/g, ',\n')}`, close: (empty) => (empty ? ']\n' : '\n]\n') },
    gate: 'formatJson',
  },
  ndjson: {
    about: 'one JSON object per line: a report; check: {file, passed, violations} per file',
    reports: { open: '', lines: (l) => `${l}\n`, close: () => '' },
    gate: 'formatNdjson',
  },
  github: { about: 'GitHub Actions workflow commands (annotations)', gate: 'formatGithub' },
  sarif: { about: 'SARIF 2.1.0 (code scanning)', gate: 'formatSarif' },
  junit: { about: 'JUnit XML (GitLab, Jenkins)', gate: 'formatJunit' },
} as const satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

const NAMES = Object.keys(FORMATS) as FormatName[];
/** The formats that write reports (info, glibc, features, scan). */
export const REPORT_FORMATS: readonly FormatName[] = NAMES.filter((n) => 'reports' in FORMATS[n]);
/** The formats that write a gate result (check). */
export const GATE_FORMATS: readonly FormatName[] = NAMES.filter((n) => 'gate' in FORMATS[n]);
/** Formats with a `--NAME` flag of their own. */
const SHORTHANDS: readonly FormatName[] = ['json', 'ndjson'];

/** The `util.parseArgs` options that choose one of `offered`: `--format`, and `--json`/`--ndjson` where offered. */
export function formatOptions(offered: readonly FormatName[]): Options {
  const o: Options = { format: { type: 'string' } };
  for (const n of SHORTHANDS) if (offered.includes(n)) o[n] = { type: 'boolean' };
  return o;
}

/** The format the parsed `values` choose among `offered` (default text), or `{error}` for bad usage. */
export function chooseFormat(values: Record<string, unknown>, offered: readonly FormatName[]): FormatName | { error: string } {
  const chosen = new Set<string>();
  if (typeof values.format === 'string') chosen.add(values.format);
  for (const n of SHORTHANDS) if (values[n] === true) chosen.add(n);
  if (chosen.size > 1) return { error: `choose one output format, not ${[...chosen].join(' and ')}` };
  const [name = 'text'] = chosen;
  if (!(offered as readonly string[]).includes(name)) return { error: `--format is ${offered.join(', ')}; not ${JSON.stringify(name)}` };
  return name as FormatName;
}

/** The usage lines of the format options of a command offering `offered`, descriptions from column `col`. */
export function formatUsage(offered: readonly FormatName[], col = 18): string {
  const short = SHORTHANDS.filter((n) => offered.includes(n)).map((n) => `--${n} = --format ${n}`);
  const w = Math.max(...offered.map((n) => n.length));
  return `${'  --format F'.padEnd(col)}${short.join(', ')}\n${offered.map((n) => `      ${n.padEnd(w)}  ${FORMATS[n].about}`).join('\n')}`;
}
