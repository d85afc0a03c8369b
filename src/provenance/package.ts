import { BinspectError, type FormatName } from '../errors.js';

/**
 * The package that shipped a file, from the ELF `.note.package` note (owner `FDO`, type
 * `0xcafe1a7e`: the "Package Metadata for Executable Files" spec of systemd/UAPI, which Fedora,
 * Azure Linux and others embed). `type`, `name`, `version`, `architecture`, `osCpe` are the
 * spec's keys; every other top-level key of the JSON object is kept as written.
 */
export type PackageMetadata = Record<string, unknown> & {
  type?: string;
  name?: string;
  version?: string;
  architecture?: string;
  osCpe?: string;
};

/**
 * Parses the note's descriptor: UTF-8 JSON, NUL-padded. Throws `BinspectError` `UNSUPPORTED`
 * (structure `.note.package`, the note's file offset) when it is not a JSON object.
 */
export function parsePackageMetadata(desc: Uint8Array, where: { format: FormatName; offset: number }): PackageMetadata {
  let end = desc.length;
  while (end > 0 && desc[end - 1] === 0) end--;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(desc.subarray(0, end));
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new BinspectError('UNSUPPORTED', where.format, '.note.package', where.offset, `not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new BinspectError('UNSUPPORTED', where.format, '.note.package', where.offset, 'the JSON is not an object');
  }
  return v as PackageMetadata;
}
