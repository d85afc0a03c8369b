/**
 * The names of the report's fields (docs/report.md), at the level where each format's queries
 * contribute a getter per field: the report assembles them, and a getter for a name not listed
 * here does not type-check.
 */

/** Every selectable field, in report order. */
export const REPORT_FIELDS = [
  'class', 'endian', 'machine', 'machineCode', 'type', 'linkage', 'interpreter', 'needed', 'soname', 'rpath', 'runpath',
  'libc', 'versionRequirements', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'maxVersions', 'symbolVersions',
  'features', 'buildId', 'uuid', 'pdbGuid', 'minOs', 'sdk', 'go', 'rust', 'compilers', 'package', 'notes', 'packer', 'evidence',
  'stripped', 'debugInfo', 'debugLink', 'slices', 'anomalies',
] as const;
/** A field of every default report (no `select`). */
export type DefaultField = (typeof REPORT_FIELDS)[number];
/**
 * Fields computed only when a caller selects them, never in a default report (they read whole
 * tables): `undefinedSymbols` (ELF dynamic imports, for the gate's symbol blacklists).
 */
export const OPTIONAL_FIELDS = ['undefinedSymbols'] as const;
/** A selectable report field. */
export type ReportField = DefaultField | (typeof OPTIONAL_FIELDS)[number];
/** Every selectable field, in report order. */
export const SELECTABLE: readonly ReportField[] = [...REPORT_FIELDS, ...OPTIONAL_FIELDS];

/** Format extras, each with the field it travels with when a caller selects fields. */
export const EXTRAS = {
  cpuSubtype: 'machineCode', subsystem: 'type', delayNeeded: 'needed', pdbAge: 'pdbGuid', pdbPath: 'pdbGuid', osVersion: 'minOs',
  debugOnly: 'debugInfo',
} as const satisfies Record<string, ReportField>;
/** A format extra's name. */
export type ExtraField = keyof typeof EXTRAS;

/**
 * A format's contribution: a getter per report field or extra it has (a field without one is null
 * for the format). `features` and `slices` are assembled by the report from the feature table and
 * the fat slices. A getter returns the value or throws `BinspectError`.
 */
export type FieldGetters<F> = { readonly [K in Exclude<ReportField, 'features' | 'slices'> | ExtraField]?: (f: F) => unknown };
