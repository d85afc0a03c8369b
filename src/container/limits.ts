import { BinspectError } from '../errors.js';

/**
 * Caps on what opening an archive may cost (docs/archives.md). Every one can be raised; each is
 * checked while reading, so a hostile archive stops at the cap with a `LIMIT` error instead of
 * taking unbounded time or memory. Nothing is ever written to disk, whatever the limits.
 */
export interface ContainerLimits {
  /** Bytes produced by decompression, summed over an archive and everything nested in it. */
  maxTotalBytes: number;
  /**
   * Highest ratio of bytes produced to compressed bytes consumed by one compressed stream (a zip
   * entry, a gzip stream), checked once the stream has produced `ratioGrace` bytes.
   */
  maxRatio: number;
  /** Bytes a stream must produce before `maxRatio` applies (small files compress wildly). */
  ratioGrace: number;
  /** Entries (files, directories, links) of an archive and everything nested in it. */
  maxMembers: number;
  /** Archives inside archives: 1 opens the named archive only, 2 also the archives it holds, ... */
  maxDepth: number;
  /**
   * Bytes of one compressed member held in memory at once: a zip member keeps its first quarter
   * and a window that follows the reads (it is inflated only as far as they reach); a member of a
   * one-pass stream (`.tar.gz`), whose bytes cannot be read again, keeps its first `maxMemberBytes`
   * and reads past them give `LIMIT`.
   */
  maxMemberBytes: number;
}

/** The defaults (docs/archives.md lists them). */
export const DEFAULT_CONTAINER_LIMITS: Readonly<ContainerLimits> = Object.freeze({
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  ratioGrace: 1024 * 1024,
  maxMembers: 65_536,
  maxDepth: 4,
  maxMemberBytes: 64 * 1024 * 1024,
});

/**
 * The defaults overridden by `given`. Throws `TypeError` when a value is not a positive safe
 * integer (`maxRatio` may be any number >= 1), or a key is unknown.
 */
export function containerLimits(given: Partial<ContainerLimits> = {}): ContainerLimits {
  const out: ContainerLimits = { ...DEFAULT_CONTAINER_LIMITS };
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) continue;
    if (!Object.hasOwn(DEFAULT_CONTAINER_LIMITS, k)) throw new TypeError(`unknown archive limit ${JSON.stringify(k)}`);
    const ok = k === 'maxRatio' ? typeof v === 'number' && v >= 1 && Number.isFinite(v) : Number.isSafeInteger(v) && (v as number) > 0;
    if (!ok) throw new TypeError(`archive limit ${k} must be a positive ${k === 'maxRatio' ? 'number >= 1' : 'integer'}, not ${String(v)}`);
    (out as unknown as Record<string, number>)[k] = v as number;
  }
  return out;
}

/**
 * What opening one archive (with everything nested in it) has used of its limits: shared by
 * every reader of the expansion, so the caps hold across nesting.
 */
export class Budget {
  /** Errors of this budget: they end the whole expansion, not just one member. */
  static readonly exhausted = new WeakSet<BinspectError>();

  totalBytes = 0;
  members = 0;

  constructor(readonly limits: ContainerLimits) {}

  /** Counts one more entry; throws `LIMIT` past `maxMembers`. */
  member(format: 'zip' | 'tar' | 'ar' | 'gzip', offset: number): void {
    if (++this.members > this.limits.maxMembers) {
      throw exhausted(new BinspectError('LIMIT', format, 'members', offset,
        `more than ${this.limits.maxMembers} members (limit maxMembers)`));
    }
  }

  /** Counts `n` bytes produced by decompression; throws `LIMIT` past `maxTotalBytes`. */
  produced(n: number, format: 'zip' | 'gzip', offset: number | null): void {
    this.totalBytes += n;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      throw exhausted(new BinspectError('LIMIT', format, 'decompressed bytes', offset,
        `more than ${this.limits.maxTotalBytes} bytes decompressed (limit maxTotalBytes)`));
    }
  }
}

function exhausted(e: BinspectError): BinspectError {
  Budget.exhausted.add(e);
  return e;
}
