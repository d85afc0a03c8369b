/**
 * One finding of the gate. `error` fails the build (exit 1); `warning` fails only with --strict;
 * `note` never fails (not with --strict either): it says what the gate did not judge, and why.
 */
export interface Violation {
  /** The file, as given on the command line (or its baseline key for a vanished file). */
  file: string;
  /** Stable rule id (SARIF ruleId, JUnit failure type). */
  rule: RuleId;
  level: Level;
  /** One-line human message. */
  message: string;
  /** The version namespace concerned (`GLIBC`, `GLIBCXX`), when there is one. */
  namespace?: string;
  /** Allowed or recorded value, and the value found. */
  old?: string | null;
  new?: string | null;
  /** The symbols responsible, with their library: `fcntl64@GLIBC_2.28 from libc.so.6`. */
  symbols?: Array<{ symbol: string | null; version: string; file: string }>;
  /** How to avoid it, for well-known culprits. */
  hints?: string[];
  /** Target checks (`--target`): the files from the checked one down to the one with the unmet need. */
  chain?: string[];
  /** Target checks: the paths the loader would try, in order. */
  searched?: string[];
}

/** How serious a finding is, most serious first. */
export const LEVELS = ['error', 'warning', 'note'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Every rule: `description` (one line: SARIF `shortDescription`, docs) and `help` (what to do about
 * it: SARIF rule `help`, the GitHub step summary).
 */
export const RULES = {
  'unreadable': {
    description: 'The file or directory could not be read, or the requirements of a file could not be determined',
    help: 'binspect fails closed: a truncated or corrupt file, or an entry it cannot open, is never "needs nothing". Fix the file or the permissions, or leave the path out of the check.',
  },
  'no-binary': {
    description: 'No ELF, PE or Mach-O file was found in the paths checked',
    help: 'A gate that judged nothing passes nothing: check the paths (a build that produced no binary, a wrong directory). --allow-empty accepts an empty selection.',
  },
  'anomaly': {
    description: 'The file holds two readings of a checked fact (the loader\'s and another); see docs/loader.md',
    help: 'A structure the loader reads disagrees with another reading of the file (duplicate tags or segments, a count that lies, a table outside the loaded bytes): rebuild the file, or, once the anomaly is understood, pass --allow-anomaly CODE.',
  },
  'version-ceiling': {
    description: 'A symbol version namespace exceeds the policy ceiling',
    help: 'Build against an older C library (or libstdc++), or avoid the symbols named: each needs the version shown. The hints name known culprits and their remedies.',
  },
  'version-not-allowed': {
    description: 'A needed version name is not one the platform policy allows',
    help: 'The platform policy (auditwheel\'s, for manylinux) lists the version names each library may be needed at: build in the policy\'s image (e.g. quay.io/pypa/manylinux2014) or avoid the symbols named.',
  },
  'platform': { description: 'The file is not of the format the platform policy is for', help: 'The policy is for another platform (architecture, class, byte order or C library): check the artifact or choose the policy of its platform.' },
  'blacklisted-symbol': { description: 'The file imports a symbol the platform policy blacklists', help: 'The policy forbids these imports (auditwheel\'s blacklist): avoid them, or link the code that needs them statically.' },
  'isa-level': { description: 'The file needs an x86-64 ISA level above the platform baseline', help: 'Build for the baseline ISA (-march=x86-64), or leave the ISA-level marker out of objects that do not need it.' },
  'machine': { description: 'The file is built for another machine', help: 'Build for the machine the policy names (--machine), or check the right artifact.' },
  'linkage': { description: 'The file has another linkage than required', help: 'Link the file as the policy requires (--linkage static, static-pie or dynamic).' },
  'libc': { description: 'The file is built against another C library than required', help: 'Build against the C library the policy requires (musllinux: musl).' },
  'not-applicable': {
    description: 'A required protection does not apply to the file, so it was not judged',
    help: 'Not a failure: the protection has no meaning for this file\'s format, machine or type (BTI on x86-64, PIE on a shared library), and --require judges it only where it applies. Nothing to do.',
  },
  'missing-protection': {
    description: 'A required protection is not declared',
    help: 'Build with the flags that declare it (e.g. -fcf-protection for IBT/SHSTK, -mbranch-protection=standard for BTI/PAC, -Wl,-z,relro,-z,now for full RELRO, -fstack-protector-strong for canary, -O2 -D_FORTIFY_SOURCE=2 for fortify, -fPIC against TEXTREL), and make sure every object of the link declares it.',
  },
  'unknown-protection': {
    description: 'A required protection cannot be judged: the file does not tell',
    help: 'The file holds nothing that shows the protection (a stripped static file names no stack-protector symbol; a static file imports no fortified function): keep its symbol table (do not strip it), or pass --allow-unknown to accept what cannot be judged.',
  },
  'packed': {
    description: 'The file is packed (UPX)',
    help: 'A packed file is a decompression stub: what it needs and declares is the stub\'s, not the program\'s, so the gate cannot judge the program. Ship it unpacked (upx -d), or drop --deny-packed.',
  },
  'go-release': {
    description: 'The Go binary was built by a Go release older than required',
    help: 'Rebuild with a Go release at least as new as --min-go (an older one may carry fixed vulnerabilities of the standard library).',
  },
  'cgo': {
    description: 'The Go binary was built with cgo on',
    help: 'Build with CGO_ENABLED=0 so that the file needs no C library, or drop --no-cgo if it is meant to link one.',
  },
  'denied-library': { description: 'The file needs a library the policy denies', help: 'Remove the dependency or link it statically; --deny-needed names the libraries the policy forbids.' },
  'unallowed-library': { description: 'The file needs a library outside the allowed list', help: 'Remove the dependency, or add it to --allow-needed if it is meant to be there.' },
  'version-raised': {
    description: 'A namespace needs a higher version than the baseline recorded',
    help: 'The change raised what the file needs: avoid the symbols named (see the hints), or, if the rise is intended, run check --update and commit the baseline with the change.',
  },
  'new-namespace': { description: 'The file needs a version namespace the baseline did not record', help: 'A new dependency brought a versioned namespace: avoid it, or record it on purpose with check --update.' },
  'new-version-node': {
    description: 'The file needs a non-numeric version node the baseline did not record',
    help: 'A non-numeric node (GLIBC_ABI_DT_RELR, GLIBC_PRIVATE) ties the file to a newer or specific C library: see the hint, or record it on purpose with check --update.',
  },
  'new-library': { description: 'The file needs a library the baseline did not record', help: 'A new DT_NEEDED / import: remove it, or record it on purpose with check --update.' },
  'machine-changed': { description: 'The machine differs from the baseline', help: 'The file is now built for another machine: check the build, or record the change with check --update.' },
  'linkage-changed': { description: 'The linkage differs from the baseline', help: 'The file is now linked differently: check the build, or record the change with check --update.' },
  'lost-protection': { description: 'A protection recorded in the baseline is no longer declared', help: 'Restore the build flags that declared it (an object of the link may lack the property), or record the change with check --update.' },
  'baseline-root': {
    description: 'No file checked matches any file of the baseline',
    help: 'Baseline keys are paths relative to --root (default: the current directory): run from the directory the baseline was written in, or pass --root.',
  },
  'missing-interpreter': {
    description: 'The target has no usable program interpreter (PT_INTERP) for the file',
    help: 'The target root lacks the loader the file names (PT_INTERP): install the C library package of the target, or build for the target\'s loader.',
  },
  'missing-library': {
    description: 'A needed library cannot be found or loaded in the target',
    help: 'No library of that name (DT_NEEDED) is found where the target\'s loader searches (DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, ld.so.cache, default directories): ship it, install its package in the target, or drop the dependency.',
  },
  'missing-version': {
    description: 'A needed symbol version is not defined by the library the target would load',
    help: 'The library the target would load is older than the one the file was linked against: build against the target\'s version (an older sysroot or image), or upgrade the library in the target.',
  },
  'target-warning': {
    description: 'The target\'s loader would only warn (a weak version missing), or the target is incomplete (no ld.so.cache)',
    help: 'Not a load failure: check the named version or complete the target (run ldconfig in it).',
  },
  'wheel-tags': { description: 'The platform tags of a wheel\'s file name and of its *.dist-info/WHEEL differ', help: 'Make the wheel\'s file name and its WHEEL metadata declare the same platform tags (rebuild or retag the wheel).' },
  'npm-os': { description: 'A binary of an npm package is for an OS its package.json os field excludes', help: 'Ship the binary in a package whose os field covers it, or fix the os field.' },
  'npm-cpu': { description: 'A binary of an npm package is for a CPU its package.json cpu field excludes', help: 'Ship the binary in a package whose cpu field covers it, or fix the cpu field.' },
  'npm-libc': { description: 'A binary of an npm package needs a C library its package.json libc field excludes', help: 'Ship the binary in a package whose libc field covers it (glibc or musl), or fix the libc field.' },
  'new-file': { description: 'A file not in the baseline', help: 'Record it with check --update (or binspect baseline) when it is meant to ship.' },
  'vanished-file': { description: 'A baseline file was not found', help: 'Record its removal with check --update when it is meant to be gone.' },
} as const satisfies Record<string, { description: string; help: string }>;
export type RuleId = keyof typeof RULES;
