import { ET_DYN, ET_EXEC } from '../elf/constants.js';
import type { AnyReport } from '../report/report.js';
import { basename, dirname, normalize } from './fs.js';
import { cacheFlagsFor } from './ldcache.js';
import { type LoadObject, loadObjectFromReport } from './object.js';
import type { Target, Unloadable } from './target.js';

/**
 * Where a dependency was found: `interpreter` (PT_INTERP), `loaded` (an object already loaded under
 * that name or soname), `path` (a DT_NEEDED containing `/`), the search steps of glibc's
 * `_dl_map_object` (`rpath`, `LD_LIBRARY_PATH`, `runpath`, `ld.so.cache`, `default`), musl's
 * (`LD_LIBRARY_PATH`, `rpath`, `musl-path`) or `musl-self` (a libc name musl answers itself).
 */
export type Via =
  | 'interpreter' | 'loaded' | 'path' | 'rpath' | 'LD_LIBRARY_PATH' | 'runpath' | 'ld.so.cache' | 'default' | 'musl-path' | 'musl-self';

/** One object in the process image the loader would build. */
export interface LoadedObject {
  /** Real path inside the target (for the subject: its path as given). */
  path: string;
  /** The name it was first requested by (DT_NEEDED string, interpreter path, or the subject's path). */
  name: string;
  via: Via | 'subject';
  /** Index in `objects` of the object whose DT_NEEDED loaded it (null for the subject and interpreter). */
  loader: number | null;
  /** Its DT_NEEDED in order, each with the index of the object that satisfies it (null: not found). */
  needed: Array<{ name: string; object: number | null }>;
}

/** What a failed or doubtful step was. */
export type ProblemKind = 'interpreter' | 'library' | 'version' | 'unloadable';

export interface Problem {
  kind: ProblemKind;
  /** Interpreter path, library name, or version name. */
  name: string;
  /** For `version`: the library (Verneed file) that should define it. */
  library?: string;
  /** Path of the object that needs it. */
  neededBy: string;
  /** Paths from the subject down to `neededBy` (the subject alone for a direct need). */
  chain: string[];
  /** Paths tried, in order, each with the search step it came from. */
  searched: Array<{ path: string; via: Via; note?: string }>;
  /** The message ld.so (or the kernel, for the interpreter) gives. */
  message: string;
}

export interface Resolution {
  /** The subject's path. */
  subject: string;
  /** Which loader's rules applied: glibc, musl, none (a static file loads with no loader). */
  loader: 'glibc' | 'musl' | 'static';
  /** PT_INTERP (or the loader chosen for a library) and its real path in the target (null: missing). */
  interpreter: { path: string; real: string | null } | null;
  /** The process image in load order; objects[0] is the subject. */
  objects: LoadedObject[];
  /** Anything that stops the load (the loader reports the first). */
  errors: Problem[];
  /** What the loader only warns about (a weak version missing) or cannot be known statically. */
  warnings: string[];
  /** True when nothing stops the load. */
  loads: boolean;
}

/** Options of {@link resolve}. */
export interface ResolveOptions {
  /** `LD_LIBRARY_PATH` as the loader would see it (colon-separated); empty by default. */
  libraryPath?: string;
  /**
   * The subject's real path inside the target, which `$ORIGIN` expands from; when absent and the
   * subject is not a file of the target, `$ORIGIN` entries are skipped with a warning.
   */
  origin?: string;
}

/** The loader paths tried, in order, for a library with no PT_INTERP (checked as a program would load it). */
const GLIBC_LOADERS: Record<string, readonly string[]> = {
  x86_64: ['/lib64/ld-linux-x86-64.so.2', '/lib/ld-linux-x86-64.so.2', '/libx32/ld-linux-x32.so.2'],
  i386: ['/lib/ld-linux.so.2'],
  aarch64: ['/lib/ld-linux-aarch64.so.1'],
  aarch64_be: ['/lib/ld-linux-aarch64_be.so.1'],
  arm: ['/lib/ld-linux-armhf.so.3', '/lib/ld-linux.so.3'],
  powerpc64le: ['/lib64/ld64.so.2'],
  powerpc64: ['/lib64/ld64.so.1'],
  powerpc: ['/lib/ld.so.1'],
  s390x: ['/lib/ld64.so.1'],
  riscv64: ['/lib/ld-linux-riscv64-lp64d.so.1', '/lib/ld-linux-riscv64-lp64.so.1'],
  mips64el: ['/lib64/ld.so.1'], mips64: ['/lib64/ld.so.1'], mipsel: ['/lib/ld.so.1'], mips: ['/lib/ld.so.1'],
  loongarch64: ['/lib64/ld-linux-loongarch-lp64d.so.1'],
};
/** musl's LDSO_ARCH by machine (arch/ARCH/reloc.h), for a library with no PT_INTERP. */
const MUSL_ARCH: Record<string, readonly string[]> = {
  x86_64: ['x86_64'], i386: ['i386'], aarch64: ['aarch64'], arm: ['armhf', 'arm'], powerpc64le: ['powerpc64le'],
  powerpc64: ['powerpc64'], s390x: ['s390x'], riscv64: ['riscv64'], mips64el: ['mips64el'], mipsel: ['mipsel'],
};

