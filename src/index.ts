/**
 * binspect: inspect ELF, PE/COFF and Mach-O (thin and fat) binaries without running them.
 *
 * `inspect(bytes)` answers from bytes in memory (zero-copy); `inspectFileSync(path)` and
 * `inspectFile(path)` read only the byte ranges the asked fields need, and report what that cost
 * in `io`. All three return a {@link Report} for every input, a broken one included; only bad
 * arguments throw (`TypeError`). The structure views ({@link ElfFile}, {@link PeFile},
 * {@link MachOFile}, {@link FatFile}) throw {@link BinspectError}. {@link scan} walks directories
 * and inspects files in worker threads.
 */
import { memorySource } from './bytes/source.js';
import { type InspectOptions, type Report, buildReport } from './report/report.js';
import { inspectPath } from './scan/inspect.js';

export { BinspectError, isBinspectError, type ErrorCode } from './errors.js';
export { type ByteSource, type IoStats, memorySource } from './bytes/source.js';
export { openFileSource, type FileSource, type FileSourceOptions } from './bytes/file.js';
export { ElfFile, type GnuAbiTag } from './elf/file.js';
export { PeFile, isCoffObject } from './pe/file.js';
export { MachOFile, FatFile } from './macho/file.js';
export { scan, type ScanInput, type ScanOptions, type ScanRun, type ScanStats } from './scan/scan.js';
export { type ElfHeader } from './elf/header.js';
export { Phdr } from './elf/phdr.js';
export { type Shdr } from './elf/shdr.js';
export { Dyn } from './elf/dynamic.js';
export { type Sym } from './elf/symbol.js';
export { type Verneed, type Vernaux } from './elf/verneed.js';
export { type Verdef, type Verdaux } from './elf/verdef.js';
export { type Note } from './elf/note.js';
export { type GnuProperty } from './elf/property.js';
export { DEFAULT_ELF_LIMITS, type ElfLimits } from './elf/limits.js';
export { compareVersions } from './query/version.js';
export { GLIBC_ABI_MARKERS } from './query/glibc.js';
export {
  type Report, type ReportField, type InspectOptions, type FieldError, type Features, REPORT_FIELDS, SCHEMA, hasErrors,
} from './report/report.js';
export { DEFAULT_PE_LIMITS, type PeLimits } from './pe/limits.js';
export { DEFAULT_MACHO_LIMITS, type MachOLimits } from './macho/limits.js';
export {
  Target, DirectoryFs, resolve, loadObjectOf, loadObjectFromReport, parseLdCache, type TargetFs, type TargetEntry, type Resolution,
  type ResolveOptions, type LoadedObject, type Problem, type LoadObject, type LdCache, ImageFs, type BlobStore,
} from './target/index.js';
export { openImage } from './target/image-node.js';

/** The report for bytes already in memory (`path` is null). Nothing is copied. */
export function inspect(bytes: Uint8Array, options: InspectOptions = {}): Report {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('inspect() needs a Uint8Array');
  return buildReport(memorySource(bytes), null, options);
}

/**
 * The report for the file at `path`, reading only the ranges the selected fields need with
 * synchronous positioned reads; `io` gives the bytes read and the read calls. A file that cannot
 * be opened or is not a regular file gets `error.code` `IO`.
 */
export function inspectFileSync(path: string, options: InspectOptions = {}): Report {
  if (typeof path !== 'string') throw new TypeError('inspectFileSync() needs a path string');
  const { select, ...rest } = options;
  return inspectPath(path, select, undefined, undefined, rest);
}

/**
 * Promise form of {@link inspectFileSync}. The parsers are synchronous; the reads it makes are a
 * handful of small positioned reads, done on the calling thread. Use `scan()` to spread many files
 * over worker threads.
 */
export async function inspectFile(path: string, options: InspectOptions = {}): Promise<Report> {
  return inspectFileSync(path, options);
}

// The gate as a library (docs/ci.md): policies and the check the CLI's `check` runs.
export { check, checkPolicy, GATE_FIELDS } from './gate/check.js';
export { type Policy, type PlatformPolicy, emptyPolicy, mergePolicies } from './gate/policy.js';
export { PRESETS, DISTROS, type Preset, type DistroData, resolvePolicy, suggestPolicies } from './gate/presets.js';
export { WHEEL_POLICIES, AUDITWHEEL_COMMIT } from './gate/policies.generated.js';
export { type WheelPolicyData, type WheelArch, WHEEL_ARCHES, wheelArch } from './gate/wheel.js';
export { type Violation, type RuleId, RULES } from './gate/violation.js';
