import { existsSync, readFileSync } from 'node:fs';

/** binspect's own version, from the package.json above this module (source or dist layout). */
export function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(url)) {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'binspect' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
}
