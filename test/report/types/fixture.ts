// Compiled by test/report/types.test.ts with `tsc --noEmit`: every `@ts-expect-error` line must be
// an error (tsc fails on an unused one), every other line must type-check.
import { inspect, inspectFileSync, scan, type AnyReport, type Report, type ReportField } from '../../../src/index.js';

declare const bytes: Uint8Array;

// No select: every field, none of them optional.
const all = inspect(bytes);
all.glibcFloor satisfies string | null;
all.features satisfies { bindNow: boolean | null } | null;
all.slices?.[0]?.sliceOffset satisfies number | undefined;
// @ts-expect-error a typo of glibcFloor
void all.glibcFlor;
// @ts-expect-error a typo of features.bindNow
void all.features?.bindnow;
// @ts-expect-error undefinedSymbols is computed only when selected
void all.undefinedSymbols;

// A select written in the call narrows the type to the selected fields (and their extras).
const some = inspect(bytes, { select: ['machine', 'needed'] });
some.machine satisfies string | null;
some.delayNeeded satisfies string[] | null | undefined;
// @ts-expect-error not selected
void some.glibcFloor;
// @ts-expect-error pdbAge travels with pdbGuid, which was not selected
void some.pdbAge;

// A readonly list (`as const`) narrows too, for files and scans as for bytes.
const fields = ['glibcFloor', 'slices'] as const;
const file = inspectFileSync('/bin/true', { select: fields });
file.glibcFloor satisfies string | null;
file.slices?.[0]?.glibcFloor satisfies string | null | undefined;
// @ts-expect-error not selected, in a slice either
void file.slices?.[0]?.machine;
// @ts-expect-error not selected
void file.machine;
export async function scanned(): Promise<void> {
  for await (const r of scan(['/usr/bin'], { select: fields })) {
    r.glibcFloor satisfies string | null;
    // @ts-expect-error not selected
    void r.linkage;
  }
}

// A list known only as ReportField[] gives AnyReport: every field may be absent.
declare const chosen: ReportField[];
const any = inspect(bytes, { select: chosen });
any satisfies AnyReport;
// @ts-expect-error may be absent
any.machine satisfies string | null;
// @ts-expect-error still no such field
void any.glibcFlor;

// A full report is a report of any selection.
const r: Report = all;
r satisfies AnyReport;
