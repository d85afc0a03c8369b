import { createHash } from 'node:crypto';

/** `K/N` → {k, n} with 1 <= k <= n; throws TypeError otherwise. */
export function parseShard(s: string): { k: number; n: number } {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(s);
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || !(n >= 1) || !(k >= 1 && k <= n)) throw new TypeError(`shard must be K/N with 1 <= K <= N, not ${JSON.stringify(s)}`);
  return { k, n };
}

/**
 * Whether `path` belongs to shard k of n: a stable split by a hash of the path (SHA-1, first 32
 * bits), the same on every machine and in every run, so N independent jobs cover every file once.
 */
export function inShard(path: string | Uint8Array, shard: { k: number; n: number }): boolean {
  if (shard.n === 1) return true;
  const h = createHash('sha1').update(path).digest().readUInt32BE(0);
  return h % shard.n === shard.k - 1;
}
