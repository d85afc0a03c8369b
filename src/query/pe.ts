import { IMAGE_SUBSYSTEM, nameOf } from '../pe/constants.js';
import type { PeFile } from '../pe/file.js';
import { peType } from './filetype.js';
import type { FieldGetters } from './fields.js';
import { peMachine } from './machine.js';
import { peGo } from './go.js';
import { pePacker } from './packer.js';
import { peCompilers, peRust } from './provenance.js';

/**
 * The report fields (docs/report.md) for PE images and bare COFF objects, one getter per field. A
 * getter returns the field's value (null where the format does not have it) or throws
 * `BinspectError` when the bytes it needs are corrupt; the caller wraps each call and records a
 * `fieldErrors` entry. Features are read by the feature table (`./features.ts`).
 */

const isImage = (pe: PeFile): boolean => pe.format === 'pe';
const cv = (pe: PeFile) => (isImage(pe) ? pe.codeView : null);
const version = (major: number, minor: number): string => `${major}.${minor}`;

/** How each report field is computed for PE/COFF, in report order (extras: subsystem, delayNeeded, pdbAge, pdbPath, osVersion). */
export const PE_FIELDS: FieldGetters<PeFile> = {
  class: (pe) => (pe.optionalHeader ? (pe.pe32plus ? 64 : 32) : null),
  endian: () => 'little',
  machine: peMachine,
  machineCode: (pe) => pe.fileHeader.Machine,
  type: peType,
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
  anomalies: (p) => p.anomalies,
  go: peGo,
  rust: peRust,
  compilers: peCompilers,
  packer: pePacker,
};
