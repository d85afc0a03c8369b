import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect as coreInspect } from '../src/core.js';
import { inspect } from '../src/index.js';
import { ROOT, corpusPath } from './helpers.js';

/** Walks the import graph of a compiled module and returns every `node:` specifier it reaches. */
function nodeImports(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)) {
    const spec = m[1]!;
    if (spec.startsWith('node:')) out.push(`${entry.slice(ROOT.length)}: ${spec}`);
    else if (spec.startsWith('.')) out.push(...nodeImports(join(entry, '..', spec), seen));
  }
  return out;
}

describe('binspect/core', () => {
  it('imports nothing from node: (runs in browsers, Deno, Bun)', () => {
    expect(nodeImports(join(ROOT, 'dist', 'src', 'core.js'))).toEqual([]);
    expect(nodeImports(join(ROOT, 'dist', 'src', 'index.js')).length).toBeGreaterThan(0);
  });
  it('answers as the main entry does', () => {
    const b = readFileSync(corpusPath('elf/x86_64/relr'));
    expect(coreInspect(b)).toEqual(inspect(b));
  });
});
