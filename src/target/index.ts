/**
 * Targets: will a binary load on another system? A target is a root filesystem (a directory or a
 * container image) plus an index built once; {@link resolve} answers for one file as the target's
 * dynamic loader (glibc's ld.so or musl's) would.
 */
export { Target, type Unloadable } from './target.js';
export { type TargetFs, type TargetEntry, resolveInRoot } from './fs.js';
export { DirectoryFs } from './dir.js';
export { resolve, type Resolution, type ResolveOptions, type LoadedObject, type Problem, type ProblemKind, type Via } from './resolve.js';
export { type LoadObject, type NeededVersion, type DefinedVersion, loadObjectOf, loadObjectFromReport } from './object.js';
export { parseLdCache, cacheLookup, cacheFlagsFor, type LdCache, type LdCacheEntry } from './ldcache.js';
export { targetViolations, problemText } from './findings.js';
export { resolutionTree } from './tree.js';
export { ImageFs, imageManifest, type BlobStore, type ImageManifest } from './image.js';
