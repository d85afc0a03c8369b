/**
 * Caller-given limits merged over defaults (docs/errors.md): every given value must be a finite
 * number >= 0 (a TypeError otherwise: a NaN cap would silently switch a check off, a NaN string
 * length would never end a read). `undefined` keeps the default. With `strict`, a key the defaults
 * do not have is a TypeError too; without it (a format's parser given every format's limits),
 * it is ignored.
 */
export function mergeLimits<T extends object>(defaults: Readonly<T>, given: unknown, who: string, strict = false): T {
  const out = { ...defaults } as Record<string, number>;
  if (given === undefined) return out as T;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new TypeError(`${who}: limits must be an object`);
  for (const [k, v] of Object.entries(given)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, k)) {
      if (strict) throw new TypeError(`${who}: unknown limit ${JSON.stringify(k)}`);
      continue;
    }
    if (v === undefined) continue;
    checkLimit(v, `${who}: limit ${k}`);
    out[k] = v as number;
  }
  return out as T;
}

/** Throws a TypeError unless `v` is a finite number >= 0. */
export function checkLimit(v: unknown, what: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new TypeError(`${what} must be a finite number >= 0, not ${typeof v === 'number' ? String(v) : typeof v}`);
  }
}
