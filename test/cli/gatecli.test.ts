import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './inproc.js';
import { REQUIREMENTS } from '../../src/cli/check.js';
import { FORMATS, GATE_FORMATS, REPORT_FORMATS } from '../../src/cli/formats.js';
import { formatJunit, formatSarif } from '../../src/gate/output.js';
import { RULES } from '../../src/gate/violation.js';
import { compareBaseline, createBaseline, inspectFileSync, parseBaseline, serializeBaseline } from '../../src/index.js';
import { corpusPath } from '../helpers.js';
import { TIMEOUT_MS, binspect, ensureBuilt } from './built.js';

const HELLO = corpusPath('elf/x86_64/hello-pie');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'binspect-gatecli-'));
  chmodSync(dir, 0o755);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const sub = (name: string): string => {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  chmodSync(d, 0o755);
  return d;
};

/** hello-pie with its DT_NEEDED `libc.so.6` renamed to `name` (9 bytes of UTF-8). */
function renamedNeeded(name: string, to: string): string {
  const bytes = readFileSync(HELLO);
  const at = bytes.indexOf(Buffer.from('libc.so.6\0'));
  const repl = Buffer.from(name, 'utf8');
  expect(repl.length).toBe(9);
  repl.copy(bytes, at);
  writeFileSync(to, bytes);
  return to;
}

describe('every command: --help, unknown options, formats from one table', () => {
  const commands = ['info', 'glibc', 'features', 'scan', 'check', 'baseline'];

  it('--help and -h exit 0 with the usage on stdout, for binspect and each command', async () => {
    for (const args of [['--help'], ['-h'], ...commands.flatMap((c) => [[c, '--help'], [c, '-h']])]) {
      const r = await run(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.out, args.join(' ')).toMatch(/^usage: binspect/);
      expect(r.err).toBe('');
    }
  });

  it('an unknown option is refused with exit 2 by every command', async () => {
    for (const c of commands) {
      const r = await run([c, '--no-such-option', HELLO]);
      expect(r.status, c).toBe(2);
      expect(r.err, c).toMatch(/no-such-option/);
      expect(r.out).toBe('');
    }
  });

  it('an option of another command is refused, not ignored (features --symbols)', async () => {
    const r = await run(['features', '--symbols', HELLO]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--symbols is an option of binspect glibc/);
    expect((await run(['info', '--symbols', HELLO])).status).toBe(2);
    expect((await run(['glibc', '--symbols', HELLO])).status).toBe(0);
  });

  it('the report commands offer text, json and ndjson; check offers all six; --json/--ndjson are short for --format', async () => {
    expect([...REPORT_FORMATS]).toEqual(['text', 'json', 'ndjson']);
    expect([...GATE_FORMATS].sort()).toEqual(Object.keys(FORMATS).sort());
    for (const c of ['info', 'glibc', 'features', 'scan']) {
      const viaFormat = await run([c, '--format', 'json', HELLO]);
      const viaFlag = await run([c, '--json', HELLO]);
      expect(viaFormat.status, c).toBe(0);
      const reports = JSON.parse(viaFormat.out) as Array<{ path: string }>;
      expect(reports.map((x) => x.path)).toEqual([HELLO]);
      // Same fields (io, the read cost, may differ between two reads of the file).
      expect(Object.keys(JSON.parse(viaFlag.out)[0]).sort()).toEqual(Object.keys(reports[0]!).sort());
      const nd = await run([c, '--format', 'ndjson', HELLO, corpusPath('elf/x86_64/cxx-hello')]);
      expect(nd.out.trim().split('\n').map((l) => (JSON.parse(l) as { path: string }).path)).toEqual([HELLO, corpusPath('elf/x86_64/cxx-hello')]);
      for (const f of ['github', 'sarif', 'junit', 'xml']) expect((await run([c, '--format', f, HELLO])).status, `${c} ${f}`).toBe(2);
      expect((await run([c, '--json', '--ndjson', HELLO])).status).toBe(2);
      expect((await run([c, '--json', '--format', 'text', HELLO])).status).toBe(2);
    }
    for (const f of GATE_FORMATS) {
      const r = await run(['check', HELLO, '--max-glibc', '2.17', '--format', f]);
      expect(r.status, f).toBe(1);
      expect(r.out.length, f).toBeGreaterThan(0);
    }
  });

  it('check --format ndjson writes one line per file with its own verdict', async () => {
    const r = await run(['check', HELLO, corpusPath('elf/x86_64/drift-memcpy-old'), '--max-glibc', '2.17', '--ndjson']);
    expect(r.status).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; passed: boolean; violations: unknown[] });
    expect(lines.map((l) => [l.file, l.passed])).toEqual([[HELLO, false], [corpusPath('elf/x86_64/drift-memcpy-old'), true]]);
  });
});

