import { createHash } from 'node:crypto';
import { styleText } from 'node:util';
import { escapeText, wellFormed } from '../util/escape.js';
import { CANNOT_JUDGE, type GateResult, passed } from './result.js';
import { type Level, LEVELS, RULES, type Violation } from './violation.js';

/** How a gate result is written. */
export interface OutputOptions {
  /** binspect's version (SARIF `tool.driver.version`). */
  version?: string;
  /** Colour the text (a TTY without NO_COLOR). */
  color?: boolean;
  /** List every symbol of a finding; by default the text outputs list {@link SYMBOLS_SHOWN} and count the rest. */
  allSymbols?: boolean;
}

/** Symbols a finding lists in the text outputs (text, github, junit, the step summary) unless `allSymbols`. */
export const SYMBOLS_SHOWN = 10;

const symText = (s: NonNullable<Violation['symbols']>[number]): string =>
  s.symbol === null ? `${s.version} from ${s.file}` : `${s.symbol}@${s.version} from ${s.file}`;

/** The line listing a finding's symbols (at most {@link SYMBOLS_SHOWN} unless `all`), or null when it has none. */
function symbolLine(v: Violation, all: boolean): string | null {
  const syms = v.symbols ?? [];
  if (!syms.length) return null;
  const shown = all ? syms : syms.slice(0, SYMBOLS_SHOWN);
  const more = syms.length - shown.length;
  return `symbols: ${shown.map(symText).join(', ')}${more > 0 ? `, +${more} more (--all-symbols lists them)` : ''}`;
}

/**
 * A finding as plain lines (message, symbols, hints), not escaped. Hints already in `hintsShown`
 * are left out and the new ones added to it, so that a run prints each hint once.
 */
export function details(v: Violation, opts: OutputOptions = {}, hintsShown?: Set<string>): string[] {
  const lines = [v.message];
  const syms = symbolLine(v, opts.allSymbols === true);
  if (syms) lines.push(syms);
  for (const h of v.hints ?? []) {
    if (hintsShown?.has(h)) continue;
    hintsShown?.add(h);
    lines.push(`hint: ${h}`);
  }
  return lines;
}

/**
 * How the output formats write each level, one row a level: the text tag (also JUnit's
 * `<system-out>` lines) and its colour, the GitHub workflow command, the SARIF level. An `error`
 * is a JUnit `<failure>` (or `<error>`); the other levels are written without failing the test case.
 */
export const LEVEL_OUTPUT = {
  error: { tag: 'FAIL', color: 'red', github: 'error', sarif: 'error' },
  warning: { tag: 'WARN', color: 'yellow', github: 'warning', sarif: 'warning' },
  note: { tag: 'NOTE', color: 'cyan', github: 'notice', sarif: 'note' },
} as const satisfies Record<Level, { tag: string; color: Parameters<typeof styleText>[0]; github: string; sarif: string }>;

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** `N files, N errors, N warnings`, and `, N notes` when there are any. */
function tally(r: GateResult): string {
  const n = (l: Level): number => r.violations.filter((v) => v.level === l).length;
  const notes = n('note');
  return `${count(r.files.length, 'file')}, ${count(n('error'), 'error')}, ${count(n('warning'), 'warning')}${notes ? `, ${count(notes, 'note')}` : ''}`;
}

/** The findings grouped by file, files in the order first met. */
function byFile(r: GateResult): Map<string, Violation[]> {
  const m = new Map<string, Violation[]>();
  for (const f of r.files) m.set(f, []);
  for (const v of r.violations) {
    const list = m.get(v.file);
    if (list) list.push(v);
    else m.set(v.file, [v]);
  }
  return m;
}

/**
 * Human text grouped by file (files without findings not listed), each hint printed once per run,
 * then a closing line; colour only when `color`. Strings from files are escaped ({@link escapeText}).
 */
