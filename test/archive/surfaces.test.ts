import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspect as inspectCore } from '../../src/core.js';
import { inspect, inspectFileSync, nodeInflater, scan } from '../../src/index.js';
import type { AnyReport } from '../../src/report/report.js';
import { buildZip } from '../builders/zip.js';
import { binspect } from '../cli/built.js';
import { CORPUS } from '../helpers.js';

const DIR = join(CORPUS, 'archive');
const A = (name: string): string => join(DIR, name);
const ARCHIVES = readdirSync(DIR).filter((f) => /\.(zip|whl|jar|tar|gz|tgz|a)$/.test(f)).sort();

/**
 * The oracle: each archive unpacked by the tool that reads it (unzip, tar, ar) into a temp dir, nested
 * archives unpacked in turn; ELF files told by readelf -h. Returns member path (below the archive) -> file.
 */
function unpack(file: string, into: string): Map<string, string> {
  mkdirSync(into, { recursive: true });
  const head = readFileSync(file).subarray(0, 8);
  if (head[0] === 0x50 && head[1] === 0x4b) execFileSync('unzip', ['-q', '-o', file, '-d', into]);
  else if (head.toString('latin1').startsWith('!<arch>')) execFileSync('ar', ['x', '--output', into, file]);
  else execFileSync('tar', ['-xf', file, '-C', into]);
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const rel = relative(into, p);
        if (/\.(zip|whl|jar|tar|gz|tgz)$/.test(e.name)) {
          for (const [k, v] of unpack(p, `${p}.d`)) out.set(`${rel}!/${k}`, v);
        } else if (isElf(p)) out.set(rel, p);
      }
    }
  };
  walk(into);
  return out;
}
function isElf(p: string): boolean {
  try {
    execFileSync('readelf', ['-h', p], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
/** readelf's facts of an extracted member: machine (as e_machine text), NEEDED, SONAME, RUNPATH. */
function readelfFacts(p: string): { needed: string[]; soname: string | null; runpath: string[] } {
  const d = execFileSync('readelf', ['-dW', p], { encoding: 'utf8' });
  const grab = (tag: string): string[] => [...d.matchAll(new RegExp(`\\(${tag}\\)\\s+\\S+[^\\[]*\\[([^\\]]*)\\]`, 'g'))].map((m) => m[1]!);
  return { needed: grab('NEEDED'), soname: grab('SONAME')[0] ?? null, runpath: grab('RUNPATH') };
}

/** Files (not directories) `unzip -Z1` lists. */
const unzipListNames = (f: string): string[] => execFileSync('unzip', ['-Z1', f], { encoding: 'utf8' }).trim().split('\n').filter((n) => !n.endsWith('/'));

describe('scan and inspect of archives against unpack-then-readelf', () => {
  it('binspect scan DIR lists every member binary of every archive, with its member path', async () => {
    const run = await binspect(['scan', DIR, '--ndjson']);
    expect(run.status).toBe(0);
    const reports = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as AnyReport);
    const tmp = mkdtempSync(join(tmpdir(), 'binspect-unpack-'));
    const expected = new Map<string, string>();
    for (const f of ARCHIVES) for (const [k, v] of unpack(A(f), join(tmp, f))) expected.set(`${A(f)}!/${k}`, v);
    const got = new Map(reports.filter((r) => r.origin).map((r) => [r.path!, r]));
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, file] of expected) {
      const r = got.get(path)!;
      expect(r.size, path).toBe(statSync(file).size);
      if (r.type === 'relocatable') continue;
      const facts = readelfFacts(file);
      expect(r.needed, path).toEqual(facts.needed);
      expect(r.soname, path).toBe(facts.soname);
      expect(r.runpath, path).toEqual(facts.runpath);
    }
  }, 120_000);

  it('the library: inspectFileSync gives the archive report with members; inspect() of the bytes the same', () => {
    const whl = A('demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl');
    const r = inspectFileSync(whl) as AnyReport;
    expect(r.format).toBe('zip');
    expect(r.machine).toBeNull();
    expect(r.members!.map((m) => m.path).sort()).toEqual([
      `${whl}!/demo.libs/libfoo-1a2b3c4d.so.1`, `${whl}!/demo/_ext.cpython-311-x86_64-linux-gnu.so`,
    ]);
    expect(r.members!.every((m) => m.origin?.archive === whl && m.origin.format === 'zip' && m.origin.method === 'deflate')).toBe(true);
    expect(Object.keys(r.manifests!)).toEqual(['demo-1.0.dist-info/WHEEL']);
    const mem = inspect(readFileSync(whl)) as AnyReport;
    expect(mem.members!.map((m) => m.glibcFloor)).toEqual(r.members!.map((m) => m.glibcFloor));
  });

  it('the core has no inflater: deflated members are UNSUPPORTED unless one is passed; stored ones are read', () => {
    const bytes = readFileSync(A('native.jar'));
    const bare = inspectCore(bytes) as AnyReport;
    // Every deflated entry (jar stores only its directories): whether it is a binary cannot be told.
    expect(bare.members!.map((m) => [m.path, m.error?.code])).toEqual(unzipListNames(A('native.jar')).map((n) => [`!/${n}`, 'UNSUPPORTED']));
    const withZlib = inspectCore(bytes, { archives: { inflater: nodeInflater } }) as AnyReport;
    expect(withZlib.members!.map((m) => m.machine).sort()).toEqual(['aarch64', 'x86_64']);
    const stored = buildZip([{ name: 'x.so', data: readFileSync(join(CORPUS, 'elf/x86_64/libhello.so')), method: 0 }]);
    expect((inspectCore(stored) as AnyReport).members!.map((m) => m.soname)).toEqual([readelfFacts(join(CORPUS, 'elf/x86_64/libhello.so')).soname]);
    expect(inspectCore(stored, { archives: false }).error?.code).toBe('BAD_MAGIC');
  });

  it('scan() yields one report per member binary; archive limits are validated up front', async () => {
    const paths: string[] = [];
    for await (const r of scan([A('release.tar.gz')], { jobs: 0 })) paths.push(r.path!);
    expect(paths.filter((p) => p.includes('native.jar!/native/')).length).toBe(2);
    expect(() => scan([DIR], { archives: { limits: { maxDepth: 0 } } })).toThrow(TypeError);
    const shallow: AnyReport[] = [];
    for await (const r of scan([A('release.tar.gz')], { jobs: 0, archives: { limits: { maxDepth: 1 } } })) shallow.push(r);
    expect(shallow.filter((r) => r.error?.code === 'LIMIT').map((r) => r.path!.replace(`${A('release.tar.gz')}!/`, '')).sort()).toEqual([
      'rel/lib/demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'rel/lib/native.jar',
    ]);
  });
});

