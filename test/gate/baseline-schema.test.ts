/**
 * The baseline file has two checkers: the hand-written validator `check --baseline` runs
 * (`validateBaseline`, src/gate/baseline.ts) and the schema the package ships for everyone else
 * (docs/schema/baseline.schema.json, draft 2020-12). Fed the same documents — baselines
 * `binspect baseline` writes for corpus files, and generated mutations of them — they must agree on
 * every one: a document one accepts and the other rejects is a bug in one of them.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BaselineError, validateBaseline } from '../../src/gate/baseline.js';
import { runCli } from '../cli/inproc.js';
import { ROOT, corpusPath } from '../helpers.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'schema', 'baseline.schema.json'), 'utf8')) as Record<string, unknown>;
const bySchema = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { [k: string]: Json };

/** Whether the validator accepts `doc` (a `BaselineError` is a rejection; anything else a bug). */
function byValidator(doc: unknown): boolean {
  try {
    validateBaseline(doc);
    return true;
  } catch (e) {
    if (e instanceof BaselineError) return false;
    throw e;
  }
}

/** Both checkers on `doc` as it would be read from a file (a JSON round trip): their verdicts, which must agree. */
function expectAgreement(doc: unknown, what: string): boolean {
  const parsed = JSON.parse(JSON.stringify(doc)) as unknown;
  const schemaSays = bySchema(parsed);
  const validatorSays = byValidator(parsed);
  if (validatorSays !== schemaSays) {
    let why = '';
    try {
      validateBaseline(parsed);
    } catch (e) {
      why = (e as Error).message;
    }
    expect.fail(`${what}: the schema says ${schemaSays ? 'valid' : `invalid (${JSON.stringify(bySchema.errors)})`}, the validator ${validatorSays ? 'valid' : `invalid (${why})`}`);
  }
  return schemaSays;
}

let baselines: Doc[] = [];
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'binspect-baseline-schema-'));
  const sets = [
    [corpusPath('elf/x86_64'), corpusPath('elf/aarch64')],
    [corpusPath('pe'), corpusPath('macho')],
    [corpusPath('elf/i386'), corpusPath('elf/riscv64'), corpusPath('elf/powerpc64le')],
  ];
  baselines = [];
  for (const [i, paths] of sets.entries()) {
    const file = join(dir, `b${i}.json`);
    const r = await runCli(['baseline', ...paths, '--write', file]);
    expect(r.status, r.err).toBe(0);
    baselines.push(JSON.parse(readFileSync(file, 'utf8')) as Doc);
  }
}, 120_000);

