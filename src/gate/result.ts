import type { RuleId, Violation } from './violation.js';

/**
 * The outcome of a gate run (`binspect check`, {@link compareBaseline}, the policy check): the files
 * judged and what was found. A run passes when no finding is an `error`.
 */
export interface GateResult {
  /** The files judged, as given (a baseline file that was not found: its baseline key). */
  files: string[];
  /** Findings, each once, in the order found. */
  violations: Violation[];
}

/**
 * Rules that say the gate could not judge (a file or directory that could not be read, nothing to
 * judge): the run exits 2, not 1, as for bad usage.
 */
export const CANNOT_JUDGE: ReadonlySet<RuleId> = new Set<RuleId>(['unreadable', 'no-binary']);

/** Whether the run passes: no finding is an error. */
export const passed = (r: GateResult): boolean => !r.violations.some((v) => v.level === 'error');

/**
 * The CLI's exit status for a result: 2 when a finding says the gate could not judge
 * ({@link CANNOT_JUDGE}), 1 when another finding is an error, else 0.
 */
export function exitStatus(r: GateResult): 0 | 1 | 2 {
  if (r.violations.some((v) => CANNOT_JUDGE.has(v.rule))) return 2;
  return passed(r) ? 0 : 1;
}

/** `--strict`: every warning becomes an error, in every output format. */
export const strictly = (vs: readonly Violation[]): Violation[] => vs.map((v) => (v.level === 'warning' ? { ...v, level: 'error' } : v));

/** The identity of a finding: the same rule, file, namespace, values and message is one finding. */
const identity = (v: Violation): string => JSON.stringify([v.file, v.rule, v.namespace ?? null, v.old ?? null, v.new ?? null, v.message]);

/**
 * Results merged into one (files in first-seen order, each once); a finding reported by more than
 * one part of a run (the policy and the baseline, two paths naming one file) is kept once.
 */
export function mergeResults(...parts: readonly GateResult[]): GateResult {
  const files = new Set<string>();
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const p of parts) {
    for (const f of p.files) files.add(f);
    for (const v of p.violations) {
      const id = identity(v);
      if (seen.has(id)) continue;
      seen.add(id);
      violations.push(v);
    }
  }
  return { files: [...files], violations };
}