describe('check --policy auto on the corpus packages (verdicts the build recipes guarantee)', () => {
  const cases: Array<[string, number, string[]]> = [
    ['demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 0, []],
    ['beside-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', 0, []], // $ORIGIN: the library beside the extension
    ['newtag-1.0-cp311-cp311-manylinux_2_25_x86_64.whl', 0, []], // no auditwheel policy: judged by manylinux_2_24
    ['newfloor-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', 1, ['version-not-allowed']], // the bundled library needs GLIBC_2.34
    ['norpath-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', 1, ['unallowed-library']], // no RUNPATH: the bundled copy is not found
    ['missing-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', 1, ['unallowed-library']],
    ['mistagged-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', 1, ['wheel-tags']],
    ['armwheel-1.0-cp311-cp311-manylinux_2_17_aarch64.whl', 1, ['machine']],
    ['demo-linux-x64-gnu-1.0.0.tgz', 0, []],
    ['demo-linux-arm64-gnu-1.0.0.tgz', 0, []],
    ['demo-linux-arm64-musl-1.0.0.tgz', 1, ['npm-cpu', 'npm-libc']],
    ['demo-darwin-x64-1.0.0.tgz', 1, ['npm-os']],
    ['npm-dir', 0, []],
    ['longname-gnu.tgz', 2, []], // neither a wheel nor an npm package
  ];
  for (const [file, status, rules] of cases) {
    it(`${file}: exit ${status}${rules.length ? ` (${rules.join(', ')})` : ''}`, async () => {
      const run = await binspect(['check', A(file), '--policy', 'auto', '--format', 'json']);
      expect(run.status, run.stderr).toBe(status);
      if (status === 2) return;
      const json = JSON.parse(run.stdout) as { violations: Array<{ rule: string }> };
      expect([...new Set(json.violations.map((v) => v.rule))].sort()).toEqual(rules);
    });
  }

  it('a manylinux_X_Y tag without an auditwheel policy is judged by the newest policy not newer than glibc X.Y', async () => {
    // newfloor's bundled library needs GLIBC_2.34. Re-tagged manylinux_2_35 (a policy of its own) it passes;
    // re-tagged manylinux_2_33 (no policy) it is judged by manylinux_2_31 and fails.
    const tmp = mkdtempSync(join(tmpdir(), 'binspect-tag-'));
    const whl = A('newfloor-1.0-cp311-cp311-manylinux_2_17_x86_64.whl');
    const retag = (tag: string): string => {
      const wheelText = `Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp311-cp311-${tag}\n`;
      const entries = execFileSync('unzip', ['-Z1', whl], { encoding: 'utf8' }).trim().split('\n');
      const zip = buildZip(entries.map((name) => ({
        name, data: name.endsWith('/WHEEL') ? Buffer.from(wheelText) : execFileSync('unzip', ['-p', whl, name]),
      })));
      const out = join(tmp, `newfloor-1.0-cp311-cp311-${tag}.whl`);
      writeFileSync(out, zip);
      return out;
    };
    expect((await binspect(['check', retag('manylinux_2_35_x86_64'), '--policy', 'auto'])).status).toBe(0);
    const r = await binspect(['check', retag('manylinux_2_33_x86_64'), '--policy', 'auto']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/manylinux_2_33_x86_64 does not allow/);
  });

  it('info WHEEL says what auditwheel show says: the consistent policy and why not the stricter one', async () => {
    const run = await binspect(['info', A('newfloor-1.0-cp311-cp311-manylinux_2_17_x86_64.whl')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/consistent +manylinux_2_34_x86_64/);
    expect(run.stdout).toMatch(/not manylinux_2_31_x86_64 +1 violation/);
    expect(run.stdout).toMatch(/in the wheel +libfoo-1a2b3c4d\.so\.1 -> newfloor\.libs\/libfoo-1a2b3c4d\.so\.1/);
  });

  it('baselines key members by their member path, and check --baseline reads them back', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'binspect-base-'));
    const whl = A('demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl');
    const base = join(tmp, 'base.json');
    expect((await binspect(['baseline', whl, '--write', base, '--root', DIR])).status).toBe(0);
    const keys = Object.keys((JSON.parse(readFileSync(base, 'utf8')) as { files: object }).files).sort();
    const name = 'demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl';
    expect(keys).toEqual([`${name}!/demo.libs/libfoo-1a2b3c4d.so.1`, `${name}!/demo/_ext.cpython-311-x86_64-linux-gnu.so`]);
    expect((await binspect(['check', whl, '--baseline', base, '--root', DIR, '--strict'])).status).toBe(0);
  });

  it('a named zip bomb is an archive that cannot be read: exit 2, LIMIT, in bounded time', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'binspect-bomb-'));
    const zeros = deflateRawSync(new Uint8Array(64 << 20));
    const bomb = join(tmp, 'bomb.whl');
    writeFileSync(bomb, buildZip(Array.from({ length: 64 }, (_, i) => ({ name: `z${i}.so`, raw: zeros, method: 8, uncompressedSize: 64 << 20 }))));
    const run = await binspect(['check', bomb, '--policy', 'manylinux_2_17', '--format', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/maxRatio/);
  });
});
