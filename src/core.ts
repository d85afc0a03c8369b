/**
 * `binspect/core`: the parsers, queries and report over bytes in memory, with no `node:` import —
 * for browsers, workers, Deno and Bun (docs/architecture.md). File reading, the scan, the gate and the CLI
 * live in the main entry (`binspect`).
 */
export { inspect } from './inspect/memory.js';
export { BinspectError, isBinspectError, type ErrorCode } from './errors.js';
export { type ByteSource, type IoStats, memorySource } from './bytes/source.js';
export { ElfFile, type GnuAbiTag } from './elf/file.js';
export { PeFile, isCoffObject } from './pe/file.js';
export { MachOFile, FatFile } from './macho/file.js';
export { DEFAULT_ELF_LIMITS, type ElfLimits } from './elf/limits.js';
export { DEFAULT_PE_LIMITS, type PeLimits } from './pe/limits.js';
export { DEFAULT_MACHO_LIMITS, type MachOLimits } from './macho/limits.js';
export { compareVersions } from './query/version.js';
export type { GoBuildInfo, GoModule } from './provenance/go.js';
export type { RustDependencies, RustPackage } from './provenance/rust.js';
export { type ZlibInflate, useZlib } from './bytes/zlib.js';
export type { PackageMetadata } from './provenance/package.js';
export type { Compiler, NoteInfo } from './query/provenance.js';
export type { Evidence } from './query/evidence.js';
export type { DebugLink } from './query/hardening.js';
export type { Fortify } from './query/fortify.js';
export { GLIBC_ABI_MARKERS } from './query/glibc.js';
export {
  type Report, type AnyReport, type SliceReport, type Selected, type ReportField, type InspectOptions, type FieldError, type Features, REPORT_FIELDS, SCHEMA, hasErrors, buildReport,
  type ReportLimits, DEFAULT_REPORT_LIMITS,
} from './report/report.js';
export { DEFAULT_CONTAINER_LIMITS, type ContainerLimits } from './container/limits.js';
export { type Inflater, type InflateStream, type Compression } from './container/inflate.js';
export { type Origin, type Anomaly, type ContainerFormat } from './container/member.js';
export { type ArchiveInspectOptions, flattenArchive } from './archive/report.js';