/** AT_PLATFORM the Linux kernel passes, by machine ($PLATFORM); absent: the element is dropped, as ld.so drops it. */
const PLATFORM: Record<string, string> = { x86_64: 'x86_64', i386: 'i686', aarch64: 'aarch64', aarch64_be: 'aarch64_be' };

/** DF_1_NODEFLIB. */
const DF_1_NODEFLIB = 0x800;

/** musl's names for itself (ldso/dynlink.c `load_library`: "c.pthread.rt.m.dl.util.xnet."). */
const MUSL_SELF = ['c.', 'pthread.', 'rt.', 'm.', 'dl.', 'util.', 'xnet.'];

interface Node {
  obj: LoadObject;
  /** Names it answers to (_dl_name_match_p: names it was loaded under, plus its soname). */
  names: Set<string>;
  /** The directory `$ORIGIN` expands to, or null when unknown. */
  origin: string | null;
  index: number;
}

/** What trying a candidate gives: the loaded object's index, nothing (search on), or the end of the load. */
type Hit = number | null | 'fatal';

function isUnloadable(o: LoadObject | Unloadable): o is Unloadable {
  return 'reason' in o;
}

/**
 * How the target's loader would load `subject` (an ELF report or a {@link LoadObject}): the
 * interpreter, every object found (in load order, each dependency once), and what stops the load.
 * Pure over the subject and the target's index (the target reads its files lazily, once).
 * glibc rules follow elf/dl-load.c `_dl_map_object` and elf/dl-version.c `_dl_check_map_versions`;
 * musl rules ldso/dynlink.c `load_library`. Throws `TypeError` for a report that is not of an ELF
 * file.
 */
export function resolve(subject: AnyReport | LoadObject, target: Target, options: ResolveOptions = {}): Resolution {
  const obj = 'schema' in subject ? loadObjectFromReport(subject as AnyReport) : subject;
  return new Resolver(obj, target, options).run();
}

class Resolver {
  private readonly nodes: Node[] = [];
  private readonly byPath = new Map<string, Node>();
  private readonly errors: Problem[] = [];
  private readonly warnings: string[] = [];
  private readonly objects: LoadedObject[] = [];
  private readonly warned = new Set<string>();
  private flavor: 'glibc' | 'musl' = 'glibc';
  private systemDirs: string[] = [];
  private muslPath: string[] = [];
  private cacheFlags: readonly number[] = [];
  private lib = 'lib';

  constructor(private readonly subject: LoadObject, private readonly t: Target, private readonly opts: ResolveOptions) {}

  run(): Resolution {
    const s = this.subject;
    const origin = this.opts.origin ?? null;
    const root = this.add(s, s.path, 'subject', null, origin === null ? null : dirname(origin));
    if (origin !== null) this.byPath.set(origin, root);
    let interp: Resolution['interpreter'] = null;
    const isStatic = s.interpreter === null && (s.e_type === ET_EXEC || s.needed.length === 0);
    if (isStatic) return this.finish('static', null);
    if (s.interpreter !== null) {
      const r = this.t.resolve(s.interpreter);
      interp = { path: s.interpreter, real: r?.path ?? null };
      const why = r === null ? 'No such file or directory' : this.interpreterProblem(r.path);
      if (why !== null) {
        this.errors.push({
          kind: 'interpreter', name: s.interpreter, neededBy: s.path, chain: [s.path], searched: [],
          message: `${s.interpreter}: ${why} (the kernel cannot start ${s.path})`,
        });
        interp.real = r === null ? null : interp.real;
        return this.finish(this.flavorOf(r?.path ?? null), interp);
      }
      this.flavor = this.flavorOf(r!.path);
    } else {
      // A shared library: checked as a program of its machine would load it, with the target's loader.
      const found = this.findLoader();
      if (found === null) {
        this.errors.push({
          kind: 'interpreter', name: `(no dynamic loader for ${s.machine ?? `e_machine ${s.e_machine}`})`, neededBy: s.path, chain: [s.path],
          searched: [], message: `the target has no dynamic loader for ${s.machine ?? `e_machine ${s.e_machine}`} ${s.class}-bit objects`,
        });
        return this.finish('glibc', null);
      }
      interp = found;
    }
    const loaderObj = this.t.object(interp.real!);
    this.setupLoader(interp.real!);
    if (!isUnloadable(loaderObj)) {
      const n = this.add(loaderObj, interp.path, 'interpreter', null, dirname(interp.real!));
      if (loaderObj.soname !== null) n.names.add(loaderObj.soname);
    }
    this.loadAll();
    if (this.flavor === 'glibc') this.checkVersions();
    return this.finish(this.flavor, interp);
  }

