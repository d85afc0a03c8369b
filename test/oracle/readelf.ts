import { execFileSync } from 'node:child_process';

/** What GNU readelf says about one file (only the parts the differential test compares). */
export interface ReadelfFacts {
  class: 32 | 64 | null;
  endian: 'little' | 'big' | null;
  /** readelf's Type word: EXEC, DYN, REL, CORE; `pie` when it says "Position-Independent Executable". */
  etype: string | null;
  pie: boolean;
  interpreter: string | null;
  needed: string[];
  soname: string | null;
  rpath: string[];
  runpath: string[];
  verneed: Array<{ file: string; versions: Array<{ name: string; index: number; weak: boolean }> }>;
  /** symbol index → [version index, hidden] from the .gnu.version table. */
  versym: Map<number, [number, boolean]>;
  /** symbol index → name from --dyn-syms (version suffix removed). */
  dynsyms: Map<number, string>;
  buildId: string | null;
  aarch64Features: string[];
  x86Features: string[];
  x86IsaNeeded: string[];
  hasPropertyNote: boolean;
}

const ARGS = ['-W', '-h', '-l', '-d', '-V', '-n', '--dyn-syms'];

/** Runs readelf once over `paths` (many files per process) and parses each file's output. */
export function readelfBatch(paths: readonly string[]): Map<string, ReadelfFacts> {
  let text: string;
  try {
    text = execFileSync('readelf', [...ARGS, ...paths], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    text = String((e as { stdout?: string }).stdout ?? '');
  }
  const out = new Map<string, ReadelfFacts>();
  if (paths.length === 1) {
    out.set(paths[0]!, parseOne(text));
    return out;
  }
  const parts = text.split(/^File: (.*)$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) out.set(parts[i]!, parseOne(parts[i + 1]!));
  return out;
}

function parseOne(t: string): ReadelfFacts {
  const f: ReadelfFacts = {
    class: null, endian: null, etype: null, pie: false, interpreter: null, needed: [], soname: null, rpath: [], runpath: [],
    verneed: [], versym: new Map(), dynsyms: new Map(), buildId: null, aarch64Features: [], x86Features: [],
    x86IsaNeeded: [], hasPropertyNote: false,
  };
  const cls = /^\s*Class:\s+ELF(32|64)/m.exec(t);
  if (cls) f.class = Number(cls[1]) as 32 | 64;
  const data = /^\s*Data:\s+2's complement, (little|big) endian/m.exec(t);
  if (data) f.endian = data[1] as 'little' | 'big';
  const type = /^\s*Type:\s+(\w+)(.*)$/m.exec(t);
  if (type) {
    f.etype = type[1]!;
    f.pie = /Position-Independent Executable/.test(type[2]!);
  }
  f.interpreter = /\[Requesting program interpreter: (.*)\]$/m.exec(t)?.[1] ?? null;
  for (const m of t.matchAll(/\(NEEDED\)\s+Shared library: \[(.*)\]$/gm)) f.needed.push(m[1]!);
  f.soname = /\(SONAME\)\s+Library soname: \[(.*)\]$/m.exec(t)?.[1] ?? null;
  for (const m of t.matchAll(/\(RPATH\)\s+Library rpath: \[(.*)\]$/gm)) f.rpath.push(m[1]!);
  for (const m of t.matchAll(/\(RUNPATH\)\s+Library runpath: \[(.*)\]$/gm)) f.runpath.push(m[1]!);

  const vn = /^Version needs section .*$([\s\S]*?)(?=^\S|$(?![\s\S]))/m.exec(t);
  if (vn) {
    for (const line of vn[1]!.split('\n')) {
      const file = /^\s+[0-9a-fx]+: Version: \d+\s+File: (.*?)\s+Cnt: \d+$/.exec(line);
      if (file) f.verneed.push({ file: file[1]!, versions: [] });
      const aux = /^\s+0x[0-9a-f]+:\s+Name: (.*?)\s+Flags: (.*?)\s+Version: (\d+)$/.exec(line);
      if (aux) f.verneed.at(-1)?.versions.push({ name: aux[1]!, index: Number(aux[3]), weak: /WEAK/.test(aux[2]!) });
    }
  }
  const vs = /^Version symbols section .*$([\s\S]*?)(?=^\S|$(?![\s\S]))/m.exec(t);
  if (vs) {
    for (const line of vs[1]!.split('\n')) {
      const row = /^\s+([0-9a-f]+):(.*)$/.exec(line);
      if (!row) continue;
      let i = parseInt(row[1]!, 16);
      // readelf prints the index in hex (%4x), with 'h' for VERSYM_HIDDEN.
      for (const m of row[2]!.matchAll(/([0-9a-f]+)(h?)\s*\(/g)) f.versym.set(i++, [parseInt(m[1]!, 16), m[2] === 'h']);
    }
  }
  const ds = /^Symbol table '\.dynsym' contains \d+ entries:$([\s\S]*?)(?=^\S|$(?![\s\S]))/m.exec(t);
  if (ds) {
    for (const line of ds[1]!.split('\n')) {
      // Num: Value Size Type Bind Vis [ppc64 "[<localentry>: N]"] Ndx Name
      const m = /^\s*(\d+): [0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\S+(?:\s+\[[^\]]*\])?\s+\S+ (.*)$/.exec(line);
      if (m) f.dynsyms.set(Number(m[1]), m[2]!.replace(/@.*$/, ''));
    }
  }
  f.buildId = /Build ID: ([0-9a-f]+)/.exec(t)?.[1] ?? null;
  f.hasPropertyNote = /NT_GNU_PROPERTY_TYPE_0/.test(t);
  const list = (re: RegExp): string[] => re.exec(t)?.[1]!.split(', ').map((s) => s.trim()) ?? [];
  f.aarch64Features = list(/AArch64 feature: (.*)$/m);
  f.x86Features = list(/x86 feature: (.*)$/m);
  f.x86IsaNeeded = list(/x86 ISA needed: (.*)$/m);
  return f;
}

/** e_machine values from llvm-readobj --file-headers (an independent second tool), many files per call. */
export function llvmMachines(paths: readonly string[]): Map<string, number> {
  let text: string;
  try {
    text = execFileSync('llvm-readobj', ['--file-headers', ...paths], { maxBuffer: 1 << 28, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    text = String((e as { stdout?: string }).stdout ?? '');
  }
  const out = new Map<string, number>();
  const parts = text.split(/^File: (.*)$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const m = /^\s*Machine: \S+ \(0x([0-9A-Fa-f]+)\)/m.exec(parts[i + 1]!);
    if (m) out.set(parts[i]!, parseInt(m[1]!, 16));
  }
  return out;
}
