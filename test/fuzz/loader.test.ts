/**
 * Loader-view fuzzing: the mutations an attacker makes to hide a version need from a reader that
 * does not read the file as glibc's loader does (docs/loader.md) — a repeated DT_* tag before or
 * after the real one, a lying vn_cnt or DT_VERNEEDNUM, a second PT_DYNAMIC before or after the real
 * one, a PT_DYNAMIC p_offset decoy — applied to corpus/elf/x86_64/hello-pie with its GLIBC_2.34
 * node renamed GLIBC_2.94, which this machine's ld.so refuses.
 *
 * Invariant: no mutation that ld.so would refuse makes the floor lower. binspect may only pass
 * `check --max-glibc 2.93` on a mutant when the loader agrees that it needs nothing above 2.93:
 * where this machine's loader is the one the corpus verdicts were recorded with, every mutant that
 * passes is run through `LD_DEBUG=versions ld.so --list` (maps it, never runs its code) and must
 * not be refused GLIBC_2.94. Everywhere: a mutant whose floor is below 2.94 carries an anomaly or
 * an error that the gate fails on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/gate/check.js';
import { emptyPolicy, mergePolicies } from '../../src/gate/policy.js';
import { compareVersions, inspect } from '../../src/index.js';
import { elfHash } from '../builders/elf.js';
import { corpusPath } from '../helpers.js';

const DT_NULL = 0n;
const TAGS = {
  STRTAB: 5n, STRSZ: 10n, SYMTAB: 6n, HASH: 4n, GNU_HASH: 0x6ffffef5n, VERSYM: 0x6ffffff0n, VERNEED: 0x6ffffffen,
  VERNEEDNUM: 0x6fffffffn, FLAGS: 30n, FLAGS_1: 0x6ffffffbn, NEEDED: 1n,
} as const;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_NOTE = 4;

/** hello-pie with GLIBC_2.34 renamed GLIBC_2.94 (and its vna_hash updated): ld.so here refuses it. */
function minus94(): Uint8Array {
  const b = new Uint8Array(readFileSync(corpusPath('elf/x86_64/hello-pie')));
  const old = Buffer.from('GLIBC_2.34\0');
  const at = Buffer.from(b).indexOf(old);
  expect(at).toBeGreaterThan(0);
  b.set(Buffer.from('GLIBC_2.94\0'), at);
  const dv = new DataView(b.buffer);
  for (let i = 0; i + 4 <= b.length; i += 4) {
    if (dv.getUint32(i, true) === elfHash('GLIBC_2.34')) dv.setUint32(i, elfHash('GLIBC_2.94'), true);
  }
  return b;
}

