import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Baseline, compareBaseline, createBaseline, parseBaseline, serializeBaseline } from '../gate/baseline.js';
import { check, gateFields, unreadable } from '../gate/check.js';
import * as gateOutput from '../gate/output.js';
import { type GateResult, exitStatus, mergeResults, strictly } from '../gate/result.js';
import { emptyPolicy, mergePolicies } from '../gate/policy.js';
import type { Violation } from '../gate/violation.js';
import type { AnyReport, ReportField } from '../report/report.js';
import { escapeText } from '../util/escape.js';
import { type Out, parseCommand } from './args.js';
import { FORMATS, GATE_FORMATS, chooseFormat, formatOptions, formatUsage } from './formats.js';
import { inspectInputs, prepareInputs } from './inputs.js';
import { AUTO_FIELDS, judgeAuto, npmDirectories } from './auto.js';
import type { TargetCli } from './target.js';
import { POLICY_OPTIONS, POLICY_USAGE, listPolicies, policyFromOptions } from './policy-options.js';
import { packageVersion } from './version.js';

export const CHECK_USAGE = `usage: binspect check PATH... REQUIREMENT... [--format F] [--allow-empty] [--all-symbols]
  Judges each binary in PATH... (directories walked) by the requirements given: a policy, a
  baseline, or both. At least one is needed.
${POLICY_USAGE}
baseline:
  --baseline FILE        fail when a file needs more than FILE recorded; --update rewrites FILE
  --root DIR             baseline keys are paths relative to DIR (default: the current directory)
  --strict               new and vanished files are errors, not warnings
target (will it load there?):
  --target ROOT|IMAGE    fail when a file would not load on ROOT (a directory) as its ld.so or musl
                         loader would resolve it: missing interpreter, library or symbol version;
                         ROOT!/path names a file inside the target
  --self                 check every ELF executable and library of the target against the target
  --library-path P       LD_LIBRARY_PATH as the loader would see it (default: empty)
anomalies:
  --allow-anomaly CODE   do not fail on this anomaly (docs/loader.md) where it touches a checked fact (repeatable)
unknown facts:
  --allow-unknown        a --require'd protection the file cannot tell (the canary of a stripped static file,
                         fortify of a static one) is a note instead of a failure
output:
${formatUsage(GATE_FORMATS, 25)}
  --all-symbols          list every symbol of a finding (the text outputs list ${gateOutput.SYMBOLS_SHOWN} and count the rest)
  A GitHub step summary (Markdown) is appended to $GITHUB_STEP_SUMMARY when it is set.
other:
  --allow-empty          pass when the paths hold no binary (by default that fails: exit 2)
  --list-policies        list the policy presets
exit: 0 pass; 1 a requirement is not met (a file that would not load on the target included);
2 bad usage, or a file, directory or target that cannot be read, or no binary at all, or a file
whose requirements cannot be determined`;

export const BASELINE_USAGE = `usage: binspect baseline PATH... --write FILE [--root DIR] [--allow-empty]
  Records what each binary in PATH... needs (glibc floor, versions per namespace and library,
  needed libraries, machine, linkage, protections), keyed by its path relative to --root (default:
  the current directory), for binspect check --baseline FILE.
exit: 0 written; 2 bad usage, or a file or directory that cannot be read, or no binary at all
(nothing is written then)`;

const CHECK_OPTIONS = {
  ...POLICY_OPTIONS,
  baseline: { type: 'string' }, update: { type: 'boolean' }, strict: { type: 'boolean' }, root: { type: 'string' },
  target: { type: 'string' }, self: { type: 'boolean' }, 'library-path': { type: 'string' },
  'allow-anomaly': { type: 'string', multiple: true }, 'allow-unknown': { type: 'boolean' }, 'allow-empty': { type: 'boolean' }, 'all-symbols': { type: 'boolean' }, 'list-policies': { type: 'boolean' },
  ...formatOptions(GATE_FORMATS),
} as const;

/**
 * The options that each give `check` something to judge by. Without any of them every file would
 * pass, so `check` refuses to run (exit 2).
 */
export const REQUIREMENTS: readonly string[] = [...Object.keys(POLICY_OPTIONS), 'baseline', 'target'];

