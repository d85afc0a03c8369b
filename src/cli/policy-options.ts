import { REQUIRE_WORDS } from '../query/features.js';
import { type Policy, emptyPolicy, mergePolicies } from '../gate/policy.js';
import { MACHINE_ALIASES, normalizeMachine, parseMaxArg } from '../gate/names.js';
import { PRESETS, resolvePolicy, suggestPolicies } from '../gate/presets.js';

/** `binspect check`'s policy options: each one, given, is a requirement the files are judged by. */
export const POLICY_OPTIONS = {
  'max-glibc': { type: 'string' }, max: { type: 'string', multiple: true }, policy: { type: 'string', multiple: true },
  machine: { type: 'string' }, require: { type: 'string', multiple: true }, 'deny-needed': { type: 'string', multiple: true },
  'allow-needed': { type: 'string', multiple: true }, linkage: { type: 'string' },
  'min-go': { type: 'string' }, 'no-cgo': { type: 'boolean' }, 'deny-packed': { type: 'boolean' },
} as const;

export const POLICY_USAGE = `policy:
  --max-glibc V          fail when the glibc floor (ABI markers included) is above V
  --max NS=V             fail when namespace NS (GLIBCXX, CXXABI, GCC, ...) needs more than V (repeatable)
  --policy auto          each wheel by the platform tags it declares; each npm package (.tgz, or a
                         directory with package.json) by its os, cpu and libc fields
  --policy NAME          manylinux_2_17 (= manylinux2014), musllinux_1_2, rhel-8, ...: auditwheel's policy or a
                         distribution's, for each file's architecture; a wheel tag (manylinux_2_17_aarch64)
                         pins the architecture (repeatable; --list-policies lists them)
  --machine M            fail on another machine (aarch64 = arm64, x86_64 = x64 = amd64, i386, ...)
  --require LIST         protections that must be declared: bti,pac / ibt,shstk / nx,relro=full /
                         canary,fortify,no-textrel (checksec's columns) (repeatable)
                         (where one does not apply, a note says so; it never fails)
  --deny-needed GLOB     fail when a needed library matches (repeatable)
  --allow-needed GLOB    fail when a needed library matches none of these (repeatable)
  --linkage L            static | static-pie | dynamic
  --min-go V             fail on a Go binary built by a Go release older than V (e.g. 1.21.5)
  --no-cgo               fail on a Go binary built with cgo on (CGO_ENABLED=1)
  --deny-packed          fail on a packed file (UPX): its headers are the stub's, not the program's`;

type PolicyValues = {
  [K in keyof typeof POLICY_OPTIONS]?: (typeof POLICY_OPTIONS)[K] extends { multiple: true } ? string[]
    : (typeof POLICY_OPTIONS)[K] extends { type: 'boolean' } ? boolean : string
};

/** `--list-policies`: one line per preset (name, aliases, ceilings). */
export function listPolicies(): string {
  return `${'policy'.padEnd(18)} ${'aliases'.padEnd(24)} ${'architectures'.padEnd(62)} source\n${PRESETS.map((p) =>
    `${p.name.padEnd(18)} ${(p.aliases.join(',') || '-').padEnd(24)} ${p.arches.join(',').padEnd(62)} ${p.source.split(/[;(]/)[0]!.trim()}\n`).join('')}`;
}

/** The policy the options describe, or `{error}` saying what is wrong with them. */
export function policyFromOptions(o: PolicyValues): { policy: Policy; auto: boolean } | { error: string } {
  let policy: Policy = emptyPolicy();
  let auto = false;
  for (const name of o.policy ?? []) {
    if (name.toLowerCase() === 'auto') {
      auto = true;
      continue;
    }
    const found = resolvePolicy(name);
    if (!found) return { error: `unknown policy ${JSON.stringify(name)}; nearest: ${suggestPolicies(name).join(', ')} (--list-policies lists them)` };
    policy = mergePolicies(policy, found.policy);
  }
  const versionOk = (v: string): boolean => /^[0-9]+(\.[0-9]+)*$/.test(v);
  if (o['max-glibc'] !== undefined) {
    if (!versionOk(o['max-glibc'])) return { error: `--max-glibc needs a version like 2.17, not ${JSON.stringify(o['max-glibc'])}` };
    policy = mergePolicies(policy, { max: { GLIBC: o['max-glibc'] } });
  }
  for (const m of o.max ?? []) {
    const parsed = parseMaxArg(m);
    if (typeof parsed === 'string') return { error: parsed };
    policy = mergePolicies(policy, { max: { [parsed[0]]: parsed[1] } });
  }
  let machine: string | undefined;
  if (o.machine !== undefined) {
    const m = normalizeMachine(o.machine);
    if (!m) return { error: `unknown machine ${JSON.stringify(o.machine)} (report names such as x86_64, aarch64, i386, arm, riscv64, powerpc64le, s390x, or ${Object.keys(MACHINE_ALIASES).join(', ')})` };
    machine = m;
  }
  if (o.linkage !== undefined && !['static', 'static-pie', 'dynamic'].includes(o.linkage)) return { error: '--linkage is static, static-pie or dynamic' };
  const require = (o.require ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  for (const r of require) if (!REQUIRE_WORDS.includes(r)) return { error: `--require knows ${REQUIRE_WORDS.join(', ')}; not ${JSON.stringify(r)}` };
  const minGo = o['min-go']?.replace(/^go/, '');
  if (minGo !== undefined && !versionOk(minGo)) return { error: `--min-go needs a Go release like 1.21.5, not ${JSON.stringify(o['min-go'])}` };
  return { auto, policy: mergePolicies(policy, {
    machine, require, denyNeeded: o['deny-needed'] ?? [], allowNeeded: o['allow-needed'] ?? [],
    linkage: o.linkage as Policy['linkage'], ...(minGo !== undefined && { minGo }), ...(o['no-cgo'] && { cgo: false }), ...(o['deny-packed'] && { denyPacked: true }),
  }) };
}