  private finish(loader: Resolution['loader'], interpreter: Resolution['interpreter']): Resolution {
    return { subject: this.subject.path, loader, interpreter, objects: this.objects, errors: this.errors, warnings: this.warnings, loads: this.errors.length === 0 };
  }

  private warnOnce(w: string): void {
    if (!this.warned.has(w)) {
      this.warned.add(w);
      this.warnings.push(w);
    }
  }

  /** Why the kernel would refuse the interpreter at real path `real`, or null when it is usable. */
  private interpreterProblem(real: string): string | null {
    const o = this.t.object(real);
    if (isUnloadable(o)) return `cannot be used as an interpreter (${o.reason})`;
    if (o.class !== this.subject.class || o.e_machine !== this.subject.e_machine) {
      return `is a ${o.class}-bit ${o.machine ?? `e_machine ${o.e_machine}`} file, not a ${this.subject.class}-bit ${this.subject.machine ?? ''} loader`;
    }
    return null;
  }

  private flavorOf(real: string | null): 'glibc' | 'musl' {
    if (real !== null && this.t.muslLoader(real) !== null) return 'musl';
    return 'glibc';
  }

  /** For a subject without PT_INTERP: the target's loader for its machine and class. */
  private findLoader(): { path: string; real: string } | null {
    const s = this.subject;
    const m = s.machine ?? '';
    const wantsMusl = s.needed.some((n) => /^libc\.musl-/.test(n) || n === 'libc.so');
    const glibc = (GLIBC_LOADERS[m] ?? []).map((p) => p);
    const musl = (MUSL_ARCH[m] ?? []).map((a) => `/lib/ld-musl-${a}.so.1`);
    for (const p of wantsMusl ? [...musl, ...glibc] : [...glibc, ...musl]) {
      const r = this.t.resolve(p);
      if (r !== null && this.interpreterProblem(r.path) === null) return { path: p, real: r.path };
    }
    return null;
  }

  private setupLoader(real: string): void {
    const s = this.subject;
    if (this.flavor === 'musl') {
      const facts = this.t.muslLoader(real)!;
      this.muslPath = this.muslSysPath(this.subject.interpreter ?? real, facts.arch, facts.defaultPath);
      return;
    }
    const dirs = this.t.glibcDirs(real);
    if (dirs === null) {
      this.warnOnce(`${real}: no system search path found in the loader's bytes; /lib and /usr/lib assumed`);
      this.systemDirs = ['/lib', '/usr/lib'];
    } else this.systemDirs = dirs;
    // $LIB is the loader's slibdir: the first system directory without its leading '/'.
    this.lib = this.systemDirs[0]!.slice(1);
    this.cacheFlags = cacheFlagsFor({ class: s.class, e_machine: s.e_machine, e_flags: s.e_flags });
    for (const w of this.t.cacheWarnings(this.systemDirs)) this.warnOnce(w);
  }

  /** musl's system path: the path file next to the loader's prefix, or the built-in default. */
  private muslSysPath(ldsoName: string, arch: string, fallback: string[]): string[] {
    // ldso/dynlink.c: the prefix is the loader's path up to its second-to-last '/'.
    let t = 0;
    let z = 0;
    for (let i = 0; i < ldsoName.length; i++) if (ldsoName[i] === '/') {
      z = t;
      t = i;
    }
    const prefix = ldsoName.startsWith('/') ? ldsoName.slice(0, z) : '';
    const file = `${prefix}/etc/ld-musl-${arch}.path`;
    const text = this.t.readText(file);
    if (text === null) return fallback;
    return text.split(/[:\n]/).filter(Boolean);
  }