describe('check needs something to judge by', () => {
  it('with no policy, baseline or requirement it is a usage error (exit 2), not a pass', async () => {
    for (const extra of [[], ['--strict'], ['--format', 'json'], ['--root', dir], ['--allow-empty'], ['--all-symbols']]) {
      const r = await run(['check', HELLO, ...extra]);
      expect(r.status, extra.join(' ')).toBe(2);
      expect(r.err).toMatch(/nothing to judge by/);
      expect(r.out).toBe('');
    }
  });

  it('each requirement option alone is enough', async () => {
    const base = join(sub('req'), 'base.json');
    expect((await run(['baseline', HELLO, '--write', base])).status).toBe(0);
    const values: Record<string, string> = {
      policy: 'manylinux_2_34', 'max-glibc': '2.40', max: 'GLIBCXX=3.4.30', machine: 'x86_64', require: 'nx', 'deny-needed': 'libfoo*',
      'allow-needed': '*', linkage: 'dynamic', baseline: base, 'min-go': '1.21', 'no-cgo': '', 'deny-packed': '',
    };
    // Every requirement the command offers is listed here (target counts once check offers it).
    expect(REQUIREMENTS.filter((k) => k !== 'target').sort()).toEqual(Object.keys(values).sort());
    for (const [k, v] of Object.entries(values)) {
      const r = await run(['check', HELLO, `--${k}`, ...(v === '' ? [] : [v])]);
      expect(r.status, `--${k} ${v}: ${r.err}${r.out}`).toBe(0);
    }
  });
});

