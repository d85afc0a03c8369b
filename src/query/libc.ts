import { ELFOSABI, nameOf } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';

export type Libc = 'glibc' | 'musl' | 'bionic' | 'uclibc' | 'freebsd' | 'netbsd' | 'openbsd' | 'solaris' | 'none';

/** EI_OSABI values that name a libc. */
const OSABI_LIBC = new Map<string, Libc>([['FREEBSD', 'freebsd'], ['NETBSD', 'netbsd'], ['OPENBSD', 'openbsd'], ['SOLARIS', 'solaris']]);
/** NT_GNU_ABI_TAG OS values that name a libc (2 Solaris, 3 FreeBSD). */
const ABI_TAG_LIBC = new Map<number, Libc>([[2, 'solaris'], [3, 'freebsd']]);
/** Ident note owners of the BSDs. */
const NOTE_LIBC: ReadonlyArray<[string, Libc]> = [['OpenBSD', 'openbsd'], ['NetBSD', 'netbsd'], ['FreeBSD', 'freebsd']];
/** Interpreter paths, tried in order. */
const INTERP_LIBC: ReadonlyArray<[RegExp, Libc]> = [
  [/^\/libexec\/ld-elf(32)?\.so\.1$/, 'freebsd'],
  [/^\/usr\/libexec\/ld\.elf_so$/, 'netbsd'],
  [/^\/usr\/libexec\/ld\.so$/, 'openbsd'],
  [/^\/usr\/lib\/(amd64\/|sparcv9\/|64\/)?ld\.so\.1$/, 'solaris'],
  [/(^|\/)ld-musl-[^/]*$/, 'musl'],
  [/^\/system\/bin\/linker(64)?$/, 'bionic'],
  [/(^|\/)ld-uClibc[^/]*$/, 'uclibc'],
  [/^\/lib[^/]*\/(.*\/)?ld-linux[^/]*$/, 'glibc'],
  [/(^|\/)ld64\.so\.[0-9]+$/, 'glibc'],
  [/^\/lib\/ld\.so\.1$/, 'glibc'],
];

/**
 * Which C library the file is built against, from evidence only (docs/report.md `libc`): the OS
 * (EI_OSABI, NT_GNU_ABI_TAG, BSD ident notes, BSD/Solaris interpreters), then on Linux the
 * interpreter, then DT_NEEDED, then a static file's NT_GNU_ABI_TAG; first of all `none` for a
 * static Go file with no libc; null when nothing tells. Never from version names alone.
 */
export function elfLibc(elf: ElfFile): Libc | null {
  elf.checkExtent();
  const interp = elf.interpreter;
  const needed = elf.needed;
  const tag = elf.abiTag;
  // A static Go file with no libc is `none` on any OS (docs/report.md); a static glibc file has NT_GNU_ABI_TAG.
  if (interp === null && needed.length === 0 && tag === null && elf.goBuildId !== null) return 'none';
  const osabi = OSABI_LIBC.get(nameOf(ELFOSABI, elf.header.ei_osabi) ?? '');
  if (osabi) return osabi;
  const tagged = tag ? ABI_TAG_LIBC.get(tag.os) : undefined;
  if (tagged) return tagged;
  for (const [owner, libc] of NOTE_LIBC) if (elf.hasNoteOwner(owner)) return libc;
  if (interp !== null) {
    for (const [re, libc] of INTERP_LIBC) if (re.test(interp)) return libc;
  }
  for (const n of needed) {
    if (n === 'libc.so.6' || n === 'libc.so.6.1') return 'glibc';
    if (/^libc\.musl-.*\.so\.1$/.test(n)) return 'musl';
    if (n === 'libc.so.0') return 'uclibc';
    if (n === 'libc.so') {
      const libcVersions = elf.verneed.find((v) => v.file === 'libc.so')?.aux ?? [];
      return elf.hasNoteOwner('Android') || libcVersions.some((a) => a.name.startsWith('LIBC')) ? 'bionic' : 'musl';
    }
  }
  if (interp === null && needed.length === 0 && tag && tag.os === 0) return 'glibc';
  return null;
}
