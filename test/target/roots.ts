import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HERE = new URL('../../corpus/target/', import.meta.url).pathname;

/** One case of corpus/target/expected.json: what the real loader said inside `chroot ROOT`. */
export interface LoaderCase {
  root: string;
  file: string;
  verdict: 'loads' | 'missing-interpreter' | 'missing-library' | 'missing-version';
  name: string | null;
  status: number;
  message: string;
  /** LD_LIBRARY_PATH the program ran with, when not empty. */
  libraryPath?: string;
}

export const EXPECTED: LoaderCase[] = JSON.parse(readFileSync(join(HERE, 'expected.json'), 'utf8'));

let packed: string | null = null;

/**
 * The roots and images, unpacked and packed once per test process by corpus/target/pack.sh
 * (tar, gzip, sha256sum): `roots/<name>`, `amd64-docker.tar`, `amd64-oci/`, `amd64-oci.tar`, `musl-docker.tar`.
 */
export function packedTargets(): string {
  if (packed === null) {
    const out = mkdtempSync(join(tmpdir(), 'binspect-target-'));
    execFileSync(join(HERE, 'pack.sh'), [join(HERE, 'roots.tar.gz'), out], { stdio: 'pipe' });
    packed = out;
  }
  return packed;
}
