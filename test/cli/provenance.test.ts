import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { inspectFileSync } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

/**
 * The CLI's provenance and checksec surfaces: info's "built with" block, the features columns,
 * scan --summary's counts and check's --min-go / --no-cgo / --require canary,fortify,no-textrel.
 * Expected values come from the reports of the same files (whose fields the oracle tests check),
 * never typed in.
 */
async function run(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(args, (s) => { out += s; }, (s) => { err += s; });
  return { status, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'binspect-prov-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const goFile = (name: string): string => {
  const p = join(dir, name);
  writeFileSync(p, gunzipSync(Buffer.from(readFileSync(corpusPath(`go/${name}.gz.b64`), 'utf8'), 'base64')));
  return p;
};
const cgo = goFile('cgo-linux-amd64');
const mod = goFile('mod-linux-amd64');

describe('CLI provenance', () => {
  it('info shows the Go release, cgo, target and each dependency with its replacement', async () => {
    const r = inspectFileSync(mod);
    const { status, out } = await run(['info', mod]);
    expect(status).toBe(0);
    const s = r.go!.settings;
    expect(out).toMatch(new RegExp(`^\\s+go\\s+${r.go!.version}, ${r.go!.path}, cgo ${s.CGO_ENABLED === '1' ? 'on' : 'off'}, ${s.GOOS}/${s.GOARCH}`, 'm'));
    for (const d of r.go!.deps) expect(out).toContain(`${d.path} ${d.version}${d.replace ? ` => ${d.replace.path} ${d.replace.version}` : ''}`);
    const rust = await run(['info', corpusPath('provenance/rust-auditable')]);
    const root = inspectFileSync(corpusPath('provenance/rust-auditable')).rust!.packages.find((p) => p.root)!;
    expect(rust.out).toContain(`root ${root.name} ${root.version}`);
  });

  it('features has canary, fortify (fortified/fortifiable) and textrel columns', async () => {
    const files = ['canary', 'fortify', 'plain', 'libtextrel.so'].map((f) => corpusPath(`hardening/${f}`));
    const { out } = await run(['features', ...files]);
    const [head, ...rows] = out.trim().split('\n');
    const cols = head!.split(/\s{2,}/);
    for (const [i, f] of files.entries()) {
      const feat = inspectFileSync(f).features!;
      const cells = rows[i]!.split(/\s{2,}/);
      const fy = feat.fortify as { fortified: string[]; unfortified: string[] };
      expect(cells[cols.indexOf('canary')]).toBe(feat.canary ? 'yes' : 'no');
      expect(cells[cols.indexOf('fortify')]).toBe(`${fy.fortified.length}/${fy.fortified.length + fy.unfortified.length}`);
      expect(cells[cols.indexOf('textrel')]).toBe(feat.textrel ? 'yes' : 'no');
    }
  });

  it('scan --summary counts Go releases, cgo, canary and fortify', async () => {
    const { out } = await run(['scan', '--summary', '--jobs', '1', dir, corpusPath('hardening')]);
    const go = [cgo, mod].map((f) => inspectFileSync(f).go!);
    expect(go[0]!.version).toBe(go[1]!.version);
    expect(out).toMatch(new RegExp(`^go release\\n\\s+${go[0]!.version}\\s+2$`, 'm'));
    expect(out).toMatch(/^cgo \(Go images\)\n\s+(on|off)\s+1\n.*\n\s+(on|off)\s+1\n/m);
    // canary and fortify are rows of the protections table, counted over the same files as their reports say.
    const reports = [cgo, mod, ...readdirSync(corpusPath('hardening')).filter((f) => !f.endsWith('.b64')).map((f) => corpusPath(`hardening/${f}`))]
      .map((f) => inspectFileSync(f));
    const linked = reports.filter((r) => ['executable', 'pie-executable', 'shared-library'].includes(r.type ?? ''));
    const canary = linked.filter((r) => r.features!.canary === true).length;
    const canaryUnknown = linked.filter((r) => r.features!.canary === null).length;
    const fortified = linked.filter((r) => r.features!.fortify && (r.features!.fortify.fortified.length > 0 || r.features!.fortify.unfortified.length === 0)).length;
    const fortifyUnknown = linked.filter((r) => r.features!.fortify === null).length;
    expect(canaryUnknown).toBeGreaterThan(0); // the stripped static file
    expect(out).toMatch(new RegExp(`^\\s+canary\\s+${canary}\\s+${linked.length - canary - canaryUnknown}\\s+0\\s+${canaryUnknown}$`, 'm'));
    expect(out).toMatch(new RegExp(`^\\s+fortify\\s+${fortified}\\s+${linked.length - fortified - fortifyUnknown}\\s+0\\s+${fortifyUnknown}$`, 'm'));
    const json = await run(['scan', '--summary', '--json', '--jobs', '1', dir]);
    const s = JSON.parse(json.out) as { goRelease: Record<string, { count: number }>; cgo: Record<string, { count: number }> };
    expect(s.goRelease[go[0]!.version]!.count).toBe(2);
    expect(s.cgo.on!.count + s.cgo.off!.count).toBe(2);
  });

  it('check fails a Go binary older than --min-go and one built with cgo under --no-cgo, and passes otherwise', async () => {
    const v = inspectFileSync(cgo).go!.version.replace(/^go/, '');
    const newer = v.replace(/\d+$/, (n) => String(Number(n) + 1));
    const old = await run(['check', '--min-go', newer, mod]);
    expect(old.status).toBe(1);
    expect(old.out).toContain('[go-release]');
    expect((await run(['check', '--min-go', v, mod])).status).toBe(0);
    const c = await run(['check', '--no-cgo', cgo, mod]);
    expect(c.status).toBe(1);
    expect(c.out.match(/\[cgo\]/g)).toHaveLength(1);
    expect((await run(['check', '--min-go', 'one.two', mod])).status).toBe(2);
  });

  it('check --require canary,fortify,no-textrel fails exactly the files lacking each', async () => {
    const names = ['canary', 'fortify', 'hardened', 'plain', 'libtextrel.so'];
    const { out } = await run(['check', '--require', 'canary,fortify,no-textrel', '--format', 'json', ...names.map((n) => corpusPath(`hardening/${n}`))]);
    const found = (JSON.parse(out) as { violations: Array<{ file: string; old: string }> }).violations.map((x) => `${x.file.split('/').pop()} ${x.old}`).sort();
    const want: string[] = [];
    for (const n of names) {
      const f = inspectFileSync(corpusPath(`hardening/${n}`)).features!;
      const fy = f.fortify as { fortified: string[]; unfortified: string[] };
      if (!f.canary) want.push(`${n} canary`);
      if (fy.fortified.length === 0 && fy.unfortified.length > 0) want.push(`${n} fortify`);
      if (f.textrel === true) want.push(`${n} no-textrel`);
    }
    expect(found).toEqual(want.sort());
    expect(want.length).toBeGreaterThanOrEqual(4);
  });

  it('a requirement the file cannot tell fails unless --allow-unknown; --deny-packed fails a UPX-packed file only', async () => {
    const stripped = corpusPath('hardening/static-canary-stripped');
    const r = inspectFileSync(stripped);
    expect(r.features!.canary).toBeNull();
    expect(r.evidence!.canary).toBeNull();
    expect(r.evidence!.reasons.canary).toMatch(/no symbol table/);
    const fail = await run(['check', '--require', 'canary', '--format', 'json', stripped]);
    expect(fail.status).toBe(1);
    const v = (JSON.parse(fail.out) as { violations: Array<{ rule: string; level: string }> }).violations;
    expect(v.map((x) => `${x.rule} ${x.level}`)).toEqual(['unknown-protection error']);
    const allowed = await run(['check', '--require', 'canary', '--allow-unknown', '--format', 'json', stripped]);
    expect(allowed.status).toBe(0);
    expect((JSON.parse(allowed.out) as { violations: Array<{ rule: string; level: string }> }).violations.map((x) => `${x.rule} ${x.level}`))
      .toEqual(['unknown-protection note']);
    const packed = ['upx-packed', 'upx-string'].map((n) => corpusPath(`hardening/${n}`));
    expect(packed.map((f) => inspectFileSync(f).packer)).toEqual(['upx', null]);
    const deny = await run(['check', '--deny-packed', '--format', 'json', ...packed]);
    expect(deny.status).toBe(1);
    expect((JSON.parse(deny.out) as { violations: Array<{ file: string; rule: string }> }).violations.map((x) => `${x.file.split('/').pop()} ${x.rule}`))
      .toEqual(['upx-packed packed']);
    expect((await run(['check', '--deny-packed', packed[1]!])).status).toBe(0);
  });
});
