/**
 * docs/demo/index.html in a real browser: the repository is served on 127.0.0.1 and Debian's
 * headless `chromium` (installed by .ci/run) loads the page with `?url=` naming a corpus file of
 * each format. The page imports the built core's ES modules as tsc wrote them; the report it writes
 * into `#report` must equal the report Node computes for the same bytes, and its text the CLI's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infoText } from '../../src/cli/text.js';
import { inspect } from '../../src/core.js';
import { ensureBuilt } from '../cli/built.js';
import { ROOT, corpusPath } from '../helpers.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

/** A static file server for ROOT (GET only; nothing outside ROOT). */
function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(ROOT, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (req.method !== 'GET' || !path.startsWith(ROOT + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, origin: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
    });
  });
}

/** The DOM of `url` after its scripts ran, from headless Chromium with a fresh profile. */
function dumpDom(url: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'binspect-chromium-'));
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--virtual-time-budget=20000', '--dump-dom', url,
  ];
  return new Promise((resolve, reject) => {
    execFile('chromium', args, { encoding: 'utf8', timeout: 90_000, maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (err) reject(new Error(`chromium failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const unescapeHtml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

function element(dom: string, id: string): string {
  const m = new RegExp(`<pre id="${id}">([\\s\\S]*?)</pre>`).exec(dom);
  if (!m) throw new Error(`no #${id} in the page:\n${dom.slice(0, 2000)}`);
  return unescapeHtml(m[1]!);
}

let origin = '';
let server: Server | null = null;
beforeAll(async () => {
  ensureBuilt();
  ({ server, origin } = await serve());
}, 180_000);
afterAll(() => { server?.close(); });

describe('docs/demo/index.html in headless Chromium', () => {
  it.each([
    ['elf', 'elf/x86_64/relr'],
    ['pe', 'pe/hello64.exe'],
    ['coff', 'pe/hello64.obj'],
    ['macho', 'macho/hello-arm64'],
    ['macho-fat', 'macho/go-darwin-universal'],
  ])('?url= a %s file: #report holds the report Node computes, #text what binspect info prints', async (format, file) => {
    const url = `/corpus/${file}`;
    const dom = await dumpDom(`${origin}/docs/demo/index.html?url=${encodeURIComponent(url)}`);
    expect(dom).toContain('data-state="done"');
    expect(element(dom, 'report')).not.toBe('');
    const got = JSON.parse(element(dom, 'report')) as Record<string, unknown>;
    const want = { ...inspect(readFileSync(corpusPath(file))), path: url };
    expect(got.format).toBe(format);
    expect(got).toEqual(JSON.parse(JSON.stringify(want)));
    expect(element(dom, 'text')).toBe(infoText(want));
  }, 120_000);

  it('?url= a missing file: an error is shown and #report stays empty', async () => {
    const dom = await dumpDom(`${origin}/docs/demo/index.html?url=/corpus/no-such-file`);
    expect(dom).toContain('data-state="done"');
    expect(element(dom, 'report')).toBe('');
    expect(dom).toMatch(/<p id="error"[^>]*>\/corpus\/no-such-file: HTTP 404<\/p>/);
  }, 120_000);
});
