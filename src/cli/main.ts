#!/usr/bin/env node
// Start-up cost is module loading: this entry imports only what every command shares (argument
// parsing, the version, the command list); each command's modules are imported when that command
// runs (docs/performance.md, "Start-up"). Type-only imports cost nothing at run time.
import { type Out, parseCommand } from './args.js';
import { COMMAND_ABOUT, type CommandName } from './commands.js';
import { endQuietlyOnClosedOutput } from './stdio.js';
import { packageVersion } from './version.js';

type Run = (argv: string[], out: Out, err: Out) => number | Promise<number>;

/** How each command is loaded: its module, imported on first use. */
const LOAD: Record<CommandName, () => Promise<Run>> = {
  info: async () => { const m = await import('./oneoff.js'); return (a, o, e) => m.oneOffCommand('info', a, o, e); },
  glibc: async () => { const m = await import('./oneoff.js'); return (a, o, e) => m.oneOffCommand('glibc', a, o, e); },
  features: async () => { const m = await import('./oneoff.js'); return (a, o, e) => m.oneOffCommand('features', a, o, e); },
  scan: async () => (await import('./scan.js')).scanCommand,
  check: async () => (await import('./check.js')).checkCommand,
  baseline: async () => (await import('./check.js')).baselineCommand,
};

const USAGE = `usage: binspect <command> [options] FILE|DIR...

commands:
${Object.entries(COMMAND_ABOUT).map(([n, about]) => `  ${n.padEnd(9)}  ${about}`).join('\n')}

binspect <command> --help shows a command's options.
  -h, --help      this text                  -V, --version   binspect's version

Directories are walked recursively; files found there that are no binary are counted, not errors.
Exit status: 0 every file read (check: passed); 1 check failed; 2 a file could not be read or
parsed (a named file that is no binary included; the others are still reported), or bad usage.`;

/**
 * Standard output, for text and for the scan's UTF-8 bytes; a bytes write that stdout only queued
 * resolves on 'drain', so the buffer is not reused before it is written.
 */
const stdout: Out = Object.assign((s: string) => process.stdout.write(s), {
  bytes: (b: Uint8Array): Promise<unknown> | undefined =>
    (process.stdout.write(b) ? undefined : new Promise((resolve) => process.stdout.once('drain', resolve))),
});

/**
 * Runs the CLI; resolves to the exit status. Output goes to `out`/`err` (stdout/stderr by default).
 * A command's modules are loaded on first use, so the promise resolves after that import.
 */
export async function main(argv: string[], out: Out = stdout, err: Out = (s) => process.stderr.write(s)): Promise<number> {
  const name = argv[0];
  if (name !== undefined && Object.hasOwn(LOAD, name)) return (await LOAD[name as CommandName]())(argv.slice(1), out, err);
  const parsed = parseCommand(argv, { version: { type: 'boolean', short: 'V' } }, 'binspect', USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  if (parsed.values.version) {
    out(`binspect ${packageVersion()}\n`);
    return 0;
  }
  const [unknown] = parsed.positionals;
  err(unknown === undefined ? `${USAGE}\n` : `binspect: unknown command ${JSON.stringify(unknown)}\n${USAGE}\n`);
  return 2;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith('/binspect')) {
  // Only the scan runs long enough for V8's tuning to matter (and starts the workers it must precede).
  if (process.argv[2] === 'scan') (await import('./v8tune.js')).tuneV8();
  endQuietlyOnClosedOutput();
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
