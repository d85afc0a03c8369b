import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** The built CLI: what `npx tsc -p .` (and so `npm test`) writes. */
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
/**
 * The Node that runs the built CLI and library in child processes: `BINSPECT_TEST_NODE` when set
 * (CI sets it to the `engines` floor's Node, see .ci/run), else the Node running the tests.
 */
export const NODE = process.env.BINSPECT_TEST_NODE || process.execPath;
/** Every child run is killed (SIGKILL) after this long; a killed run is reported as `timedOut`. */
export const TIMEOUT_MS = 60_000;

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/src/cli/main.js ...args` as a child process ({@link NODE}). Its stdin is a pipe that stays open
 * (never EOF) for the whole run, so a CLI that read its own stdin, or opened /proc/self/fd/0 as a
 * file, would hang and be killed after {@link TIMEOUT_MS}. `unprivileged` runs it as `nobody`
 * when the tests run as root, so that file permissions apply.
 */
export function binspect(args: string[], opts: { unprivileged?: boolean } = {}): Promise<Run> {
  // Root reads everything: permission cases run the CLI as `nobody` (65534) when the tests are root,
  // from a world-readable copy of the build (the checkout may sit where nobody cannot look).
  const drop = opts.unprivileged && process.getuid?.() === 0;
  const cli = drop ? publicCli() : CLI;
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [cli, ...args], {
      cwd: drop ? tmpdir() : ROOT, stdio: ['pipe', 'pipe', 'pipe'], ...(drop ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, timedOut, stdout, stderr });
    });
  });
}

/** Newest modification time of the files under `dir` (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * `npm test` builds before vitest runs; a test file run alone (re)builds a missing or stale dist/
 * once. A build with type errors still emits, so only a missing CLI is fatal.
 */
export function ensureBuilt(): void {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newest(join(ROOT, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { stdio: 'pipe' });
  } catch (e) {
    if (!existsSync(CLI)) throw e;
  }
}

let publicCopy: string | null = null;

/** A copy of dist/src and package.json in a world-readable temporary directory; its CLI path. */
function publicCli(): string {
  if (!publicCopy) {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-public-'));
    cpSync(join(ROOT, 'dist', 'src'), join(dir, 'dist', 'src'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    chmodSync(dir, 0o755);
    publicCopy = join(dir, 'dist', 'src', 'cli', 'main.js');
  }
  return publicCopy;
}
