/**
 * Wheels as auditwheel sees them (packaging.python.org "Binary distribution format", "Platform
 * compatibility tags"; auditwheel's `wheel_abi.py` and `lddtree.py`): the platform tags a wheel
 * declares, the policy each tag stands for, which `DT_NEEDED` the loader would find inside the
 * wheel, and the wheel's verdict. Pure functions over reports.
 */
import { checkPolicy } from '../gate/check.js';
import { emptyPolicy, type PlatformPolicy } from '../gate/policy.js';
import { WHEEL_POLICIES } from '../gate/policies.generated.js';
import { resolvePolicy } from '../gate/presets.js';
import type { Violation } from '../gate/violation.js';
import { type WheelArch, WHEEL_ARCHES, wheelArch } from '../gate/wheel.js';
import { compareVersions } from '../query/version.js';
import type { AnyReport } from '../report/report.js';

/** The parts of a wheel file name (PEP 427): `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`. */
export interface WheelName {
  name: string;
  version: string;
  /** Every tag the name declares, dotted sets expanded (`cp311-cp311-manylinux_2_17_x86_64`). */
  tags: string[];
}

/** Tags with dotted sets expanded: `py2.py3-none-any` → `py2-none-any`, `py3-none-any`. */
export function expandTag(tag: string): string[] {
  const parts = tag.split('-');
  if (parts.length !== 3 || parts.some((p) => p === '')) return [];
  const [py, abi, plat] = parts.map((p) => p.split('.')) as [string[], string[], string[]];
  return py.flatMap((a) => abi.flatMap((b) => plat.map((c) => `${a}-${b}-${c}`)));
}

/** The name, version and tags of a wheel file name (the last path component; `.whl` required), or null. */
export function parseWheelName(path: string): WheelName | null {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
  const m = /^([^-]+)-([^-]+)(?:-([0-9][^-]*))?-([^-]+)-([^-]+)-([^-]+)\.whl$/i.exec(base);
  if (!m) return null;
  return { name: m[1]!, version: m[2]!, tags: expandTag(`${m[4]}-${m[5]}-${m[6]}`) };
}

/** The `Tag:` lines of a `.dist-info/WHEEL` file (RFC 822 style), each expanded. */
export function wheelFileTags(text: string): string[] {
  return text.split(/\r?\n/).flatMap((l) => {
    const m = /^Tag:\s*(\S+)\s*$/i.exec(l);
    return m ? expandTag(m[1]!) : [];
  });
}

/** The platform part of expanded tags, as a sorted set. */
export const platformsOf = (tags: readonly string[]): string[] => [...new Set(tags.map((t) => t.split('-')[2]!))].sort();

/**
 * The policy a platform tag stands for: auditwheel's policy by name (`manylinux2014_x86_64`,
 * `manylinux_2_17_aarch64`, `musllinux_1_2_x86_64`); a `manylinux_X_Y` or `musllinux_X_Y` tag
 * auditwheel has no policy for is judged by the newest policy not newer than X.Y (pip installs
 * `manylinux_2_25` wherever glibc >= 2.25 runs, so `manylinux_2_24`'s lists bound what it may need).
 * `linux_ARCH` pins only the architecture; `any` nothing. Null for a platform binspect does not
 * judge (macOS, Windows).
 */
export function policyForTag(platform: string): { policy: PlatformPolicy | null; arch: WheelArch | null; note: string | null } | null {
  const p = platform.toLowerCase();
  if (p === 'any') return { policy: null, arch: null, note: null };
  const linux = /^linux_(.+)$/.exec(p);
  if (linux) {
    const arch = WHEEL_ARCHES.find((a) => a === linux[1]) ?? null;
    return arch ? { policy: null, arch, note: null } : null;
  }
  const exact = resolvePolicy(p);
  if (exact && exact.arch) {
    const platform0 = exact.policy.platforms?.[0];
    if (platform0 && platform0.kind === 'wheel') return { policy: platform0, arch: exact.arch, note: null };
  }
  const m = /^(manylinux|musllinux)_([0-9]+)_([0-9]+)_(.+)$/.exec(p);
  if (!m) return null;
  const arch = WHEEL_ARCHES.find((a) => a === m[4]) ?? null;
  if (!arch) return null;
  const want = `${m[2]}.${m[3]}`;
  const family = m[1] === 'manylinux' ? 'glibc' : 'musl';
  const candidates = WHEEL_POLICIES.filter((w) => w.libc === family && w.arches[arch] && compareVersions(policyVersion(w.name), want) <= 0)
    .sort((a, b) => compareVersions(policyVersion(b.name), policyVersion(a.name)));
  const best = candidates[0];
  if (!best) return null;
  return {
    policy: { kind: 'wheel', label: p, arch, data: best },
    arch,
    note: `${p}: auditwheel has no ${m[1]}_${m[2]}_${m[3]} policy; judged by ${best.name}, the newest one not newer than ${want}`,
  };
}

/** `manylinux_2_17` → `2.17`. */
const policyVersion = (name: string): string => name.replace(/^[a-z]+_/, '').replace('_', '.');