  private add(obj: LoadObject, name: string, via: Via | 'subject', loader: number | null, origin: string | null): Node {
    const n: Node = { obj, names: new Set([name]), origin, index: this.nodes.length };
    if (obj.soname !== null && this.flavor === 'glibc' && via !== 'subject') n.names.add(obj.soname);
    this.nodes.push(n);
    if (via !== 'subject') this.byPath.set(obj.path, n);
    this.objects.push({ path: obj.path, name, via, loader, needed: [] });
    return n;
  }

  /** Breadth-first over DT_NEEDED, as `_dl_map_object_deps` does: each object loaded once. */
  private loadAll(): void {
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i]!;
      if (this.objects[i]!.via === 'interpreter') continue;
      for (const name of n.obj.needed) {
        const hit = this.flavor === 'musl' ? this.loadMusl(n, name) : this.loadGlibc(n, name);
        this.objects[i]!.needed.push({ name, object: hit });
      }
    }
  }

  private chain(n: Node): string[] {
    const out: string[] = [];
    for (let i: number | null = n.index; i !== null; i = this.objects[i]!.loader) out.unshift(this.objects[i]!.path);
    return out;
  }

  /** An already-loaded object answering to `name` (`_dl_name_match_p` plus the soname check of `_dl_map_object`). */
  private loadedNamed(name: string): Node | null {
    for (const n of this.nodes) if (n.names.has(name) || n.obj.path === name) return n;
    return null;
  }

  /** Expands $ORIGIN/$LIB/$PLATFORM (with or without braces) for `owner`; null: the element is dropped. */
  private expand(path: string, owner: Node): string | null {
    let dropped = false;
    const out = path.replace(/\$(\{(ORIGIN|LIB|PLATFORM)\}|(ORIGIN|LIB|PLATFORM)(?![A-Za-z0-9_]))/g, (_m, _b, braced: string | undefined, bare: string | undefined) => {
      const v = braced ?? bare!;
      if (v === 'ORIGIN') {
        if (owner.origin === null) {
          this.warnOnce(`${owner.obj.path}: $ORIGIN is unknown for a file outside the target; its $ORIGIN entries are skipped`);
          dropped = true;
          return '';
        }
        return owner.origin;
      }
      if (v === 'LIB') return this.lib;
      const p = PLATFORM[this.subject.machine ?? ''];
      if (p === undefined) {
        this.warnOnce(`$PLATFORM of ${this.subject.machine ?? 'this machine'} is not known statically; entries using it are skipped`);
        dropped = true;
        return '';
      }
      return p;
    });
    return dropped ? null : out;
  }

  /** Search directories from DT_RPATH/DT_RUNPATH entries of `owner` (split on ':', DSTs expanded, empty = cwd). */
  private dirsOf(entries: string[], owner: Node): string[] {
    const out: string[] = [];
    for (const e of entries) for (const d of e.split(':')) {
      const x = this.expand(d === '' ? '.' : d, owner);
      if (x !== null) out.push(normalize(x));
    }
    return out;
  }

  private libraryPathDirs(): string[] {
    const lp = this.opts.libraryPath ?? '';
    if (lp === '') return [];
    return this.dirsOf([lp], this.nodes[0]!);
  }

  /**
   * What both loaders do first with a candidate path for `name`: one that is not a file is
   * recorded in `searched` (null); a file already loaded is that object (its index, `name` added to
   * its names); else the object read from it and its resolved path, for the loader to judge.
   */
  private candidate(path: string, via: Via, name: string, searched: Problem['searched']): number | null | { o: LoadObject | Unloadable; real: string } {
    const r = this.t.resolve(path);
    if (r === null || r.entry.kind !== 'file') {
      searched.push({ path, via });
      return null;
    }
    const seen = this.byPath.get(r.path);
    if (seen !== undefined) {
      seen.names.add(name);
      return seen.index;
    }
    return { o: this.t.object(r.path), real: r.path };
  }

  /** A candidate that ends the load of `name`: `entry` joins `searched`, the error carries `message`. */
  private unloadable(from: Node, name: string, searched: Problem['searched'], entry: Problem['searched'][number], message: string): 'fatal' {
    searched.push(entry);
    this.errors.push({ kind: 'unloadable', name, neededBy: from.obj.path, chain: this.chain(from), searched: [...searched], message });
    return 'fatal';
  }

  /** `name` in each of `dirs` in turn until `attempt` finds it or fails the load. */
  private tryDirs(dirs: string[], via: Via, name: string, attempt: (path: string, via: Via) => Hit): Hit {
    for (const d of dirs) {
      const hit = attempt(`${d === '/' ? '' : d}/${name}`, via);
      if (hit !== null) return hit;
    }
    return null;
  }

  /**
   * glibc `_dl_map_object`: an already loaded object by name or soname; a name with '/' opened as
   * is; else DT_RPATH of the loader and its loaders (when the loader has no DT_RUNPATH) and of the
   * executable, LD_LIBRARY_PATH, the loader's DT_RUNPATH, ld.so.cache and the default directories
   * (both skipped under DF_1_NODEFLIB). A candidate of another class or machine is passed over.
   */
  private loadGlibc(from: Node, name: string): number | null {
    const known = this.loadedNamed(name);
    if (known !== null) {
      known.names.add(name);
      return known.index;
    }
    const searched: Problem['searched'] = [];
    let otherClass = false;
    const attempt = (path: string, via: Via): Hit => {
      const c = this.candidate(path, via, name, searched);
      if (c === null || typeof c === 'number') return c;
      const { o, real } = c;
      if (isUnloadable(o)) return this.unloadable(from, name, searched, { path, via, note: o.reason }, `error while loading shared libraries: ${path}: ${o.reason}`);
      if (o.class !== this.subject.class || o.e_machine !== this.subject.e_machine) {
        otherClass ||= o.class !== this.subject.class;
        searched.push({ path, via, note: `skipped: ${o.class}-bit ${o.machine ?? `e_machine ${o.e_machine}`}` });
        return null;
      }
      if (o.littleEndian !== this.subject.littleEndian || (o.e_type !== ET_DYN && o.e_type !== ET_EXEC)) {
        return this.unloadable(from, name, searched, { path, via, note: 'not a loadable shared object' },
          `error while loading shared libraries: ${path}: ${o.littleEndian !== this.subject.littleEndian ? 'ELF file data encoding differs' : 'only ET_DYN and ET_EXEC can be loaded'}`);
      }
      return this.add(o, name, via, from.index, dirname(path.startsWith('/') ? normalize(path) : real)).index;
    };
    const tryDirs = (dirs: string[], via: Via): Hit => this.tryDirs(dirs, via, name, attempt);
    let hit: Hit = null;
    if (name.includes('/')) {
      const p = this.expand(name, from);
      hit = p === null ? null : attempt(normalize(p), 'path');
    } else {
      if (from.obj.runpath.length === 0) {
        const visited = new Set<number>();
        for (let i: number | null = from.index; i !== null && hit === null; i = this.objects[i]!.loader) {
          const n = this.nodes[i]!;
          visited.add(i);
          if (n.obj.runpath.length === 0 && n.obj.rpath.length > 0) hit = tryDirs(this.dirsOf(n.obj.rpath, n), 'rpath');
        }
        const main = this.nodes[0]!;
        if (hit === null && !visited.has(0) && main.obj.runpath.length === 0 && main.obj.rpath.length > 0) hit = tryDirs(this.dirsOf(main.obj.rpath, main), 'rpath');
      }
      if (hit === null) hit = tryDirs(this.libraryPathDirs(), 'LD_LIBRARY_PATH');
      if (hit === null && from.obj.runpath.length > 0) hit = tryDirs(this.dirsOf(from.obj.runpath, from), 'runpath');
      const nodeflib = (from.obj.flags1 & DF_1_NODEFLIB) !== 0;
      if (hit === null && !nodeflib && this.t.ldCache !== null) {
        const entry = this.t.cacheEntries(name).find((e) => e.hwcap === 0n && this.cacheFlags.includes(e.flags));
        if (entry !== undefined) hit = attempt(entry.value, 'ld.so.cache');
        else searched.push({ path: `${name} (not in /etc/ld.so.cache)`, via: 'ld.so.cache' });
      }
      if (hit === null && !nodeflib) hit = tryDirs(this.systemDirs, 'default');
    }
    if (hit === 'fatal') return null;
    if (hit === null) {
      this.errors.push({
        kind: 'library', name, neededBy: from.obj.path, chain: this.chain(from), searched,
        message: `error while loading shared libraries: ${name}: ${otherClass ? `wrong ELF class: ELFCLASS${this.subject.class === 64 ? 32 : 64}` : 'cannot open shared object file: No such file or directory'}`,
      });
    }
    return hit;
  }

  /**
   * musl `load_library`: a name with '/' opened as is; libc's own names answered by the loader;
   * an object already loaded under that name; else LD_LIBRARY_PATH, the run path (DT_RUNPATH, else
   * DT_RPATH) of the requesting object and its requesters, then the system path. The first file
   * that opens is used; if it is not loadable the load fails.
   */
  private loadMusl(from: Node, name: string): number | null {
    const searched: Problem['searched'] = [];
    if (!name.includes('/') && name.startsWith('lib') && MUSL_SELF.some((r) => name.slice(3).startsWith(r))) {
      const ld = this.nodes.find((_, i) => this.objects[i]!.via === 'interpreter');
      return ld?.index ?? null;
    }
    if (!name.includes('/')) {
      for (const n of this.nodes) if (this.objects[n.index]!.via !== 'subject' && basename(n.obj.path) === name) return n.index;
      for (const n of this.nodes) if (n.names.has(name)) return n.index;
    }
    const attempt = (path: string, via: Via): Hit => {
      const c = this.candidate(path, via, name, searched);
      if (c === null || typeof c === 'number') return c;
      const { o } = c;
      const bad = isUnloadable(o) ? o.reason
        : o.class !== this.subject.class || o.e_machine !== this.subject.e_machine ? `${o.class}-bit ${o.machine ?? `e_machine ${o.e_machine}`}, not loadable here` : null;
      if (bad !== null) return this.unloadable(from, name, searched, { path, via, note: bad }, `Error loading shared library ${name}: ${bad} (needed by ${from.obj.path})`);
      return this.add(o as LoadObject, name, via, from.index, dirname(path)).index;
    };
    const tryDirs = (dirs: string[], via: Via): Hit => this.tryDirs(dirs, via, name, attempt);
    let hit: Hit = null;
    if (name.includes('/')) hit = attempt(normalize(name), 'path');
    else {
      hit = tryDirs(this.libraryPathDirs(), 'LD_LIBRARY_PATH');
      for (let i: number | null = from.index; hit === null && i !== null; i = this.objects[i]!.loader) {
        const n = this.nodes[i]!;
        const rp = n.obj.runpath.length > 0 ? n.obj.runpath : n.obj.rpath;
        // musl expands only $ORIGIN; a run path with any other '$' is ignored whole (fixup_rpath).
        if (rp.length === 0 || rp.some((e) => /\$(?!ORIGIN|\{ORIGIN\})/.test(e))) continue;
        hit = tryDirs(this.dirsOf(rp, n), 'rpath');
      }
      if (hit === null) hit = tryDirs(this.muslPath, 'musl-path');
    }
    if (hit === 'fatal') return null;
    if (hit === null) {
      this.errors.push({
        kind: 'library', name, neededBy: from.obj.path, chain: this.chain(from), searched,
        message: `Error loading shared library ${name}: No such file or directory (needed by ${from.obj.path})`,
      });
    }
    return hit;
  }

  /**
   * `_dl_check_map_versions` for every loaded object: each Vernaux must match a Verdef of the
   * object loaded under the Verneed's file name, by vd_hash and name. An object with no Verdefs
   * satisfies everything (ld.so only mentions it when verbose); a missing weak version is a
   * warning.
   */
  private checkVersions(): void {
    for (const n of this.nodes) {
      if (this.objects[n.index]!.via === 'interpreter') continue;
      for (const vn of n.obj.verneed) {
        const dep = this.loadedNamed(vn.file);
        if (dep === null) {
          // The library itself is missing (already an error) or never named in DT_NEEDED.
          if (!this.errors.some((e) => e.kind !== 'version' && e.name === vn.file)) {
            this.errors.push({
              kind: 'version', name: vn.versions[0]?.name ?? '', library: vn.file, neededBy: n.obj.path, chain: this.chain(n), searched: [],
              message: `${n.obj.path} needs versions of ${vn.file}, which is not loaded`,
            });
          }
          continue;
        }
        if (dep.obj.verdef.length === 0) continue;
        for (const v of vn.versions) {
          if (dep.obj.verdef.some((d) => d.hash === v.hash && d.name === v.name)) continue;
          const msg = `${dep.obj.path}: ${v.weak ? 'weak ' : ''}version \`${v.name}' not found (required by ${n.obj.path})`;
          if (v.weak) this.warnOnce(msg);
          else this.errors.push({ kind: 'version', name: v.name, library: vn.file, neededBy: n.obj.path, chain: this.chain(n), searched: [{ path: dep.obj.path, via: 'loaded' }], message: msg });
        }
      }
    }
  }
}