export function formatText(r: GateResult, opts: OutputOptions = {}): string {
  const paint = (style: Parameters<typeof styleText>[0], s: string): string => (opts.color ? styleText(style, s) : s);
  const hints = new Set<string>();
  const out: string[] = [];
  for (const [file, vs] of byFile(r)) {
    if (!vs.length) continue;
    out.push(paint('bold', escapeText(file)));
    for (const v of vs) {
      const tag = paint(LEVEL_OUTPUT[v.level].color, LEVEL_OUTPUT[v.level].tag);
      const [first, ...rest] = details(v, opts, hints).map(escapeText);
      out.push(`  ${tag} [${v.rule}] ${first}`);
      for (const l of rest) out.push(`       ${l}`);
    }
  }
  out.push(passed(r) ? paint('green', `binspect check: passed — ${tally(r)}`) : paint('red', `binspect check: FAILED — ${tally(r)}`));
  return `${out.join('\n')}\n`;
}

/** `--format json`: `{passed, files, violations}`, every finding with all its symbols. */
export function formatJson(r: GateResult): string {
  return `${JSON.stringify({ passed: passed(r), files: r.files.length, violations: r.violations }, null, 2)}\n`;
}

/** `--format ndjson`: one line per file judged, `{file, passed, violations}`, in the order judged. */
export function formatNdjson(r: GateResult): string {
  let s = '';
  for (const [file, vs] of byFile(r)) s += `${JSON.stringify({ file, passed: !vs.some((v) => v.level === 'error'), violations: vs })}\n`;
  return s;
}

/** GitHub workflow-command escaping: message data, and property values (which also escape `:` and `,`). */
export const ghData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const ghProperty = (s: string): string => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * `--format github`: one `::error` / `::warning` / `::notice` workflow command per finding, which
 * annotates the pull request. Control characters from files are escaped as the text format escapes them, so no
 * file name can end a command or write one of its own.
 */
export function formatGithub(r: GateResult, opts: OutputOptions = {}): string {
  return r.violations.map((v) => {
    const title = `binspect ${v.rule}${v.namespace ? ` ${escapeText(v.namespace)}` : ''}`;
    return `::${LEVEL_OUTPUT[v.level].github} file=${ghProperty(escapeText(v.file))},title=${ghProperty(title)}::${ghData(details(v, opts).map(escapeText).join('\n'))}`;
  }).join('\n') + (r.violations.length ? '\n' : '');
}

