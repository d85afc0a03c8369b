import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS } from '../helpers.js';

/** One entry of corpus/pe/MANIFEST.json: a file, its build recipe and the facts the recipe guarantees. */
export interface PeManifestEntry {
  path: string;
  recipe: string;
  facts: Record<string, unknown>;
  note?: string;
}

export const peManifest = (): PeManifestEntry[] =>
  JSON.parse(readFileSync(join(CORPUS, 'pe', 'MANIFEST.json'), 'utf8')) as PeManifestEntry[];
