import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * Where a command writes a line of output or of diagnostics; `bytes`, when present, writes UTF-8
 * bytes as they are (the scan writes its workers' output with it, never decoding it) and returns
 * a promise when the bytes are not written yet (they must not be reused before it settles).
 */
export interface Out {
  (s: string): unknown;
  bytes?: (b: Uint8Array) => Promise<unknown> | undefined;
}

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
