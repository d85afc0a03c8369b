import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type Baseline, baselineEntry, compareToBaseline, parseBaseline, serializeBaseline } from '../gate/baseline.js';
import { GATE_FIELDS, check, gateFields, unreadable } from '../gate/check.js';
import { type GateResult, failed, formatGithub, formatJson, formatJunit, formatSarif, formatText } from '../gate/output.js';
import { type Policy, emptyPolicy, mergePolicies } from '../gate/policy.js';
import { PRESETS, resolvePolicy, suggestPolicies } from '../gate/presets.js';
import { MACHINE_ALIASES, normalizeMachine, parseMaxArg } from '../gate/names.js';
import type { Violation } from '../gate/violation.js';
import { REQUIRE_WORDS } from '../query/features.js';
import type { AnyReport } from '../report/report.js';
import { packageVersion } from './version.js';
import { escapeText } from '../util/escape.js';
import { type Out, parseCommand } from './args.js';
import { inspectInputs } from './inputs.js';
import type { TargetCli } from './target.js';
import { AUTO_FIELDS, judgeAuto, npmDirectories } from './auto.js';


export const CHECK_USAGE = `usage: binspect check PATH... [policy options] [--baseline FILE [--update] [--strict]] [--format F]
       binspect baseline PATH... --write FILE [--root DIR]

policy:
  --max-glibc V          fail when the glibc floor (ABI markers included) is above V
  --max NS=V             fail when namespace NS (GLIBCXX, CXXABI, GCC, ...) needs more than V (repeatable)
  --policy NAME          manylinux_2_17 (= manylinux2014), musllinux_1_2, rhel-8, ...: auditwheel's policy or a
                         distribution's, for each file's architecture; a wheel tag (manylinux_2_17_aarch64)
                         pins the architecture (repeatable; --list-policies lists them)
  --policy auto          each wheel by the platform tags it declares; each npm package (.tgz, or a
                         directory with package.json) by its os, cpu and libc fields
  --machine M            fail on another machine (aarch64 = arm64, x86_64 = x64 = amd64, i386, ...)
  --require LIST         protections that must be declared: bti,pac / ibt,shstk / nx,relro=full (repeatable)
  --deny-needed GLOB     fail when a needed library matches (repeatable)
  --allow-needed GLOB    fail when a needed library matches none of these (repeatable)
  --linkage L            static | static-pie | dynamic
target (will it load there?):
  --target ROOT|IMAGE    fail when a file would not load on ROOT (a directory) as its ld.so or musl
                         loader would resolve it: missing interpreter, library or symbol version;
                         ROOT!/path names a file inside the target
  --self                 check every ELF executable and library of the target against the target
  --library-path P       LD_LIBRARY_PATH as the loader would see it (default: empty)
baseline:
  --baseline FILE        fail when a file needs more than FILE recorded; --update rewrites FILE
  --root DIR             baseline keys are paths relative to DIR (default: the current directory)
  --strict               new and vanished files fail too
output:
  --format F             text (default) | json | github | sarif | junit     (--json = --format json)
exit: 0 pass, 1 policy violation or a file that would not load on the target,
      2 usage error, a target that cannot be read, or a file whose requirements cannot be determined`;


