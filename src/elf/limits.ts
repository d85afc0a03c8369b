/**
 * Caps on work driven by counts and chains taken from a file (docs/errors.md). Every table walk and
 * chain walk checks one of these; the caller may raise them.
 */
export interface ElfLimits {
  /** Program headers (e_phnum, or sh_info of section 0 under PN_XNUM). Default 65535. */
  maxProgramHeaders: number;
  /** Section headers. Default 65536. */
  maxSections: number;
  /** Dynamic entries read from PT_DYNAMIC. Default 65536. */
  maxDynamicEntries: number;
  /** Dynamic symbols. Default 16 Mi. */
  maxSymbols: number;
  /** Entries of the Verneed chain, and of all its Vernaux chains together (likewise Verdef/Verdaux). Default 65536. */
  maxVersionEntries: number;
  /** Notes in the whole file (all note segments, or sections, together). Default 4096. */
  maxNotes: number;
  /** Bytes of one string (names, paths). Default 64 KiB. */
  maxStringLength: number;
}

export const DEFAULT_ELF_LIMITS: Readonly<ElfLimits> = Object.freeze({
  maxProgramHeaders: 65535,
  maxSections: 65536,
  maxDynamicEntries: 65536,
  maxSymbols: 16 * 1024 * 1024,
  maxVersionEntries: 65536,
  maxNotes: 4096,
  maxStringLength: 64 * 1024,
});
