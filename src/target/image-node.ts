import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openFileSource } from '../bytes/file.js';
import type { ByteSource } from '../bytes/source.js';
import { BinspectError } from '../errors.js';
import { nodeInflater } from '../container/node/zlib.js';
import { sourceForward } from '../container/stream.js';
import { Budget, containerLimits } from '../container/limits.js';
import { readTar } from '../container/tar/read.js';
import { type BlobStore, ImageFs } from './image.js';

/** The files of an image tarball (`docker save`, or an OCI layout packed as one tar), by name, as windows of it. */
function tarStore(path: string): BlobStore {
  const src = openFileSource(path, { maxBytes: Number.MAX_SAFE_INTEGER });
  const files = new Map<string, ByteSource>();
  const ctx = { archive: path, budget: new Budget(containerLimits({ maxMembers: 4_000_000 })), inflater: undefined, depth: 1 };
  for (const ev of readTar(sourceForward(src), ctx, src.size)) {
    if (ev.kind === 'error') throw ev.error;
    if (ev.kind !== 'member') continue;
    let name = ev.member.origin.entry;
    while (name.startsWith('./')) name = name.slice(2);
    files.set(name.replace(/^\/+/, ''), ev.member.source);
  }
  return { name: path, get: (p) => files.get(p) ?? null };
}

/** An OCI image layout directory. */
function dirStore(dir: string): BlobStore {
  return {
    name: dir,
    get: (p) => {
      const f = join(dir, p);
      if (!existsSync(f) || !statSync(f).isFile()) return null;
      return openFileSource(f, { maxBytes: Number.MAX_SAFE_INTEGER });
    },
  };
}

/**
 * Opens a container image as a target filesystem: a `docker save` tarball, an OCI image layout
 * packed as a tar, or an OCI layout directory (`oci-layout`, `index.json`, `blobs/`). Gzip layers
 * are inflated with zlib. Throws `BinspectError` when it is not an image or cannot be read.
 */
export function openImage(path: string): ImageFs {
  const st = statSync(path);
  if (st.isDirectory()) return new ImageFs(dirStore(path), nodeInflater);
  const src = openFileSource(path);
  const head = src.read(0, Math.min(512, src.size));
  src.close();
  if (head.length < 512) throw new BinspectError('BAD_MAGIC', 'image', 'file', 0, `${path} is not an image tarball`);
  return new ImageFs(tarStore(path), nodeInflater);
}

/** True when `dir` is an OCI image layout (rather than a root filesystem). */
export function isOciLayout(dir: string): boolean {
  return existsSync(join(dir, 'oci-layout')) && existsSync(join(dir, 'index.json'));
}