/** `binspect check`. Returns the exit status. */
export async function checkCommand(argv: string[], out: Out, err: Out): Promise<number> {
  const parsed = parseCommand(argv, {
    'max-glibc': { type: 'string' }, max: { type: 'string', multiple: true }, policy: { type: 'string', multiple: true },
    machine: { type: 'string' }, require: { type: 'string', multiple: true }, 'deny-needed': { type: 'string', multiple: true },
    'allow-needed': { type: 'string', multiple: true }, linkage: { type: 'string' }, baseline: { type: 'string' },
    update: { type: 'boolean' }, strict: { type: 'boolean' }, root: { type: 'string' }, format: { type: 'string' },
    json: { type: 'boolean' }, 'list-policies': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    target: { type: 'string' }, self: { type: 'boolean' }, 'library-path': { type: 'string' },
  }, 'binspect check', CHECK_USAGE, err);
  if (!parsed) return 2;
  const o = parsed.values;
  if (o.help) {
    out(`${CHECK_USAGE}\n`);
    return 0;
  }
  if (o['list-policies']) {
    out(`${'policy'.padEnd(18)} ${'aliases'.padEnd(24)} ${'architectures'.padEnd(62)} source\n`);
    for (const p of PRESETS) {
      out(`${p.name.padEnd(18)} ${(p.aliases.join(',') || '-').padEnd(24)} ${p.arches.join(',').padEnd(62)} ${p.source.split(/[;(]/)[0]!.trim()}\n`);
    }
    return 0;
  }
  const usage = (msg: string): number => {
    err(`binspect check: ${msg}\n`);
    return 2;
  };
  let policy: Policy = emptyPolicy();
  let auto = false;
  for (const name of o.policy ?? []) {
    if (name.toLowerCase() === 'auto') {
      auto = true;
      continue;
    }
    const found = resolvePolicy(name);
    if (!found) return usage(`unknown policy ${JSON.stringify(name)}; nearest: ${suggestPolicies(name).join(', ')} (--list-policies lists them)`);
    policy = mergePolicies(policy, found.policy);
  }
  const versionOk = (v: string): boolean => /^[0-9]+(\.[0-9]+)*$/.test(v);
  if (o['max-glibc'] !== undefined) {
    if (!versionOk(o['max-glibc'])) return usage(`--max-glibc needs a version like 2.17, not ${JSON.stringify(o['max-glibc'])}`);
    policy = mergePolicies(policy, { max: { GLIBC: o['max-glibc'] } });
  }
  for (const m of o.max ?? []) {
    const parsed = parseMaxArg(m);
    if (typeof parsed === 'string') return usage(parsed);
    policy = mergePolicies(policy, { max: { [parsed[0]]: parsed[1] } });
  }
  let machine: string | undefined;
  if (o.machine !== undefined) {
    const m = normalizeMachine(o.machine);
    if (!m) return usage(`unknown machine ${JSON.stringify(o.machine)} (report names such as x86_64, aarch64, i386, arm, riscv64, powerpc64le, s390x, or ${Object.keys(MACHINE_ALIASES).join(', ')})`);
    machine = m;
  }
  if (o.linkage !== undefined && !['static', 'static-pie', 'dynamic'].includes(o.linkage)) return usage(`--linkage is static, static-pie or dynamic`);
  const require = (o.require ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  for (const r of require) if (!REQUIRE_WORDS.includes(r)) return usage(`--require knows ${REQUIRE_WORDS.join(', ')}; not ${JSON.stringify(r)}`);
  policy = mergePolicies(policy, {
    machine, require, denyNeeded: o['deny-needed'] ?? [], allowNeeded: o['allow-needed'] ?? [],
    linkage: o.linkage as Policy['linkage'],
  });
  const format = o.json ? 'json' : (o.format ?? 'text');
  if (!['text', 'json', 'github', 'sarif', 'junit'].includes(format)) return usage(`--format is text, json, github, sarif or junit`);
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
  const named = target ? target.split(parsed.positionals) : { host: parsed.positionals, members: [] };

  const root = resolve(o.root ?? '.');
  let baseline: Baseline | null = null;
  if (o.baseline && !o.update) {
    try {
      baseline = parseBaseline(readFileSync(o.baseline, 'utf8'));
    } catch (e) {
      return usage(`cannot read baseline ${o.baseline}: ${(e as Error).message}`);
    }
  }
  const result: GateResult = { files: [], violations: [], strict: o.strict === true };
  const reports: Array<[string, AnyReport]> = [];
  // --policy auto: archives come whole, each judged as the package it is (src/cli/auto.ts).
  const npmDirs = auto ? npmDirectories(named.host) : [];
  let notPackage = false;
  const select = auto ? [...gateFields(policy), ...AUTO_FIELDS] : gateFields(policy);
  for (const input of inspectInputs(named.host, select, { onSkip: (p, why) => err(`binspect check: skipped ${escapeText(p)}: ${why}\n`), wholeArchives: auto })) {
    const judged = auto ? judgeAuto(input, npmDirs) : { reports: [input], violations: [], problem: null };
    if (judged.problem !== null) {
      // Named on the command line: a usage error; found in a directory: not judged by its package.
      if (named.host.includes(input.path ?? '')) notPackage = true;
      err(`binspect check: --policy auto: ${escapeText(judged.problem)}\n`);
    }
    if (auto && Array.isArray(input.members)) result.files.push(input.path ?? '');
    for (const r of judged.reports) {
      const path = r.path ?? '';
      result.files.push(path);
      reports.push([path, r]);
    }
    result.violations.push(...judged.violations);
  }
  if (notPackage) return 2;
  // Checked together: a library shipped beside a file (a wheel's .libs) is not external.
  result.violations.push(...check(reports.map(([, r]) => r), policy));
  if (target) {
    const known = new Set(result.files);
    for (const f of target.check(reports.filter(([, r]) => r.format === 'elf').map(([p]) => p), named.members, o.self === true)) {
      if (!known.has(f.file)) result.files.push(f.file);
      result.violations.push(...f.violations);
    }
  }
  if (o.update) {
    const files: Baseline['files'] = {};
    for (const [path, r] of reports) {
      const bad = unreadable(r);
      if (bad) result.violations.push(bad);
      else files[relative(root, resolve(path))] = baselineEntry(r);
    }
    writeFileSync(o.baseline!, serializeBaseline({ schema: 1, tool: 'binspect', files }));
    err(`binspect check: baseline ${o.baseline} updated (${Object.keys(files).length} files)\n`);
  } else if (baseline) {
    const seen = new Set<string>();
    for (const [path, r] of reports) {
      const key = relative(root, resolve(path));
      seen.add(key);
      const old = baseline.files[key];
      if (unreadable(r)) continue; // already reported by checkPolicy
      if (!old) {
        result.violations.push({ file: path, rule: 'new-file', level: 'warning', message: `not in the baseline (${key})` });
        continue;
      }
      result.violations.push(...compareToBaseline(path, old, r));
    }
    for (const key of Object.keys(baseline.files)) {
      if (seen.has(key)) continue;
      result.files.push(key);
      result.violations.push({ file: key, rule: 'vanished-file', level: 'warning', message: 'in the baseline but not found' });
    }
  }
  const color = format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  out(format === 'json' ? formatJson(result) : format === 'github' ? formatGithub(result) : format === 'sarif'
    ? formatSarif(result, packageVersion()) : format === 'junit' ? formatJunit(result) : formatText(result, color));
  if (result.violations.some((v: Violation) => v.rule === 'unreadable')) return 2;
  return failed(result) ? 1 : 0;
}

/** `binspect baseline PATH... --write FILE [--root DIR]`. */
export function baselineCommand(argv: string[], out: Out, err: Out): number {
  const parsed = parseCommand(argv, { write: { type: 'string' }, root: { type: 'string' } }, 'binspect baseline', CHECK_USAGE, err);
  if (!parsed) return 2;
  if (!parsed.values.write || parsed.positionals.length === 0) {
    err(`binspect baseline: needs PATH... and --write FILE\n${CHECK_USAGE}\n`);
    return 2;
  }
  const root = resolve(parsed.values.root ?? '.');
  const files: Baseline['files'] = {};
  let status = 0;
  for (const r of inspectInputs(parsed.positionals, GATE_FIELDS, { onSkip: (p, why) => err(`binspect baseline: skipped ${escapeText(p)}: ${why}\n`) })) {
    const path = r.path ?? '';
    const bad = unreadable(r);
    if (bad) {
      err(`binspect baseline: ${escapeText(path)}: ${escapeText(bad.message)}\n`);
      status = 2;
      continue;
    }
    files[relative(root, resolve(path))] = baselineEntry(r);
  }
  writeFileSync(parsed.values.write, serializeBaseline({ schema: 1, tool: 'binspect', files }));
  out(`binspect baseline: wrote ${Object.keys(files).length} files to ${parsed.values.write}\n`);
  return status;
}

