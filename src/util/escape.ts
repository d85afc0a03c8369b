/**
 * Makes a string from a binary safe for a terminal, a log or an XML/Markdown document: C0 and C1
 * control characters, DEL and the backslash are written as `\xNN` / `\\`, so a soname cannot move
 * the cursor or recolour the screen; the noncharacters U+FFFE/U+FFFF and lone UTF-16 surrogates
 * (which no UTF-8 text and no XML document may carry) as `\uXXXX`. Every character is thus
 * recoverable from the text. JSON output never uses this: there strings stay exact.
 */
export function escapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\\x00-\x1f\x7f-\x9f\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => {
    if (c === '\\') return '\\\\';
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).toUpperCase()}`;
  });
}

/**
 * `s` with every lone UTF-16 surrogate replaced by U+FFFD, so that it encodes as UTF-8 (what
 * `String.prototype.toWellFormed` does, from Node 20's V8 on, written out for older typings).
 */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
