import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { readCString } from '../bytes/strings.js';
import { view } from '../bytes/view.js';
import {
  CSMAGIC_CODEDIRECTORY, CSMAGIC_EMBEDDED_SIGNATURE, CSSLOT_CODEDIRECTORY, CSSLOT_DER_ENTITLEMENTS, CSSLOT_ENTITLEMENTS,
  CS_ADHOC, CS_HASHTYPE, CS_RUNTIME, CS_SUPPORTSEXECSEG, CS_SUPPORTSTEAMID, nameOf,
} from './constants.js';
import { type LoadCommand, needSize } from './loadcommands.js';
import type { MachOLimits } from './limits.js';

/** `struct linkedit_data_command` (16 bytes): `dataoff`/`datasize` are a file range in __LINKEDIT. */
export interface LinkeditData {
  cmd: number;
  dataoff: number;
  datasize: number;
}

/** Decodes a linkedit_data_command (LC_CODE_SIGNATURE, LC_FUNCTION_STARTS, LC_DYLD_CHAINED_FIXUPS, ...). */
export function readLinkeditData(lc: LoadCommand): LinkeditData {
  needSize(lc, 16, 'linkedit_data_command');
  return { cmd: lc.cmd, dataoff: lc.data.u32(8), datasize: lc.data.u32(12) };
}

/** One `CS_BlobIndex` of the SuperBlob: slot `type` (CSSLOT_*), `offset` from the SuperBlob start, and the blob's magic. */
export interface BlobIndex {
  type: number;
  offset: number;
  magic: number;
}

/**
 * `CS_CodeDirectory` (cs_blobs.h, big-endian). `identifier` is the signing identifier, `teamId`
 * the team (version >= 0x20200 and teamOffset != 0, else null); `flags` the CS_* bits
 * (CS_ADHOC 0x2, CS_RUNTIME 0x10000 = hardened runtime).
 */
export interface CodeDirectory {
  offset: number;
  length: number;
  version: number;
  flags: number;
  hashOffset: number;
  identOffset: number;
  nSpecialSlots: number;
  nCodeSlots: number;
  codeLimit: number;
  hashSize: number;
  hashType: number;
  hashTypeName: string | undefined;
  platform: number;
  /** log2 of the page size. */
  pageSize: number;
  identifier: string;
  teamId: string | null;
  /** execSegFlags (version >= 0x20400), else null. */
  execSegFlags: bigint | null;
}

/** The embedded signature (`CS_SuperBlob`) an LC_CODE_SIGNATURE points to. */
export interface CodeSignature {
  dataoff: number;
  datasize: number;
  blobs: BlobIndex[];
  /** The CodeDirectory in slot CSSLOT_CODEDIRECTORY, or null when there is none. */
  codeDirectory: CodeDirectory | null;
  /** A CSSLOT_ENTITLEMENTS or CSSLOT_DER_ENTITLEMENTS blob is present. */
  hasEntitlements: boolean;
  hardenedRuntime: boolean;
  adHoc: boolean;
}

/**
 * Reads the SuperBlob at `[dataoff, dataoff + datasize)` of `src` and its CodeDirectory, reading
 * only the blob index and the CodeDirectory's fixed part and strings (not the hashes). Throws
 * `BinspectError` (format 'macho'): `TRUNCATED` (range past the end of the file), `BAD_MAGIC`
 * (not CSMAGIC_EMBEDDED_SIGNATURE / CSMAGIC_CODEDIRECTORY), `OUT_OF_BOUNDS` (an index entry or the
 * CodeDirectory outside the SuperBlob), `LIMIT` (more than `maxSignatureBlobs` blobs).
 */
