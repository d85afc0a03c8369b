import type { Violation } from '../gate/violation.js';
import type { Problem, Resolution } from './resolve.js';

const RULE = { interpreter: 'missing-interpreter', library: 'missing-library', unloadable: 'missing-library', version: 'missing-version' } as const;

/** `; searched a [runpath], b (skipped: 32-bit i386), ...`: where the loader would look, shortened past 12 paths. */
function searched(p: Problem): string {
  if (p.searched.length === 0) return '';
  const shown = p.searched.slice(0, 12).map((s) => `${s.path} [${s.via}]${s.note ? ` (${s.note})` : ''}`);
  return `; searched ${shown.join(', ')}${p.searched.length > 12 ? `, +${p.searched.length - 12} more` : ''}`;
}

/** What a problem is, in one line: the missing thing, who needs it, and through which chain. */
export function problemText(p: Problem): string {
  const via = p.chain.length > 1 ? ` (needed by ${p.chain.join(' -> ')})` : p.kind === 'interpreter' ? '' : ` (needed by ${p.neededBy})`;
  switch (p.kind) {
    case 'interpreter': return `interpreter ${p.name} ${p.message.includes('No such file') ? 'not found in the target' : `unusable: ${p.message}`}`;
    case 'library': return `${p.name} not found${via}${searched(p)}`;
    case 'unloadable': return `${p.name} cannot be loaded${via}: ${p.message.replace(/^error while loading shared libraries: /, '')}`;
    case 'version': return `${p.library}${p.searched[0] ? ` (${p.searched[0].path})` : ''}: version ${p.name} not found${via}`;
  }
}

/**
 * The gate's findings for one resolution: an error per unmet need (rule `missing-interpreter`,
 * `missing-library` or `missing-version`, with the chain and the paths searched), a warning per
 * loader warning (rule `target-warning`). `file` is the name the user gave.
 */
export function targetViolations(file: string, r: Resolution): Violation[] {
  const out: Violation[] = r.errors.map((p) => ({
    file, rule: RULE[p.kind], level: 'error' as const, message: problemText(p), chain: p.chain,
    searched: p.searched.map((s) => `${s.path} [${s.via}]${s.note ? ` ${s.note}` : ''}`),
  }));
  for (const w of r.warnings) out.push({ file, rule: 'target-warning', level: 'warning', message: w });
  return out;
}