/** The binaries of `paths`, and why the gate cannot judge some of what it was given. */
interface Gathered {
  reports: AnyReport[];
  /** Directories and entries that could not be read, and an empty selection: `unreadable` / `no-binary` findings. */
  problems: Violation[];
}

/**
 * The reports of the binaries in `paths` for the gate, failing closed: a directory or entry that
 * cannot be read is an `unreadable` finding (files there may be missed), and no binary at all a
 * `no-binary` finding unless `allowEmpty`. Special files (FIFO, socket, device) are named on `err`
 * and otherwise skipped, as non-binaries are counted.
 */
function gather(paths: readonly string[], prog: string, err: Out, allowEmpty: boolean, fields: ReportField[], auto = false): Gathered & { files: string[]; notPackage: boolean } {
  const reports: AnyReport[] = [];
  const problems: Violation[] = [];
  const files: string[] = [];
  let notPackage = false;
  // --policy auto: archives come whole, each judged as the package it is (src/cli/auto.ts).
  const npmDirs = auto ? npmDirectories(paths) : [];
  let notBinary = 0;
  const events = {
    onSkip: (path: string, reason: string, bad: boolean) => {
      if (bad) problems.push({ file: path, rule: 'unreadable', level: 'error', message: `${reason}: files in it cannot be checked` });
      else err(`${prog}: skipped ${escapeText(path)}: ${reason}\n`);
    },
    onNotBinary: () => notBinary++,
    wholeArchives: auto,
  } as const;
  for (const input of inspectInputs(paths, auto ? [...fields, ...AUTO_FIELDS] : fields, events)) {
    const judged = auto ? judgeAuto(input, npmDirs) : { reports: [input], violations: [], problem: null };
    if (judged.problem !== null) {
      // Named on the command line: a usage error; found in a directory: not judged by its package.
      if (paths.includes(input.path ?? '')) notPackage = true;
      err(`${prog}: --policy auto: ${escapeText(judged.problem)}\n`);
    }
    if (auto && Array.isArray(input.members)) files.push(input.path ?? '');
    reports.push(...judged.reports);
    problems.push(...judged.violations);
  }
  if (notBinary > 0) err(`${prog}: ${notBinary} file${notBinary === 1 ? '' : 's'} found in directories ${notBinary === 1 ? 'is' : 'are'} not ELF, PE or Mach-O (skipped)\n`);
  if (reports.length === 0 && !allowEmpty) {
    problems.push({ file: paths.join(' '), rule: 'no-binary', level: 'error',
      message: `no ELF, PE or Mach-O file found${notBinary ? ` (${notBinary} files that are no binary)` : ''}; --allow-empty accepts an empty selection` });
  }
  return { reports, problems, files, notPackage };
}

