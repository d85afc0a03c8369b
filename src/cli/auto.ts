/**
 * `check --policy auto`: each wheel judged by the platform tags it declares, each npm package
 * (a `.tgz`, or a directory holding `package.json`) by its `os`, `cpu` and `libc` fields
 * (docs/ci.md "Wheels and npm packages").
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { flattenArchive } from '../archive/flatten.js';
import { checkPackage, type PackagePlatforms, parsePackageJson } from '../archive/npm.js';
import { checkWheel, parseWheelName } from '../archive/wheel.js';
import type { Violation } from '../gate/violation.js';
import type { AnyReport, ReportField } from '../report/report.js';

/** What `--policy auto` reads besides the gate's fields: the loader's search paths and names. */
export const AUTO_FIELDS: readonly ReportField[] = ['rpath', 'runpath', 'soname'];

/** A directory named on the command line that holds `package.json`: its platform fields (or why they cannot be read). */
export type NpmDir = { dir: string; pkg: PackagePlatforms } | { dir: string; problem: string };

/** The named directories that hold a package.json. */
export function npmDirectories(paths: readonly string[]): NpmDir[] {
  const out: NpmDir[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      continue;
    }
    const file = join(p, 'package.json');
    if (!isDir || !existsSync(file)) continue;
    const dir = p.replace(/\/+$/, '') || '/';
    try {
      out.push({ dir, pkg: parsePackageJson(readFileSync(file, 'utf8')) });
    } catch (e) {
      out.push({ dir, problem: `${file}: ${(e as Error).message}` });
    }
  }
  return out;
}

/** One input judged by `--policy auto`: the reports to gate as usual, the package's own violations, and a problem when it is no package. */
export interface AutoJudged {
  reports: AnyReport[];
  violations: Violation[];
  /** The input is neither a wheel nor an npm package (an error for a file named on the command line). */
  problem: string | null;
}

const WHEEL_META = /^[^/]+\.dist-info\/WHEEL$/;

/**
 * Judges one report of `check`'s inputs (archives whole, with `members`): a wheel (a zip with
 * `*.dist-info/WHEEL`, or named `*.whl`), an npm package (`package/package.json` inside), a
 * binary under a named package directory, or nothing `auto` knows.
 */
export function judgeAuto(r: AnyReport, npmDirs: readonly NpmDir[]): AutoJudged {
  const path = r.path ?? '';
  if (Array.isArray(r.members)) {
    const reports = [...flattenArchive(r)];
    const manifests = r.manifests ?? {};
    const wheelKey = Object.keys(manifests).find((k) => WHEEL_META.test(k));
    if (r.format === 'zip' && (wheelKey !== undefined || parseWheelName(path) !== null)) {
      const verdict = checkWheel(path, r.members, wheelKey === undefined ? null : manifests[wheelKey]!);
      return { reports, violations: verdict.violations, problem: null };
    }
    const pkgText = manifests['package/package.json'];
    if (pkgText !== undefined) {
      let pkg: PackagePlatforms;
      try {
        pkg = parsePackageJson(pkgText);
      } catch (e) {
        return { reports, violations: [{ file: path, rule: 'unreadable', level: 'error', message: `package/package.json: ${(e as Error).message}` }], problem: null };
      }
      return { reports, violations: checkPackage(path, pkg, r.members), problem: null };
    }
    return { reports, violations: [], problem: `${path} is a ${r.format} archive but neither a wheel nor an npm package` };
  }
  const home = npmDirs.find((d) => path.startsWith(`${d.dir}/`));
  if (home) {
    if ('problem' in home) return { reports: [r], violations: [{ file: path, rule: 'unreadable', level: 'error', message: home.problem }], problem: null };
    return { reports: [r], violations: checkPackage(home.dir, home.pkg, [r]), problem: null };
  }
  return { reports: [r], violations: [], problem: `${path} is neither a wheel nor an npm package (nor inside a directory with package.json)` };
}
