import { type AnyReport, type ReportField, hasErrors } from '../report/build.js';
import { flattenArchive } from '../archive/flatten.js';
import { escapeText } from '../util/escape.js';
import { type Options, type Out, parseCommand } from './args.js';
import { FORMATS, type Format, REPORT_FORMATS, chooseFormat, formatOptions, formatUsage } from './formats.js';
import { COMMAND_ABOUT } from './commands.js';
import { inspectInputs, prepareInputs } from './inputs.js';
import { featuresTable, glibcText, infoText } from './text.js';

const GLIBC_FIELDS: ReportField[] = ['machine', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'versionRequirements', 'maxVersions', 'minOs', 'slices'];
const FEATURE_FIELDS: ReportField[] = ['class', 'machine', 'machineCode', 'type', 'features', 'slices'];

/** A one-off command: its own options, the fields it reads and how it writes text. */
interface OneOff {
  options: Options;
  optionsUsage: string;
  select(o: Record<string, unknown>): ReportField[] | undefined;
  /** Text per report, or null for one table of every report at the end. */
  text(o: Record<string, unknown>): ((r: AnyReport) => string) | null;
}

/** The one-off commands: each answers one question about each file. */
export const ONE_OFF = {
  info: {
    options: { target: { type: 'string' }, 'library-path': { type: 'string' }, requires: { type: 'boolean' }, provides: { type: 'boolean' } },
    optionsUsage: `  --target ROOT     the tree of libraries ROOT's loader would load for each file, and what is missing
                    (text or json)
  --library-path P  (with --target) LD_LIBRARY_PATH as the loader would see it
  --requires, --provides  dependencies in rpm elfdeps' notation: libc.so.6(GLIBC_2.34)(64bit)
                    (text or json)
`,
    select: () => undefined, text: () => infoText,
  },
  glibc: {
    options: { symbols: { type: 'boolean' } },
    optionsUsage: '  --symbols         list every versioned symbol\n',
    select: (o) => (o.symbols ? [...GLIBC_FIELDS, 'symbolVersions'] : GLIBC_FIELDS),
    text: (o) => (r) => glibcText(r, o.symbols === true),
  },
  features: {
    options: {}, optionsUsage: '', select: () => FEATURE_FIELDS, text: () => null,
  },
} as const satisfies Record<string, OneOff>;

export type OneOffName = keyof typeof ONE_OFF;

const usageOf = (name: OneOffName): string => `usage: binspect ${name} [options] FILE|DIR...
  ${COMMAND_ABOUT[name]}
options:
${ONE_OFF[name].optionsUsage}${formatUsage(REPORT_FORMATS)}
  -h, --help
Directories are walked recursively; files found there that are no binary are counted, not errors.
exit: 0 every file read; 2 a file could not be read or parsed (a named file that is no binary
included; the others are still reported), or bad usage`;

/** `binspect info|glibc|features`. Returns the exit status (a promise of it for `info --target`). */
export function oneOffCommand(name: OneOffName, argv: string[], out: Out, err: Out): number | Promise<number> {
  const cmd: OneOff = ONE_OFF[name];
  const usage = usageOf(name);
  for (const [other, c] of Object.entries(ONE_OFF)) {
    const misplaced = Object.keys(c.options).find((k) => !Object.hasOwn(cmd.options, k) && argv.includes(`--${k}`));
    if (misplaced) {
      err(`binspect ${name}: --${misplaced} is an option of binspect ${other}, not of ${name}\n`);
      return 2;
    }
  }
  const parsed = parseCommand(argv, { ...cmd.options, ...formatOptions(REPORT_FORMATS) }, `binspect ${name}`, usage, out, err);
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values as Record<string, unknown>;
  const format = chooseFormat(o, REPORT_FORMATS);
  if (typeof format !== 'string') {
    err(`binspect ${name}: ${format.error}\n`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    err(`binspect ${name}: needs at least one FILE or DIR\n${usage}\n`);
    return 2;
  }
  if (o.requires || o.provides) {
    if (format === 'ndjson' || o.target !== undefined) {
      err(`binspect ${name}: --requires and --provides write text or json, without --target\n`);
      return 2;
    }
    return import('./target.js').then((m) => m.infoDeps(parsed.positionals, o.requires === true, o.provides === true, format === 'json', out, err));
  }
  if (typeof o.target === 'string' || o['library-path'] !== undefined) {
    if (typeof o.target !== 'string' || format === 'ndjson') {
      err(`binspect ${name}: --target (with --library-path) writes text or json\n`);
      return 2;
    }
    const root = o.target;
    const libraryPath = o['library-path'] as string | undefined;
    return import('./target.js').then((m) => m.infoTarget(parsed.positionals, root, libraryPath, format === 'json', out, err));
  }
  return write(name, parsed.positionals, o, FORMATS[format], out, err);
}

/** Writes the reports of `paths` in format `spec` (info as text shows an archive's own block before its members). */
async function write(name: OneOffName, paths: string[], o: Record<string, unknown>, spec: Format, out: Out, err: Out): Promise<number> {
  const cmd: OneOff = ONE_OFF[name];
  const json = spec.reports;
  const render = json ? null : cmd.text(o);
  let status = 0;
  let notBinary = 0;
  let first = true;
  const table: AnyReport[] = [];
  if (json) out(json.open);
  const wholeArchives = name === 'info' && !json;
  await prepareInputs(paths);
  const events = { onSkip: (p: string, why: string) => err(`binspect ${name}: skipped ${escapeText(p)}: ${why}\n`), onNotBinary: () => notBinary++, wholeArchives };
  for (const input of inspectInputs(paths, cmd.select(o), events)) {
    if (wholeArchives && Array.isArray(input.members)) {
      out(`${first ? '' : '\n'}${(await import('./archive-text.js')).archiveText(input)}\n`);
      first = false;
      if (input.error) status = 2;
    }
    for (const r of wholeArchives ? flattenArchive(input) : [input]) {
      if (wholeArchives && Array.isArray(r.members)) continue; // its error is in the block above
      if (hasErrors(r)) status = 2;
      if (json) out(json.lines(JSON.stringify(r), first));
      else if (render) out(`${first ? '' : '\n'}${render(r)}\n`);
      else table.push(r);
      first = false;
    }
  }
  if (json) out(json.close(first));
  else if (!render && table.length) out(featuresTable(table));
  if (notBinary > 0) err(`binspect ${name}: ${notBinary} file${notBinary === 1 ? '' : 's'} found in directories ${notBinary === 1 ? 'is' : 'are'} not ELF, PE or Mach-O (skipped)\n`);
  return status;
}
