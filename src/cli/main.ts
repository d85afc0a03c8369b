#!/usr/bin/env node
// Start-up cost is module loading: this entry imports only what every command shares (argument
// parsing, the version); each command's modules are imported when that command runs
// (docs/performance.md, "Start-up"). Type-only imports cost nothing at run time.
import type { AnyReport, ReportField } from '../report/report.js';
import { type Out, parseCommand } from './args.js';
import { packageVersion } from './version.js';

const USAGE = `usage: binspect <command> [options] FILE|DIR...

commands:
  info       everything binspect knows about each file
  glibc      the glibc floor, the symbols that set it, and the versions needed (--symbols: all symbols)
  features   declared protections (PIE, NX, RELRO, BTI/PAC/GCS, IBT/SHSTK, ...)
  scan       fleet scan of files and directories in worker threads (binspect scan --help)
  check      CI gate: fail when a policy or a recorded baseline is exceeded (binspect check --help)
  baseline   record what each file needs, for check --baseline

options:
  --json     one JSON array of reports        --ndjson   one report per line
  --symbols  (glibc) list every versioned symbol
  --target ROOT  (info) the tree of libraries ROOT's loader would load for each file, and what is missing
  --library-path P  (info --target) LD_LIBRARY_PATH as the loader would see it
  --requires, --provides  (info) dependencies in rpm elfdeps' notation: libc.so.6(GLIBC_2.34)(64bit)
  -h, --help                                  -V, --version

Directories are walked recursively; files found there that are no binary are counted, not errors.
Exit status: 0 every file read; 2 a file could not be read or parsed (a named file that is no binary
included; the others are still reported), or bad usage.`;

const GLIBC_FIELDS: ReportField[] = ['machine', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'versionRequirements', 'maxVersions', 'minOs', 'slices'];
const FEATURE_FIELDS: ReportField[] = ['class', 'machine', 'machineCode', 'type', 'features', 'slices'];

/**
 * Runs the CLI; resolves to the exit status. Output goes to `out`/`err` (stdout/stderr by default).
 * A command's modules are loaded on first use, so the promise resolves after that import.
 */
export async function main(argv: string[], out: Out = (s) => process.stdout.write(s), err: Out = (s) => process.stderr.write(s)): Promise<number> {
  if (argv[0] === 'scan') return (await import('./scan.js')).scanCommand(argv.slice(1), out, err);
  if (argv[0] === 'check') return (await import('./check.js')).checkCommand(argv.slice(1), out, err);
  if (argv[0] === 'baseline') return (await import('./check.js')).baselineCommand(argv.slice(1), out, err);
  const parsed = parseCommand(argv, {
    json: { type: 'boolean' }, ndjson: { type: 'boolean' }, symbols: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' },
    target: { type: 'string' }, 'library-path': { type: 'string' }, requires: { type: 'boolean' }, provides: { type: 'boolean' },
  }, 'binspect', USAGE, err);
  if (!parsed) return 2;
  const { values: o, positionals } = parsed;
  if (o.version) {
    out(`binspect ${packageVersion()}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (o.help || command === undefined) {
    (o.help ? out : err)(`${USAGE}\n`);
    return o.help ? 0 : 2;
  }
  let select: ReportField[] | undefined;
  switch (command) {
    case 'info': break;
    case 'glibc': select = o.symbols ? [...GLIBC_FIELDS, 'symbolVersions'] : GLIBC_FIELDS; break;
    case 'features': select = FEATURE_FIELDS; break;
    default:
      err(`binspect: unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
      return 2;
  }
  if (paths.length === 0) {
    err(`binspect: ${command} needs at least one FILE or DIR\n`);
    return 2;
  }
  if (o.json && o.ndjson) {
    err('binspect: --json and --ndjson exclude each other\n');
    return 2;
  }
  if ((o.target !== undefined || o['library-path'] !== undefined) && (command !== 'info' || o.ndjson || o.target === undefined)) {
    err('binspect: --target (with --library-path) is an option of info (and of check), with text or --json output\n');
    return 2;
  }
  if (o.requires || o.provides) {
    if (command !== 'info' || o.ndjson || o.target !== undefined) {
      err('binspect: --requires and --provides are options of info, with text or --json output\n');
      return 2;
    }
    return (await import('./target.js')).infoDeps(paths, o.requires === true, o.provides === true, o.json === true, out, err);
  }
  if (o.target !== undefined) return (await import('./target.js')).infoTarget(paths, o.target, o['library-path'], o.json === true, out, err);
  const [{ hasErrors }, { inspectInputs }, { featuresTable, glibcText, infoText }, { escapeText }, { flattenArchive }] = await Promise.all([
    import('../report/report.js'), import('./inputs.js'), import('./text.js'), import('../util/escape.js'), import('../archive/report.js'),
  ]);
  const render: ((r: AnyReport) => string) | null = command === 'info' ? infoText
    : command === 'glibc' ? (r) => glibcText(r, o.symbols === true) : null;
  let status = 0;
  let notBinary = 0;
  let first = true;
  const table: AnyReport[] = [];
  if (o.json) out('[');
  // info as text shows an archive's own block (what it holds; a wheel's tags and policy) before its members.
  const wholeArchives = command === 'info' && !o.json && !o.ndjson;
  const events = { onSkip: (p: string, why: string) => err(`binspect: skipped ${escapeText(p)}: ${why}\n`), onNotBinary: () => notBinary++, wholeArchives };
  for (const input of inspectInputs(paths, select, events)) {
    if (wholeArchives && Array.isArray(input.members)) {
      out(`${first ? '' : '\n'}${(await import('./archive-text.js')).archiveText(input)}\n`);
      first = false;
      if (input.error) status = 2;
    }
    for (const r of wholeArchives ? flattenArchive(input) : [input]) {
    if (wholeArchives && Array.isArray(r.members)) continue; // its error is in the block above
    if (hasErrors(r)) status = 2;
    if (o.json) {
      out(`${first ? '\n' : ',\n'}${JSON.stringify(r)}`);
    } else if (o.ndjson) {
      out(`${JSON.stringify(r)}\n`);
    } else if (render) {
      out(`${first ? '' : '\n'}${render(r)}\n`);
    } else {
      table.push(r);
    }
    first = false;
    }
  }
  if (o.json) out(first ? ']\n' : '\n]\n');
  if (!o.json && !o.ndjson && !render && table.length) out(featuresTable(table));
  if (notBinary > 0) err(`binspect: ${notBinary} file${notBinary === 1 ? '' : 's'} found in directories ${notBinary === 1 ? 'is' : 'are'} not ELF, PE or Mach-O (skipped)\n`);
  return status;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith('/binspect')) {
  // Only the scan runs long enough for V8's tuning to matter (and starts the workers it must precede).
  if (process.argv[2] === 'scan') (await import('./v8tune.js')).tuneV8();
  // `binspect ... | head`: a closed pipe ends the output quietly, as for any Unix filter.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
