import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Where a command writes a line of output or of diagnostics. */
export type Out = (s: string) => unknown;

export type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<T extends Options> = T & { help: { type: 'boolean'; short: 'h' } };
export type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: WithHelp<T>; allowPositionals: true; strict: true }>>;

/**
 * `util.parseArgs` with the CLI's conventions, for every command: positionals allowed, unknown
 * options refused, `-h`/`--help` added. Returns the parsed command line, or the exit status the
 * caller returns at once: 0 after `--help` (the usage on `out`), 2 after a bad command line
 * (`prog: message` and the usage on `err`).
 */
export function parseCommand<T extends Options>(argv: string[], options: T, prog: string, usage: string, out: Out, err: Out): Parsed<T> | number {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<T>, allowPositionals: true, strict: true });
  } catch (e) {
    err(`${prog}: ${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    out(`${usage}\n`);
    return 0;
  }
  return parsed;
}
