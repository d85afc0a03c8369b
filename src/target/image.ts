import type { ByteSource } from '../bytes/source.js';
import { BinspectError } from '../errors.js';
import type { ArchiveEvent, ReadContext } from '../container/events.js';
import { readGzip } from '../container/gzip.js';
import type { Inflater } from '../container/inflate.js';
import { Budget, containerLimits } from '../container/limits.js';
import { sourceForward } from '../container/stream.js';
import { readTar } from '../container/tar/read.js';
import { basename, dirname, normalize, type TargetEntry, type TargetFs } from './fs.js';

/**
 * Container images as a target root: the image's final filesystem, its layers applied in order as
 * the OCI image spec's "Applying Changesets" says (image-spec layer.md): a later entry replaces an
 * earlier one (a non-directory replacing a directory removes the directory's tree), `.wh.NAME`
 * deletes NAME (and its tree) from the layers below, `.wh..wh..opq` empties its directory of what
 * the layers below put there. Layer tarballs are read by the project's tar and gzip readers.
 */

/** Where the image's files are: `manifest.json`, `index.json`, `blobs/sha256/...`, layer paths. */
export interface BlobStore {
  readonly name: string;
  /** The file at `path` (relative, `/`-separated), or null. */
  get(path: string): ByteSource | null;
}

/** The image's layout and its layers, bottom first. */
export interface ImageManifest {
  layout: 'docker-save' | 'oci';
  layers: string[];
}

const MAX_JSON = 16 << 20;
/** Caps for one image: more entries than an archive's default (a distro image has 100k+ files). */
const IMAGE_LIMITS = { maxMembers: 4_000_000, maxTotalBytes: 64 * 1024 ** 3 } as const;
/** Bytes kept of each file not kept whole: enough to tell it is no ELF file. */
const HEAD = 64;

function bad(structure: string, detail: string): never {
  throw new BinspectError('BAD_MAGIC', 'image', structure, null, detail);
}

