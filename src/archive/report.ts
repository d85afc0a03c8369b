/**
 * Reports of archives: the report of a zip, tar, gzip or ar file holds the reports of the binaries
 * inside it (`members`), each with its member path (`OUTER!/entry`), size and `origin`. Surfaces
 * that print one report per binary (the CLI, the scan) flatten it with {@link flattenArchive}.
 */
import type { ByteSource } from '../bytes/source.js';
import { CONTAINER_HEAD, detectContainer, type ContainerKind } from '../container/detect.js';
import { openArchive, unsupportedMessage } from '../container/expand.js';
import type { Inflater } from '../container/inflate.js';
import type { ContainerLimits } from '../container/limits.js';
import type { Anomaly, ContainerFormat } from '../container/member.js';
import { BinspectError } from '../errors.js';
import { detectFormat } from '../report/format.js';
import { type AnyReport, buildReport, failedReport, type InspectOptions } from '../report/build.js';

/** How `inspect*()` and the scan treat archives (`InspectOptions.archives`); `false`: as files that are no binary. */
export interface ArchiveInspectOptions {
  /** Caps (docs/archives.md); validated, `TypeError` for a bad one. */
  limits?: Partial<ContainerLimits>;
  /** Decompressor for deflate and gzip data: the Node entry passes zlib; the core has none (deflated members then get `UNSUPPORTED`). */
  inflater?: Inflater;
}

/** An anomaly of an archive entry that has no report of its own (a symlink, an unsupported member), with its member path. */
export type ArchiveAnomaly = Anomaly & { path: string };

/** Entries whose text an archive's report keeps: the package metadata `check --policy auto` reads. */
const MANIFEST = /^(?:[^/]+\.dist-info\/WHEEL|package\/package\.json|package\.json)$/;
const MANIFEST_MAX = 1 << 20;
const utf8 = new TextDecoder('utf-8');

/** An error only to shape an archive's report as every report is shaped (its `error` is then set to the truth). */
let SHAPE: BinspectError | null = null;

/** What the first bytes of `src` say about it as a container (a short file is no container). */
export function containerOf(src: ByteSource): ContainerKind {
  return src.size < 4 ? null : detectContainer(src.read(0, Math.min(CONTAINER_HEAD, src.size)));
}

/**
 * The report of an archive (`format` its container format, every binary field null): `members`
 * the reports of the binaries inside it and inside archives nested in it (ELF, PE, COFF, Mach-O;
 * each with `path` = member path, `size` = its uncompressed size, `origin`, and its entry's
 * `anomalies`), `notBinaries` the count of other members, `manifests` the text of package metadata
 * (`*.dist-info/WHEEL`, `package/package.json`), `anomalies` those of entries without a report.
 * A member that could not be read is a report with `error`; an archive that could not be read (or
 * that spent its budget) has `error`, after the members read before. Never throws for bad input.
 */
export function archiveReport(src: ByteSource, path: string | null, format: ContainerFormat, opts: InspectOptions): AnyReport {
  const archives = opts.archives === false ? {} : opts.archives ?? {};
  const memberOpts: InspectOptions = { ...opts, archives: false };
  const members: AnyReport[] = [];
  const anomalies: ArchiveAnomaly[] = [];
  const manifests: Record<string, string> = {};
  let notBinaries = 0;
  let error: BinspectError | null = null;
  const outer = path ?? '';
  for (const ev of openArchive(src, outer, format, { limits: archives.limits, inflater: archives.inflater })) {
    if (ev.kind === 'anomaly') {
      anomalies.push({ path: ev.path, ...ev.anomaly });
      continue;
    }
    if (ev.kind === 'error') {
      if (ev.origin === null && ev.path === outer) {
        error = ev.error;
      } else {
        const r = failedReport(ev.path, ev.size, ev.error, memberOpts) as AnyReport;
        if (ev.origin) r.origin = ev.origin;
        members.push(r);
      }
      continue;
    }
    if (ev.kind !== 'member') continue; // entries are asked for by filesystem readers only
    const m = ev.member;
    try {
      if (m.depth === 1 && m.size <= MANIFEST_MAX && MANIFEST.test(m.origin.entry)) {
        manifests[m.origin.entry] = utf8.decode(m.source.read(0, m.size));
        continue;
      }
      if (detectFormat(m.source) === null) {
        notBinaries++;
        continue;
      }
    } catch (e) {
      if (!(e instanceof BinspectError)) throw e;
      const r = failedReport(m.path, m.size, e, memberOpts) as AnyReport;
      r.origin = m.origin;
      members.push(r);
      continue;
    }
    const r = buildReport(m.source, m.path, memberOpts) as AnyReport;
    r.origin = m.origin;
    if (m.anomalies.length) r.anomalies = [...(r.anomalies ?? []), ...m.anomalies];
    members.push(r);
  }
  const r = failedReport(path, src.size, error ?? (SHAPE ??= new BinspectError('BAD_MAGIC', 'bytes', 'archive', null, '')), opts) as AnyReport;
  r.format = format;
  r.error = error ? { code: error.code, message: error.message, offset: error.offset } : null;
  r.members = members;
  r.notBinaries = notBinaries;
  if (Object.keys(manifests).length) r.manifests = manifests;
  if (anomalies.length) r.anomalies = anomalies;
  return r;
}

/** The error for a file compressed in a way binspect cannot read (`UNSUPPORTED`), named by its magic. */
export function unsupportedError(kind: { unsupported: string }): BinspectError {
  return new BinspectError('UNSUPPORTED', 'bytes', 'magic', 0, unsupportedMessage(kind.unsupported));
}

export { flattenArchive, isArchiveReport } from './flatten.js';