/** `binspect check`. Returns the exit status. */
export async function checkCommand(argv: string[], out: Out, err: Out): Promise<number> {
  const parsed = parseCommand(argv, CHECK_OPTIONS, 'binspect check', CHECK_USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values;
  if (o['list-policies']) {
    out(listPolicies());
    return 0;
  }
  const usage = (msg: string): number => {
    err(`binspect check: ${msg}\n`);
    return 2;
  };
  const given = o as Record<string, unknown>;
  if (!REQUIREMENTS.some((k) => given[k] !== undefined)) {
    return usage(`nothing to judge by: give a policy (${Object.keys(POLICY_OPTIONS).map((k) => `--${k}`).join(', ')}), --baseline FILE or --target ROOT (binspect check --help)`);
  }
  const chosen = policyFromOptions(o);
  if ('error' in chosen) return usage(chosen.error);
  const { auto } = chosen;
  const allowAnomalies = (o['allow-anomaly'] ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  let policy = allowAnomalies.length ? mergePolicies(chosen.policy, { allowAnomalies }) : chosen.policy;
  if (o['allow-unknown']) policy = mergePolicies(policy, { allowUnknown: true });
  const format = chooseFormat(given, GATE_FORMATS);
  if (typeof format !== 'string') return usage(format.error);
  if (o.update && !o.baseline) return usage('--update needs --baseline FILE');
  if ((o.self || o['library-path'] !== undefined) && o.target === undefined) return usage('--self and --library-path need --target');
  if (parsed.positionals.length === 0 && !o.self) return usage('needs at least one PATH');
  let target: TargetCli | null = null;
  if (o.target !== undefined) {
    try {
      // Targets (and the container readers they use) load only when asked for: start-up cost.
      target = new (await import('./target.js')).TargetCli(o.target, o['library-path']);
    } catch (e) {
      return usage((e as Error).message);
    }
  }
  // Files inside the target (ROOT!/path) are the target's to find; the others are read here.
  const named = target ? target.split(parsed.positionals) : { host: parsed.positionals, members: [] };

  let baseline: Baseline | null = null;
  if (o.baseline && !o.update) {
    let text: string;
    try {
      text = readFileSync(o.baseline, 'utf8');
    } catch (e) {
      return usage(`cannot read baseline ${escapeText(o.baseline)}: ${(e as Error).message}`);
    }
    try {
      baseline = parseBaseline(text);
    } catch (e) {
      return usage(`baseline ${escapeText(o.baseline)} is not a valid binspect baseline: ${escapeText((e as Error).message)}`);
    }
  }
  const nothingElse = named.members.length === 0 && !o.self;
  await prepareInputs(named.host);
  const { reports, problems, files, notPackage } = named.host.length || nothingElse
    ? gather(named.host, 'binspect check', err, o['allow-empty'] === true || !nothingElse, gateFields(policy), auto)
    : { reports: [], problems: [], files: [], notPackage: false };
  if (notPackage) return 2;
  const parts: GateResult[] = [
    { files, violations: problems },
    { files: reports.map((r) => r.path ?? ''), violations: check(reports, policy) },
  ];
  if (target) {
    const found = [...target.check(reports.filter((r) => r.format === 'elf').map((r) => r.path ?? ''), named.members, o.self === true)];
    parts.push({ files: found.map((f) => f.file), violations: found.flatMap((f) => f.violations) });
  }
  if (o.update) {
    const readable = reports.filter((r) => !unreadable(r));
    writeFileSync(o.baseline!, serializeBaseline(createBaseline(readable, o.root)));
    err(`binspect check: baseline ${escapeText(o.baseline!)} updated (${readable.length} files)\n`);
  } else if (baseline) {
    parts.push(compareBaseline(baseline, reports, { root: o.root }));
  }
  let result = mergeResults(...parts);
  if (o.strict) result = { files: result.files, violations: strictly(result.violations) };
  const opts = { version: packageVersion(), color: format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR, allSymbols: o['all-symbols'] === true };
  out(gateOutput[FORMATS[format].gate](result, opts));
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) {
    try {
      appendFileSync(summary, gateOutput.formatStepSummary(result, opts));
    } catch (e) {
      err(`binspect check: cannot write the step summary to ${escapeText(summary)}: ${(e as Error).message}\n`);
    }
  }
  return exitStatus(result);
}

/** `binspect baseline PATH... --write FILE [--root DIR]`. Returns the exit status. */
export async function baselineCommand(argv: string[], out: Out, err: Out): Promise<number> {
  const parsed = parseCommand(argv, { write: { type: 'string' }, root: { type: 'string' }, 'allow-empty': { type: 'boolean' } },
    'binspect baseline', BASELINE_USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values;
  if (!o.write || parsed.positionals.length === 0) {
    err(`binspect baseline: needs PATH... and --write FILE\n${BASELINE_USAGE}\n`);
    return 2;
  }
  await prepareInputs(parsed.positionals);
  const { reports, problems } = gather(parsed.positionals, 'binspect baseline', err, o['allow-empty'] === true, gateFields(emptyPolicy()));
  for (const r of reports) {
    const bad = unreadable(r);
    if (bad) problems.push(bad);
  }
  if (problems.length) {
    for (const p of problems) err(`binspect baseline: ${escapeText(p.file)}: ${escapeText(p.message)}\n`);
    err(`binspect baseline: ${escapeText(o.write)} not written\n`);
    return 2;
  }
  const baseline = createBaseline(reports, o.root);
  writeFileSync(o.write, serializeBaseline(baseline));
  out(`binspect baseline: wrote ${Object.keys(baseline.files).length} files to ${escapeText(o.write)} (keys relative to ${escapeText(resolve(o.root ?? '.'))})\n`);
  return 0;
}
