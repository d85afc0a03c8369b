import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';

/**
 * WIN_CERTIFICATE (spec "The Attribute Certificate Table (Image Only)"): one entry of the
 * certificate table (Authenticode signatures), which is not mapped: the SECURITY data directory's
 * VirtualAddress is a file offset. `offset` is the entry's file offset; `dwLength` includes the
 * 8-byte header; entries are 8-byte aligned.
 */
export interface WinCertificate {
  offset: number;
  dwLength: number;
  wRevision: number;
  /** WIN_CERT_TYPE_* (2: PKCS#7 SignedData, i.e. Authenticode). */
  wCertificateType: number;
}

/**
 * The entries of the certificate table at file offset `offset`, `size` bytes. Throws `TRUNCATED`
 * when the table passes the end of the file or an entry's dwLength is below 8 or passes the table,
 * `LIMIT` after `max` entries.
 */
export function readCertificates(src: ByteSource, offset: number, size: number, max: number): WinCertificate[] {
  const where = { format: 'pe' as const, structure: 'WIN_CERTIFICATE' };
  if (offset + size > src.size) {
    throw new BinspectError('TRUNCATED', where.format, where.structure, offset,
      `certificate table of ${size} bytes passes the end of the ${src.size}-byte file`);
  }
  const out: WinCertificate[] = [];
  for (let at = offset; at + 8 <= offset + size;) {
    if (out.length >= max) throw new BinspectError('LIMIT', 'pe', `WIN_CERTIFICATE[${out.length}]`, at, `more than ${max} entries`);
    const v = view(src, at, 8, true, { format: 'pe', structure: `WIN_CERTIFICATE[${out.length}]` });
    const dwLength = v.u32(0);
    if (dwLength < 8 || at + dwLength > offset + size) {
      throw new BinspectError('TRUNCATED', 'pe', `WIN_CERTIFICATE[${out.length}]`, at, `dwLength ${dwLength}`);
    }
    out.push({ offset: at, dwLength, wRevision: v.u16(4), wCertificateType: v.u16(6) });
    at += (dwLength + 7) & ~7;
  }
  return out;
}
