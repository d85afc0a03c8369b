/** One finding of the gate. `error` fails the build (exit 1); `warning` fails only with --strict. */
export interface Violation {
  /** The file, as given on the command line (or its baseline key for a vanished file). */
  file: string;
  /** Stable rule id (SARIF ruleId, JUnit failure type). */
  rule: RuleId;
  level: 'error' | 'warning';
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

/** Every rule, with the text SARIF and docs use. */
export const RULES = {
  'unreadable': 'The file could not be read or its requirements could not be determined',
  'version-ceiling': 'A symbol version namespace exceeds the policy ceiling',
  'version-not-allowed': 'A needed version name is not one the platform policy allows',
  'platform': 'The file is not of the format the platform policy is for',
  'wheel-tags': 'The platform tags of a wheel\'s file name and of its *.dist-info/WHEEL differ',
  'npm-os': 'A binary of an npm package is for an OS its package.json os field excludes',
  'npm-cpu': 'A binary of an npm package is for a CPU its package.json cpu field excludes',
  'npm-libc': 'A binary of an npm package needs a C library its package.json libc field excludes',
  'blacklisted-symbol': 'The file imports a symbol the platform policy blacklists',
  'isa-level': 'The file needs an x86-64 ISA level above the platform baseline',
  'machine': 'The file is built for another machine',
  'linkage': 'The file has another linkage than required',
  'libc': 'The file is built against another C library than required',
  'missing-protection': 'A required protection is not declared',
  'denied-library': 'The file needs a library the policy denies',
  'unallowed-library': 'The file needs a library outside the allowed list',
  'version-raised': 'A namespace needs a higher version than the baseline recorded',
  'new-namespace': 'The file needs a version namespace the baseline did not record',
  'new-version-node': 'The file needs a non-numeric version node the baseline did not record',
  'new-library': 'The file needs a library the baseline did not record',
  'machine-changed': 'The machine differs from the baseline',
  'linkage-changed': 'The linkage differs from the baseline',
  'lost-protection': 'A protection recorded in the baseline is no longer declared',
  'new-file': 'A file not in the baseline',
  'vanished-file': 'A baseline file was not found',
  'missing-interpreter': 'The target has no usable program interpreter (PT_INTERP) for the file',
  'missing-library': 'A needed library cannot be found or loaded in the target',
  'missing-version': 'A needed symbol version is not defined by the library the target would load',
  'target-warning': 'The target\'s loader would only warn (a weak version missing), or the target is incomplete (no ld.so.cache)',
} as const;
export type RuleId = keyof typeof RULES;
