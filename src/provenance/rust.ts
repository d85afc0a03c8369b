import { BinspectError, type FormatName } from '../errors.js';
import { inflateZlib } from '../bytes/zlib.js';

export { useZlib, type ZlibInflate } from '../bytes/zlib.js';

/** One package of a cargo-auditable dependency list. */
export interface RustPackage {
  name: string;
  version: string;
  /** `crates.io`, `local`, `git`, `registry`, `other`, ... as written. */
  source: string;
  /** `runtime` (the default, omitted in the JSON) or `build`. */
  kind: string;
  /** Indices into `packages` of its dependencies. */
  dependencies: number[];
  /** True for the package the binary was built from. */
  root: boolean;
}

/** `rust`: the cargo-auditable dependency list. */
export interface RustDependencies {
  /** The format revision (`format` key), null when absent (revision 0). */
  format: number | null;
  packages: RustPackage[];
}

/** Cap on the inflated JSON (cargo-auditable's own reader allows 8 MiB). */
export const MAX_RUST_JSON = 8 << 20;

/**
 * Decodes the `.dep-v0` section that cargo-auditable embeds (rust-secure-code/cargo-auditable,
 * auditable-serde `VersionInfo`): zlib-compressed JSON `{"packages": [{name, version, source,
 * kind?, dependencies?, root?}]}`. Throws `BinspectError`: `UNSUPPORTED` without a zlib decoder or
 * for data that is not such JSON, `LIMIT` past {@link MAX_RUST_JSON}.
 */
export function parseCargoAuditable(data: Uint8Array, where: { format: FormatName; offset: number }): RustDependencies {
  const fail = (code: 'UNSUPPORTED' | 'LIMIT', why: string): never => {
    throw new BinspectError(code, where.format, '.dep-v0', where.offset, why);
  };
  const json = inflateZlib(data, MAX_RUST_JSON, { format: where.format, structure: '.dep-v0' }, where.offset);
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(json));
  } catch (e) {
    return fail('UNSUPPORTED', `not JSON: ${(e as Error).message}`);
  }
  const pkgs = (v as { packages?: unknown } | null)?.packages;
  if (!Array.isArray(pkgs)) return fail('UNSUPPORTED', 'no "packages" array');
  const str = (x: unknown, what: string, i: number): string => (typeof x === 'string' ? x : fail('UNSUPPORTED', `packages[${i}].${what} is not a string`));
  const format = (v as { format?: unknown }).format;
  return {
    format: typeof format === 'number' ? format : null,
    packages: pkgs.map((p: Record<string, unknown>, i) => {
      if (typeof p !== 'object' || p === null) fail('UNSUPPORTED', `packages[${i}] is not an object`);
      const deps = p.dependencies ?? [];
      if (!Array.isArray(deps) || !deps.every((d) => Number.isInteger(d) && d >= 0 && d < pkgs.length)) {
        fail('UNSUPPORTED', `packages[${i}].dependencies are not package indices`);
      }
      return {
        name: str(p.name, 'name', i),
        version: str(p.version, 'version', i),
        source: str(p.source, 'source', i),
        kind: p.kind === undefined ? 'runtime' : str(p.kind, 'kind', i),
        dependencies: deps as number[],
        root: p.root === true,
      };
    }),
  };
}
