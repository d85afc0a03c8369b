import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/index.js';
import { corpusPath } from '../helpers.js';
import { TIMEOUT_MS, binspect, ensureBuilt } from './built.js';

/**
 * The built CLI (`node dist/src/cli/main.js`, what `npx tsc -p .` and `npm test` produce) run as a
 * child process against hostile inputs: device trees, /proc, control characters in file names,
 * unreadable files. Every run is killed after 60 s; a killed run fails the test.
 */
beforeAll(ensureBuilt, 180_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'binspect-hostile-'));
});
afterAll(() => {
  if (dir) {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir)) {
      try {
        chmodSync(join(dir, e), 0o755);
      } catch {
        // gone already
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('binspect CLI on hostile inputs (built CLI, child process)', () => {
  it('scan /dev /proc/self/fd /proc/self/maps --follow-symlinks --summary finishes, summarizes and names what it skipped or failed', async () => {
    const r = await binspect(['scan', '/dev', '/proc/self/fd', '/proc/self/maps', '--follow-symlinks', '--summary']);
    expect(r.timedOut, `killed after ${TIMEOUT_MS} ms; stderr so far:\n${r.stderr.slice(-2000)}`).toBe(false);
    expect(r.signal).toBeNull();
    expect([0, 2]).toContain(r.status);
    // The summary, on stdout.
    expect(r.stdout).toMatch(/^files$/m);
    expect(r.stdout).toMatch(/^ {2}binaries +\d+$/m);
    expect(r.stdout).toMatch(/^ {2}skipped \(not regular\) +\d+$/m);
    expect(r.stdout).toMatch(/^ {2}with errors +\d+$/m);
    expect(r.stdout).toMatch(/^format$/m);
    // Skipped paths are named on stderr, one line each, with a reason; devices and this process's
    // own stdio (stdin is a socket pair that never ends; FIFOs elsewhere) are skipped, never opened.
    const skipped = r.stderr.split('\n').filter((l) => l.startsWith('binspect scan: skipped '));
    expect(skipped.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^binspect scan: skipped \/dev\/null: device$/m);
    expect(r.stderr).toMatch(/^binspect scan: skipped \/proc\/self\/fd\/0: (FIFO|socket)$/m);
    expect(r.stderr).toMatch(/^binspect scan: skipped \/dev\/stdin: (FIFO|socket)$/m);
    for (const l of skipped) expect(l).toMatch(/^binspect scan: skipped \S.*: \S/);
    // The closing count line agrees with the lines above it and with the summary.
    const stats = /^binspect scan: (\d+) files, (\d+) binaries, (\d+) not binaries, (\d+) skipped, (\d+) with errors;/m.exec(r.stderr);
    expect(stats, r.stderr.slice(-500)).not.toBeNull();
    const [, , , , nSkipped, nFailed] = stats!.map(Number);
    expect(skipped).toHaveLength(nSkipped!);
    expect(r.stdout).toMatch(new RegExp(`^ {2}skipped \\(not regular\\) +${nSkipped}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^ {2}with errors +${nFailed}$`, 'm'));
    // /proc/self/maps, named, is no binary (stat says 0 bytes): it fails, the status says so, and
    // stderr names it (the summary names no file). Every failure gets a line of its own.
    expect(nFailed).toBeGreaterThanOrEqual(1);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^binspect scan: \/proc\/self\/maps: \S/m);
    const failedLines = r.stderr.split('\n').filter((l) => l.startsWith('binspect scan: /') && !l.startsWith('binspect scan: skipped '));
    expect(failedLines).toHaveLength(nFailed!);
  }, TIMEOUT_MS + 10_000);

  it('scan --summary names each failed file on stderr and counts a named non-binary as no binary', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello\n'); // named, not a binary: a failure
    const hello = corpusPath('elf/x86_64/hello-pie');
    writeFileSync(join(dir, 'trunc'), readFileSync(hello).subarray(0, 3000)); // header parses, fields fail
    const r = await binspect(['scan', '--summary', join(dir, 'notes.txt'), join(dir, 'trunc'), hello]);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^ {2}with errors +2$/m);
    expect(r.stdout).toMatch(/^ {2}binaries +2$/m);
    expect(r.stdout).toMatch(/^ {2}unrecognized +1$/m);
    expect(r.stderr).toMatch(/: 3 files, 2 binaries, 0 not binaries, 0 skipped, 2 with errors;/);
    expect(r.stderr).toContain(`binspect scan: ${join(dir, 'notes.txt')}: BAD_MAGIC`);
    expect(r.stderr).toContain(`binspect scan: ${join(dir, 'trunc')}: `);
    expect(r.stderr).not.toContain(`${hello}:`);
  }, TIMEOUT_MS + 10_000);

  it('info on a file whose name has a newline and an ESC escapes them in text and keeps them exact in --json', async () => {
    const name = join(dir, 'evil\nname\x1b[31m.bin');
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), name);
    const text = await binspect(['info', name]);
    expect(text.timedOut).toBe(false);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(`${dir}/evil\\x0aname\\x1b[31m.bin`);
    expect(text.stdout).toContain('\\x0a');
    expect(text.stdout).toContain('\\x1b');
    expect(text.stdout).not.toContain('\x1b');
    expect(text.stdout).toMatch(/^ {2}machine +x86_64 \(62\)$/m);
    const json = await binspect(['info', '--json', name]);
    expect(json.status).toBe(0);
    const reports = JSON.parse(json.stdout) as Report[];
    expect(reports).toHaveLength(1);
    expect(reports[0]!.path).toBe(name);
    expect(reports[0]!.format).toBe('elf');
    expect(json.stdout).not.toContain('\x1b'); // JSON escapes it (\u001b)
  }, TIMEOUT_MS + 10_000);

  // Root can read everything: the EACCES cases run the CLI as an ordinary user (nobody when root).
  it('info on an unreadable file reports an IO error for it, exits 2 and still reports the others', async () => {
    const secret = join(dir, 'secret');
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), secret);
    chmodSync(secret, 0o000);
    chmodSync(dir, 0o755);
    const good = join(dir, 'good');
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), good);
    const text = await binspect(['info', secret, good], { unprivileged: true });
    expect(text.timedOut).toBe(false);
    expect(text.signal).toBeNull();
    expect(text.status).toBe(2);
    expect(text.stdout).toContain(secret);
    expect(text.stdout).toMatch(/error +IO: .*(EACCES|permission denied)/);
    expect(text.stdout).toMatch(/^ {2}machine +x86_64 \(62\)$/m);
    const json = await binspect(['info', '--json', secret, good], { unprivileged: true });
    expect(json.status).toBe(2);
    const reports = JSON.parse(json.stdout) as Report[];
    expect(reports.map((x) => x.path)).toEqual([secret, good]);
    expect(reports[0]!.error?.code).toBe('IO');
    expect(reports[0]!.format).toBeNull();
    expect(reports[1]!.error).toBeNull();
  }, TIMEOUT_MS + 10_000);

  it('scan skips an unreadable directory and fails an unreadable file, naming both', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'locked'), { recursive: true });
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(tree, 'locked', 'inside'));
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(tree, 'unreadable'));
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(tree, 'readable'));
    chmodSync(join(tree, 'locked'), 0o000);
    chmodSync(join(tree, 'unreadable'), 0o000);
    chmodSync(dir, 0o755);
    try {
      const r = await binspect(['scan', tree], { unprivileged: true });
      expect(r.timedOut).toBe(false);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`skipped ${join(tree, 'locked')}: unreadable directory: EACCES`);
      expect(r.stdout).toMatch(new RegExp(`^${join(tree, 'unreadable').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: IO: `, 'm'));
      expect(r.stdout).toContain(`${join(tree, 'readable')}: elf x86_64`);
    } finally {
      chmodSync(join(tree, 'locked'), 0o755);
    }
  }, TIMEOUT_MS + 10_000);
});
