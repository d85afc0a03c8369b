/**
 * A status line on a terminal: one row redrawn in place (never wider than the terminal, so it never
 * wraps), erased before any other line is written and drawn again below it, so the other lines
 * stay whole and in order above it.
 */
export interface StatusLine {
  /** Draws `text` as the status (cut to the terminal's width). */
  show(text: string): void;
  /** Writes `lines` (ending in a newline) above the status. */
  print(lines: string): void;
  /** Erases the status for good. */
  clear(): void;
}

/** A status line written with `write` on a terminal `columns()` wide. */
export function statusLine(write: (s: string) => void, columns: () => number): StatusLine {
  let shown = '';
  return {
    show(text) {
      shown = fit(text, Math.max(columns() - 1, 10));
      write(`\r${shown}\x1b[K`);
    },
    print(lines) {
      if (shown) write('\r\x1b[K');
      write(lines);
      if (shown) write(shown);
    },
    clear() {
      if (shown) write('\r\x1b[K');
      shown = '';
    },
  };
}

/** `text` cut to `width` characters: the end of a long path is what tells files apart, so the cut is in the middle. */
export function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  const tail = Math.ceil((width - 1) / 2);
  return `${text.slice(0, width - 1 - tail)}…${text.slice(text.length - tail)}`;
}
