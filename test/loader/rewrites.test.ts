/**
 * Corpus files rewritten the way an attacker would (corpus/tools/loader_rewrites.py), each against
 * the verdict glibc's loader gave on this machine (corpus/elf/loader/verdicts.json, recorded by
 * that script from `ld.so --list`, LD_DEBUG=versions and LD_DEBUG=reloc): binspect must answer as
 * the loader reads the file, record the second reading as an anomaly, and never pass the gate.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { checkPolicy } from '../../src/gate/check.js';
import { emptyPolicy, mergePolicies } from '../../src/gate/policy.js';
import { compareVersions, inspectFileSync } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

interface Verdict {
  rewrite: string;
  path?: string;
  listExit: number;
  needed: string[];
  errors: string[];
  versionsChecked: Array<{ version: string; file: string }>;
  refused: boolean;
  lazy: boolean | null;
}
const VERDICTS = JSON.parse(readFileSync(corpusPath('elf/loader/verdicts.json'), 'utf8')) as {
  source: string; loader: string; files: Record<string, Verdict>;
};
const pathOf = (name: string): string => corpusPath(VERDICTS.files[name]!.path ?? `elf/loader/${name}`);
const REWRITES = Object.keys(VERDICTS.files).filter((n) => n !== 'original');
const LDSO = '/lib64/ld-linux-x86-64.so.2';

async function cli(args: string[]): Promise<{ status: number; out: string }> {
  let out = '';
  const status = await main(args, (s) => { out += s; }, (s) => { out += s; });
  return { status, out };
}

describe('loader rewrites: binspect reads each file as glibc\'s loader did', () => {
  it('the recorded verdicts cover every rule and the untouched source loads', () => {
    expect(REWRITES.length).toBeGreaterThanOrEqual(12);
    expect(VERDICTS.files.original!.refused).toBe(false);
  });

  for (const name of ['original', ...REWRITES]) {
    const v = VERDICTS.files[name]!;
    it(`${name}: ${v.rewrite}`, async () => {
      const r = inspectFileSync(pathOf(name));
      expect(r.error).toBeNull();
      // DT_NEEDED: what ld.so --list loaded (it lists every needed library it found).
      expect(r.needed).toEqual(v.needed);
      // Version nodes: exactly those ld.so checked, file by file.
      const ours = (r.versionRequirements ?? []).flatMap((q) => q.versions.map((version) => ({ version, file: q.file })));
      expect(ours).toEqual(v.versionsChecked);
      // A node ld.so refused sets the floor at least that high.
      for (const e of v.errors) {
        const m = /version `GLIBC_([0-9.]+)' not found/.exec(e);
        if (m) expect(compareVersions(r.glibcFloor!, m[1]!)).toBeGreaterThanOrEqual(0);
      }
      // Lazy binding seen by ld.so means no bind-now, and so no full RELRO.
      if (v.lazy !== null) {
        expect(r.features!.bindNow).toBe(!v.lazy);
        if (v.lazy) expect(r.features!.relro).not.toBe('full');
      }
      if (name === 'original') {
        expect(r.anomalies).toEqual([]);
        return;
      }
      // Every rewrite shows as an anomaly (none is an error here: each answer is the loader's).
      expect(r.anomalies!.length).toBeGreaterThan(0);
      // And no rewrite passes the gate on the floor or on bind-now.
      const gate = (p: Parameters<typeof mergePolicies>[1]) => checkPolicy(r, mergePolicies(emptyPolicy(), p));
      expect(gate({ max: { GLIBC: '2.17' } }).length).toBeGreaterThan(0);
      expect(gate({ require: ['bindNow'] }).length).toBeGreaterThan(0);
      expect((await cli(['check', pathOf(name), '--max-glibc', '2.17'])).status).toBe(1);
      expect((await cli(['check', pathOf(name), '--require', 'bindNow'])).status).toBe(1);
    });
  }

  // The verdicts were recorded with the loader below; where the same loader is present (CI runs
  // the same Debian glibc), `ld.so --list` is asked again. It maps the files without running
  // their code, and every file is a rewrite of our own hello.c build.
  const loaderHere = existsSync(LDSO) ? execFileSync(LDSO, ['--version'], { encoding: 'utf8' }).split('\n')[0] : null;
  it.runIf(loaderHere === VERDICTS.loader)('ld.so --list here still gives the recorded needed libraries and errors', () => {
    for (const name of REWRITES) {
      const run = spawnSync(LDSO, ['--list', pathOf(name)], { encoding: 'utf8', timeout: 20_000 });
      const text = `${run.stdout}${run.stderr}`;
      const needed = [...text.matchAll(/^\s+(\S+) => /gm)].map((m) => m[1]);
      expect(needed, name).toEqual(VERDICTS.files[name]!.needed);
      for (const e of VERDICTS.files[name]!.errors) {
        const core = /(version `[^']+' not found|object file has no dynamic section)/.exec(e)?.[1];
        if (core) expect(text, name).toContain(core);
      }
    }
  });
});

describe('--allow-anomaly', () => {
  it('a file whose only fault is an anomaly touching a checked fact fails, and passes once that code is allowed', async () => {
    const f = pathOf('p-offset-decoy'); // loads here, floor 2.34, lazy: only the decoy table is wrong
    const plain = await cli(['check', f, '--max-glibc', '2.40']);
    expect(plain.status).toBe(1);
    expect(plain.out).toContain('DYNAMIC_OFFSET_MISMATCH');
    expect((await cli(['check', f, '--max-glibc', '2.40', '--allow-anomaly', 'DYNAMIC_OFFSET_MISMATCH'])).status).toBe(0);
    expect((await cli(['check', f, '--max-glibc', '2.40', '--allow-anomaly', 'DUPLICATE_DT_TAG'])).status).toBe(1);
    // An anomaly that touches no checked fact does not fail the gate: e_shentsize 0 only loses section headers.
    const sh = pathOf('shentsize-0-94');
    expect((await cli(['check', sh, '--max-glibc', '2.94'])).status).toBe(0);
    // The machine is read from the ELF header alone: no dynamic anomaly touches it.
    expect((await cli(['check', f, '--machine', 'x86_64'])).status).toBe(0);
  });
});