/** One ELF member of a wheel and where, inside the wheel, each of its `DT_NEEDED` is found. */
export interface WheelLinks {
  /** Needed name → the member entry that satisfies it. */
  inside: Map<string, string>;
  /** Needs found nowhere in the wheel (the system must provide them). */
  outside: string[];
}

/** The folder part of a `/`-separated path (`a/b/c.so` → `a/b`, `c.so` → ``). */
const dirname = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/')));

/** A `/`-separated absolute path with `.`, `..` and repeated slashes resolved (`..` stops at the root). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The member's entry name inside the wheel (its path after the wheel's `!/`). */
const entryOf = (wheelPath: string, r: AnyReport): string | null => {
  const p = r.path ?? '';
  const prefix = `${wheelPath}!/`;
  return p.startsWith(prefix) && !p.slice(prefix.length).includes('!/') ? p.slice(prefix.length) : null;
};

/**
 * Where the loader would find each member's needs inside the wheel, as auditwheel's lddtree
 * resolves the unpacked wheel: a need is looked up in the member's `DT_RUNPATH`, else its
 * `DT_RPATH` followed by the `DT_RPATH`s of the objects that loaded it, with `$ORIGIN` the
 * member's folder in the wheel; an object already loaded under that name (or soname) satisfies it
 * too. Every ELF member is a possible root (an extension module python may import).
 */
export function linkWheel(wheelPath: string, members: readonly AnyReport[]): Map<AnyReport, WheelLinks> {
  const byEntry = new Map<string, AnyReport>();
  for (const r of members) {
    const e = entryOf(wheelPath, r);
    if (e !== null && r.format === 'elf') byEntry.set(e, r);
  }
  const found = new Map<AnyReport, Map<string, string>>();
  const dirsOf = (r: AnyReport, entry: string, list: readonly string[]): string[] =>
    list.flatMap((s) => s.split(':')).filter(Boolean).map((d) => d.replace(/\$(\{ORIGIN\}|ORIGIN)/g, `/${dirname(entry)}`));
  for (const [rootEntry, root] of byEntry) {
    const loaded = new Map<string, string>(); // name or soname -> entry
    const visit = (r: AnyReport, entry: string, chain: readonly string[], depth: number): void => {
      if (depth > 64) return;
      const own = r.runpath?.length ? dirsOf(r, entry, r.runpath) : [...dirsOf(r, entry, r.rpath ?? []), ...chain];
      const next = r.runpath?.length ? [] : [...dirsOf(r, entry, r.rpath ?? []), ...chain];
      for (const lib of r.needed ?? []) {
        let hit = loaded.get(lib) ?? null;
        if (hit === null && !lib.includes('/')) {
          for (const d of own) {
            if (!d.startsWith('/')) continue;
            const cand = normalize(`${d}/${lib}`).replace(/^\/+/, '');
            if (byEntry.has(cand)) {
              hit = cand;
              break;
            }
          }
        }
        if (hit === null) continue;
        const m = found.get(r) ?? new Map<string, string>();
        m.set(lib, hit);
        found.set(r, m);
        if (loaded.has(lib)) continue;
        const dep = byEntry.get(hit)!;
        loaded.set(lib, hit);
        if (dep.soname) loaded.set(dep.soname, hit);
        visit(dep, hit, next, depth + 1);
      }
    };
    loaded.set(rootEntry.slice(rootEntry.lastIndexOf('/') + 1), rootEntry);
    if (root.soname) loaded.set(root.soname, rootEntry);
    visit(root, rootEntry, [], 0);
  }
  const out = new Map<AnyReport, WheelLinks>();
  for (const r of byEntry.values()) {
    const inside = found.get(r) ?? new Map<string, string>();
    out.set(r, { inside, outside: (r.needed ?? []).filter((n) => !inside.has(n)) });
  }
  return out;
}

/**
 * The report as the policy must judge it inside the wheel: needs satisfied by the wheel are taken
 * out of `needed`, and the versions needed from them out of `versionRequirements` and
 * `symbolVersions` (the wheel provides them); the rest is judged as usual.
 */
export function externalView(r: AnyReport, links: WheelLinks): AnyReport {
  if (links.inside.size === 0) return r;
  const inside = (f: string): boolean => links.inside.has(f);
  return {
    ...r,
    needed: r.needed ? r.needed.filter((n) => !inside(n)) : r.needed,
    versionRequirements: r.versionRequirements ? r.versionRequirements.filter((q) => !inside(q.file)) : r.versionRequirements,
    symbolVersions: r.symbolVersions ? r.symbolVersions.filter((s) => !inside(s.file)) : r.symbolVersions,
  };
}

/** The verdict on one wheel: its tags, the policies they stand for, and every violation. */
export interface WheelVerdict {
  path: string;
  fileTags: string[];
  /** Tags of `*.dist-info/WHEEL` (null when the wheel has none). */
  metadataTags: string[] | null;
  /** Each declared platform and how it is judged. */
  platforms: Array<{ platform: string; policy: string | null; note: string | null }>;
  links: Map<AnyReport, WheelLinks>;
  violations: Violation[];
}

