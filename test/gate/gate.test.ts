import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../cli/inproc.js';
import { ghData, ghProperty } from '../../src/gate/output.js';
import { DISTROS, PRESETS, findPreset } from '../../src/gate/presets.js';
import { compareVersions } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

/** A release directory holding `app` built from `corpusFile`. */
function release(dir: string, corpusFile: string): string {
  copyFileSync(corpusPath(corpusFile), join(dir, 'app'));
  return join(dir, 'app');
}

describe('check --baseline: drift between two builds of the same source', () => {
  for (const [oldFile, newFile, ns, culprit] of [
    ['elf/x86_64/drift-memcpy-old', 'elf/x86_64/drift-memcpy-new', 'GLIBC', 'memcpy@GLIBC_2.14 from libc.so.6'],
    ['elf/x86_64/drift-cxx-old', 'elf/x86_64/drift-cxx-new', 'GLIBCXX', '_ZSt10from_charsPKcS0_RdSt12chars_format@GLIBCXX_3.4.29 from libstdc++.so.6'],
  ] as const) {
    it(`${oldFile} → ${newFile}: fails naming ${culprit}; --update makes it pass`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'binspect-gate-'));
      const app = release(dir, oldFile);
      const base = join(dir, 'baseline.json');
      expect((await run(['baseline', 'app', '--write', base], dir)).status).toBe(0);
      const recorded = JSON.parse(readFileSync(base, 'utf8'));
      expect(Object.keys(recorded.files)).toEqual(['app']);
      expect((await run(['check', app, '--baseline', base, '--root', dir])).status).toBe(0);

      release(dir, newFile);
      const failed = await run(['check', app, '--baseline', base, '--root', dir, '--format', 'json']);
      expect(failed.status).toBe(1);
      const j = JSON.parse(failed.out);
      expect(j.passed).toBe(false);
      const v = j.violations.find((x: { rule: string; namespace?: string }) => x.rule === 'version-raised' && x.namespace === ns);
      expect(v).toBeDefined();
      expect(compareVersions(v.new, v.old)).toBeGreaterThan(0);
      const named = v.symbols.map((s: { symbol: string; version: string; file: string }) => `${s.symbol}@${s.version} from ${s.file}`);
      expect(named).toContain(culprit);
      const text = await run(['check', app, '--baseline', base, '--root', dir]);
      expect(text.out).toContain(culprit);
      expect(text.out).toContain(`${ns} `);

      expect((await run(['check', app, '--baseline', base, '--root', dir, '--update'])).status).toBe(0);
      expect((await run(['check', app, '--baseline', base, '--root', dir])).status).toBe(0);
    });
  }

  it('reports new and vanished files; --strict fails on them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-gate-'));
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(dir, 'a'));
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(dir, 'b'));
    const base = join(dir, 'b.json');
    await run(['baseline', 'a', 'b', '--write', base], dir);
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(dir, 'c'));
    const r = await run(['check', 'b', 'c', '--baseline', base, '--format', 'json'], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out).violations.map((v: { rule: string }) => v.rule).sort()).toEqual(['new-file', 'vanished-file']);
    expect((await run(['check', 'b', 'c', '--baseline', base, '--strict'], dir)).status).toBe(1);
  });

  it('fails on a lost protection and a new library', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-gate-'));
    const base = join(dir, 'b.json');
    copyFileSync(corpusPath('elf/x86_64/now-relro'), join(dir, 'app'));
    await run(['baseline', 'app', '--write', base], dir);
    copyFileSync(corpusPath('elf/x86_64/norelro'), join(dir, 'app'));
    const j = JSON.parse((await run(['check', 'app', '--baseline', base, '--json'], dir)).out);
    expect(j.violations.map((v: { rule: string; old?: string }) => `${v.rule} ${v.old ?? ''}`)).toEqual(
      expect.arrayContaining(['lost-protection relro=full', 'lost-protection bindNow=true']));
    copyFileSync(corpusPath('elf/x86_64/cxx-hello'), join(dir, 'app'));
    const k = JSON.parse((await run(['check', 'app', '--baseline', base, '--json'], dir)).out);
    expect(k.violations.filter((v: { rule: string }) => v.rule === 'new-library').map((v: { new: string }) => v.new)).toContain('libstdc++.so.6');
    expect(k.violations.some((v: { rule: string; namespace?: string }) => v.rule === 'new-namespace' && v.namespace === 'GLIBCXX')).toBe(true);
  });

  it('fails on a new non-numeric version node (GLIBC_ABI_DT_RELR) with its hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-gate-'));
    const base = join(dir, 'b.json');
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(dir, 'app'));
    await run(['baseline', 'app', '--write', base], dir);
    copyFileSync(corpusPath('elf/x86_64/relr'), join(dir, 'app'));
    const r = await run(['check', 'app', '--baseline', base, '--json'], dir);
    expect(r.status).toBe(1);
    const v = JSON.parse(r.out).violations;
    expect(v).toContainEqual(expect.objectContaining({ rule: 'new-version-node', new: 'GLIBC_ABI_DT_RELR' }));
    expect(v).toContainEqual(expect.objectContaining({ rule: 'version-raised', namespace: 'GLIBC', old: '2.34', new: '2.36' }));
    expect(v.find((x: { rule: string }) => x.rule === 'new-version-node').hints[0]).toMatch(/pack-relative-relocs/);
  });

  it('baselines are stable, sorted and diff-friendly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-gate-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    await run(['baseline', corpusPath('elf/x86_64/cxx-hello'), corpusPath('elf/x86_64/hello-pie'), '--write', a, '--root', corpusPath('.')]);
    await run(['baseline', corpusPath('elf/x86_64/hello-pie'), corpusPath('elf/x86_64/cxx-hello'), '--write', b, '--root', corpusPath('.')]);
    const text = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(text);
    expect(Object.keys(JSON.parse(text).files)).toEqual(['elf/x86_64/cxx-hello', 'elf/x86_64/hello-pie']);
    expect(text.endsWith('\n')).toBe(true);
  });
});

