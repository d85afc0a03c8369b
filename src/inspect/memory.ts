/**
 * Inspection of bytes in memory: the core's entry point, with no `node:` import (browsers,
 * workers, Deno, Bun).
 */
import { memorySource } from '../bytes/source.js';
import { type AllFields, type InspectOptions, type ReportField, type Selected, buildReport } from '../report/report.js';

/**
 * The report for bytes already in memory (`path` null, `size` the byte length); nothing is copied.
 * Never throws for bad bytes (the report's `error` and `fieldErrors` say what could not be read);
 * throws `TypeError` when `bytes` is no Uint8Array or `select` names an unknown field. The type has
 * exactly the selected fields (`inspect(b, { select: ['machine'] })` has `machine` and no `glibcFloor`).
 */
export function inspect<const S extends readonly ReportField[] = AllFields>(bytes: Uint8Array, options: InspectOptions<S> = {}): Selected<S> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('inspect() needs a Uint8Array');
  return buildReport(memorySource(bytes), null, options);
}