export function readCodeSignature(src: ByteSource, le: LinkeditData, limits: MachOLimits): CodeSignature {
  const { dataoff, datasize } = le;
  if (dataoff + datasize > src.size) {
    throw new BinspectError('TRUNCATED', 'macho', 'LC_CODE_SIGNATURE', dataoff,
      `signature [0x${dataoff.toString(16)}, +${datasize}) passes the end of the ${src.size}-byte file`);
  }
  const h = view(src, dataoff, Math.min(12, datasize), false, { format: 'macho', structure: 'CS_SuperBlob' });
  if (h.length < 12 || h.u32(0) !== CSMAGIC_EMBEDDED_SIGNATURE) {
    throw new BinspectError('BAD_MAGIC', 'macho', 'CS_SuperBlob', dataoff, 'not CSMAGIC_EMBEDDED_SIGNATURE (0xfade0cc0)');
  }
  const length = Math.min(h.u32(4), datasize);
  const count = h.u32(8);
  if (count > limits.maxSignatureBlobs) {
    throw new BinspectError('LIMIT', 'macho', 'CS_SuperBlob', dataoff + 8, `${count} blobs > ${limits.maxSignatureBlobs}`);
  }
  if (12 + count * 8 > length) {
    throw new BinspectError('OUT_OF_BOUNDS', 'macho', 'CS_SuperBlob', dataoff + 8, `${count} blob indexes do not fit in ${length} bytes`);
  }
  const idx = view(src, dataoff + 12, count * 8, false, { format: 'macho', structure: 'CS_BlobIndex' });
  const blobs: BlobIndex[] = [];
  for (let i = 0; i < count; i++) {
    const type = idx.u32(i * 8);
    const offset = idx.u32(i * 8 + 4);
    if (offset < 12 || offset + 8 > length) {
      throw new BinspectError('OUT_OF_BOUNDS', 'macho', `CS_BlobIndex[${i}]`, dataoff + 12 + i * 8,
        `blob offset ${offset} is outside the ${length}-byte SuperBlob`);
    }
    const magic = view(src, dataoff + offset, 4, false, { format: 'macho', structure: `CS_BlobIndex[${i}]` }).u32(0);
    blobs.push({ type, offset, magic });
  }
  const cdIndex = blobs.find((b) => b.type === CSSLOT_CODEDIRECTORY);
  const codeDirectory = cdIndex ? readCodeDirectory(src, dataoff + cdIndex.offset, dataoff + length, limits) : null;
  const flags = codeDirectory?.flags ?? 0;
  return {
    dataoff, datasize, blobs, codeDirectory,
    hasEntitlements: blobs.some((b) => b.type === CSSLOT_ENTITLEMENTS || b.type === CSSLOT_DER_ENTITLEMENTS),
    hardenedRuntime: (flags & CS_RUNTIME) !== 0,
    adHoc: (flags & CS_ADHOC) !== 0,
  };
}

/** Reads the CS_CodeDirectory at file offset `at`, which must end before `end` (the SuperBlob's end). */
function readCodeDirectory(src: ByteSource, at: number, end: number, limits: MachOLimits): CodeDirectory {
  const where = { format: 'macho' as const, structure: 'CS_CodeDirectory' };
  const head = view(src, at, Math.min(8, end - at), false, where);
  if (head.length < 8 || head.u32(0) !== CSMAGIC_CODEDIRECTORY) {
    throw new BinspectError('BAD_MAGIC', 'macho', 'CS_CodeDirectory', at, 'not CSMAGIC_CODEDIRECTORY (0xfade0c02)');
  }
  const length = head.u32(4);
  if (length < 44 || at + length > end) {
    throw new BinspectError('OUT_OF_BOUNDS', 'macho', 'CS_CodeDirectory', at, `length ${length} does not fit in the SuperBlob`);
  }
  const v = view(src, at, Math.min(length, 88), false, where);
  const version = v.u32(8);
  const identOffset = v.u32(20);
  const str = (off: number, field: string): string => {
    if (off < 44 || off >= length) {
      throw new BinspectError('OUT_OF_BOUNDS', 'macho', `CS_CodeDirectory.${field}`, at, `offset ${off} outside the ${length}-byte CodeDirectory`);
    }
    return readCString(src, at + off, at + length, limits.maxStringLength, { format: 'macho', structure: `CS_CodeDirectory.${field}` });
  };
  const teamOffset = version >= CS_SUPPORTSTEAMID && v.length >= 52 ? v.u32(48) : 0;
  return {
    offset: at, length, version, flags: v.u32(12), hashOffset: v.u32(16), identOffset,
    nSpecialSlots: v.u32(24), nCodeSlots: v.u32(28), codeLimit: v.u32(32), hashSize: v.u8(36), hashType: v.u8(37),
    hashTypeName: nameOf(CS_HASHTYPE, v.u8(37)), platform: v.u8(38), pageSize: v.u8(39),
    identifier: str(identOffset, 'identOffset'),
    teamId: teamOffset === 0 ? null : str(teamOffset, 'teamOffset'),
    execSegFlags: version >= CS_SUPPORTSEXECSEG && v.length >= 88 ? v.u64(80) : null,
  };
}
