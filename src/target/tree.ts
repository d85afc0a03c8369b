import { escapeText as esc } from '../util/escape.js';
import { problemText } from './findings.js';
import type { Resolution } from './resolve.js';

/**
 * The resolved tree, lddtree-style: each DT_NEEDED under the object that needs it, with the path
 * the target's loader would use and the step that found it; an object already shown is not
 * expanded again. Then the unmet needs and the warnings.
 */
export function resolutionTree(r: Resolution): string {
  const lines: string[] = [`${esc(r.subject)}  (${r.loader}${r.loads ? ', loads' : ', would not load'})`];
  if (r.interpreter) lines.push(`  interpreter ${esc(r.interpreter.path)} => ${r.interpreter.real === null ? 'not found' : esc(r.interpreter.real)}`);
  const shown = new Set<number>([0]);
  const walk = (i: number, depth: number): void => {
    for (const n of r.objects[i]!.needed) {
      const pad = '  '.repeat(depth);
      if (n.object === null) {
        lines.push(`${pad}${esc(n.name)} => not found`);
        continue;
      }
      const o = r.objects[n.object]!;
      const again = shown.has(n.object);
      lines.push(`${pad}${esc(n.name)} => ${esc(o.path)} (${o.via}${again && o.via !== 'interpreter' ? ', see above' : ''})`);
      if (!again) {
        shown.add(n.object);
        walk(n.object, depth + 1);
      }
    }
  };
  walk(0, 1);
  for (const e of r.errors) lines.push(`  FAIL ${esc(problemText(e))}`, ...(e.searched.length ? [`       searched: ${e.searched.map((s) => esc(s.path)).join(', ')}`] : []));
  for (const w of r.warnings) lines.push(`  WARN ${esc(w)}`);
  return lines.join('\n');
}
