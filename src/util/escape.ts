/**
 * Makes a string from a binary safe for a terminal: C0 and C1 control characters, DEL and the
 * backslash are written as `\xNN` / `\\`, so a soname cannot move the cursor or recolour the
 * screen. JSON output never uses this: there strings stay exact.
 */
export function escapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\\x00-\x1f\x7f-\x9f]/g, (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