describe('baseline validator and baseline.schema.json agree', () => {
  it('on the baselines binspect writes for the corpus: both accept them', () => {
    for (const [i, b] of baselines.entries()) {
      expect(Object.keys(b.files as Doc).length).toBeGreaterThan(2);
      expect(expectAgreement(b, `corpus baseline ${i}`)).toBe(true);
    }
    // The corpus baselines hold what the mutations below play with.
    const entries = baselines.flatMap((b) => Object.values(b.files as Doc)) as Doc[];
    expect(new Set(entries.map((e) => (e.features as Doc).relro)).size).toBeGreaterThan(2);
    expect(entries.some((e) => Object.keys(e.maxVersions as Doc).length > 1)).toBe(true);
  });

  it('on hand-picked edge cases', () => {
    const b = structuredClone(baselines[0]!);
    const files = b.files as Doc;
    const [key] = Object.keys(files);
    const entry = files[key!] as Doc;
    const cases: Array<[string, (d: Doc) => void, boolean]> = [
      ['an empty file key', (d) => { (d.files as Doc)[''] = entry; }, false],
      ['relro "sometimes"', (d) => { (((d.files as Doc)[key!] as Doc).features as Doc).relro = 'sometimes'; }, false],
      ['relro true', (d) => { (((d.files as Doc)[key!] as Doc).features as Doc).relro = true; }, false],
      ['a string feature other than relro', (d) => { (((d.files as Doc)[key!] as Doc).features as Doc).pie = 'yes'; }, false],
      ['a namespace with a digit', (d) => { (((d.files as Doc)[key!] as Doc).maxVersions as Doc).GLIBC2 = '2.17'; }, false],
      ['an empty namespace', (d) => { (((d.files as Doc)[key!] as Doc).maxVersions as Doc)[''] = '2.17'; }, false],
      ['a namespace of letters and underscores', (d) => { (((d.files as Doc)[key!] as Doc).maxVersions as Doc).MY_LIB = '1.0'; }, true],
      ['a file called __proto__', (d) => { (d.files as Doc).__proto__ = entry; }, true],
      ['a file called constructor', (d) => { (d.files as Doc).constructor = entry; }, true],
      ['a feature the report does not have (a boolean)', (d) => { (((d.files as Doc)[key!] as Doc).features as Doc).someday = true; }, true],
      ['glibcFloor "2"', (d) => { ((d.files as Doc)[key!] as Doc).glibcFloor = '2'; }, true],
      ['glibcFloor "2."', (d) => { ((d.files as Doc)[key!] as Doc).glibcFloor = '2.'; }, false],
      ['glibcFloor "2.17\\n"', (d) => { ((d.files as Doc)[key!] as Doc).glibcFloor = '2.17\n'; }, false],
      ['schema 2', (d) => { d.schema = 2; }, false],
      ['no files', (d) => { d.files = {}; }, true],
    ];
    for (const [what, mutate, valid] of cases) {
      // A key such as __proto__ must be an own property, as JSON.parse makes it: build the document from its JSON text.
      const d = JSON.parse(JSON.stringify(b)) as Doc;
      if (what.includes('__proto__')) Object.defineProperty(d.files, '__proto__', { value: entry, enumerable: true, writable: true, configurable: true });
      else mutate(d);
      expect(expectAgreement(d, what), what).toBe(valid);
    }
  });

  it('on generated mutations: wrong types, missing, extra and empty keys, relro values, namespace names', () => {
    const anyJson: fc.Arbitrary<Json> = fc.oneof(
      fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 8 }),
      fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.boolean()), { maxKeys: 3 }),
    );
    // Strings close to what the fields take, so that mutations land on both sides of each rule.
    const versionish = fc.oneof(fc.constantFrom('2.17', '2.2.5', '3.4.30', '1', '0', '', '2.', '.2', '2..3', 'v2.17', '2.17 ', '2,17', '٣.٤'), fc.stringMatching(/^[0-9.]{0,6}$/));
    const namespaceish = fc.oneof(fc.constantFrom('GLIBC', 'GLIBCXX', 'CXXABI', 'GCC', 'My_Lib', '_', '', 'GLIBC2', 'GLIBC-X', 'GLIBC.', 'ÄBC', 'a b'), fc.stringMatching(/^[A-Za-z_0-9.-]{0,6}$/));
    const relroish = fc.oneof(fc.constantFrom('none', 'partial', 'full', 'Full', '', 'partial ', 'both'), fc.boolean(), fc.constant(null), fc.integer());
    const fileKey = fc.oneof(fc.constantFrom('', 'a', 'dist/app', '__proto__', 'constructor', ' ', '\u0000'), fc.string({ maxLength: 6 }));
    const ENTRY_KEYS = ['machine', 'linkage', 'glibcFloor', 'glibcMax', 'maxVersions', 'versions', 'needed', 'features'];

    type Mutation = (d: Doc, entry: Doc) => void;
    const mutation: fc.Arbitrary<[string, Mutation]> = fc.oneof(
      fc.tuple(fc.constantFrom(...ENTRY_KEYS), anyJson).map(([k, v]): [string, Mutation] => [`entry.${k} = ${JSON.stringify(v)}`, (_d, e) => { e[k] = v; }]),
      fc.constantFrom(...ENTRY_KEYS).map((k): [string, Mutation] => [`delete entry.${k}`, (_d, e) => { delete e[k]; }]),
      fc.tuple(fc.string({ maxLength: 8 }), anyJson).map(([k, v]): [string, Mutation] => [`entry[${JSON.stringify(k)}] = ${JSON.stringify(v)}`, (_d, e) => { e[k] = v; }]),
      fc.tuple(fc.constantFrom('schema', 'tool', 'files', 'extra', ''), anyJson).map(([k, v]): [string, Mutation] => [`doc.${k} = ${JSON.stringify(v)}`, (d) => { d[k] = v; }]),
      fc.constantFrom('schema', 'tool', 'files').map((k): [string, Mutation] => [`delete doc.${k}`, (d) => { delete d[k]; }]),
      fc.tuple(fileKey, fc.boolean()).map(([k, copy]): [string, Mutation] => [`files[${JSON.stringify(k)}] = ${copy ? 'an entry' : 'null'}`, (d, e) => { (d.files as Doc)[k] = copy ? structuredClone(e) : null; }]),
      relroish.map((v): [string, Mutation] => [`features.relro = ${JSON.stringify(v)}`, (_d, e) => { (e.features as Doc).relro = v; }]),
      fc.tuple(fc.string({ maxLength: 6 }), fc.oneof(fc.boolean(), fc.string({ maxLength: 4 }), fc.constant(null))).map(([k, v]): [string, Mutation] => [`features[${JSON.stringify(k)}] = ${JSON.stringify(v)}`, (_d, e) => { (e.features as Doc)[k] = v; }]),
      fc.tuple(namespaceish, versionish).map(([k, v]): [string, Mutation] => [`maxVersions[${JSON.stringify(k)}] = ${JSON.stringify(v)}`, (_d, e) => { (e.maxVersions as Doc)[k] = v; }]),
      fc.tuple(fc.constantFrom('glibcFloor', 'glibcMax'), versionish).map(([k, v]): [string, Mutation] => [`entry.${k} = ${JSON.stringify(v)}`, (_d, e) => { e[k] = v; }]),
      fc.tuple(fc.string({ maxLength: 6 }), fc.oneof(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), anyJson)).map(([k, v]): [string, Mutation] => [`versions[${JSON.stringify(k)}] = ${JSON.stringify(v)}`, (_d, e) => { (e.versions as Doc)[k] = v; }]),
      fc.oneof(fc.string({ maxLength: 6 }), anyJson).map((v): [string, Mutation] => [`needed.push(${JSON.stringify(v)})`, (_d, e) => { (e.needed as Json[]).push(v); }]),
    );
    let valid = 0;
    let invalid = 0;
    fc.assert(fc.property(fc.nat(), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (bi, ei, ms) => {
      const doc = JSON.parse(JSON.stringify(baselines[bi % baselines.length]!)) as Doc;
      const keys = Object.keys(doc.files as Doc);
      const entry = (doc.files as Doc)[keys[ei % keys.length]!] as Doc;
      for (const [, m] of ms) {
        // A mutation that replaced the structure it works in (files or a field made a non-object) leaves the rest nothing to do.
        try {
          m(doc, entry);
        } catch {
          // e.g. features made a string above: the later mutation of it is moot.
        }
      }
      if (expectAgreement(doc, ms.map(([w]) => w).join('; '))) valid++;
      else invalid++;
    }), { numRuns: Number(process.env.BINSPECT_FUZZ_RUNS ?? 0) > 0 ? Math.min(Number(process.env.BINSPECT_FUZZ_RUNS), 5000) : 2000 });
    // The mutations reach both verdicts, so agreement is tested on both sides.
    expect(valid).toBeGreaterThan(50);
    expect(invalid).toBeGreaterThan(50);
  });
});