describe('gate outputs', () => {
  const files = [corpusPath('elf/x86_64/relr'), corpusPath('elf/x86_64/drift-memcpy-new'), corpusPath('elf/x86_64/cxx-hello')];

  it('a truncated file: one finding, its cause said once with the fields it cost', async () => {
    const trunc = join(dir, 'trunc');
    writeFileSync(trunc, readFileSync(HELLO).subarray(0, 3000));
    const r = await run(['check', trunc, '--max-glibc', '2.40']);
    expect(r.status).toBe(2);
    expect(r.out.match(/FAIL \[/g)).toHaveLength(1);
    expect(r.out.match(/past the end/g)).toHaveLength(1);
    expect(r.out).toMatch(/\(fields type, linkage, needed/);
  });

  it('each hint is printed once per run; long symbol lists are cut to 10 unless --all-symbols', async () => {
    const a = join(sub('hints'), 'a');
    const b = join(dir, 'hints', 'b');
    copyFileSync(corpusPath('elf/x86_64/drift-memcpy-new'), a);
    copyFileSync(corpusPath('elf/x86_64/drift-memcpy-new'), b);
    const r = await run(['check', a, b, '--max-glibc', '2.5']);
    expect(r.status).toBe(1);
    expect(r.out.match(/FAIL \[/g)).toHaveLength(2);
    expect(r.out.match(/hint: glibc 2\.14 gave x86_64 memcpy/g)).toHaveLength(1);
    const cxx = corpusPath('elf/x86_64/cxx-hello');
    const json = JSON.parse((await run(['check', cxx, '--max', 'GLIBCXX=3.0', '--json'])).out);
    const all = json.violations[0].symbols as unknown[];
    expect(all.length).toBeGreaterThan(10);
    const cut = (await run(['check', cxx, '--max', 'GLIBCXX=3.0'])).out;
    expect(cut).toContain(`+${all.length - 10} more (--all-symbols lists them)`);
    expect(cut.match(/@GLIBCXX_/g)).toHaveLength(10);
    const full = (await run(['check', cxx, '--max', 'GLIBCXX=3.0', '--all-symbols'])).out;
    expect(full.match(/@GLIBCXX_/g)).toHaveLength(all.length);
    expect(full).not.toContain('more (--all-symbols');
  });

  it('SARIF: every rule has help and a default level equal to its results; results carry partialFingerprints that ignore versions', async () => {
    const sarif = JSON.parse((await run(['check', ...files, '--max-glibc', '2.17', '--max', 'GLIBCXX=3.4.19', '--format', 'sarif'])).out);
    const { rules } = sarif.runs[0].tool.driver;
    const results = sarif.runs[0].results as Array<{ ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; properties: { namespace: string | null } }>;
    expect(results.length).toBeGreaterThan(2);
    for (const rule of rules) {
      expect(rule.help.text).toBe(RULES[rule.id as keyof typeof RULES].help);
      for (const res of results.filter((x) => x.ruleId === rule.id)) expect(res.level).toBe(rule.defaultConfiguration.level);
    }
    const fps = results.map((x) => x.partialFingerprints['binspectFinding/v1']);
    for (const fp of fps) expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(fps).size).toBe(fps.length);
    // The same finding under another ceiling keeps its fingerprint.
    const again = JSON.parse((await run(['check', ...files, '--max-glibc', '2.10', '--max', 'GLIBCXX=3.4.9', '--format', 'sarif'])).out);
    const key = (x: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; properties?: { namespace: string | null } }): string =>
      `${x.ruleId} ${x.locations[0]!.physicalLocation.artifactLocation.uri} ${x.properties?.namespace}`;
    const before = new Map(results.map((x) => [key(x), x.partialFingerprints['binspectFinding/v1']]));
    for (const x of again.runs[0].results) if (before.has(key(x))) expect(x.partialFingerprints['binspectFinding/v1']).toBe(before.get(key(x)));
  });

  it('JUnit carries warnings in <system-out> and errors as <error>; the XML is well-formed (xmllint)', async () => {
    const d = sub('junit');
    copyFileSync(HELLO, join(d, 'a'));
    copyFileSync(HELLO, join(d, 'b'));
    writeFileSync(join(d, 'trunc'), readFileSync(HELLO).subarray(0, 3000));
    expect((await run(['baseline', 'a', '--write', 'base.json'], d)).status).toBe(0);
    const r = await run(['check', 'a', 'b', 'trunc', '--baseline', 'base.json', '--format', 'junit'], d);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/<testcase classname="binspect.check" name="b">\s*<system-out>WARN \[new-file\]/);
    expect(r.out).toMatch(/<testcase classname="binspect.check" name="trunc">\s*<error type="unreadable"/);
    expect(r.out).toMatch(/<testsuite name="binspect check" tests="3" failures="0" errors="1">/);
    const x = spawnSync('xmllint', ['--noout', '-'], { input: r.out, encoding: 'utf8' });
    expect(x.status, x.stderr).toBe(0);
  });

  it('JUnit, SARIF, GitHub and the step summary stay well-formed with U+FFFF, ESC and a newline in a library name', async () => {
    const d = sub('hostile-names');
    const files2 = [renamedNeeded('\uFFFFc.so.6', join(d, 'ffff')), renamedNeeded('\x1b[31mso.6', join(d, 'esc')), renamedNeeded('li\nc.so.6', join(d, 'nl'))];
    const junit = await run(['check', ...files2, '--deny-needed', '*', '--format', 'junit']);
    expect(junit.status).toBe(1);
    const x = spawnSync('xmllint', ['--noout', '-'], { input: junit.out, encoding: 'utf8' });
    expect(x.status, x.stderr).toBe(0);
    expect(junit.out).toContain('needs \\uFFFFc.so.6');
    expect(junit.out).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]/);
    const gh = await run(['check', ...files2, '--deny-needed', '*', '--format', 'github']);
    const lines = gh.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^::error file=[^,]+,title=[^:]+::[^\r\n]*$/);
    expect(gh.out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(gh.out).toContain('needs \\x1b[31mso.6');
    expect(gh.out).toContain('needs li\\x0ac.so.6');
    const summary = join(d, 'summary.md');
    const prev = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summary;
    let sarif: Ran;
    try {
      sarif = await run(['check', ...files2, '--deny-needed', '*', '--format', 'sarif']);
    } finally {
      if (prev === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = prev;
    }
    expect(JSON.parse(sarif.out).runs[0].results).toHaveLength(3);
    const md = readFileSync(summary, 'utf8');
    expect(md.split('\n').filter((l) => l.startsWith('| error |'))).toHaveLength(3);
    expect(md).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\uFFFE\uFFFF]/);
    expect(md).toContain('needs li\\\\x0ac.so.6'); // the text format's \x0a, its backslash escaped for Markdown
  });

  it('SARIF and JUnit of a result with lone surrogates (possible through the library API) are well-formed', () => {
    const result = { files: ['a\uD800b'], violations: [{ file: 'a\uD800b', rule: 'new-library' as const, level: 'error' as const, new: '\uDC00x', message: 'needs \uDC00x\uFFFE' }] };
    const sarif = formatSarif(result);
    expect(Buffer.from(sarif, 'utf8').toString('utf8')).toBe(sarif); // survives UTF-8: no lone surrogate
    const parsed = JSON.parse(sarif);
    expect(parsed.runs[0].results[0].message.text).toBe('needs \uFFFDx\uFFFE');
    expect(parsed.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(encodeURIComponent('a\uFFFDb'));
    const junit = formatJunit(result);
    const x = spawnSync('xmllint', ['--noout', '-'], { input: junit, encoding: 'utf8' });
    expect(x.status, x.stderr).toBe(0);
    expect(junit).toContain('a\\uD800b');
    expect(junit).toContain('needs \\uDC00x\\uFFFE');
  });

  it('a GitHub step summary (a Markdown table) is appended to $GITHUB_STEP_SUMMARY when it is set', async () => {
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, 'earlier step\n');
    const prev = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      const r = await run(['check', ...files, '--max-glibc', '2.5', '--format', 'github']);
      expect(r.status).toBe(1);
    } finally {
      if (prev === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = prev;
    }
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('earlier step\n### binspect check: failed\n')).toBe(true);
    const rows = md.split('\n').filter((l) => l.startsWith('| error |'));
    expect(rows).toHaveLength(3);
    expect(md).toContain('| level | file | rule | finding |');
    for (const row of rows) expect(row).toMatch(/^\| error \| \S+ \| version-ceiling \| needs GLIBC 2\.\d+, above the allowed 2\.5<br>symbols: /);
    // Two files need __libc_start_main@GLIBC_2.34: its hint is listed once, below the table.
    expect(md.match(/every program linked against glibc &gt;= 2\.34/g)).toHaveLength(1);
    expect(md.match(/glibc 2\.14 gave x86\\_64 memcpy/g)).toHaveLength(1);
    expect((await run(['check', ...files, '--max-glibc', '2.5'])).status).toBe(1); // unset: nothing more written
    expect(readFileSync(summary, 'utf8')).toBe(md);
  });
});

