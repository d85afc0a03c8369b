import { BinspectError } from '../../errors.js';

/** A POSIX ustar / GNU / pre-POSIX tar header block (POSIX.1-2017 pax, "ustar Interchange Format"). */
export interface TarHeader {
  /** `name`, with the ustar `prefix` joined in front when the header is POSIX ustar. */
  name: string;
  /** Bytes of data that follow the header (padded to 512). */
  size: number;
  /** `typeflag`: '0' regular, '1' hard link, '2' symlink, '5' directory, 'x'/'g' pax, 'L'/'K' GNU long names, ... */
  typeflag: string;
  linkname: string;
  /** Offset of the header in the tar stream. */
  offset: number;
}

const utf8 = new TextDecoder('utf-8');

/** A NUL-terminated field as text (UTF-8; invalid bytes become U+FFFD). */
export function fieldText(b: Uint8Array, at: number, len: number): string {
  const f = b.subarray(at, at + len);
  const nul = f.indexOf(0);
  return utf8.decode(nul < 0 ? f : f.subarray(0, nul));
}

/**
 * A numeric field: octal digits ended by NUL or space, or the GNU base-256 form (high bit of the
 * first byte set). Throws `OUT_OF_BOUNDS` for a negative base-256 value, one of 2^53 or more, or
 * a field that is neither form.
 */
export function numericField(b: Uint8Array, at: number, len: number, structure: string, offset: number): number {
  const first = b[at]!;
  if (first & 0x80) {
    if (first === 0xff) throw new BinspectError('OUT_OF_BOUNDS', 'tar', structure, offset, 'negative base-256 value');
    let v = first & 0x7f;
    for (let i = 1; i < len; i++) {
      v = v * 256 + b[at + i]!;
      if (v > Number.MAX_SAFE_INTEGER) throw new BinspectError('OUT_OF_BOUNDS', 'tar', structure, offset, 'base-256 value of 2^53 or more');
    }
    return v;
  }
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(b[at + i]!);
  const m = /^[ ]*([0-7]*)[ \0]*$/.exec(s);
  if (!m) throw new BinspectError('OUT_OF_BOUNDS', 'tar', structure, offset, `field is not octal: ${JSON.stringify(s)}`);
  return m[1] === '' ? 0 : parseInt(m[1]!, 8);
}

/** Decodes a header block (its checksum already checked). */
export function readTarHeader(h: Uint8Array, offset: number): TarHeader {
  const posix = fieldText(h, 257, 6) === 'ustar' && h[262] === 0;
  const name = fieldText(h, 0, 100);
  const prefix = posix ? fieldText(h, 345, 155) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    size: numericField(h, 124, 12, 'header size', offset + 124),
    typeflag: h[156] === 0 ? '0' : String.fromCharCode(h[156]!),
    linkname: fieldText(h, 157, 100),
    offset,
  };
}

/**
 * pax extended header records (`"%d %s=%s\n"`, POSIX pax "pax Extended Header"). A malformed record
 * ends the parse: the records before it are kept and `bad` says where it failed.
 */
export function parsePax(data: Uint8Array): { records: Map<string, string>; bad: number | null } {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    if (data[at] === 0) break;
    const sp = data.indexOf(0x20, at);
    if (sp < 0 || sp - at > 20) return { records, bad: at };
    const len = Number(utf8.decode(data.subarray(at, sp)));
    if (!Number.isSafeInteger(len) || len <= sp - at + 1 || at + len > data.length || data[at + len - 1] !== 0x0a) return { records, bad: at };
    const rec = utf8.decode(data.subarray(sp + 1, at + len - 1));
    const eq = rec.indexOf('=');
    if (eq <= 0) return { records, bad: at };
    records.set(rec.slice(0, eq), rec.slice(eq + 1));
    at += len;
  }
  return { records, bad: null };
}
