import type { Anomaly } from '../errors.js';
import { requireKey } from '../query/features.js';
import type { Policy } from './policy.js';

/**
 * The facts a gate can check, as named here: `versions` (the glibc floor and every namespace
 * ceiling), `needed`, `libc`, `linkage`, `machine`, and `features.NAME` for each `--require`.
 */
export type GateFact = string;

const DYNAMIC: readonly GateFact[] = [
  'needed', 'versions', 'libc', 'linkage', 'features.bindNow', 'features.relro', 'features.pie', 'features.canary', 'features.fortify', 'features.textrel',
];
const ALL: readonly GateFact[] = ['*'];

/**
 * The facts each anomaly code (docs/loader.md) can have changed: what a reader that did not follow
 * the loader would have answered differently. An unknown code touches every fact (fail closed).
 */
export const ANOMALY_FACTS: Readonly<Record<string, readonly GateFact[]>> = {
  DUPLICATE_PT_DYNAMIC: DYNAMIC,
  DYNAMIC_OFFSET_MISMATCH: DYNAMIC,
  DYNAMIC_UNTERMINATED: DYNAMIC,
  DUPLICATE_DT_TAG: DYNAMIC,
  DYNAMIC_SECTION_ONLY: DYNAMIC,
  SECTION_SEGMENT_MISMATCH: DYNAMIC,
  VERNEED_COUNT_MISMATCH: ['versions', 'libc'],
  VERNEED_VERSION: ['versions', 'libc'],
  VERDEF_COUNT_MISMATCH: [],
  DUPLICATE_PT_INTERP: ['libc', 'linkage'],
  DUPLICATE_PT_GNU_STACK: ['features.nx'],
  DUPLICATE_PT_GNU_RELRO: ['features.relro'],
  SECTION_HEADERS_INVALID: [],
  TRUNCATED: ALL,
};

/** The facts `p` checks. */
export function checkedFacts(p: Policy): Set<GateFact> {
  const out = new Set<GateFact>();
  if (Object.keys(p.max).length > 0) out.add('versions');
  if (p.machine) out.add('machine');
  if (p.linkage) out.add('linkage');
  if (p.libc) out.add('libc');
  if (p.denyNeeded.length || p.allowNeeded.length) out.add('needed');
  for (const r of p.require) out.add(`features.${requireKey(r) ?? r.split('=')[0]}`);
  return out;
}

/** The checked facts anomaly `a` touches ([] when it touches none of them). */
export function touchedFacts(a: Anomaly, checked: ReadonlySet<GateFact>): GateFact[] {
  const facts = Object.prototype.hasOwnProperty.call(ANOMALY_FACTS, a.code) ? ANOMALY_FACTS[a.code]! : ALL;
  return facts[0] === '*' ? [...checked] : facts.filter((f) => checked.has(f));
}
