#!/usr/bin/env node
// Writes docs/schema/scan-line.schema.json from docs/schema/report.schema.json: a line of
// `binspect scan --ndjson` is one report, so the line's schema is the report's $defs under its own
// $id. Edit report.schema.json, then run `node corpus/tools/gen-schemas.mjs` (test/package/schema.test.ts
// fails while the two disagree). Usage: node corpus/tools/gen-schemas.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../../docs/schema/', import.meta.url);
const report = JSON.parse(readFileSync(new URL('report.schema.json', dir), 'utf8'));
const version = report.$defs.report.properties.schema.const;
const line = {
  $schema: report.$schema,
  $id: `urn:binspect:schema:${version}:scan-line`,
  title: `binspect scan --ndjson line (schema ${version})`,
  description: 'One line of `binspect scan --ndjson` (and each element of `--json`): one report. Generated from report.schema.json by corpus/tools/gen-schemas.mjs; edit that file, not this one.',
  $ref: '#/$defs/report',
  $defs: report.$defs,
};
const text = `${JSON.stringify(line, null, 2)}\n`;
const target = new URL('scan-line.schema.json', dir);
if (process.argv.includes('--check')) {
  let old = '';
  try { old = readFileSync(target, 'utf8'); } catch { /* missing: differs */ }
  if (old !== text) {
    console.error('docs/schema/scan-line.schema.json is out of date: run node corpus/tools/gen-schemas.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