/** Just enough of an ELF64 LE file to rewrite its program headers and dynamic table. */
class Elf64 {
  readonly dv: DataView;
  /** The seed's dynamic table (file offset, slots): mutations move PT_DYNAMIC, never the table. */
  readonly dynAt: { at: number; slots: number };
  constructor(readonly b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const p = this.ph(this.index(PT_DYNAMIC));
    this.dynAt = { at: Number(p.offset), slots: Number(p.filesz) / 16 };
  }
  get phoff(): number { return Number(this.dv.getBigUint64(32, true)); }
  get phnum(): number { return this.dv.getUint16(56, true); }
  ph(i: number): { at: number; type: number; offset: bigint; vaddr: bigint; filesz: bigint } {
    const at = this.phoff + 56 * i;
    return { at, type: this.dv.getUint32(at, true), offset: this.dv.getBigUint64(at + 8, true), vaddr: this.dv.getBigUint64(at + 16, true), filesz: this.dv.getBigUint64(at + 32, true) };
  }
  setPh(i: number, p: { type: number; offset: bigint; vaddr: bigint; filesz: bigint }): void {
    const at = this.phoff + 56 * i;
    this.dv.setUint32(at, p.type, true);
    this.dv.setUint32(at + 4, 6, true);
    this.dv.setBigUint64(at + 8, p.offset, true);
    this.dv.setBigUint64(at + 16, p.vaddr, true);
    this.dv.setBigUint64(at + 24, p.vaddr, true);
    this.dv.setBigUint64(at + 32, p.filesz, true);
    this.dv.setBigUint64(at + 40, p.filesz, true);
    this.dv.setBigUint64(at + 48, 8n, true);
  }
  index(type: number, last = false): number {
    let k = -1;
    for (let i = 0; i < this.phnum; i++) if (this.ph(i).type === type) { k = i; if (!last) break; }
    return k;
  }
  entries(): Array<[bigint, bigint]> {
    const { at, slots } = this.dynAt;
    const out: Array<[bigint, bigint]> = [];
    for (let i = 0; i < slots; i++) {
      const t = this.dv.getBigUint64(at + 16 * i, true);
      if (t === DT_NULL) break;
      out.push([t, this.dv.getBigUint64(at + 16 * i + 8, true)]);
    }
    return out;
  }
  setEntries(list: Array<[bigint, bigint]>): void {
    const { at, slots } = this.dynAt;
    for (let i = 0; i < slots; i++) {
      const [t, v] = list[i] ?? [DT_NULL, 0n];
      this.dv.setBigUint64(at + 16 * i, t, true);
      this.dv.setBigUint64(at + 16 * i + 8, v, true);
    }
  }
  value(tag: bigint): bigint | null {
    const e = this.entries().filter(([t]) => t === tag);
    return e.length ? e[e.length - 1]![1] : null;
  }
  /** File offset of a virtual address through PT_LOAD. */
  off(vaddr: bigint): number {
    for (let i = 0; i < this.phnum; i++) {
      const p = this.ph(i);
      if (p.type === PT_LOAD && vaddr >= p.vaddr && vaddr < p.vaddr + p.filesz) return Number(p.offset + vaddr - p.vaddr);
    }
    return -1;
  }
}

type Mut =
  | { kind: 'tag'; tag: keyof typeof TAGS; value: { delta: number } | { raw: number }; at: number }
  | { kind: 'vn_cnt'; value: number }
  | { kind: 'verneednum'; value: number }
  | { kind: 'pt_dynamic'; before: boolean; slot: number; filesz: number }
  | { kind: 'p_offset'; offset: number };

