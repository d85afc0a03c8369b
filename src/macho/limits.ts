/**
 * Caps on work driven by counts taken from a Mach-O or fat file (docs/errors.md). Every count read
 * from the file is checked against one of these before it drives a loop; the caller may raise them.
 */
export interface MachOLimits {
  /** fat_header.nfat_arch. Default 64 (lipo writes one entry per architecture). */
  maxFatArchs: number;
  /** mach_header.ncmds. Default 65536. */
  maxLoadCommands: number;
  /** mach_header.sizeofcmds in bytes. Default 16 MiB. */
  maxSizeOfCmds: number;
  /** Symbols read from LC_SYMTAB, and imports from LC_DYLD_CHAINED_FIXUPS. Default 16 Mi. */
  maxSymbols: number;
  /** Blobs in a code-signature SuperBlob. Default 4096. */
  maxSignatureBlobs: number;
  /** Tools in one LC_BUILD_VERSION. Default 256. */
  maxBuildTools: number;
  /** Bytes of one string (paths, symbol names, signing identifier). Default 64 KiB. */
  maxStringLength: number;
}

export const DEFAULT_MACHO_LIMITS: Readonly<MachOLimits> = Object.freeze({
  maxFatArchs: 64,
  maxLoadCommands: 65536,
  maxSizeOfCmds: 16 * 1024 * 1024,
  maxSymbols: 16 * 1024 * 1024,
  maxSignatureBlobs: 4096,
  maxBuildTools: 256,
  maxStringLength: 64 * 1024,
});
