/**
 * The commands and what each answers: for the usage texts, in a module of its own so that the
 * entry can list them without loading any command.
 */
export const COMMAND_ABOUT = {
  info: 'everything binspect knows about each file',
  glibc: 'the glibc floor, the symbols that set it, and the versions needed',
  features: 'declared protections (PIE, NX, RELRO, BTI/PAC/GCS, IBT/SHSTK, ...) as one table',
  scan: 'fleet scan of files and directories in worker threads',
  check: 'CI gate: fail when a policy or a recorded baseline is exceeded',
  baseline: 'record what each file needs, for check --baseline',
} as const;

export type CommandName = keyof typeof COMMAND_ABOUT;
