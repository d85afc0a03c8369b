import { styleText } from 'node:util';
import { escapeText } from '../util/escape.js';
import { RULES, type RuleId, type Violation } from './violation.js';

/** The outcome of a gate run: files judged and what was found. */
export interface GateResult {
  files: string[];
  violations: Violation[];
  /** Whether warnings fail the run too (--strict). */
  strict: boolean;
}

export const failed = (r: GateResult): boolean => r.violations.some((v) => v.level === 'error' || r.strict);

const symText = (s: NonNullable<Violation['symbols']>[number]): string =>
  s.symbol === null ? `${s.version} from ${s.file}` : `${s.symbol}@${s.version} from ${s.file}`;

/** The full explanation of a violation as plain lines (message, symbols, hints). */
export function details(v: Violation, maxSymbols = 20): string[] {
  const lines = [v.message];
  const syms = v.symbols ?? [];
  if (syms.length) {
    lines.push(`symbols: ${syms.slice(0, maxSymbols).map(symText).join(', ')}${syms.length > maxSymbols ? `, +${syms.length - maxSymbols} more` : ''}`);
  }
  for (const h of v.hints ?? []) lines.push(`hint: ${h}`);
  return lines;
}

/** Human text grouped by file; colour only when `color` (a TTY without NO_COLOR). */
export function formatText(r: GateResult, color: boolean): string {
  const paint = (style: Parameters<typeof styleText>[0], s: string): string => (color ? styleText(style, s) : s);
  const byFile = new Map<string, Violation[]>();
  for (const v of r.violations) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
  const out: string[] = [];
  for (const [file, vs] of byFile) {
    out.push(paint('bold', escapeText(file)));
    for (const v of vs) {
      const tag = v.level === 'error' ? paint('red', 'FAIL') : paint('yellow', 'WARN');
      const [first, ...rest] = details(v).map(escapeText);
      out.push(`  ${tag} [${v.rule}] ${first}`);
      for (const l of rest) out.push(`       ${l}`);
    }
  }
  const errors = r.violations.filter((v) => v.level === 'error').length;
  const warnings = r.violations.length - errors;
  out.push(failed(r)
    ? paint('red', `binspect check: FAILED — ${r.files.length} files, ${errors} errors, ${warnings} warnings`)
    : paint('green', `binspect check: passed — ${r.files.length} files, ${errors} errors, ${warnings} warnings`));
  return `${out.join('\n')}\n`;
}

/** `--format json`. */
export function formatJson(r: GateResult): string {
  return `${JSON.stringify({ passed: !failed(r), files: r.files.length, violations: r.violations }, null, 2)}\n`;
}

/** GitHub workflow-command escaping: message data, and property values (which also escape `:` and `,`). */
export const ghData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const ghProperty = (s: string): string => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `--format github`: one `::error` / `::warning` workflow command per violation. */
export function formatGithub(r: GateResult): string {
  return r.violations.map((v) => {
    const title = `binspect ${v.rule}${v.namespace ? ` ${v.namespace}` : ''}`;
    return `::${v.level} file=${ghProperty(v.file)},title=${ghProperty(title)}::${ghData(details(v).join('\n'))}`;
  }).join('\n') + (r.violations.length ? '\n' : '');
}

/** `--format sarif`: SARIF 2.1.0, one run, one rule per rule id used. */
export function formatSarif(r: GateResult, version: string): string {
  const used = [...new Set(r.violations.map((v) => v.rule))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'binspect', version, informationUri: 'https://github.com/binspect/binspect',
          rules: used.map((id) => ({ id, name: id, shortDescription: { text: RULES[id as RuleId] }, defaultConfiguration: { level: 'error' } })),
        },
      },
      results: r.violations.map((v) => ({
        ruleId: v.rule,
        ruleIndex: used.indexOf(v.rule),
        level: v.level,
        message: { text: details(v).join('\n') },
        locations: [{ physicalLocation: { artifactLocation: { uri: v.file.split('/').map(encodeURIComponent).join('/') } } }],
        properties: { namespace: v.namespace ?? null, old: v.old ?? null, new: v.new ?? null, symbols: v.symbols ?? [] },
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

const xml = (s: string): string =>
  // XML 1.0 cannot carry most control characters at all: write them as visible escapes.
  // eslint-disable-next-line no-control-regex
  s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `--format junit`: one testcase per file; a failure per violation (GitLab, Jenkins). */
export function formatJunit(r: GateResult): string {
  const cases = r.files.map((f) => {
    const vs = r.violations.filter((v) => v.file === f && (v.level === 'error' || r.strict));
    const body = vs.map((v) => `\n      <failure type="${xml(v.rule)}" message="${xml(v.message)}">${xml(details(v, 1000).join('\n'))}</failure>`).join('');
    return `    <testcase classname="binspect.check" name="${xml(f)}">${body}${vs.length ? '\n    ' : ''}</testcase>`;
  });
  const failures = r.files.filter((f) => r.violations.some((v) => v.file === f && (v.level === 'error' || r.strict))).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="binspect" tests="${r.files.length}" failures="${failures}">\n  <testsuite name="binspect check" tests="${r.files.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
