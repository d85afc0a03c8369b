import type { ByteSource } from '../bytes/source.js';
import { BinspectError } from '../errors.js';
import { readAr } from './ar.js';
import { CONTAINER_HEAD, type ContainerKind, detectContainer } from './detect.js';
import type { ArchiveEvent, ReadContext } from './events.js';
import type { Inflater } from './inflate.js';
import { Budget, type ContainerLimits, containerLimits, DEFAULT_CONTAINER_LIMITS } from './limits.js';
import type { ContainerFormat, Member } from './member.js';
import { readGzip } from './gzip.js';
import { sourceForward } from './stream.js';
import { readTar } from './tar/read.js';
import { readZip } from './zip/read.js';

/** Options of {@link openArchive}. */
export interface ArchiveOptions {
  /** Raise or lower the caps (docs/archives.md); validated (`TypeError`). */
  limits?: Partial<ContainerLimits>;
  /** Decompressor for deflate and gzip data (the core has none; binspect's Node entry passes zlib). */
  inflater?: Inflater;
}

/**
 * Reads the archive in `src` (named `path`, exactly as the caller named it; `format` from
 * {@link detectContainer}) and every archive nested in it down to `maxDepth`: yields each member
 * with content that is not itself an archive (`path` = `OUTER!/entry`, nested
 * `OUTER!/inner.jar!/entry`), anomalies, and errors of members or nested archives that could not be
 * read (the rest still is). A problem with the named archive itself, or a spent budget
 * (`maxTotalBytes`, `maxMembers`), is the last event: an error for `path`. A member is valid until
 * the generator is resumed (a member of a `.tar.gz` is gone once the stream moves on).
 * Never throws for bad input; throws `TypeError` for bad limits.
 */
export function* openArchive(src: ByteSource, path: string, format: ContainerFormat, opts: ArchiveOptions = {}): Generator<ArchiveEvent> {
  const budget = new Budget(opts.limits === undefined ? DEFAULT_CONTAINER_LIMITS : containerLimits(opts.limits));
  try {
    yield* expand(src, path, format, { archive: path, budget, inflater: opts.inflater, depth: 1 });
  } catch (e) {
    if (!(e instanceof BinspectError)) throw e;
    yield { kind: 'error', path, size: src.size, error: e, origin: null };
  }
}

/** The events of one archive, nested archives expanded in place. Throws the archive's own errors. */
function* expand(src: ByteSource, path: string, format: ContainerFormat, ctx: ReadContext): Generator<ArchiveEvent> {
  for (const ev of read(src, format, ctx, path)) {
    if (ev.kind !== 'member') {
      yield ev;
      continue;
    }
    const m = ev.member;
    let kind: ContainerKind;
    try {
      kind = detectContainer(m.source.read(0, Math.min(CONTAINER_HEAD, m.size)));
    } catch (e) {
      if (!(e instanceof BinspectError) || Budget.exhausted.has(e)) throw e;
      yield { kind: 'error', path: m.path, size: m.size, error: e, origin: m.origin };
      continue;
    }
    if (kind === null) {
      yield ev;
    } else if ('unsupported' in kind) {
      yield { kind: 'anomaly', path: m.path, anomaly: { code: 'UNSUPPORTED_COMPRESSION', structure: 'magic', offset: 0, message: unsupportedMessage(kind.unsupported) } };
    } else if (ctx.depth >= ctx.budget.limits.maxDepth) {
      yield {
        kind: 'error', path: m.path, size: m.size, origin: m.origin,
        error: new BinspectError('LIMIT', kind.format, 'nesting', 0, `a ${kind.format} archive nested ${ctx.depth} deep (limit maxDepth ${ctx.budget.limits.maxDepth})`),
      };
    } else {
      try {
        yield* expand(m.source, m.path, kind.format, { ...ctx, archive: m.path, depth: ctx.depth + 1 });
      } catch (e) {
        if (!(e instanceof BinspectError) || Budget.exhausted.has(e)) throw e;
        yield { kind: 'error', path: m.path, size: m.size, error: e, origin: m.origin };
      }
    }
  }
}

function read(src: ByteSource, format: ContainerFormat, ctx: ReadContext, path: string): Generator<ArchiveEvent> {
  switch (format) {
    case 'zip': return readZip(src, ctx);
    case 'tar': return readTar(sourceForward(src), ctx, src.size);
    case 'ar': return readAr(src, ctx);
    case 'gzip': return readGzip(src, ctx, path);
  }
}

/** The message for a compression binspect recognizes and cannot decompress. */
export function unsupportedMessage(what: string): string {
  return what === 'thin-ar'
    ? 'GNU thin archive: its members are files outside it (not read)'
    : `${what}-compressed data: binspect decompresses only gzip and deflate (decompress it first)`;
}

export type { ArchiveEvent, Member };
