import { realpathSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { BinspectError } from '../errors.js';
import { openFileSource } from '../bytes/file.js';
import { ElfFile } from '../elf/file.js';
import { hasElfMagic } from '../elf/header.js';
import { ET_DYN, ET_EXEC } from '../elf/constants.js';
import type { Violation } from '../gate/violation.js';
import { DirectoryFs } from '../target/dir.js';
import { targetViolations } from '../target/findings.js';
import { resolutionTree } from '../target/tree.js';
import { type ElfDeps, elfDeps } from '../target/elfdeps.js';
import { type LoadObject, loadObjectOf } from '../target/object.js';
import { type Resolution, resolve } from '../target/resolve.js';
import { Target, type Unloadable } from '../target/target.js';
import { isOciLayout, openImage } from '../target/image-node.js';

/** A file to check against the target: as the user named it, and where it sits in the target (if it does). */
interface Subject {
  file: string;
  /** Path inside the target, or null for a file outside it. */
  inTarget: string | null;
  host: string | null;
}

/** Directories `--self` does not walk: the kernel's, never part of an image. */
const PSEUDO = new Set(['/proc', '/sys', '/dev']);

/**
 * The CLI's side of targets: opens `--target` (a directory, or an image file), maps the files the
 * user named to files of the target where they are in it, and checks them.
 */
export class TargetCli {
  readonly target: Target;
  private readonly rootReal: string | null;

  /** Throws `Error` with a message for the user (exit 2) when the target cannot be read. */
  constructor(readonly spec: string, private readonly libraryPath = '') {
    let st;
    try {
      st = statSync(spec);
    } catch (e) {
      throw new Error(`cannot read target ${spec}: ${(e as Error).message}`);
    }
    try {
      if (st.isDirectory() && !isOciLayout(spec)) {
        this.target = new Target(new DirectoryFs(spec));
        this.rootReal = realpathSync(spec);
      } else {
        this.target = new Target(openImage(spec));
        this.rootReal = null;
      }
    } catch (e) {
      if (e instanceof BinspectError) throw new Error(`cannot read target ${spec}: ${e.message}`);
      throw e;
    }
  }

  /** Splits the command line's paths: `SPEC!/path` names a file inside the target; the rest are host paths. */
  split(paths: readonly string[]): { host: string[]; members: string[] } {
    const host: string[] = [];
    const members: string[] = [];
    for (const p of paths) (p.startsWith(`${this.spec}!/`) ? members : host).push(p);
    return { host, members };
  }

  /** Where a host path lies inside a directory target, or null. */
  private inRoot(hostPath: string): string | null {
    if (this.rootReal === null) return null;
    let real: string;
    try {
      real = realpathSync(hostPath);
    } catch {
      return null;
    }
    const rel = relative(this.rootReal, real);
    if (rel.startsWith('..') || rel.startsWith(sep)) return null;
    return `/${rel.split(sep).filter(Boolean).join('/')}`;
  }

  /** The resolution of one subject; a file that cannot be read as ELF yields `Unloadable`. */
  resolveSubject(s: Subject): Resolution | Unloadable {
    let obj: LoadObject | Unloadable;
    let origin: string | undefined;
    if (s.inTarget !== null) {
      const r = this.target.resolve(s.inTarget);
      if (r === null) return { path: s.file, reason: 'not found in the target' };
      obj = this.target.object(r.path);
      origin = r.path;
    } else {
      obj = hostObject(s.host!);
    }
    if ('reason' in obj) return obj;
    return resolve({ ...obj, path: s.inTarget ?? s.file }, this.target, { libraryPath: this.libraryPath, origin });
  }

  /** Subjects for host paths (already walked by the caller), `SPEC!/path` members, and with `self` every ELF file of the target. */
  *subjects(hostFiles: readonly string[], members: readonly string[], self: boolean): Generator<Subject> {
    for (const f of hostFiles) yield { file: f, inTarget: this.inRoot(f), host: f };
    for (const m of members) yield { file: m, inTarget: m.slice(this.spec.length + 1), host: null };
    if (self) for (const p of this.elfFiles()) yield { file: `${this.spec}!${p}`, inTarget: p, host: null };
  }

  /** Every regular ELF executable or shared object of the target (sorted walk, symlinks not followed). */
  *elfFiles(): Generator<string> {
    const t = this.target;
    const stack = ['/'];
    while (stack.length) {
      const dir = stack.pop()!;
      const names = (t.fs.list(dir) ?? []).sort().reverse();
      for (const n of names) {
        const p = dir === '/' ? `/${n}` : `${dir}/${n}`;
        const e = t.entry(p);
        if (e?.kind === 'dir' && !PSEUDO.has(p)) stack.push(p);
        else if (e?.kind === 'file' && e.size >= 64 && isLoadable(t, p)) yield p;
      }
    }
  }

  /** Findings for each subject: the target's verdict as gate violations. */
  *check(hostFiles: readonly string[], members: readonly string[], self: boolean): Generator<{ file: string; violations: Violation[] }> {
    // A warning about the target itself (no ld.so.cache, ...) comes with the first file it concerns only.
    const warned = new Set<string>();
    for (const s of this.subjects(hostFiles, members, self)) {
      const r = this.resolveSubject(s);
      if ('reason' in r) {
        yield { file: s.file, violations: [{ file: s.file, rule: 'unreadable', level: 'error', message: r.reason }] };
        continue;
      }
      const vs = targetViolations(s.file, r).filter((v) => v.rule !== 'target-warning' || !warned.has(v.message));
      for (const v of vs) if (v.rule === 'target-warning') warned.add(v.message);
      yield { file: s.file, violations: vs };
    }
  }
}

/** An ELF executable or shared object by its header (ET_EXEC / ET_DYN), read through the target's index. */
function isLoadable(t: Target, p: string): boolean {
  const o = t.object(p);
  return !('reason' in o) && (o.e_type === ET_EXEC || o.e_type === ET_DYN);
}

function hostObject(path: string): LoadObject | Unloadable {
  let src;
  try {
    src = openFileSource(path);
  } catch (e) {
    if (e instanceof BinspectError) return { path, reason: e.message };
    throw e;
  }
  try {
    if (src.size < 16 || !hasElfMagic(src.read(0, 4))) return { path, reason: 'not an ELF file: targets check ELF programs and libraries' };
    return loadObjectOf(new ElfFile(src), path);
  } catch (e) {
    if (e instanceof BinspectError) return { path, reason: e.message };
    throw e;
  } finally {
    src.close();
  }
}

/**
 * `binspect info FILE... --target ROOT`: the resolved tree of each file (lddtree-like), or with
 * `json` one JSON array of resolutions. Exit 0 when every file could be read (whether it loads or
 * not), 2 when the target or a file cannot be read.
 */
export function infoTarget(paths: readonly string[], spec: string, libraryPath: string | undefined, json: boolean, out: (s: string) => unknown, err: (s: string) => unknown): number {
  let cli: TargetCli;
  try {
    cli = new TargetCli(spec, libraryPath);
  } catch (e) {
    err(`binspect info: ${(e as Error).message}\n`);
    return 2;
  }
  const { host, members } = cli.split(paths);
  const all: Resolution[] = [];
  let status = 0;
  let first = true;
  for (const s of cli.subjects(host, members, false)) {
    const r = cli.resolveSubject(s);
    if ('reason' in r) {
      err(`binspect info: ${s.file}: ${r.reason}\n`);
      status = 2;
      continue;
    }
    if (json) all.push(r);
    else {
      out(`${first ? '' : '\n'}${resolutionTree({ ...r, subject: s.file })}\n`);
      first = false;
    }
  }
  if (json) out(`${JSON.stringify(all, null, 2)}\n`);
  return status;
}

/**
 * `binspect info FILE... --requires|--provides`: each ELF file's dependencies in rpm elfdeps'
 * notation, one per line (both lists, requires first, when both are asked), or with `json` one
 * array of `{path, requires, provides}`. Requires need an execute bit, as elfdeps reads it from the
 * file's mode. Exit 2 when a file cannot be read or is no ELF file.
 */
export function infoDeps(paths: readonly string[], requires: boolean, provides: boolean, json: boolean, out: (s: string) => unknown, err: (s: string) => unknown): number {
  const all: Array<{ path: string } & ElfDeps> = [];
  let status = 0;
  for (const p of paths) {
    let d: ElfDeps;
    try {
      const src = openFileSource(p);
      try {
        if (src.size < 16 || !hasElfMagic(src.read(0, 4))) throw new BinspectError('BAD_MAGIC', 'elf', 'e_ident', 0, 'not an ELF file');
        d = elfDeps(new ElfFile(src), p, (statSync(p).mode & 0o111) !== 0);
      } finally {
        src.close();
      }
    } catch (e) {
      if (!(e instanceof BinspectError)) throw e;
      err(`binspect info: ${p}: ${e.message}\n`);
      status = 2;
      continue;
    }
    if (json) all.push({ path: p, requires: requires ? d.requires : [], provides: provides ? d.provides : [] });
    else for (const x of [...(requires ? d.requires : []), ...(provides ? d.provides : [])]) out(`${x}\n`);
  }
  if (json) out(`${JSON.stringify(all, null, 2)}\n`);
  return status;
}