describe('fail closed', () => {
  beforeAll(ensureBuilt, 180_000);

  it('a directory with no binary exits 2 naming the cause; --allow-empty accepts it; a text file starting with MZ is no binary', async () => {
    const d = sub('empty');
    writeFileSync(join(d, 'README'), 'MZ is how this text starts\n');
    writeFileSync(join(d, 'notes.txt'), `MZ${'x'.repeat(200)}\n`);
    const r = await run(['check', d, '--max-glibc', '2.17', '--format', 'json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.out).violations).toEqual([expect.objectContaining({ rule: 'no-binary', file: d })]);
    expect(r.err).toMatch(/2 files found in directories are not ELF, PE or Mach-O/);
    expect((await run(['check', d, '--max-glibc', '2.17', '--allow-empty'])).status).toBe(0);
    expect((await run(['baseline', d, '--write', join(dir, 'empty.json')])).status).toBe(2);
    copyFileSync(HELLO, join(d, 'app'));
    const ok = await run(['check', d, '--max-glibc', '2.40', '--format', 'json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.out).files).toBe(1);
  });

  it('an unreadable subdirectory fails the check (exit 2) naming it (run unprivileged)', async () => {
    const d = sub('locked-tree');
    copyFileSync(HELLO, join(d, 'app'));
    chmodSync(join(d, 'app'), 0o644);
    mkdirSync(join(d, 'locked'));
    copyFileSync(HELLO, join(d, 'locked', 'inside'));
    chmodSync(join(d, 'locked'), 0o000);
    try {
      const r = await binspect(['check', d, '--max-glibc', '2.40', '--format', 'json'], { unprivileged: true });
      expect(r.timedOut).toBe(false);
      expect(r.status, r.stderr).toBe(2);
      const v = JSON.parse(r.stdout).violations;
      expect(v).toEqual([expect.objectContaining({ rule: 'unreadable', file: join(d, 'locked') })]);
      expect(v[0].message).toMatch(/EACCES/);
    } finally {
      chmodSync(join(d, 'locked'), 0o755);
    }
  }, TIMEOUT_MS + 10_000);

  it('a tree deeper than PATH_MAX fails the check with ENAMETOOLONG (exit 2)', async () => {
    const d = sub('deep');
    // 20 levels of 250-byte names: 5,000 bytes, past PATH_MAX (4,096); built one relative step at a time.
    execFileSync('bash', ['-c', `cd "$1" && cp "$2" app && for i in $(seq 20); do n=$(printf 'd%.0s' $(seq 250)); mkdir "$n" && cd "$n"; done && cp "$2" deep-app`, 'sh', d, HELLO]);
    try {
      const r = await run(['check', d, '--max-glibc', '2.40', '--format', 'json']);
      expect(r.status).toBe(2);
      const v = JSON.parse(r.out).violations;
      expect(v.some((x: { rule: string; message: string }) => x.rule === 'unreadable' && /ENAMETOOLONG/.test(x.message))).toBe(true);
    } finally {
      execFileSync('rm', ['-rf', d]); // rm walks by directory descriptor, past PATH_MAX
    }
  });
});

describe('baselines: validated, prototype-safe, rooted', () => {
  const valid = (): { d: string; base: string; entry: Record<string, unknown> } => {
    const d = sub(`v${Math.random().toString(36).slice(2)}`);
    copyFileSync(HELLO, join(d, 'app'));
    const base = join(d, 'base.json');
    const text = serializeBaseline(createBaseline([inspectFileSync(join(d, 'app'))], d));
    writeFileSync(base, text);
    return { d, base, entry: JSON.parse(text).files.app };
  };

  it('every schema violation exits 2 naming the JSON path of the fault', async () => {
    const { d, base, entry } = valid();
    expect((await run(['check', 'app', '--baseline', base], d)).status).toBe(0);
    const cases: Array<[unknown, string]> = [
      [{ app: { ...entry, needed: 'libc.so.6' } }, '$.files.app.needed'],
      [[entry], '$.files'],
      [{ app: null }, '$.files.app'],
      [{ app: 1 }, '$.files.app'],
      [null, '$.files'],
      [{ app: { ...entry, features: 'pie' } }, '$.files.app.features'],
      [{ app: { ...entry, glibcFloor: 2.34 } }, '$.files.app.glibcFloor'],
      [{ app: { ...entry, glibcFloor: ['2.34'] } }, '$.files.app.glibcFloor'],
      [{ app: { ...entry, glibcFloor: 'x.y' } }, '$.files.app.glibcFloor'],
      [{ app: { ...entry, versions: { 'libc.so.6': ['GLIBC_2.2.5', 7] } } }, '$.files.app.versions["libc.so.6"][1]'],
      [{ app: { ...entry, features: { ...(entry.features as object), relro: 'most' } } }, '$.files.app.features.relro'],
      [{ app: { ...entry, glibcfloor: '2.17' } }, '$.files.app.glibcfloor'],
      [{ 'dist/app': { ...entry, machine: undefined } }, '$.files["dist/app"].machine'],
    ];
    for (const [files, path] of cases) {
      writeFileSync(base, JSON.stringify({ schema: 1, tool: 'binspect', files }));
      const r = await run(['check', 'app', '--baseline', base], d);
      expect(r.status, path).toBe(2);
      expect(r.err, path).toContain(`${path}: `);
      expect(r.out).toBe('');
    }
    writeFileSync(base, '{"schema": 1, "tool": "binspect", "files": {');
    expect((await run(['check', 'app', '--baseline', base], d)).err).toMatch(/\$: not JSON/);
    writeFileSync(base, JSON.stringify({ schema: 2, tool: 'binspect', files: {} }));
    expect((await run(['check', 'app', '--baseline', base], d)).err).toContain('$.schema: ');
  });

  it('files named constructor, __proto__ and toString are baseline keys like any other', async () => {
    const d = sub('proto');
    for (const n of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) copyFileSync(HELLO, join(d, n));
    expect((await run(['baseline', '.', '--write', 'base.json'], d)).status).toBe(0);
    const recorded = JSON.parse(readFileSync(join(d, 'base.json'), 'utf8'));
    expect(Object.keys(recorded.files)).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    const same = await run(['check', '.', '--baseline', 'base.json', '--strict', '--json'], d);
    expect(same.status, same.out + same.err).toBe(0);
    copyFileSync(corpusPath('elf/x86_64/relr'), join(d, '__proto__'));
    const risen = await run(['check', '.', '--baseline', 'base.json', '--json'], d);
    expect(risen.status).toBe(1);
    expect(JSON.parse(risen.out).violations).toContainEqual(expect.objectContaining({ file: '__proto__', rule: 'version-raised', namespace: 'GLIBC' }));
    // Checked alone, the other three are "vanished", never found on Object.prototype.
    const alone = await run(['check', 'toString', '--baseline', 'base.json', '--json'], d);
    expect(JSON.parse(alone.out).violations.map((v: { file: string }) => v.file).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
  });

  it('run from another directory, no key matches: the run fails (exit 1) naming the root, instead of passing a floor rise', async () => {
    const d = sub('rooted');
    copyFileSync(corpusPath('elf/x86_64/drift-memcpy-old'), join(d, 'app'));
    expect((await run(['baseline', 'app', '--write', 'base.json'], d)).status).toBe(0);
    copyFileSync(corpusPath('elf/x86_64/drift-memcpy-new'), join(d, 'app'));
    const elsewhere = await run(['check', join(d, 'app'), '--baseline', join(d, 'base.json'), '--json']);
    expect(elsewhere.status).toBe(1);
    const v = JSON.parse(elsewhere.out).violations;
    expect(v).toContainEqual(expect.objectContaining({ rule: 'baseline-root', file: process.cwd() }));
    expect(v.find((x: { rule: string }) => x.rule === 'baseline-root').message).toContain(process.cwd());
    const rooted = await run(['check', join(d, 'app'), '--baseline', join(d, 'base.json'), '--root', d, '--json']);
    expect(rooted.status).toBe(1);
    expect(JSON.parse(rooted.out).violations).toEqual([expect.objectContaining({ rule: 'version-raised', namespace: 'GLIBC', old: '2.2.5', new: '2.14' })]);
  });

  it('--strict: new and vanished files are errors in every format, and the exit code agrees', async () => {
    const d = sub('strict');
    copyFileSync(HELLO, join(d, 'a'));
    copyFileSync(HELLO, join(d, 'b'));
    expect((await run(['baseline', 'a', 'b', '--write', 'base.json'], d)).status).toBe(0);
    copyFileSync(HELLO, join(d, 'c'));
    const args = ['check', 'a', 'c', '--baseline', 'base.json', '--strict'];
    const text = await run(args, d);
    expect(text.status).toBe(1);
    expect(text.out).toMatch(/FAIL \[new-file\]/);
    expect(text.out).toMatch(/FAIL \[vanished-file\]/);
    expect(text.out).not.toContain('WARN');
    const json = JSON.parse((await run([...args, '--json'], d)).out);
    expect(json.passed).toBe(false);
    expect(json.violations.map((v: { level: string }) => v.level)).toEqual(['error', 'error']);
    const sarif = JSON.parse((await run([...args, '--format', 'sarif'], d)).out).runs[0];
    expect(sarif.results.map((x: { level: string }) => x.level)).toEqual(['error', 'error']);
    expect(sarif.tool.driver.rules.map((x: { defaultConfiguration: { level: string } }) => x.defaultConfiguration.level)).toEqual(['error', 'error']);
    const gh = await run([...args, '--format', 'github'], d);
    expect(gh.status).toBe(1);
    expect(gh.out.trim().split('\n').map((l) => l.slice(0, 8))).toEqual(['::error ', '::error ']);
    const junit = await run([...args, '--format', 'junit'], d);
    expect(junit.status).toBe(1);
    expect(junit.out.match(/<failure type="(new|vanished)-file"/g)).toHaveLength(2);
    const nd = await run([...args, '--format', 'ndjson'], d);
    expect(nd.out.trim().split('\n').map((l) => JSON.parse(l).passed)).toEqual([true, false, false]);
    // Without --strict the same run passes, with warnings.
    const loose = await run(['check', 'a', 'c', '--baseline', 'base.json', '--format', 'github'], d);
    expect(loose.status).toBe(0);
    expect(loose.out.trim().split('\n').map((l) => l.slice(0, 10))).toEqual(['::warning ', '::warning ']);
  });

  it('version lists in a baseline are sorted by namespace, then numerically', async () => {
    const b = createBaseline([inspectFileSync(corpusPath('elf/x86_64/drift-memcpy-new'))], corpusPath('.'));
    const libc = b.files['elf/x86_64/drift-memcpy-new']!.versions['libc.so.6']!;
    const readelf = execFileSync('readelf', ['-V', '-W', corpusPath('elf/x86_64/drift-memcpy-new')], { encoding: 'utf8' });
    const names = [...new Set([...readelf.matchAll(/Name: (GLIBC_[0-9.]+)/g)].map((m) => m[1]!))];
    expect(names.length).toBeGreaterThan(1);
    const num = (n: string): number[] => n.slice(6).split('.').map(Number);
    const cmp = (x: string, y: string): number => {
      const [a, c] = [num(x), num(y)];
      for (let i = 0; i < Math.max(a.length, c.length); i++) if ((a[i] ?? 0) !== (c[i] ?? 0)) return (a[i] ?? 0) - (c[i] ?? 0);
      return 0;
    };
    expect(libc).toEqual([...names].sort(cmp));
  });

  it('compareBaseline(baseline, reports) is the library form of check --baseline', () => {
    const d = sub('library');
    copyFileSync(corpusPath('elf/x86_64/drift-memcpy-old'), join(d, 'app'));
    const baseline = parseBaseline(serializeBaseline(createBaseline([inspectFileSync(join(d, 'app'))], d)));
    expect(compareBaseline(baseline, [inspectFileSync(join(d, 'app'))], { root: d }).violations).toEqual([]);
    copyFileSync(corpusPath('elf/x86_64/drift-memcpy-new'), join(d, 'app'));
    const now = compareBaseline(baseline, [inspectFileSync(join(d, 'app'))], { root: d });
    expect(now.files).toEqual([join(d, 'app')]);
    expect(now.violations.map((v) => `${v.rule} ${v.namespace} ${v.old} ${v.new}`)).toEqual(['version-raised GLIBC 2.2.5 2.14']);
    expect(() => parseBaseline('{"schema":1,"tool":"binspect","files":{"a":1}}')).toThrow(/\$\.files\.a: expected an object/);
  });
});

describe('a closed output ends every command quietly', () => {
  beforeAll(ensureBuilt, 180_000);
  const CLI = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');

  /** Runs the built CLI and closes its stdout after the first chunk; resolves with its status, signal and stderr. */
  const closedEarly = (args: string[]): Promise<{ status: number | null; signal: string | null; stderr: string; got: number }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let got = 0;
      child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
      child.stdout.once('data', (b: Buffer) => {
        got = b.length;
        child.stdout.destroy();
      });
      child.on('close', (status, signal) => resolve({ status, signal, stderr, got }));
    });

  it('scan, info, glibc, features and check piped into a reader that goes away', async () => {
    const corpus = corpusPath('.');
    for (const args of [['scan', corpus, '--ndjson'], ['scan', corpus], ['info', corpus], ['glibc', '--symbols', '--json', corpus], ['features', corpus],
      ['check', corpus, '--max-glibc', '2.0', '--format', 'sarif', '--all-symbols']]) {
      for (let i = 0; i < (args[0] === 'scan' ? 3 : 1); i++) {
        const r = await closedEarly(args);
        expect(r.got, args.join(' ')).toBeGreaterThan(0);
        expect(r.signal, args.join(' ')).toBeNull();
        expect(r.stderr, args.join(' ')).not.toMatch(/EPIPE|Error|\n\s+at /);
        expect([0, 1, 2], args.join(' ')).toContain(r.status);
      }
    }
  }, 120_000);
});
