import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One input to inspect: `named` when the user gave it, false when a directory walk found it. */
export interface Input {
  path: string;
  named: boolean;
}

/**
 * Expands command-line paths: files as given; directories walked recursively in sorted order,
 * yielding only regular files (symlinks, FIFOs, sockets and devices found by the walk are skipped,
 * never opened). Unreadable directories are yielded as inputs so that their error is reported.
 */
export function* expandInputs(paths: readonly string[]): Generator<Input> {
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = lstatSync(p).isDirectory();
    } catch {
      // reported when inspected
    }
    if (isDir) yield* walk(p);
    else yield { path: p, named: true };
  }
}

function* walk(dir: string): Generator<Input> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    yield { path: dir, named: true };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield { path: p, named: false };
  }
}
