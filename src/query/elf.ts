import type { ElfFile } from '../elf/file.js';
import { ET_CORE, ET_REL } from '../elf/constants.js';
import { glibcFloor, glibcFloorSymbols, glibcMax, maxVersions, symbolVersions, versionRequirements } from './glibc.js';
import { undefinedSymbols } from './imports.js';
import { elfLibc } from './libc.js';
import { elfLinkage } from './linkage.js';
import { elfType } from './filetype.js';
import { elfMachine } from './machine.js';
import type { FieldGetters } from './fields.js';
import { elfEvidence } from './evidence.js';
import { elfGo } from './go.js';
import { elfDebugInfo, elfDebugLink, elfDebugOnly, elfStripped } from './hardening.js';
import { elfPacker } from './packer.js';
import { elfCompilers, elfNotes, elfPackage, elfRust } from './provenance.js';

const objectOrCore = (e: ElfFile): boolean => e.header.e_type === ET_REL || e.header.e_type === ET_CORE;

/** Runs `f` after checking that no segment passes the end of the file (a truncated file answers nothing but its header). */
const whole = <T>(f: (e: ElfFile) => T) => (e: ElfFile): T => {
  e.checkExtent();
  return f(e);
};

/** How each report field (docs/report.md) is computed for ELF (each getter may throw BinspectError). */
export const ELF_FIELDS: FieldGetters<ElfFile> = {
  class: (e) => e.header.class,
  endian: (e) => (e.header.littleEndian ? 'little' : 'big'),
  machine: elfMachine,
  machineCode: (e) => e.header.e_machine,
  type: whole(elfType),
  linkage: elfLinkage,
  interpreter: whole((e) => e.interpreter),
  needed: (e) => (objectOrCore(e) ? null : whole((x) => x.needed)(e)),
  soname: whole((e) => e.soname),
  rpath: whole((e) => e.rpath),
  runpath: whole((e) => e.runpath),
  libc: elfLibc,
  versionRequirements,
  glibcMax,
  glibcFloor,
  glibcFloorSymbols,
  maxVersions,
  symbolVersions: (e) => symbolVersions(e),
  buildId: whole((e) => e.buildId),
  go: whole(elfGo),
  rust: whole(elfRust),
  compilers: whole(elfCompilers),
  package: whole(elfPackage),
  notes: whole(elfNotes),
  packer: elfPacker,
  evidence: whole(elfEvidence),
  stripped: whole(elfStripped),
  debugInfo: whole(elfDebugInfo),
  debugOnly: whole(elfDebugOnly),
  debugLink: whole(elfDebugLink),
  undefinedSymbols,
  anomalies: (e) => e.anomalies,
};
