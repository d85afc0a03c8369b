/**
 * The scan's progress line as a terminal sees it: `binspect scan` runs under a real pseudo-terminal
 * (util-linux `script`), and the bytes it writes there are checked, raw and as the screen they leave.
 * Timing plays no part: BINSPECT_PROGRESS_MS=0 (an internal knob, src/cli/scan.ts) redraws the line
 * after every file instead of on a timer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../helpers.js';
import { CLI, NODE, TIMEOUT_MS, ensureBuilt } from './built.js';

const FILES = ['elf/x86_64/hello-pie', 'elf/aarch64/bp-standard-nostdlib', 'pe/hello64.exe', 'macho/go-darwin-universal'];
let dir: string;
let work: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'binspect-progress-'));
  dir = join(work, 'fleet');
  execFileSync('mkdir', ['-p', dir]);
  for (const f of FILES) copyFileSync(corpusPath(f), join(dir, f.replace(/\//g, '_')));
  // A file cut short after its ELF header: a report with an error, which --summary names on stderr.
  writeFileSync(join(dir, 'zz-broken-elf'), readFileSync(corpusPath('elf/x86_64/hello-pie')).subarray(0, 200));
}, 120_000);

const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `binspect ARGS` under a pseudo-terminal 200 columns wide (stdout and stderr both the terminal unless `redirect`): every byte it wrote there. */
function inTerminal(args: string[], redirect = ''): string {
  const cmd = `stty cols 200 rows 50; exec ${[NODE, CLI, ...args].map(sh).join(' ')}${redirect}`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    env: { ...process.env, BINSPECT_PROGRESS_MS: '0', NO_COLOR: '1', TERM: 'xterm' },
    stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS, encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return r.stdout;
}

/**
 * The screen `bytes` leave on a terminal, as lines: `\r` returns to column 0, `\n` starts a new
 * line, `ESC[K` erases to the end of the line, other characters overwrite. The last element is the
 * line the cursor is on.
 */
function screen(bytes: string): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let col = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === '\r') col = 0;
    else if (c === '\n') {
      lines.push(line.join(''));
      line = [];
      col = 0;
    } else if (c === '\x1b') {
      const m = /^\x1b\[K/.exec(bytes.slice(i));
      if (!m) throw new Error(`an escape sequence the progress line does not write: ${JSON.stringify(bytes.slice(i, i + 8))}`);
      line.length = col;
      i += m[0].length - 1;
    } else {
      line[col++] = c;
    }
  }
  lines.push(line.join(''));
  return lines;
}

const STATUS = /^(\d+) files, (\d+) binaries, (\d+)\/s, (\d+\.\d) s {2}(.+)$/;

/** Each status line drawn (`\r TEXT ESC[K` with TEXT not empty), in order. */
const draws = (bytes: string): string[] => [...bytes.matchAll(/\r([^\r\n\x1b]+)\x1b\[K/g)].map((m) => m[1]!);

describe('scan on a terminal: the progress line', () => {
  it('shows files done, rate and current path, no total; error lines stand whole above it; it is cleared at the end', () => {
    const bytes = inTerminal(['scan', dir, '--summary', '--jobs', '1']);
    const shown = draws(bytes);
    expect(shown.length, JSON.stringify(bytes)).toBeGreaterThanOrEqual(FILES.length);
    let last = 0;
    for (const s of shown) {
      const m = STATUS.exec(s);
      expect(m, s).not.toBeNull();
      const done = Number(m![1]);
      expect(done).toBeGreaterThanOrEqual(last);
      last = done;
      expect(m![5]!.startsWith(dir), s).toBe(true);
      // What is known only: no "done/total" (the total is not known while the walk goes on).
      expect(s.replace(/\d+\/s\b/, '')).not.toMatch(/\d+\s*\/\s*\d+/);
    }
    expect(last).toBe(FILES.length + 1);
    const lines = screen(bytes);
    // The cursor's line is empty: the progress line was erased before the closing line and after it nothing is drawn.
    expect(lines.at(-1)).toBe('');
    // Every line left on the screen is whole: the error line, the summary, the closing counts; no progress remnant.
    for (const l of lines) expect(l, JSON.stringify(lines)).not.toMatch(/\d+ files, \d+ binaries, \d+\/s/);
    const error = lines.filter((l) => l.startsWith('binspect scan: ') && l.includes('broken-elf'));
    expect(error, JSON.stringify(lines)).toHaveLength(1);
    expect(error[0]).toMatch(/^binspect scan: \S*broken-elf\b.*(TRUNCATED|error)/i);
    expect(lines.filter((l) => /^binspect scan: 5 files, 5 binaries, 0 not binaries, 0 skipped, 1 with errors; read /.test(l))).toHaveLength(1);
    // The error line was written after a progress line was shown, and that line was erased first.
    const at = bytes.indexOf('binspect scan: ');
    expect(bytes.slice(0, at)).toMatch(/\x1b\[K\r\x1b\[K$/);
  });

  it('one line per file on the terminal\'s stdout, each above the progress line', () => {
    const bytes = inTerminal(['scan', dir, '--jobs', '1']);
    expect(draws(bytes).length).toBeGreaterThanOrEqual(FILES.length);
    const lines = screen(bytes);
    expect(lines.at(-1)).toBe('');
    const fileLines = lines.filter((l) => l.startsWith(dir));
    expect(fileLines, JSON.stringify(lines)).toHaveLength(FILES.length + 1);
    for (const l of lines) expect(l).not.toMatch(/\d+ files, \d+ binaries, \d+\/s/);
  });

  it('with stdout not a terminal, stdout holds no progress bytes (the line goes to the terminal on stderr)', () => {
    const out = join(work, 'out.ndjson');
    const bytes = inTerminal(['scan', dir, '--ndjson', '--jobs', '1'], ` > ${sh(out)}`);
    const ndjson = readFileSync(out, 'utf8');
    expect(ndjson).not.toMatch(/[\r\x1b]/);
    expect(ndjson.trim().split('\n').map((l) => (JSON.parse(l) as { path: string }).path).sort()).toHaveLength(FILES.length + 1);
    expect(draws(bytes).length).toBeGreaterThan(0);
  });

  it('with neither stream a terminal, no progress bytes at all', () => {
    const r = spawnSync(NODE, [CLI, 'scan', dir, '--summary', '--jobs', '1'], { env: { ...process.env, BINSPECT_PROGRESS_MS: '0' }, encoding: 'utf8', timeout: TIMEOUT_MS });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/[\r\x1b]/);
    expect(r.stderr).not.toMatch(/\d+ files, \d+ binaries, \d+\/s/);
    expect(r.stderr).toMatch(/broken-elf/);
  });
});