/** Markdown table cell text: escaped as the text format escapes, then Markdown's own specials. */
const md = (s: string): string =>
  escapeText(s).replace(/[\\`*_[\]<>|&#~]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));

/** Rows the step summary lists; the rest are counted (GitHub caps a step summary at 1 MiB). */
export const SUMMARY_ROWS = 200;

/**
 * The GitHub step summary (Markdown, for `$GITHUB_STEP_SUMMARY`): the verdict, a table of the
 * findings (level, file, rule, finding), and each hint once below it.
 */
export function formatStepSummary(r: GateResult, opts: OutputOptions = {}): string {
  const lines = [`### binspect check: ${passed(r) ? 'passed' : 'failed'}`, '', tally(r), ''];
  if (r.violations.length) {
    lines.push('| level | file | rule | finding |', '|---|---|---|---|');
    for (const v of r.violations.slice(0, SUMMARY_ROWS)) {
      lines.push(`| ${v.level} | ${md(v.file)} | ${v.rule} | ${details(v, opts, new Set(v.hints)).map(md).join('<br>')} |`);
    }
    if (r.violations.length > SUMMARY_ROWS) lines.push('', `+${r.violations.length - SUMMARY_ROWS} more findings: see the job log.`);
    const hints = [...new Set(r.violations.flatMap((v) => v.hints ?? []))];
    if (hints.length) lines.push('', '**Hints**', '', ...hints.map((h) => `- ${md(h)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** What identifies a finding across runs besides rule and file: its namespace or its subject, never a version that moves. */
function subject(v: Violation): string {
  switch (v.rule) {
    case 'version-ceiling': case 'version-raised': case 'new-namespace': return v.namespace ?? '';
    case 'new-version-node': case 'new-library': case 'denied-library': case 'unallowed-library': return v.new ?? '';
    case 'missing-protection': case 'lost-protection': return (v.old ?? '').split('=')[0]!;
    default: return '';
  }
}

/** A path as a SARIF artifact URI reference: each segment percent-encoded (a relative path stays relative). */
const uri = (path: string): string => wellFormed(path).split('/').map(encodeURIComponent).join('/');

/**
 * `--format sarif`: SARIF 2.1.0, one run. Each rule used has its description, `help` and a default
 * level equal to its results' level; each result a `partialFingerprints` entry (a hash of rule,
 * file and subject) that stays the same when only the versions change, so code scanning tracks a
 * finding across runs. Strings are made well-formed (a lone surrogate becomes U+FFFD); JSON escapes
 * control characters.
 */
export function formatSarif(r: GateResult, opts: OutputOptions = {}): string {
  const used = [...new Set(r.violations.map((v) => v.rule))].sort();
  // A rule's default level: the most serious level of its results.
  const level = (id: string): string => LEVEL_OUTPUT[LEVELS.find((l) => r.violations.some((v) => v.rule === id && v.level === l))!].sarif;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'binspect', version: opts.version ?? '0.0.0', informationUri: 'https://github.com/binspect/binspect',
          rules: used.map((id) => ({
            id, name: id,
            shortDescription: { text: RULES[id].description },
            fullDescription: { text: RULES[id].description },
            help: { text: RULES[id].help, markdown: RULES[id].help },
            defaultConfiguration: { level: level(id) },
          })),
        },
      },
      results: r.violations.map((v) => ({
        ruleId: v.rule,
        ruleIndex: used.indexOf(v.rule),
        level: LEVEL_OUTPUT[v.level].sarif,
        message: { text: details(v, opts).join('\n') },
        locations: [{ physicalLocation: { artifactLocation: { uri: uri(v.file) } } }],
        partialFingerprints: {
          'binspectFinding/v1': createHash('sha256').update(JSON.stringify([v.rule, wellFormed(v.file), subject(v)])).digest('hex'),
        },
        properties: { namespace: v.namespace ?? null, old: v.old ?? null, new: v.new ?? null, symbols: v.symbols ?? [] },
      })),
    }],
  };
  return `${JSON.stringify(sarif, (_k, x: unknown) => (typeof x === 'string' ? wellFormed(x) : x), 2)}\n`;
}

/**
 * XML 1.0 character data and attribute values: what {@link escapeText} escapes (control
 * characters, U+FFFE/U+FFFF, lone surrogates — none of which XML may carry) as in the text format,
 * then the markup characters as entities.
 */
const xml = (s: string): string => escapeText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * `--format junit` (GitLab, Jenkins): one testcase per file; an `<error>` per finding that says the
 * file could not be judged, a `<failure>` per other error; warnings and notes in the testcase's
 * `<system-out>`, so they reach the report without failing it.
 */
export function formatJunit(r: GateResult, opts: OutputOptions = {}): string {
  const files = byFile(r);
  let failures = 0;
  let errors = 0;
  const cases: string[] = [];
  for (const [file, vs] of files) {
    const body: string[] = [];
    const warnings: string[] = [];
    let failed = false;
    let broken = false;
    for (const v of vs) {
      const lines = details(v, opts);
      if (v.level !== 'error') {
        warnings.push(`${LEVEL_OUTPUT[v.level].tag} [${v.rule}] ${lines.map(escapeText).join('\n  ')}`);
        continue;
      }
      const tag = CANNOT_JUDGE.has(v.rule) ? 'error' : 'failure';
      if (tag === 'error') broken = true;
      else failed = true;
      body.push(`\n      <${tag} type="${xml(v.rule)}" message="${xml(v.message)}">${lines.map(xml).join('\n')}</${tag}>`);
    }
    if (broken) errors++;
    else if (failed) failures++;
    if (warnings.length) body.push(`\n      <system-out>${warnings.map((w) => w.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')).join('\n')}</system-out>`);
    cases.push(`    <testcase classname="binspect.check" name="${xml(file)}">${body.join('')}${body.length ? '\n    ' : ''}</testcase>`);
  }
  const counts = `tests="${files.size}" failures="${failures}" errors="${errors}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="binspect" ${counts}>\n  <testsuite name="binspect check" ${counts}>\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
