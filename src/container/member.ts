import type { ByteSource } from '../bytes/source.js';

/** A container format binspect opens. */
export type ContainerFormat = 'zip' | 'tar' | 'gzip' | 'ar';

/**
 * A loader- or reader-relevant oddity that did not stop the answer (docs/report.md `anomalies`):
 * `code` (e.g. `PATH_TRAVERSAL`), the structure and file offset where it was seen, and a message.
 */
export interface Anomaly {
  code: string;
  structure: string;
  /** Offset in the container's bytes, or null. */
  offset: number | null;
  message: string;
}

/** Where a member came from: the `origin` field of a member's report (docs/archives.md). */
export interface Origin {
  /** The container's path (`dist/x.whl`, or `a.tar.gz!/b.whl` when nested). */
  archive: string;
  format: ContainerFormat;
  /** The entry's name as the archive stores it. */
  entry: string;
  /** Offset of the entry's header (zip local header, tar or ar header) in the container's bytes. */
  offset: number;
  /** How the data is stored: `stored` (a window of the archive), `deflate`, or `gzip` (the whole stream). */
  method: 'stored' | 'deflate' | 'gzip';
  /** Bytes the data takes in the container (compressed size), or null for a member of a stream. */
  compressedSize: number | null;
}

/**
 * One entry with content, as a reader yields it. `source` reads its bytes (uncompressed): a
 * window of the archive, a member inflated on demand, or (in a one-pass stream such as a
 * `.tar.gz`) a source that is valid only until the reader is resumed.
 */
export interface Member {
  /** The member path, `OUTER!/entry` ({@link memberPath}). */
  path: string;
  /** Uncompressed size in bytes, as the archive declares it. */
  size: number;
  source: ByteSource;
  origin: Origin;
  /** Oddities of this entry (name, header disagreement, ...). */
  anomalies: Anomaly[];
  /** 1 for a member of the named archive, 2 for a member of an archive inside it, ... */
  depth: number;
}

/**
 * The one place member paths are made (docs/report.md): `outer` exactly as the caller named it,
 * `!/`, and the entry name as stored (a leading `/` or `./` is dropped; nothing else is changed, so
 * a `../` name stays visible). Nested: `a.tar.gz!/lib/x.jar!/native/libfoo.so`.
 */
export function memberPath(outer: string, entry: string): string {
  let name = entry;
  while (name.startsWith('./')) name = name.slice(2);
  while (name.startsWith('/')) name = name.slice(1);
  return `${outer}!/${name}`;
}

/** Anomalies every reader checks on an entry name: `..` components and absolute names. */
export function nameAnomalies(name: string, structure: string, offset: number): Anomaly[] {
  const out: Anomaly[] = [];
  const parts = name.split(/[/\\]/);
  if (parts.includes('..')) {
    out.push({ code: 'PATH_TRAVERSAL', structure, offset, message: `entry name ${JSON.stringify(name)} climbs out of the archive with ".." (not followed; nothing is extracted)` });
  }
  if (name.startsWith('/') || /^[A-Za-z]:[/\\]/.test(name)) {
    out.push({ code: 'ABSOLUTE_NAME', structure, offset, message: `entry name ${JSON.stringify(name)} is absolute` });
  }
  return out;
}
