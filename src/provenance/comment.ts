/**
 * The strings of an ELF `.comment` section: the identification strings of the tools that made
 * the file's objects (`GCC: (Debian 12.2.0-14) 12.2.0`, `clang version 14.0.6`, `Linker: LLD
 * 14.0.6`), NUL-terminated one after another (the linker merges duplicates: SHF_MERGE |
 * SHF_STRINGS). Returns each distinct non-empty string once, in file order; text after the last
 * NUL counts as a string too. Decoded as UTF-8 (invalid bytes become U+FFFD).
 */
export function commentStrings(bytes: Uint8Array): string[] {
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const out: string[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      if (i > start) {
        const s = utf8.decode(bytes.subarray(start, i));
        if (!seen.has(s)) {
          seen.add(s);
          out.push(s);
        }
      }
      start = i + 1;
    }
  }
  return out;
}
