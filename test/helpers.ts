import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = join(ROOT, 'corpus');

export interface ManifestEntry {
  path: string;
  recipe: string;
  facts: Record<string, unknown>;
  extraFacts?: Record<string, unknown>;
  note?: string;
}

export function manifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as ManifestEntry[];
}

export const corpusPath = (p: string): string => join(CORPUS, p);
