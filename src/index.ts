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
// Everything the core entry offers (parsers, queries, the report over bytes, archive types), then
// what needs Node: file reading, the scan, targets, the gate, and `inspect` with zlib's inflater.
export * from './core.js';
export { openFileSource, openFileHead, type FileSource, type FileHead, type FileSourceOptions, type Known } from './bytes/file.js';
import { inspect as inspectBytes } from './inspect/memory.js';
import { withNodeInflater } from './container/node/zlib.js';
import './provenance/node/zlib.js';
export { inspectFile, inspectFileSync } from './inspect/file.js';
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
export {
  Target, DirectoryFs, resolve, loadObjectOf, loadObjectFromReport, parseLdCache, type TargetFs, type TargetEntry, type Resolution,
  type ResolveOptions, type LoadedObject, type Problem, type LoadObject, type LdCache, ImageFs, type BlobStore,
} from './target/index.js';
export { openImage } from './target/image-node.js';
// The gate as a library (docs/ci.md): policies and the check the CLI's `check` runs.
export { check, checkPolicy, gateFields, GATE_FIELDS } from './gate/check.js';
export { type Policy, type PlatformPolicy, emptyPolicy, mergePolicies } from './gate/policy.js';
export { PRESETS, DISTROS, type Preset, type DistroData, resolvePolicy, suggestPolicies } from './gate/presets.js';
export { WHEEL_POLICIES, AUDITWHEEL_COMMIT } from './gate/policies.generated.js';
export { type WheelPolicyData, type WheelArch, WHEEL_ARCHES, wheelArch } from './gate/wheel.js';
export { type Violation, type RuleId, RULES } from './gate/violation.js';
export { nodeInflater } from './container/node/zlib.js';

/**
 * The report for bytes already in memory (`path` null); nothing is copied. An archive (zip, tar,
 * gzip, ar) gives its report with the reports of the binaries inside (`members`), deflate and
 * gzip data inflated with zlib (docs/archives.md). Throws `TypeError` for bad arguments only.
 */
export const inspect: typeof inspectBytes = (bytes, options = {}) => inspectBytes(bytes, withNodeInflater(options));
export {
  type Baseline, type BaselineEntry, type CompareOptions, BaselineError, compareBaseline, createBaseline, parseBaseline, validateBaseline,
  serializeBaseline,
} from './gate/baseline.js';
export { type GateResult, passed } from './gate/result.js';
