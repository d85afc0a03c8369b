import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { ElfFile } from '../elf/file.js';
import { hasElfMagic } from '../elf/header.js';
import { readLdConf } from './ldconf.js';
import { type LdCache, parseLdCache } from './ldcache.js';
import { type Resolved, type TargetEntry, type TargetFs, resolveInRoot } from './fs.js';
import { type LoadObject, loadObjectOf } from './object.js';
import { type MuslLoaderFacts, glibcSystemDirs, muslLoaderFacts } from './sysdirs.js';

/** A file of the target that could not be used as a loadable object, and why. */
export interface Unloadable {
  path: string;
  reason: string;
}

/** Closes a source that holds a descriptor (file sources); memory sources have nothing to close. */
function closeSource(src: ByteSource): void {
  const c = (src as { close?: () => void }).close;
  if (typeof c === 'function') c.call(src);
}

/** Largest loader read whole to find its search-path strings (ld.so is ~0.2-2 MiB). */
const MAX_LOADER_BYTES = 64 << 20;
/** Largest text file read (ld.so.conf, musl path files). */
const MAX_TEXT = 1 << 20;

/**
 * A target root filesystem and the index built over it once, shared by every file checked against
 * it: path resolution inside the root, parsed objects by real path (their needs and Verdefs), the
 * ld.so.cache and its lookup table, the loaders' search paths. Every answer is memoized; the
 * {@link TargetFs} underneath is only read on the first question.
 */
export class Target {
  private readonly entries = new Map<string, TargetEntry | null>();
  private readonly resolved = new Map<string, Resolved | null>();
  private readonly objects = new Map<string, LoadObject | Unloadable>();
  private readonly loaderDirs = new Map<string, string[] | null>();
  private readonly muslFacts = new Map<string, MuslLoaderFacts | null>();
  private cacheState: { cache: LdCache | null; byKey: Map<string, LdCache['entries']>; error: string | null } | undefined;
  private confDirs: Array<{ dir: string; real: string; file: string; line: number }> | undefined;

  constructor(readonly fs: TargetFs) {}

  get name(): string {
    return this.fs.name;
  }

  /** lstat of a normalized, symlink-free path (memoized). */
  entry(path: string): TargetEntry | null {
    let e = this.entries.get(path);
    if (e === undefined) {
      e = this.fs.entry(path);
      this.entries.set(path, e);
    }
    return e;
  }

  /** `path` resolved inside the root (symlinks followed, never out of it), or null. */
  resolve(path: string): Resolved | null {
    let r = this.resolved.get(path);
    if (r === undefined) {
      r = resolveInRoot((p) => this.entry(p), path);
      this.resolved.set(path, r);
    }
    return r;
  }

  /** Directory listing at a resolved path, or null. */
  list(path: string): string[] | null {
    const r = this.resolve(path);
    return r !== null && r.entry.kind === 'dir' ? this.fs.list(r.path) : null;
  }

  /** The whole regular file at `path` (after resolution) when it is at most `max` bytes; null otherwise. */
  readFile(path: string, max = MAX_TEXT): Uint8Array | null {
    const r = this.resolve(path);
    if (r === null || r.entry.kind !== 'file' || r.entry.size > max) return null;
    const src = this.fs.open(r.path);
    try {
      return src.read(0, src.size).slice();
    } finally {
      closeSource(src);
    }
  }

  readText(path: string): string | null {
    const b = this.readFile(path);
    return b === null ? null : new TextDecoder().decode(b);
  }

  /**
   * The loadable object at the real path `real` (parsed once), or why it cannot be one: not a
   * regular file, not ELF, or a structure the loader needs is corrupt.
   */
  object(real: string): LoadObject | Unloadable {
    let o = this.objects.get(real);
    if (o === undefined) {
      o = this.parse(real);
      this.objects.set(real, o);
    }
    return o;
  }

  private parse(real: string): LoadObject | Unloadable {
    const e = this.entry(real);
    if (e === null || e.kind !== 'file') return { path: real, reason: 'not a regular file' };
    let src: ByteSource | null = null;
    try {
      src = this.fs.open(real);
      if (src.size < 16 || !hasElfMagic(src.read(0, 4))) return { path: real, reason: 'invalid ELF header' };
      return loadObjectOf(new ElfFile(src), real);
    } catch (err) {
      if (err instanceof BinspectError) return { path: real, reason: err.message };
      throw err;
    } finally {
      if (src !== null) closeSource(src);
    }
  }