const mut: fc.Arbitrary<Mut> = fc.oneof(
  fc.record({
    kind: fc.constant('tag' as const), tag: fc.constantFrom(...(Object.keys(TAGS) as Array<keyof typeof TAGS>)),
    value: fc.oneof(fc.record({ delta: fc.integer({ min: -64, max: 64 }) }), fc.record({ raw: fc.nat(0x4000) })), at: fc.nat(40),
  }),
  fc.record({ kind: fc.constant('vn_cnt' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('verneednum' as const), value: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ kind: fc.constant('pt_dynamic' as const), before: fc.boolean(), slot: fc.nat(30), filesz: fc.constantFrom(0, 16, 32, 480) }),
  fc.record({ kind: fc.constant('p_offset' as const), offset: fc.nat(0x4000) }),
);

function apply(seed: Uint8Array, muts: readonly Mut[]): Uint8Array {
  const e = new Elf64(seed.slice());
  for (const m of muts) {
    switch (m.kind) {
      case 'tag': {
        const list = e.entries();
        if (list.length >= e.dynAt.slots - 1) break; // keep one DT_NULL
        const tag = TAGS[m.tag];
        const base = e.value(tag) ?? 0n;
        const v = 'delta' in m.value ? BigInt.asUintN(64, base + BigInt(m.value.delta)) : BigInt(m.value.raw);
        list.splice(m.at % (list.length + 1), 0, [tag, v]);
        e.setEntries(list);
        break;
      }
      case 'vn_cnt': {
        const vn = e.value(TAGS.VERNEED);
        const at = vn === null ? -1 : e.off(vn);
        if (at >= 0) e.dv.setUint16(at + 2, m.value, true);
        break;
      }
      case 'verneednum': {
        e.setEntries(e.entries().map(([t, v]) => [t, t === TAGS.VERNEEDNUM ? BigInt(m.value) : v]));
        break;
      }
      case 'pt_dynamic': {
        const real = e.index(PT_DYNAMIC, true);
        const note = e.index(PT_NOTE, true);
        if (real < 0 || note < 0) break;
        const r = e.ph(real);
        const decoy = { type: PT_DYNAMIC, offset: r.offset + BigInt(16 * m.slot), vaddr: r.vaddr + BigInt(16 * m.slot), filesz: BigInt(m.filesz) };
        // The decoy goes before the real one in program-header order, or after it.
        const [first, second] = real < note ? [real, note] : [note, real];
        const rp = { type: PT_DYNAMIC, offset: r.offset, vaddr: r.vaddr, filesz: r.filesz };
        e.setPh(first, m.before ? decoy : rp);
        e.setPh(second, m.before ? rp : decoy);
        break;
      }
      case 'p_offset': {
        const i = e.index(PT_DYNAMIC);
        if (i >= 0) e.dv.setBigUint64(e.ph(i).at + 8, BigInt(m.offset), true);
        break;
      }
    }
  }
  return e.b;
}

const LDSO = '/lib64/ld-linux-x86-64.so.2';
const RECORDED = (JSON.parse(readFileSync(corpusPath('elf/loader/verdicts.json'), 'utf8')) as { loader: string }).loader;
const loaderHere = existsSync(LDSO) ? spawnSync(LDSO, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : null;

/** What this machine's ld.so says of `bytes`: refused GLIBC_2.94, or not. */
function ldsoRefuses94(dir: string, bytes: Uint8Array, n: number): boolean {
  const p = join(dir, `m${n}`);
  writeFileSync(p, bytes, { mode: 0o755 });
  const r = spawnSync(LDSO, ['--list', p], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, LD_DEBUG: 'versions' } });
  return /version `GLIBC_2\.94' not found/.test(`${r.stdout}${r.stderr}`);
}

describe('fuzz: loader-view mutations never lower the floor past the gate', () => {
  const seed = minus94();
  const gate = mergePolicies(emptyPolicy(), { max: { GLIBC: '2.93' } });

  it('the seed needs GLIBC_2.94 and fails the gate', () => {
    const r = inspect(seed);
    expect(r.glibcFloor).toBe('2.94');
    expect(checkPolicy(r, gate).length).toBeGreaterThan(0);
  });

  it('every mutant either keeps the floor at 2.94, or fails the gate on an anomaly or error; a mutant that passes is not refused by ld.so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-ldfuzz-'));
    let passed = 0;
    let asked = 0;
    let lowered = 0;
    const runs = Math.max(300, Math.ceil(Number(process.env.BINSPECT_FUZZ_RUNS ?? 100_000) / 100));
    fc.assert(
      fc.property(fc.array(mut, { minLength: 1, maxLength: 3 }), (muts) => {
        const m = apply(seed, muts);
        const r = inspect(m);
        const floor = r.glibcFloor ?? null;
        const fails = checkPolicy(r, gate).length > 0;
        if (floor === null || compareVersions(floor, '2.94') < 0) {
          lowered++;
          // A lower (or unknown) floor is only allowed when the gate still fails on the file.
          if (!fails && loaderHere !== RECORDED) {
            throw new Error(`floor ${floor} passes the gate without an anomaly: ${JSON.stringify(muts)}`);
          }
        }
        if (!fails) {
          passed++;
          if (loaderHere === RECORDED && asked < 200) {
            asked++;
            if (ldsoRefuses94(dir, m, asked)) throw new Error(`passes --max-glibc 2.93, but ld.so refuses GLIBC_2.94: ${JSON.stringify(muts)}`);
          }
        }
      }),
      { numRuns: runs, seed: 20261207, endOnFailure: true },
    );
    console.log(`loader fuzz: ${runs} mutants, ${lowered} with a lower or unknown floor (all failing the gate or accepted by ld.so), ${passed} passing the gate, ${asked} checked with ld.so`);
    expect(lowered).toBeGreaterThan(0);
  }, 300_000);
});
