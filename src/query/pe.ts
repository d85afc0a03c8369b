import {
  IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE, IMAGE_DLLCHARACTERISTICS_EX_CET_COMPAT, IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY,
  IMAGE_DLLCHARACTERISTICS_GUARD_CF, IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA, IMAGE_DLLCHARACTERISTICS_NX_COMPAT,
  IMAGE_FILE_MACHINE_I386, IMAGE_SUBSYSTEM, PE_MACHINE_NAME, nameOf,
} from '../pe/constants.js';
import type { PeFile } from '../pe/file.js';

/**
 * The report fields (docs/report.md) for PE images and bare COFF objects, one getter per field. A
 * getter returns the field's value (null where the format does not have it) or throws
 * `BinspectError` when the bytes it needs are corrupt; the caller wraps each call and records a
 * `fieldErrors` entry. Features are per feature in {@link PE_FEATURES};
 * `PE_FIELDS.features` builds the whole object and throws on the first unreadable feature.
 */

/** One feature's value, null when it does not apply to this file or machine. */
export type PeFeatureGetter = (pe: PeFile) => boolean | null;

const isImage = (pe: PeFile): boolean => pe.format === 'pe';
const dllChar = (pe: PeFile, bit: number): boolean | null =>
  pe.optionalHeader ? (pe.optionalHeader.DllCharacteristics & bit) !== 0 : null;
const notApplicable: PeFeatureGetter = () => null;

/** The features (docs/vocabulary.md) for PE, in report order. */
export const PE_FEATURES: ReadonlyArray<[string, PeFeatureGetter]> = [
  ['pie', (pe) => dllChar(pe, IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE)],
  ['nx', (pe) => dllChar(pe, IMAGE_DLLCHARACTERISTICS_NX_COMPAT)],
  ['bti', notApplicable],
  ['pac', notApplicable],
  ['gcs', notApplicable],
  ['ibt', notApplicable],
  // IMAGE_DLLCHARACTERISTICS_EX_CET_COMPAT from the EX_DLLCHARACTERISTICS debug entry; false without one.
  ['shstk', (pe) => (isImage(pe) ? ((pe.exDllCharacteristics ?? 0) & IMAGE_DLLCHARACTERISTICS_EX_CET_COMPAT) !== 0 : null)],
  ['x86IsaNeeded', notApplicable],
  ['relro', notApplicable],
  ['bindNow', notApplicable],
  ['cfg', (pe) => dllChar(pe, IMAGE_DLLCHARACTERISTICS_GUARD_CF)],
  ['highEntropyVa', (pe) => dllChar(pe, IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA)],
  // SafeSEH exists only on x86: the load config lists the safe handlers (SEHandlerTable/Count).
  ['safeSeh', (pe) => {
    if (!isImage(pe) || pe.fileHeader.Machine !== IMAGE_FILE_MACHINE_I386) return null;
    const lc = pe.loadConfig;
    return lc !== null && ((lc.SEHandlerTable ?? 0n) !== 0n || (lc.SEHandlerCount ?? 0) !== 0);
  }],
  ['forceIntegrity', (pe) => dllChar(pe, IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY)],
  ['signed', (pe) => (isImage(pe) ? pe.hasCertificateTable : null)],
];

const cv = (pe: PeFile) => (isImage(pe) ? pe.codeView : null);
const version = (major: number, minor: number): string => `${major}.${minor}`;

/** How each report field is computed for PE/COFF, in report order (extras: delayNeeded, pdbAge, pdbPath, osVersion). */
export const PE_FIELDS: Record<string, (pe: PeFile) => unknown> = {
  class: (pe) => (pe.optionalHeader ? (pe.pe32plus ? 64 : 32) : null),
  endian: () => 'little',
  machine: (pe) => PE_MACHINE_NAME.get(pe.fileHeader.Machine) ?? null,
  machineCode: (pe) => pe.fileHeader.Machine,
  type: (pe) => (isImage(pe) ? (pe.isDll ? 'dll' : 'executable') : 'relocatable'),
  // Extra: the optional header's Subsystem by its spec name (IMAGE_SUBSYSTEM_WINDOWS_GUI, ..._CUI).
  subsystem: (pe) => {
    const o = pe.optionalHeader;
    if (!o) return null;
    const n = nameOf(IMAGE_SUBSYSTEM, o.Subsystem);
    return n ? `IMAGE_SUBSYSTEM_${n}` : null;
  },
  linkage: (pe) => {
    if (!isImage(pe)) return null;
    return pe.importDescriptors.length > 0 || pe.delayLoadDescriptors.length > 0 ? 'dynamic' : 'static';
  },
  needed: (pe) => (isImage(pe) ? pe.importDescriptors.map((d) => d.dll) : null),
  delayNeeded: (pe) => (isImage(pe) ? pe.delayLoadDescriptors.map((d) => d.dll) : null),
  soname: (pe) => (isImage(pe) && pe.isDll ? (pe.exportDirectory?.dll ?? null) : null),
  features: (pe) => Object.fromEntries(PE_FEATURES.map(([name, get]) => [name, get(pe)])),
  pdbGuid: (pe) => cv(pe)?.guid ?? null,
  pdbAge: (pe) => cv(pe)?.Age ?? null,
  pdbPath: (pe) => cv(pe)?.PdbFileName ?? null,
  minOs: (pe) => {
    const o = pe.optionalHeader;
    return o ? { platform: 'windows', version: version(o.MajorSubsystemVersion, o.MinorSubsystemVersion) } : null;
  },
  osVersion: (pe) => {
    const o = pe.optionalHeader;
    return o ? { platform: 'windows', version: version(o.MajorOperatingSystemVersion, o.MinorOperatingSystemVersion) } : null;
  },
};