  /** glibc system directories from the loader at real path `loader`, or null when none are found. */
  glibcDirs(loader: string): string[] | null {
    let d = this.loaderDirs.get(loader);
    if (d === undefined) {
      const bytes = this.readFile(loader, MAX_LOADER_BYTES);
      d = bytes === null ? null : glibcSystemDirs(bytes);
      this.loaderDirs.set(loader, d);
    }
    return d;
  }

  /** musl's LDSO_ARCH and default path from the loader at real path `loader`. */
  muslLoader(loader: string): MuslLoaderFacts | null {
    let d = this.muslFacts.get(loader);
    if (d === undefined) {
      const bytes = this.readFile(loader, MAX_LOADER_BYTES);
      d = bytes === null ? null : muslLoaderFacts(bytes);
      this.muslFacts.set(loader, d);
    }
    return d;
  }

  /** The parsed `/etc/ld.so.cache` (null when absent or unreadable; `cacheError` says which). */
  get ldCache(): LdCache | null {
    return this.cacheIndex().cache;
  }

  /** Why the cache present in the root could not be used, or null. */
  get cacheError(): string | null {
    return this.cacheIndex().error;
  }

  /** Cache entries for `name`, in file order. */
  cacheEntries(name: string): LdCache['entries'] {
    return this.cacheIndex().byKey.get(name) ?? [];
  }

  private cacheIndex(): NonNullable<Target['cacheState']> {
    if (this.cacheState === undefined) {
      const byKey = new Map<string, LdCache['entries']>();
      let cache: LdCache | null = null;
      let error: string | null = null;
      const bytes = this.readFile('/etc/ld.so.cache', 256 << 20);
      if (bytes !== null) {
        try {
          cache = parseLdCache(bytes);
          if (cache.endian === 'invalid') {
            error = 'its header marks it invalid';
            cache = null;
          }
        } catch (e) {
          if (!(e instanceof BinspectError)) throw e;
          error = e.message;
        }
      }
      for (const e of cache?.entries ?? []) {
        const l = byKey.get(e.key);
        if (l) l.push(e);
        else byKey.set(e.key, [e]);
      }
      this.cacheState = { cache, byKey, error };
    }
    return this.cacheState;
  }

  /**
   * Warnings about the root's ld.so.cache: unreadable, or missing while `/etc/ld.so.conf` (with its
   * includes) names directories holding libraries outside `systemDirs` (ld.so searches those anyway;
   * the others only through the cache: the image forgot to run `ldconfig`), or present but listing
   * nothing in such a directory (a stale cache). The configuration is read once.
   */
  cacheWarnings(systemDirs: readonly string[]): string[] {
    const w: string[] = [];
    if (this.cacheError !== null) w.push(`/etc/ld.so.cache cannot be read (${this.cacheError}); ld.so skips it`);
    if (this.confDirs === undefined) {
      const conf = readLdConf('/etc/ld.so.conf', (p) => this.readText(p), (p) => this.list(p));
      this.confDirs = [];
      for (const d of conf.dirs) {
        const r = this.resolve(d.dir);
        if (r === null || r.entry.kind !== 'dir') continue;
        if (!(this.fs.list(r.path) ?? []).some((n) => /\.so(\.|$)/.test(n))) continue;
        this.confDirs.push({ ...d, real: r.path });
      }
    }
    const cache = this.ldCache;
    const covered = new Set<string>();
    for (const e of cache?.entries ?? []) covered.add(e.value.slice(0, e.value.lastIndexOf('/')) || '/');
    const system = new Set(systemDirs.map((d) => this.resolve(d)?.path ?? d));
    for (const d of this.confDirs) {
      if (system.has(d.real)) continue;
      const where = `${d.dir} (named in ${d.file}:${d.line})`;
      if (cache === null) {
        if (this.cacheError === null) w.push(`no /etc/ld.so.cache: ${where} is not searched; run ldconfig in the image`);
      } else if (!covered.has(d.dir) && !covered.has(d.real)) {
        w.push(`/etc/ld.so.cache lists nothing in ${where}; the cache may be stale`);
      }
    }
    return w;
  }
}
