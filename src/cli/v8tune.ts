import { setFlagsFromString } from 'node:v8';

/**
 * V8's TurboFan inlining budget for the CLI's own process, set before any worker starts.
 *
 * Each isolate (the main thread, each scan worker) compiles the parser's hot functions anew. With
 * V8's default budget (920 bytes of inlined bytecode per function), compilation is about a third of
 * the CPU of a 35k-file scan on 2 cores (docs/performance.md). A budget of 300 compiles less and runs
 * as fast once warm: -11 % wall time on 3.6k and 35k-file scans (medians of 7 alternating runs,
 * Node 20.20 / V8 11.3). Set only on the V8 it was measured on, and only by the CLI: the library
 * never changes its host's flags.
 */
export function tuneV8(v8Version = process.versions.v8): void {
  if (v8Version.startsWith('11.')) setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
}
