import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { BinspectError } from '../errors.js';
import { openFileSource, type FileSource } from '../bytes/file.js';
import type { TargetEntry, TargetFs } from './fs.js';

/**
 * A directory on disk as a target root (an unpacked image, a sysroot, a chroot). Paths inside it
 * are looked up with `lstat` under the root and never followed by the OS: symlinks are resolved by
 * the caller inside the root (`resolveInRoot`), so an absolute link like `/lib -> /usr/lib` stays
 * in the target and a link can never lead out of it.
 */
export class DirectoryFs implements TargetFs {
  readonly name: string;

  /** `root`: the directory. Throws `BinspectError` `IO` when it is not a readable directory. */
  constructor(readonly root: string) {
    this.name = root;
    let ok = false;
    try {
      ok = lstatSync(root).isDirectory() || readdirSync(root) !== null;
    } catch (e) {
      throw new BinspectError('IO', 'bytes', 'target', null, `${root}: ${(e as Error).message}`);
    }
    if (!ok) throw new BinspectError('IO', 'bytes', 'target', null, `${root}: not a directory`);
  }

  private real(path: string): string {
    return this.root.replace(/\/+$/, '') + path;
  }

  entry(path: string): TargetEntry | null {
    try {
      const st = lstatSync(this.real(path));
      if (st.isFile()) return { kind: 'file', size: st.size };
      if (st.isDirectory()) return { kind: 'dir' };
      if (st.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(this.real(path)) };
      return { kind: 'other' };
    } catch {
      return null;
    }
  }

  list(path: string): string[] | null {
    try {
      return readdirSync(this.real(path));
    } catch {
      return null;
    }
  }

  open(path: string): FileSource {
    return openFileSource(this.real(path));
  }
}
