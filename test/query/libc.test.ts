import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/index.js';
import { ET, LAYOUTS, abiTagNote, buildElf, type ElfSpec } from '../builders/elf.js';

type Layout = (typeof LAYOUTS)[number];
const libc = (spec: ElfSpec): unknown => {
  const r = inspect(buildElf(spec).bytes);
  expect(r.fieldErrors).toEqual([]);
  return r.libc;
};
const te = new TextEncoder();
const ident = (name: string, type = 1) => ({ name, type, desc: te.encode('\x01\x00\x00\x00') });
const goNote = { name: 'Go', type: 4, desc: te.encode('buildid/xyz\0') };

describe.each(LAYOUTS)('libc, Elf$class $endian endian', (l: Layout) => {
  it.each([
    ['/lib64/ld-linux-x86-64.so.2', 'glibc'], ['/lib/ld-linux-aarch64.so.1', 'glibc'], ['/lib/ld-linux-armhf.so.3', 'glibc'],
    ['/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', 'glibc'], ['/lib64/ld64.so.2', 'glibc'], ['/lib/ld64.so.1', 'glibc'],
    ['/lib/ld.so.1', 'glibc'], ['/lib/ld-musl-x86_64.so.1', 'musl'], ['/lib/ld-musl-armhf.so.1', 'musl'],
    ['/system/bin/linker64', 'bionic'], ['/system/bin/linker', 'bionic'], ['/lib/ld-uClibc.so.0', 'uclibc'],
    ['/libexec/ld-elf.so.1', 'freebsd'], ['/usr/libexec/ld.elf_so', 'netbsd'], ['/usr/libexec/ld.so', 'openbsd'],
    ['/usr/lib/ld.so.1', 'solaris'], ['/usr/lib/amd64/ld.so.1', 'solaris'], ['/opt/weird/loader', null],
  ])('interpreter %s → %s', (interp, want) => {
    expect(libc({ ...l, interp, needed: ['libfoo.so'] })).toBe(want);
  });

  it('the interpreter wins over NEEDED', () => {
    expect(libc({ ...l, interp: '/lib/ld-musl-x86_64.so.1', needed: ['libc.so.6'] })).toBe('musl');
  });

  it.each([
    [['libc.so.6'], 'glibc'], [['libm.so.6', 'libc.so.6.1'], 'glibc'], [['libc.musl-x86_64.so.1'], 'musl'],
    [['libc.so.0'], 'uclibc'], [['libc.so'], 'musl'], [['libfoo.so', 'libbar.so.2'], null],
  ])('NEEDED %j without interpreter → %s', (needed, want) => {
    expect(libc({ ...l, type: ET.DYN, needed: needed as string[] })).toBe(want);
  });

  it('bare libc.so with an Android ident note → bionic', () => {
    expect(libc({ ...l, type: ET.DYN, needed: ['libc.so'], notes: [ident('Android')] })).toBe('bionic');
  });

  it('bare libc.so needing LIBC versions from it → bionic; needing other versions from it → musl', () => {
    expect(libc({ ...l, type: ET.DYN, needed: ['libc.so'], verneed: [{ file: 'libc.so', aux: [{ name: 'LIBC', other: 2 }] }] })).toBe('bionic');
    expect(libc({ ...l, type: ET.DYN, needed: ['libc.so'], verneed: [{ file: 'libc.so', aux: [{ name: 'LIBC_N', other: 2 }] }] })).toBe('bionic');
    // LIBC* needed from another file says nothing about libc.so
    expect(libc({ ...l, type: ET.DYN, needed: ['libc.so', 'libx.so'], verneed: [{ file: 'libx.so', aux: [{ name: 'LIBC', other: 2 }] }] })).toBe('musl');
  });

  it('version names alone never decide: a musl library needing GLIBC_2.0 from libgcc_s is musl', () => {
    expect(libc({
      ...l, type: ET.DYN, interp: undefined, needed: ['libgcc_s.so.1', 'libc.musl-x86_64.so.1'],
      verneed: [{ file: 'libgcc_s.so.1', aux: [{ name: 'GLIBC_2.0', other: 2 }] }],
    })).toBe('musl');
    expect(libc({ ...l, type: ET.DYN, needed: ['libgcc_s.so.1'], verneed: [{ file: 'libgcc_s.so.1', aux: [{ name: 'GLIBC_2.0', other: 2 }] }] }))
      .toBeNull();
  });

  it.each([[9, 'freebsd'], [2, 'netbsd'], [12, 'openbsd'], [6, 'solaris']])('EI_OSABI %i → %s, over a Linux interpreter', (osabi, want) => {
    expect(libc({ ...l, osabi, interp: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'] })).toBe(want);
  });

  it('EI_OSABI GNU (3) and SYSV (0) say nothing by themselves', () => {
    expect(libc({ ...l, osabi: 3, needed: ['libc.so.6'] })).toBe('glibc');
    expect(libc({ ...l, osabi: 3 })).toBeNull();
  });

  it('OpenBSD / NetBSD / FreeBSD ident notes name the OS, even for a Go binary needing a bare libc.so', () => {
    expect(libc({ ...l, needed: ['libc.so'], notes: [ident('OpenBSD'), goNote] })).toBe('openbsd');
    expect(libc({ ...l, notes: [ident('NetBSD')] })).toBe('netbsd');
    expect(libc({ ...l, notes: [ident('FreeBSD')] })).toBe('freebsd');
  });

  it('NT_GNU_ABI_TAG: OS 3 → freebsd, 2 → solaris (any file); OS 0 (Linux) → glibc only for a static file', () => {
    expect(libc({ ...l, notes: [abiTagNote(l.endian, 3)], interp: '/lib64/ld-linux-x86-64.so.2' })).toBe('freebsd');
    expect(libc({ ...l, notes: [abiTagNote(l.endian, 2)] })).toBe('solaris');
    expect(libc({ ...l, notes: [abiTagNote(l.endian, 0)] })).toBe('glibc');
    expect(libc({ ...l, notes: [abiTagNote(l.endian, 0)], needed: ['libfoo.so'] })).toBeNull();
  });

  it('a static Linux Go file with no libc → none; a static file with no evidence → null', () => {
    expect(libc({ ...l, notes: [goNote] })).toBe('none');
    expect(libc({ ...l })).toBeNull();
    expect(libc({ ...l, interp: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'], notes: [goNote] })).toBe('glibc');
  });

  it('a file truncated in a PT_LOAD: libc null with a fieldErrors entry', () => {
    const img = buildElf({ ...l, interp: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'] });
    const r = inspect(img.truncated(img.bytes.length - 1));
    expect(r.libc).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'libc')?.code).toBe('TRUNCATED');
  });
});
