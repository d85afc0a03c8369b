import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

/** What an independent tool lists for an archive: entry name -> size in bytes (regular files only). */
export type Listing = Map<string, number>;

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

/** `unzip -l`: files (names not ending in `/`) and their lengths. */
export function unzipList(file: string): Listing {
  const out: Listing = new Map();
  let inTable = false;
  for (const line of run('unzip', ['-l', file]).split('\n')) {
    if (/^-{5,}/.test(line)) {
      if (inTable) break;
      inTable = true;
      continue;
    }
    const m = inTable ? /^\s*(\d+)\s+\S+\s+\S+\s+(.*)$/.exec(line) : null;
    if (m && !m[2]!.endsWith('/')) out.set(m[2]!, Number(m[1]));
  }
  return out;
}

/** `tar tvf` (GNU tar; gzip detected by tar itself): regular files and their sizes. */
export function tarList(file: string): Listing {
  const out: Listing = new Map();
  for (const line of run('tar', ['--numeric-owner', '-tvf', file]).split('\n')) {
    const m = /^-\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(.*)$/.exec(line);
    if (m) out.set(m[2]!, Number(m[1]));
  }
  return out;
}

/** `ar t`: member names (symbol tables included, as GNU ar lists a BSD `__.SYMDEF`). */
export function arNames(file: string): string[] {
  return run('ar', ['t', file]).split('\n').filter(Boolean);
}

/** The bytes of one entry, extracted by the tool itself (to stdout; nothing is written). */
export function extract(kind: 'zip' | 'tar' | 'ar', file: string, entry: string): Buffer {
  const [cmd, args] = kind === 'zip' ? ['unzip', ['-p', file, entry]] : kind === 'tar' ? ['tar', ['-xOf', file, entry]] : ['ar', ['p', file, entry]];
  return execFileSync(cmd as string, args as string[], { maxBuffer: 256 << 20 });
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
