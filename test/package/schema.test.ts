/**
 * The JSON Schemas shipped in the package (docs/schema/*.schema.json, each its own `exports` entry):
 * draft 2020-12, self-contained, versioned with the report's `schema`, and every report and every
 * JSON output binspect writes validates against them, error reports included.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../cli/inproc.js';
import { REPORT_FIELDS, SCHEMA, inspect, inspectFileSync, scan, type Report } from '../../src/index.js';
import { ensureBuilt } from '../cli/built.js';
import { CORPUS, ROOT, corpusPath } from '../helpers.js';

const NAMES = ['report', 'scan-line', 'baseline'] as const;
type Name = (typeof NAMES)[number];
const load = (name: Name): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'docs', 'schema', `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
const schemas = Object.fromEntries(NAMES.map((n) => [n, load(n)])) as Record<Name, Record<string, unknown>>;

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const validators = Object.fromEntries(NAMES.map((n) => [n, ajv.compile(schemas[n])])) as Record<Name, ValidateFunction>;

function expectValid(name: Name, value: unknown, what: string): void {
  const ok = validators[name](value);
  if (!ok) {
    throw new Error(`${what} does not validate against docs/schema/${name}.schema.json: ${ajv.errorsText(validators[name].errors)}`
      + ' (a new or retyped report field goes into docs/schema/report.schema.json: see docs/schema/README.md)');
  }
}

/** Every `$ref` string anywhere in a schema. */
function refs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refs);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refs(v)));
}

