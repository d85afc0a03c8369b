/**
 * Caps on work driven by counts, RVAs and tables taken from a PE/COFF file (docs/errors.md). Every
 * table walk checks one of these before it allocates or loops; the caller may raise them.
 */
export interface PeLimits {
  /** Section headers (NumberOfSections). Default 65535 (the field's range; the loader allows 96). */
  maxSections: number;
  /** Import descriptors (IMAGE_IMPORT_DESCRIPTOR) and delay-load descriptors, each. Default 4096. */
  maxImportDescriptors: number;
  /** Entries of one import lookup table (functions per DLL). Default 65536. */
  maxFunctionsPerDll: number;
  /** Entries of all import lookup tables together (imports plus delay imports). Default 1 Mi. */
  maxImportFunctions: number;
  /** Export address table entries and export names, each (ordinals are 16-bit). Default 65536. */
  maxExports: number;
  /** Debug directory entries. Default 1024. */
  maxDebugEntries: number;
  /** Bytes of one string (DLL names, function names, PDB paths). Default 64 KiB. */
  maxStringLength: number;
  /** Bytes scanned for the Rich header between the DOS header and e_lfanew. Default 64 KiB. */
  maxRichScan: number;
}

export const DEFAULT_PE_LIMITS: Readonly<PeLimits> = Object.freeze({
  maxSections: 65535,
  maxImportDescriptors: 4096,
  maxFunctionsPerDll: 65536,
  maxImportFunctions: 1024 * 1024,
  maxExports: 65536,
  maxDebugEntries: 1024,
  maxStringLength: 64 * 1024,
  maxRichScan: 64 * 1024,
});