describe('check against a policy', () => {
  it('--max-glibc compares the floor, so GLIBC_ABI_DT_RELR counts', async () => {
    const pass = await run(['check', corpusPath('elf/x86_64/relr'), '--max-glibc', '2.35', '--json']);
    expect(pass.status).toBe(1);
    const v = JSON.parse(pass.out).violations[0];
    expect(v).toMatchObject({ rule: 'version-ceiling', namespace: 'GLIBC', old: '2.35', new: '2.36' });
    expect(v.symbols).toContainEqual({ symbol: null, version: 'GLIBC_ABI_DT_RELR', file: 'libc.so.6' });
    expect((await run(['check', corpusPath('elf/x86_64/relr'), '--max-glibc', '2.36'])).status).toBe(0);
  });

  it('--max NS=V, --machine, --require, --deny-needed, --allow-needed, --linkage', async () => {
    const cxx = corpusPath('elf/x86_64/cxx-hello');
    expect((await run(['check', cxx, '--max', 'GLIBCXX=3.4.19'])).status).toBe(1);
    expect((await run(['check', cxx, '--max', 'GLIBCXX=3.4.32'])).status).toBe(0);
    expect((await run(['check', cxx, '--machine', 'aarch64'])).status).toBe(1);
    expect((await run(['check', cxx, '--machine', 'x86_64'])).status).toBe(0);
    expect((await run(['check', cxx, '--deny-needed', 'libstdc++*'])).status).toBe(1);
    expect((await run(['check', cxx, '--allow-needed', 'libc.so.*'])).status).toBe(1);
    expect((await run(['check', cxx, '--allow-needed', 'libc.so.*', '--allow-needed', 'lib[sgm]*'])).status).toBe(0);
    expect((await run(['check', cxx, '--linkage', 'static'])).status).toBe(1);
    expect((await run(['check', corpusPath('elf/aarch64/bp-standard-nostdlib'), '--require', 'bti,pac'])).status).toBe(0);
    expect((await run(['check', corpusPath('elf/aarch64/bp-pacret-nostdlib'), '--require', 'bti,pac'])).status).toBe(1);
    expect((await run(['check', corpusPath('elf/x86_64/now-relro'), '--require', 'nx,relro=full'])).status).toBe(0);
    expect((await run(['check', corpusPath('elf/x86_64/hello-pie'), '--require', 'nx,relro=full'])).status).toBe(1);
  });

  it('musllinux presets require musl; a static musl file passes', async () => {
    expect((await run(['check', corpusPath('elf/x86_64/musl-static'), '--policy', 'musllinux_1_2'])).status).toBe(0);
    const glibc = JSON.parse((await run(['check', corpusPath('elf/x86_64/hello-pie'), '--policy', 'musllinux_1_2', '--json'])).out);
    expect(glibc.violations.map((v: { rule: string }) => v.rule)).toContain('libc');
    // musl-gcc on Debian links against a libc named `libc.so`; auditwheel allows only Alpine's
    // `libc.musl-x86_64.so.1`, so this file fails the allow-list but not the libc test.
    const musl = JSON.parse((await run(['check', corpusPath('elf/x86_64/musl-dynamic'), '--policy', 'musllinux_1_2', '--json'])).out);
    expect(musl.violations.map((v: { rule: string; new: string }) => `${v.rule} ${v.new}`)).toEqual(['unallowed-library libc.so']);
  });

  it('exit codes: pass 0, violation 1, malformed 2, unreadable 2, bad arguments 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-gate-'));
    const trunc = join(dir, 'trunc');
    writeFileSync(trunc, readFileSync(corpusPath('elf/x86_64/hello-pie')).subarray(0, 5000));
    expect((await run(['check', corpusPath('elf/x86_64/drift-memcpy-old'), '--policy', 'manylinux2014'])).status).toBe(0);
    expect((await run(['check', corpusPath('elf/x86_64/drift-memcpy-old'), '--max-glibc', '2.1'])).status).toBe(1);
    const m = await run(['check', trunc, '--max-glibc', '2.40', '--json']);
    expect(m.status).toBe(2);
    expect(JSON.parse(m.out).violations[0].rule).toBe('unreadable');
    expect((await run(['check', join(dir, 'missing'), '--max-glibc', '2.40'])).status).toBe(2);
    expect((await run(['check', corpusPath('elf/x86_64/hello-pie'), '--max-glibc', 'two'])).status).toBe(2);
    expect((await run(['check', corpusPath('elf/x86_64/hello-pie'), '--policy', 'nosuch'])).status).toBe(2);
    expect((await run(['check', corpusPath('elf/x86_64/hello-pie'), '--format', 'xml'])).status).toBe(2);
    expect((await run(['check'])).status).toBe(2);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

describe('presets', () => {
  it('every preset resolves by name and alias; each distribution family never lowers a ceiling', () => {
    for (const p of PRESETS) {
      expect(p.source.length).toBeGreaterThan(10);
      expect(findPreset(p.name)).toBe(p);
      for (const a of p.aliases) expect(findPreset(a)).toBe(p);
      expect(p.arches.length).toBeGreaterThan(0);
    }
    const families = new Map<string, typeof DISTROS[number][]>();
    for (const d of DISTROS) families.set(d.family, [...(families.get(d.family) ?? []), d]);
    for (const [, list] of families) {
      for (let i = 1; i < list.length; i++) {
        for (const [arch, prev] of Object.entries(list[i - 1]!.arches)) {
          const next = list[i]!.arches[arch as keyof typeof prev];
          if (!next) continue;
          for (const ns of ['GLIBC', 'GLIBCXX', 'CXXABI', 'GCC'] as const) {
            expect(compareVersions(next[ns], prev[ns]), `${list[i]!.name} ${arch} ${ns}`).toBeGreaterThanOrEqual(0);
          }
        }
      }
    }
  });

  it("the preset of the machine's own distribution matches its libc.so.6, libstdc++.so.6 and libgcc_s.so.1 (readelf -V)", () => {
    const os = readFileSync('/etc/os-release', 'utf8');
    const id = /^ID=(.*)$/m.exec(os)?.[1]?.replace(/"/g, '');
    const ver = /^VERSION_ID=(.*)$/m.exec(os)?.[1]?.replace(/"/g, '');
    const preset = DISTROS.find((d) => d.name === `${id}-${ver}`);
    expect(preset, `${id}-${ver}`).toBeDefined();
    const defined = (lib: string, ns: string): string => {
      const text = execFileSync('readelf', ['-V', '-W', lib], { encoding: 'utf8' });
      const defs = /Version definition section[\s\S]*?(?=\n\S|$)/.exec(text)![0];
      return [...defs.matchAll(new RegExp(`Name: ${ns}_([0-9][0-9.]*)`, 'g'))].map((m) => m[1]!).sort(compareVersions).at(-1)!;
    };
    const x = preset!.arches.x86_64!;
    expect(x.GLIBC).toBe(defined('/lib/x86_64-linux-gnu/libc.so.6', 'GLIBC'));
    expect(x.GLIBCXX).toBe(defined('/lib/x86_64-linux-gnu/libstdc++.so.6', 'GLIBCXX'));
    expect(x.CXXABI).toBe(defined('/lib/x86_64-linux-gnu/libstdc++.so.6', 'CXXABI'));
    expect(x.GCC).toBe(defined('/lib/x86_64-linux-gnu/libgcc_s.so.1', 'GCC'));
  });
});

describe('outputs', () => {
  const files = [corpusPath('elf/x86_64/relr'), corpusPath('elf/x86_64/drift-memcpy-old'), corpusPath('elf/x86_64/cxx-hello')];

  it('SARIF 2.1.0 has rules, results with locations, and one result per violation', async () => {
    const json = JSON.parse((await run(['check', ...files, '--max-glibc', '2.17', '--max', 'GLIBCXX=3.4.19', '--format', 'json'])).out);
    const sarif = JSON.parse((await run(['check', ...files, '--max-glibc', '2.17', '--max', 'GLIBCXX=3.4.19', '--format', 'sarif'])).out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const runObj = sarif.runs[0];
    expect(runObj.tool.driver.name).toBe('binspect');
    const ruleIds = runObj.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(runObj.results).toHaveLength(json.violations.length);
    for (const r of runObj.results) {
      expect(ruleIds).toContain(r.ruleId);
      expect(runObj.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(['error', 'warning']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/corpus\/elf\/x86_64\//);
    }
  });

  it('JUnit has one testcase per file and a failure per violating file', async () => {
    const xml = (await run(['check', ...files, '--max-glibc', '2.17', '--format', 'junit'])).out;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(/<testsuite name="binspect check" tests="3" failures="2" errors="0">/.test(xml)).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('__libc_start_main@GLIBC_2.34 from libc.so.6');
  });

  it('GitHub workflow commands escape data and properties', async () => {
    expect(ghData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(ghProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const dir = mkdtempSync(join(tmpdir(), 'binspect gh,1:'));
    const app = join(dir, 'app,v1:x');
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), app);
    const out = (await run(['check', app, '--max-glibc', '2.17', '--format', 'github'])).out.trim().split('\n');
    expect(out).toHaveLength(1);
    const m = /^::error file=([^,]*),title=([^:]*)::(.*)$/.exec(out[0]!);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(app.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C'));
    expect(m![3]).toContain('%0Asymbols: __libc_start_main@GLIBC_2.34 from libc.so.6');
    expect(m![3]).not.toMatch(/[\r\n]/);
  });

  it('text output has no colour when not on a TTY', async () => {
    const out = (await run(['check', files[0]!, '--max-glibc', '2.17'])).out;
    expect(out).not.toMatch(/\x1b\[/);
    expect(out).toMatch(/FAIL \[version-ceiling\] needs GLIBC 2\.36, above the allowed 2\.17/);
  });
});