/** Every regular file under `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    const st = lstatSync(p);
    return st.isDirectory() ? files(p) : st.isFile() ? [p] : [];
  });
}

beforeAll(() => ensureBuilt(), 180_000);

describe('JSON Schemas', () => {
  it.each(NAMES)('%s.schema.json: draft 2020-12, self-contained, versioned with the report schema', (name) => {
    const s = schemas[name];
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.$id).toBe(`urn:binspect:schema:${SCHEMA}:${name}`);
    const all = refs(s);
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) expect(r).toMatch(/^#(\/|$)/);
  });

  it('the report schema names the contract version, and every selectable field', () => {
    const report = (schemas.report.$defs as Record<string, { properties: Record<string, { const?: unknown }> }>).report!;
    expect(report.properties.schema!.const).toBe(SCHEMA);
    expect(Object.keys(report.properties)).toEqual(expect.arrayContaining([...REPORT_FIELDS, 'schema', 'path', 'size', 'format', 'error', 'fieldErrors', 'io']));
    expect((schemas.baseline.properties as Record<string, { const?: unknown }>).schema!.const).toBe(SCHEMA);
  });

  it('scan-line.schema.json is generated from report.schema.json (corpus/tools/gen-schemas.mjs)', () => {
    execFileSync(process.execPath, [join(ROOT, 'corpus', 'tools', 'gen-schemas.mjs'), '--check'], { stdio: 'pipe' });
  });

  it('each schema is its own exports entry, resolvable by package name and shipped by npm pack', () => {
    const req = createRequire(join(ROOT, 'package.json'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const shipped = new Set(packed[0]!.files.map((f) => f.path));
    for (const name of NAMES) {
      const file = req.resolve(`binspect/${name}.schema.json`);
      expect(file).toBe(join(ROOT, 'docs', 'schema', `${name}.schema.json`));
      expect(req(`binspect/${name}.schema.json`)).toEqual(schemas[name]);
      expect(shipped.has(`docs/schema/${name}.schema.json`)).toBe(true);
    }
  }, 60_000);

  it('every corpus file, and every other file under corpus/ and test/regressions, gives a report that validates (error reports too)', () => {
    const all = [...files(CORPUS), ...files(join(ROOT, 'test', 'regressions'))];
    let errors = 0;
    let fieldErrors = 0;
    for (const f of all) {
      const r = inspectFileSync(f);
      expectValid('report', r, f);
      expectValid('scan-line', r, f);
      if (r.error) errors++;
      if (r.fieldErrors.length) fieldErrors++;
      // Truncated copies: header-level errors and fieldErrors of every kind.
      const bytes = readFileSync(f);
      for (const n of [0, 3, 64, 200, bytes.length >> 1]) if (n < bytes.length) expectValid('report', inspect(bytes.subarray(0, n)), `${f} cut to ${n} bytes`);
    }
    expect(errors).toBeGreaterThan(0); // non-binaries under corpus/ (sources, scripts): BAD_MAGIC
    const io = inspectFileSync(join(ROOT, 'no', 'such', 'file'));
    expect(io.error?.code).toBe('IO');
    expectValid('report', io, 'a missing file');
    const cut = inspect(readFileSync(corpusPath('elf/x86_64/relr')).subarray(0, 2048));
    expect(cut.fieldErrors.length).toBeGreaterThan(0);
    expectValid('report', cut, 'a truncated ELF');
    expect(fieldErrors + cut.fieldErrors.length).toBeGreaterThan(0);
  });

  it('reports with fields selected validate (absent = not asked)', () => {
    for (const select of [[], ['machine'], ['glibcFloor', 'glibcFloorSymbols'], ['features', 'slices'], ['needed']] as const) {
      for (const f of ['elf/x86_64/relr', 'pe/hello64.exe', 'macho/go-darwin-universal']) {
        expectValid('report', inspectFileSync(corpusPath(f), { select }), `${f} select ${select.join(',')}`);
      }
    }
  });

  it('a wrong-typed, misspelled or missing field does not validate', () => {
    const good = inspectFileSync(corpusPath('elf/x86_64/relr'));
    expectValid('report', good, 'relr');
    const bad: Array<[string, unknown]> = [
      ['linkage: 42', { ...good, linkage: 42 }],
      ['linkage: "static-ish"', { ...good, linkage: 'static-ish' }],
      ['glibcFlor (typo)', { ...good, glibcFlor: '2.34' }],
      ['features.bindnow (typo)', { ...good, features: { ...good.features, bindnow: true } }],
      ['features.nx: "yes"', { ...good, features: { ...good.features, nx: 'yes' } }],
      ['needed: "libc.so.6"', { ...good, needed: 'libc.so.6' }],
      ['glibcFloor: "2.x"', { ...good, glibcFloor: '2.x' }],
      ['schema: 2', { ...good, schema: 2 }],
      ['no fieldErrors', (({ fieldErrors: _, ...rest }) => rest)(good)],
      ['error.code unknown', { ...good, error: { code: 'OOPS', message: 'x', offset: null } }],
      ['size: -1', { ...good, size: -1 }],
    ];
    for (const [what, value] of bad) {
      expect(validators.report(value), what).toBe(false);
      expect(validators['scan-line'](value), what).toBe(false);
    }
  });

  it('every JSON output of the CLI validates: info/glibc/features --json and --ndjson, scan --json and --ndjson, the baseline file', async () => {
    const inputs = [corpusPath('elf'), corpusPath('pe'), corpusPath('macho'), join(ROOT, 'README.md')];
    for (const cmd of ['info', 'glibc', 'features']) {
      const json = await cli([cmd, ...inputs, '--json']);
      const arr = JSON.parse(json.out) as Report[];
      expect(arr.length).toBeGreaterThan(50);
      arr.forEach((r, i) => expectValid('report', r, `${cmd} --json [${i}]`));
      const nd = await cli([cmd, ...inputs, '--ndjson']);
      nd.out.trimEnd().split('\n').forEach((l, i) => expectValid('scan-line', JSON.parse(l), `${cmd} --ndjson line ${i + 1}`));
    }
    for (const args of [['--ndjson'], ['--ndjson', '--select', 'machine,glibcFloor,features'], ['--json']]) {
      const { out } = await cli(['scan', ...inputs, '--jobs', '2', ...args]);
      const lines = args[0] === '--json' ? (JSON.parse(out) as unknown[]) : out.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
      expect(lines.length).toBeGreaterThan(50);
      lines.forEach((r, i) => expectValid('scan-line', r, `scan ${args.join(' ')} [${i}]`));
    }
    const dir = mkdtempSync(join(tmpdir(), 'binspect-schema-'));
    const file = join(dir, 'baseline.json');
    await cli(['baseline', corpusPath('elf/x86_64'), corpusPath('pe'), corpusPath('macho'), '--write', file]);
    const baseline = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(baseline.files).length).toBeGreaterThan(10);
    expectValid('baseline', baseline, 'the baseline file');
    const wrong = structuredClone(baseline) as { files: Record<string, { linkage: unknown }> };
    Object.values(wrong.files)[0]!.linkage = 42;
    expect(validators.baseline(wrong)).toBe(false);
  });

  it('scan() reports validate', async () => {
    let n = 0;
    for await (const r of scan([CORPUS], { jobs: 2 })) {
      expectValid('scan-line', r, r.path ?? '');
      n++;
    }
    expect(n).toBeGreaterThan(50);
  });
});
