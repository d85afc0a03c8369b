import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// Each case reads roots or images and may run the CLI; the full suite runs files in parallel on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
import { runCli as run } from '../cli/inproc.js';
import { EXPECTED, packedTargets } from './roots.js';

let dir: string;
beforeAll(() => {
  dir = packedTargets();
}, 120_000);

const root = (name: string): string => join(dir, 'roots', name);

describe('binspect check --target', () => {
  it('exit 0 when every file loads, 1 when one would not, with what is missing, who needs it and where it looked', async () => {
    const ok = await run(['check', '--target', root('amd64'), join(root('amd64'), 'usr/bin/hello'), join(root('amd64'), 'opt/bundle/bin/app')]);
    expect(ok.status).toBe(0);
    expect(ok.out).toMatch(/passed — 2 files, 0 errors/);
    const bad = await run(['check', '--target', root('amd64-nocxx'), join(root('amd64'), 'usr/bin/usecxx'), '--format', 'json']);
    expect(bad.status).toBe(1);
    const v = JSON.parse(bad.out).violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'missing-library', level: 'error', chain: [join(root('amd64'), 'usr/bin/usecxx'), '/usr/lib/x86_64-linux-gnu/libcxxdep.so.1'] });
    expect(v[0].message).toContain('libstdc++.so.6 not found');
    expect(v[0].searched).toContain('/usr/lib/x86_64-linux-gnu/libstdc++.so.6 [default]');
  });

  it('names the missing interpreter and the missing version', async () => {
    const r = await run(['check', '--target', root('amd64'), join(root('musl'), 'usr/bin/go-cgo'), join(root('amd64'), 'usr/bin/usefoo')]);
    expect(r.status).toBe(1);
    expect(r.out).not.toContain('go-cgo');
    expect(r.out).toMatch(/\[missing-version\] libfoo\.so\.1 \(\/usr\/lib\/x86_64-linux-gnu\/libfoo\.so\.1\): version FOO_2\.0 not found/);
    const m = await run(['check', '--target', root('musl'), join(root('musl'), 'usr/bin/go-cgo')]);
    expect(m.status).toBe(1);
    expect(m.out).toMatch(/\[missing-interpreter\] interpreter \/lib64\/ld-linux-x86-64\.so\.2 not found in the target/);
  });

  it('exit 2 for a target that cannot be read and for --self without --target', async () => {
    expect((await run(['check', '--target', join(dir, 'nope'), join(root('amd64'), 'usr/bin/hello')])).status).toBe(2);
    expect((await run(['check', '--self'])).status).toBe(2);
  });

  it('--self checks every ELF file of the root against the root: the loader\'s failures, and only them among the cases', async () => {
    const r = await run(['check', '--target', root('amd64'), '--self', '--format', 'json']);
    expect(r.status).toBe(1);
    const failing = new Set(JSON.parse(r.out).violations.filter((v: { level: string }) => v.level === 'error').map((v: { file: string }) => v.file.slice(root('amd64').length + 1)));
    for (const c of EXPECTED.filter((x) => x.root === 'amd64' && x.libraryPath === undefined)) expect(failing.has(c.file), c.file).toBe(c.verdict !== 'loads');
  });
});

describe('binspect info --target', () => {
  it('prints the resolved tree with each library\'s path in the target and the step that found it', async () => {
    const r = await run(['info', '--target', root('amd64'), join(root('amd64'), 'usr/bin/usecxx')]);
    expect(r.status).toBe(0);
    expect(r.out).toContain('  libcxxdep.so.1 => /usr/lib/x86_64-linux-gnu/libcxxdep.so.1 (ld.so.cache)\n    libstdc++.so.6 => /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30 (ld.so.cache)');
    expect(r.out).toContain('interpreter /lib64/ld-linux-x86-64.so.2 => /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
    const j = await run(['info', '--json', '--target', root('amd64'), `${root('amd64')}!/usr/bin/usefoo`]);
    const [res] = JSON.parse(j.out);
    expect(res.loads).toBe(false);
    expect(res.errors[0]).toMatchObject({ kind: 'version', name: 'FOO_2.0', library: 'libfoo.so.1' });
  });
});
