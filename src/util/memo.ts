type Entry = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Caches lazily decoded structures by key, errors included: each structure of a file is decoded
 * at most once, and a structure that failed fails the same way every time it is asked for.
 */
export class Memo {
  private readonly entries = new Map<string, Entry>();

  get<T>(key: string, fn: () => T): T {
    let m = this.entries.get(key);
    if (!m) {
      try {
        m = { ok: true, value: fn() };
      } catch (error) {
        m = { ok: false, error };
      }
      this.entries.set(key, m);
    }
    if (!m.ok) throw m.error;
    return m.value as T;
  }
}
