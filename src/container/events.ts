import type { BinspectError } from '../errors.js';
import type { Inflater } from './inflate.js';
import type { Budget } from './limits.js';
import type { Anomaly, Member, Origin } from './member.js';

/**
 * What reading an archive yields: a member with content, an oddity (of an entry that has no
 * content to inspect, such as a symlink, or of the archive), or a member or nested archive that
 * could not be read (the rest of the archive still is).
 */
export type ArchiveEvent =
  | { kind: 'member'; member: Member }
  | { kind: 'anomaly'; path: string; anomaly: Anomaly }
  | { kind: 'error'; path: string; size: number; error: BinspectError; origin: Origin | null }
  /** Only when the reader is asked for `entries` (a tar read as a filesystem, e.g. an image layer): a directory or link. */
  | { kind: 'entry'; path: string; entry: string; type: 'dir' | 'symlink' | 'hardlink'; target: string; offset: number };

/** What every reader is given: the archive's path (for member paths), the shared budget and the inflater. */
export interface ReadContext {
  archive: string;
  budget: Budget;
  inflater: Inflater | undefined;
  depth: number;
  /**
   * Yield directories, symlinks and hard links as `entry` events (tar) instead of skipping them or
   * reporting links as anomalies: for readers that rebuild a filesystem (container image layers).
   */
  entries?: boolean;
}