/**
 * Judges a wheel: the archive report of `path` (with its `members` and the text of its
 * `*.dist-info/WHEEL` in `wheelText`). The platform tags of the file name and of WHEEL must be the
 * same set; every ELF member is judged, as the loader would see it inside the wheel, against the
 * policy of every platform tag declared (in effect the oldest); a `linux_ARCH` or `any` tag only
 * pins the architecture (`any`: no ELF member at all).
 */
export function checkWheel(path: string, members: readonly AnyReport[], wheelText: string | null): WheelVerdict {
  const name = parseWheelName(path);
  const fileTags = name?.tags ?? [];
  const metadataTags = wheelText === null ? null : wheelFileTags(wheelText);
  const violations: Violation[] = [];
  const filePlatforms = platformsOf(fileTags);
  if (!name) {
    violations.push({ file: path, rule: 'wheel-tags', level: 'error', message: 'the file name is not a wheel name ({name}-{version}(-{build})?-{python}-{abi}-{platform}.whl)' });
  }
  if (metadataTags === null) {
    violations.push({ file: path, rule: 'wheel-tags', level: 'error', message: 'no *.dist-info/WHEEL file: the wheel declares no tags' });
  } else if (name && platformsOf(metadataTags).join(' ') !== filePlatforms.join(' ')) {
    violations.push({ file: path, rule: 'wheel-tags', level: 'error', old: filePlatforms.join('.'), new: platformsOf(metadataTags).join('.'),
      message: `platform tags differ: the file name declares ${filePlatforms.join(', ')}, *.dist-info/WHEEL ${platformsOf(metadataTags).join(', ') || 'none'}` });
  }
  const links = linkWheel(path, members);
  const platforms: WheelVerdict['platforms'] = [];
  for (const r of members) {
    // A member that could not be read fails closed, whatever the tags.
    if (r.error) violations.push(...checkPolicy(r as never, emptyPolicy()));
  }
  const elves = [...links.keys()];
  for (const platform of filePlatforms) {
    const t = policyForTag(platform);
    platforms.push({ platform, policy: t?.policy?.data.name ?? null, note: t?.note ?? (t ? null : `${platform}: not a Linux platform tag; ELF members are not judged against it`) });
    if (!t) continue;
    if (platform === 'any' && elves.length) {
      for (const r of elves) violations.push({ file: r.path ?? '', rule: 'platform', level: 'error', old: 'any', new: r.machine ?? null, message: 'an ELF file in a wheel tagged "any" (pure Python)' });
      continue;
    }
    for (const r of elves) {
      const view = externalView(r, links.get(r)!);
      if (t.policy) {
        violations.push(...checkPolicy(view as never, { ...emptyPolicy(), platforms: [t.policy] }));
      } else if (t.arch && wheelArch(r as never) !== t.arch) {
        violations.push({ file: r.path ?? '', rule: 'machine', level: 'error', old: t.arch, new: r.machine ?? null, message: `built for ${r.machine ?? 'an unknown machine'}, but the wheel is tagged ${platform}` });
      }
    }
  }
  return { path, fileTags, metadataTags, platforms, links, violations: dedupe(violations) };
}

/** The same finding once (a file judged under two tags of the same policy). */
function dedupe(vs: Violation[]): Violation[] {
  const seen = new Set<string>();
  return vs.filter((v) => {
    const k = `${v.file}\0${v.rule}\0${v.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * What `auditwheel show` says: the most compatible policy every ELF member satisfies on the
 * wheel's architecture (`null`: none, the wheel is `linux_ARCH` only), and the violations of the
 * next stricter policy (why not that one).
 */
export function wheelConsistency(path: string, members: readonly AnyReport[]): { arch: WheelArch | null; libc: 'glibc' | 'musl'; consistent: string | null; stricter: string | null; why: Violation[] } {
  const links = linkWheel(path, members);
  const elves = [...links.keys()];
  const arch = elves.map((r) => wheelArch(r as never)).find((a) => a !== null) ?? null;
  const libc = elves.some((r) => r.libc === 'musl') ? 'musl' : 'glibc';
  if (!arch) return { arch, libc, consistent: null, stricter: null, why: [] };
  const family = WHEEL_POLICIES.filter((w) => w.libc === libc && w.arches[arch]).sort((a, b) => b.priority - a.priority);
  let prev: { name: string; why: Violation[] } | null = null;
  for (const w of [...family].reverse()) {
    const policy = { ...emptyPolicy(), platforms: [{ kind: 'wheel' as const, label: `${w.name}_${arch}`, arch, data: w }] };
    const why = elves.flatMap((r) => checkPolicy(externalView(r, links.get(r)!) as never, policy));
    if (why.length) return { arch, libc, consistent: prev ? `${prev.name}_${arch}` : null, stricter: `${w.name}_${arch}`, why };
    prev = { name: w.name, why };
  }
  return { arch, libc, consistent: prev ? `${prev.name}_${arch}` : null, stricter: null, why: [] };
}
