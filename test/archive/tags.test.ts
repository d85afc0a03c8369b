import { describe, expect, it } from 'vitest';
import { allowedBy } from '../../src/archive/npm.js';
import { expandTag, parseWheelName, platformsOf, policyForTag, wheelFileTags } from '../../src/archive/wheel.js';

describe('wheel tags (packaging.python.org "Platform compatibility tags")', () => {
  it('expands dotted tag sets on every part', () => {
    expect(expandTag('py2.py3-none-any')).toEqual(['py2-none-any', 'py3-none-any']);
    expect(expandTag('cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64')).toEqual([
      'cp311-cp311-manylinux_2_17_x86_64', 'cp311-cp311-manylinux2014_x86_64',
    ]);
    expect(expandTag('bad')).toEqual([]);
  });

  it('parses wheel file names, with and without a build tag, in any folder', () => {
    expect(parseWheelName('dist/demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).toEqual({
      name: 'demo', version: '1.0', tags: ['cp311-cp311-manylinux_2_17_x86_64', 'cp311-cp311-manylinux2014_x86_64'],
    });
    expect(parseWheelName('x.tar!/pkg-2.0-1-py3-none-any.whl')?.tags).toEqual(['py3-none-any']);
    expect(parseWheelName('pkg-2.0.tar.gz')).toBeNull();
  });

  it('reads the Tag lines of WHEEL, each expanded', () => {
    const text = 'Wheel-Version: 1.0\nGenerator: x\nRoot-Is-Purelib: false\nTag: cp311-cp311-manylinux_2_17_x86_64\nTag: cp311-cp311-manylinux2014_x86_64\n';
    expect(platformsOf(wheelFileTags(text))).toEqual(['manylinux2014_x86_64', 'manylinux_2_17_x86_64']);
  });

  it('maps a platform tag to auditwheel\'s policy, and a tag without one to the newest policy not newer than it', () => {
    expect(policyForTag('manylinux2014_x86_64')?.policy?.data.name).toBe('manylinux_2_17');
    expect(policyForTag('manylinux_2_17_aarch64')?.policy?.data.name).toBe('manylinux_2_17');
    const t = policyForTag('manylinux_2_25_x86_64');
    expect([t?.policy?.data.name, t?.arch, t?.policy?.label]).toEqual(['manylinux_2_24', 'x86_64', 'manylinux_2_25_x86_64']);
    expect(policyForTag('manylinux_2_30_x86_64')?.policy?.data.name).toBe('manylinux_2_28');
    expect(policyForTag('musllinux_1_2_aarch64')?.policy?.data.name).toBe('musllinux_1_2');
    expect(policyForTag('linux_x86_64')).toEqual({ policy: null, arch: 'x86_64', note: null });
    expect(policyForTag('any')).toEqual({ policy: null, arch: null, note: null });
    expect(policyForTag('manylinux_2_4_x86_64')).toBeNull(); // older than every policy
    expect(policyForTag('macosx_11_0_arm64')).toBeNull();
  });
});

describe('npm os/cpu/libc lists (docs.npmjs.com package.json)', () => {
  it('allows listed names, refuses !names, and allows everything but the excluded when only !names are listed', () => {
    expect(allowedBy(['linux'], 'linux')).toBe(true);
    expect(allowedBy(['linux'], 'darwin')).toBe(false);
    expect(allowedBy(['!win32'], 'linux')).toBe(true);
    expect(allowedBy(['!win32'], 'win32')).toBe(false);
    expect(allowedBy(['x64', '!arm64'], 'arm64')).toBe(false);
  });
});
