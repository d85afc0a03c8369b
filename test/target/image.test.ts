import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// Each case reads roots or images and may run the CLI; the full suite runs files in parallel on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
import { BinspectError } from '../../src/errors.js';
import { main } from '../../src/cli/main.js';
import { DirectoryFs } from '../../src/target/dir.js';
import type { TargetFs } from '../../src/target/fs.js';
import { openImage } from '../../src/target/image-node.js';
import { resolve } from '../../src/target/resolve.js';
import { Target } from '../../src/target/target.js';
import { EXPECTED, packedTargets } from './roots.js';

let dir: string;
beforeAll(() => {
  dir = packedTargets();
}, 120_000);

/** Every path of a target filesystem with its kind (and a symlink's target), sorted. */
function listing(fs: TargetFs): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of fs.list(d) ?? []) {
      const p = d === '/' ? `/${n}` : `${d}/${n}`;
      const e = fs.entry(p)!;
      out.push(`${p} ${e.kind}${e.kind === 'symlink' ? ` -> ${e.target}` : e.kind === 'file' ? ` ${e.size}` : ''}`);
      if (e.kind === 'dir') walk(p);
    }
  };
  walk('/');
  return out.filter((l) => !l.startsWith('/proc')).sort();
}

const IMAGES = ['amd64-docker.tar', 'amd64-oci', 'amd64-oci.tar'];

describe('container images as targets (layers applied in order, whiteouts and opaque directories)', () => {
  for (const image of IMAGES) {
    it(`${image}: its filesystem is the root build.sh made by deleting what the upper layer whites out`, () => {
      const fs = openImage(join(dir, image));
      const expected = listing(new DirectoryFs(join(dir, 'roots', 'amd64-image')));
      expect(expected.length).toBeGreaterThan(20);
      expect(listing(fs)).toEqual(expected);
      expect(fs.entry('/usr/lib/x86_64-linux-gnu/libcxxdep.so.1')).toBeNull();
      expect(fs.list('/opt/bundle/lib')).toEqual([]);
      // A file's bytes are the root's bytes.
      const src = fs.open('/usr/bin/usefoo');
      expect(Buffer.from(src.read(0, src.size))).toEqual(readFileSync(join(dir, 'roots/amd64-image/usr/bin/usefoo')));
    });

    it(`${image}: the loader's verdicts on the image's filesystem`, () => {
      const t = new Target(openImage(join(dir, image)));
      for (const c of EXPECTED.filter((x) => x.root === 'amd64-image')) {
        const real = t.resolve(c.file)!;
        const obj = t.object(real.path);
        if ('reason' in obj) throw new Error(obj.reason);
        const r = resolve(obj, t, { origin: real.path });
        expect(r.errors[0]?.name ?? null, c.file).toBe(c.name);
        expect(r.loads, c.file).toBe(c.verdict === 'loads');
      }
    });
  }

  it('check --target IMAGE --self and IMAGE!/path: exit 1 with the whiteout\'s missing library', async () => {
    let out = '';
    const img = join(dir, 'amd64-docker.tar');
    expect(await main(['check', '--target', img, '--self', '--format', 'json'], (s) => (out += s), () => 0)).toBe(1);
    const v = JSON.parse(out).violations;
    expect(v.find((x: { file: string }) => x.file === `${img}!/usr/bin/usecxx`)).toMatchObject({ rule: 'missing-library' });
    expect(v.some((x: { file: string }) => x.file === `${img}!/usr/bin/hello`)).toBe(false);
    out = '';
    expect(await main(['check', '--target', img, `${img}!/usr/bin/hello`], (s) => (out += s), () => 0)).toBe(0);
    out = '';
    expect(await main(['check', '--target', join(dir, 'musl-docker.tar'), `${join(dir, 'musl-docker.tar')}!/usr/bin/go-cgo`], (s) => (out += s), () => 0)).toBe(1);
    expect(out).toContain('[missing-interpreter] interpreter /lib64/ld-linux-x86-64.so.2 not found');
  });

  it('a cut image is a target that cannot be read: a typed error, exit 2', async () => {
    const whole = readFileSync(join(dir, 'amd64-docker.tar'));
    const cut = join(dir, 'cut.tar');
    for (const n of [600, Math.floor(whole.length / 2), whole.length - 1024 - 7]) {
      writeFileSync(cut, whole.subarray(0, n));
      let thrown: unknown = null;
      try {
        openImage(cut);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BinspectError);
      let err = '';
      expect(await main(['check', '--target', cut, '--self'], () => 0, (s) => (err += s))).toBe(2);
      expect(err).toContain('cannot read target');
    }
  });
});
