import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Where a command writes a line of output or of diagnostics. */
export type Out = (s: string) => unknown;

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

/**
 * `util.parseArgs` with the CLI's conventions: positionals allowed, unknown options refused. A bad
 * command line prints `prog: message` and the usage on `err` and returns null (the caller exits 2).
 */
export function parseCommand<T extends Options>(argv: string[], options: T, prog: string, usage: string, err: Out): Parsed<T> | null {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    err(`${prog}: ${(e as Error).message}\n${usage}\n`);
    return null;
  }
}