function json(store: BlobStore, path: string): unknown {
  const src = store.get(path);
  if (src === null) bad(path, `${path} is missing`);
  if (src.size > MAX_JSON) throw new BinspectError('LIMIT', 'image', path, null, `${path} is larger than ${MAX_JSON} bytes`);
  try {
    return JSON.parse(new TextDecoder().decode(src.read(0, src.size)));
  } catch (e) {
    if (e instanceof BinspectError) throw e;
    return bad(path, `${path} is not JSON: ${(e as Error).message}`);
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `blobs/<algorithm>/<hex>` for a descriptor's digest (OCI image-spec descriptor.md). */
function blobPath(d: unknown, where: string): string {
  const digest = isObj(d) ? d.digest : undefined;
  if (typeof digest !== 'string' || !/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) bad(where, `descriptor without a valid digest: ${JSON.stringify(digest)}`);
  const [alg, hex] = digest.split(':') as [string, string];
  return `blobs/${alg}/${hex}`;
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/**
 * The layers of the image in `store`: a `docker save` tarball's `manifest.json` (its first image's
 * `Layers`), else an OCI layout's `index.json` (its first manifest; an index inside it is followed to
 * its first manifest for linux). Throws `BinspectError` (format `image`) when neither is there or
 * they are malformed.
 */
export function imageManifest(store: BlobStore): ImageManifest {
  if (store.get('manifest.json') !== null) {
    const m = json(store, 'manifest.json');
    const first = Array.isArray(m) ? m[0] : undefined;
    const layers = isObj(first) ? first.Layers : undefined;
    if (!Array.isArray(layers) || !layers.every((l) => typeof l === 'string')) bad('manifest.json', 'no Layers list in its first entry');
    return { layout: 'docker-save', layers: layers as string[] };
  }
  if (store.get('index.json') === null) bad('layout', `${store.name} has neither manifest.json (docker save) nor index.json (OCI layout)`);
  let doc = json(store, 'index.json');
  for (let depth = 0; depth < 4; depth++) {
    const ms = isObj(doc) ? doc.manifests : undefined;
    if (!Array.isArray(ms) || ms.length === 0) bad('index.json', 'no manifests');
    const pick = ms.find((d) => isObj(d) && (!isObj(d.platform) || d.platform.os === 'linux')) ?? ms[0];
    const next = json(store, blobPath(pick, 'index.json'));
    const mt = isObj(pick) ? pick.mediaType : undefined;
    if ((typeof mt === 'string' && INDEX_TYPES.has(mt)) || (isObj(next) && Array.isArray(next.manifests))) {
      doc = next;
      continue;
    }
    const layers = isObj(next) ? next.layers : undefined;
    if (!Array.isArray(layers)) bad('manifest', 'image manifest without layers');
    return { layout: 'oci', layers: layers.map((l, i) => blobPath(l, `layers[${i}]`)) };
  }
  return bad('index.json', 'image indexes nested too deep');
}

type Node =
  | { kind: 'file'; size: number; data: ByteSource | null; head: Uint8Array }
  | { kind: 'dir' }
  | { kind: 'symlink'; target: string };

/** Files whose bytes a resolution reads besides ELF files: the loaders' configuration. */
function keepWhole(path: string): boolean {
  return path === '/etc/ld.so.cache' || path === '/etc/ld.so.conf' || path.startsWith('/etc/ld.so.conf.d/') || /^\/etc\/ld-musl-[^/]+\.path$/.test(path);
}

/**
 * An image's final filesystem as a {@link TargetFs}. Files of an uncompressed layer are windows
 * of the image file (nothing copied); files of a compressed layer are read once, in one pass: ELF
 * files and the loaders' configuration are kept whole, other files only by their first bytes.
 */
export class ImageFs implements TargetFs {
  readonly name: string;
  readonly manifest: ImageManifest;
  private readonly nodes = new Map<string, Node>([['/', { kind: 'dir' }]]);
  private children: Map<string, string[]> | null = null;

  /** Throws `BinspectError` when the image or a layer cannot be read. */
  constructor(store: BlobStore, inflater: Inflater | undefined) {
    this.name = store.name;
    this.manifest = imageManifest(store);
    const budget = new Budget(containerLimits(IMAGE_LIMITS));
    for (const layer of this.manifest.layers) {
      const src = store.get(layer);
      if (src === null) bad(layer, `layer ${layer} is missing`);
      this.apply(src, layer, budget, inflater);
    }
  }

  private apply(src: ByteSource, layer: string, budget: Budget, inflater: Inflater | undefined): void {
    const ctx: ReadContext = { archive: layer, budget, inflater, depth: 1, entries: true };
    const gz = src.size >= 2 && src.read(0, 2)[0] === 0x1f && src.read(0, 2)[1] === 0x8b;
    const events: Generator<ArchiveEvent> = gz ? readGzip(src, ctx, layer) : readTar(sourceForward(src), ctx, src.size);
    const added = new Set<string>();
    for (const ev of events) {
      if (ev.kind === 'error') throw ev.error;
      if (ev.kind === 'anomaly') continue;
      const raw = ev.kind === 'member' ? ev.member.origin.entry : ev.entry;
      if (raw.split('/').includes('..')) continue; // a path out of the root: never applied
      const path = normalize(raw);
      if (path === '/') continue;
      const base = basename(path);
      const dir = dirname(path);
      if (base === '.wh..wh..opq') {
        this.ensureDir(dir, added);
        for (const p of [...this.nodes.keys()]) if (p.startsWith(dir === '/' ? '/' : `${dir}/`) && p !== dir && !added.has(p)) this.nodes.delete(p);
        continue;
      }
      if (base.startsWith('.wh.')) {
        this.remove(`${dir === '/' ? '' : dir}/${base.slice(4)}`);
        continue;
      }
      let node: Node;
      if (ev.kind === 'member') {
        const m = ev.member;
        const head = m.source.read(0, Math.min(HEAD, m.size)).slice();
        const windowed = m.origin.compressedSize !== null;
        const elf = head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
        let data: ByteSource | null = windowed ? m.source : null;
        if (!windowed && (elf || keepWhole(path))) {
          try {
            const bytes = m.source.read(0, m.size).slice();
            data = { size: bytes.length, read: (o, n) => bytes.subarray(o, o + n) };
          } catch (e) {
            if (!(e instanceof BinspectError)) throw e;
          }
        }
        node = { kind: 'file', size: m.size, data, head };
      } else if (ev.type === 'dir') node = { kind: 'dir' };
      else if (ev.type === 'symlink') node = { kind: 'symlink', target: ev.target };
      else {
        const to = this.nodes.get(normalize(ev.target));
        if (to === undefined) continue;
        node = to;
      }
      const old = this.nodes.get(path);
      if (old !== undefined && old.kind === 'dir' && node.kind === 'dir') {
        added.add(path);
        continue;
      }
      if (old?.kind === 'dir') this.remove(path);
      this.ensureDir(dir, added);
      this.nodes.set(path, node);
      added.add(path);
    }
    this.children = null;
  }

  /** Makes `dir` and its parents directories (replacing a non-directory in the way). */
  private ensureDir(dir: string, added: Set<string>): void {
    if (dir === '/') return;
    const n = this.nodes.get(dir);
    if (n?.kind === 'dir') return;
    if (n !== undefined) this.remove(dir);
    this.ensureDir(dirname(dir), added);
    this.nodes.set(dir, { kind: 'dir' });
    added.add(dir);
  }

  /** Deletes `path` and everything under it. */
  private remove(path: string): void {
    this.nodes.delete(path);
    const prefix = `${path}/`;
    for (const p of [...this.nodes.keys()]) if (p.startsWith(prefix)) this.nodes.delete(p);
  }

  entry(path: string): TargetEntry | null {
    const n = this.nodes.get(path);
    if (n === undefined) return null;
    if (n.kind === 'file') return { kind: 'file', size: n.size };
    return n.kind === 'dir' ? { kind: 'dir' } : { kind: 'symlink', target: n.target };
  }

  list(path: string): string[] | null {
    if (this.nodes.get(path)?.kind !== 'dir') return null;
    if (this.children === null) {
      const c = new Map<string, string[]>();
      for (const p of this.nodes.keys()) {
        if (p === '/') continue;
        const d = dirname(p);
        const l = c.get(d);
        if (l) l.push(basename(p));
        else c.set(d, [basename(p)]);
      }
      this.children = c;
    }
    return [...(this.children.get(path) ?? [])];
  }

  open(path: string): ByteSource {
    const n = this.nodes.get(path);
    if (n?.kind !== 'file') throw new BinspectError('IO', 'image', path, null, 'not a regular file of the image');
    if (n.data !== null) return n.data;
    const head = n.head;
    return {
      size: n.size,
      read: (o, len) => {
        if (o + len <= head.length) return head.subarray(o, o + len);
        throw new BinspectError('IO', 'image', path, o, 'only the first bytes of this file were kept (it is not an ELF file)');
      },
    };
  }
}
