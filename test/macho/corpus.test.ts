import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../src/bytes/source.js';
import { LC } from '../../src/macho/constants.js';
import { FatFile, MachOFile } from '../../src/macho/file.js';
import { inspect } from '../../src/inspect/memory.js';
import { fatSlices } from '../../src/query/macho.js';
import { machoMachine } from '../../src/query/machine.js';
import { formatVersion } from '../../src/macho/version.js';
import { CORPUS, type ManifestEntry } from '../helpers.js';

/**
 * Corpus tests (facts the recipes in corpus/build-macho.sh guarantee, corpus/macho/MANIFEST.json)
 * and a differential test against LLVM 14's llvm-objdump (`--macho --private-headers --non-verbose
 * --arch=all`, text: its JSON is not used) and llvm-readobj (`--needed-libs`, which sorts).
 */

const entries = JSON.parse(readFileSync(join(CORPUS, 'macho', 'MANIFEST.json'), 'utf8')) as ManifestEntry[];
const bytesOf = (e: ManifestEntry): Uint8Array => new Uint8Array(readFileSync(join(CORPUS, e.path)));
const isFat = (b: Uint8Array): boolean => b[0] === 0xca && b[1] === 0xfe && b[2] === 0xba && (b[3] === 0xbe || b[3] === 0xbf);

/** The report fields of a thin Mach-O file (features included), as the library reports them. */
function fields(b: Uint8Array): Record<string, unknown> {
  return inspect(b) as unknown as Record<string, unknown>;
}

function images(b: Uint8Array): MachOFile[] {
  if (!isFat(b)) return [MachOFile.fromBytes(b)];
  return fatSlices(FatFile.fromBytes(b)).map((s) => {
    if (s.error) throw s.error;
    return s.file;
  });
}

describe('corpus/macho recipe facts', () => {
  it('has a corpus', () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });
  for (const e of entries) {
    it(e.path, () => {
      const b = bytesOf(e);
      const f = e.facts;
      const x = e.extraFacts ?? {};
      if (f.format === 'macho-fat') {
        const fat = FatFile.fromBytes(b);
        const s = fatSlices(fat);
        expect(s.length).toBe(f.slices);
        expect(s.map((y) => y.error)).toEqual(s.map(() => null));
        expect(s.map((y) => y.file && machoMachine(y.file)).sort()).toEqual([...(f.sliceMachines as string[])].sort());
        return;
      }
      const r = fields(b);
      for (const k of ['machine', 'class', 'endian', 'type', 'linkage'] as const) if (k in f) expect(r[k], k).toBe(f[k]);
      const feats = r.features as Record<string, unknown>;
      if ('pac' in f) expect(feats.pac, 'pac').toBe(f.pac);
      for (const k of ['signed', 'adHoc']) if (k in x) expect(feats[k], k).toBe(x[k]);
      if ('minOsPlatform' in f) expect((r.minOs as { platform: string }).platform).toBe(f.minOsPlatform);
      if ('minOs' in x) expect((r.minOs as { version: string }).version).toBe(x.minOs);
      if ('sdk' in x) expect((r.sdk as { version: string } | null)?.version ?? null).toBe(x.sdk);
      if ('soname' in x) expect(r.soname).toBe(x.soname);
      if ('interpreter' in x) expect(r.interpreter).toBe(x.interpreter);
      if ('rpath' in x) expect(r.rpath).toEqual(x.rpath);
      if (x.neededIncludes) expect(r.needed).toEqual(expect.arrayContaining(x.neededIncludes as string[]));
    });
  }
});

/** What llvm-objdump says about one image. */
interface ObjdumpImage {
  arch: string | null;
  cputype: number;
  cpusubtype: number;
  filetype: number;
  flags: number;
  cmds: string[];
  dylibs: Array<[string, string]>;
  idDylib: string | null;
  dylinker: string | null;
  rpaths: string[];
  uuid: string | null;
  build: Array<{ cmd: string; platform?: string; minos: string; sdk: string }>;
}

function objdump(path: string): ObjdumpImage[] {
  const text = execFileSync('llvm-objdump', ['--macho', '--private-headers', '--non-verbose', '--arch=all', path],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out: ObjdumpImage[] = [];
  let cur: ObjdumpImage | null = null;
  let cmd = '';
  let bv: ObjdumpImage['build'][number] | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    const arch = /\(architecture (\S+)\):$/.exec(line);
    if (/^magic cputype/.test(t)) {
      const [, cputype, sub, , filetype, , , flags] = (lines[++i] ?? '').trim().split(/\s+/);
      const prev = lines[i - 2] ?? '';
      const a = /\(architecture (\S+)\):$/.exec(prev) ?? /\(architecture (\S+)\):$/.exec(lines[i - 3] ?? '');
      cur = { arch: a?.[1] ?? null, cputype: Number(cputype), cpusubtype: Number(sub) >>> 0, filetype: Number(filetype), flags: Number(flags),
        cmds: [], dylibs: [], idDylib: null, dylinker: null, rpaths: [], uuid: null, build: [] };
      out.push(cur);
      continue;
    }
    if (arch || !cur) continue;
    let m: RegExpExecArray | null;
    if ((m = /^cmd (\S+)$/.exec(t))) {
      cmd = m[1] ?? '';
      cur.cmds.push(cmd);
      bv = null;
      if (cmd === 'LC_BUILD_VERSION' || cmd.startsWith('LC_VERSION_MIN_')) {
        bv = { cmd, minos: '', sdk: '' };
        cur.build.push(bv);
      }
    } else if ((m = /^name (.*) \(offset \d+\)$/.exec(t))) {
      if (cmd === 'LC_ID_DYLIB') cur.idDylib = m[1] ?? null;
      else if (cmd === 'LC_LOAD_DYLINKER') cur.dylinker ??= m[1] ?? null;
      else if (cmd !== 'LC_ID_DYLINKER' && cmd !== 'LC_DYLD_ENVIRONMENT') cur.dylibs.push([cmd, m[1] ?? '']);
    } else if ((m = /^path (.*) \(offset \d+\)$/.exec(t))) {
      cur.rpaths.push(m[1] ?? '');
    } else if ((m = /^uuid (\S+)$/.exec(t)) && cmd === 'LC_UUID') {
      cur.uuid ??= (m[1] ?? '').toLowerCase();
    } else if (/^tool /.test(t)) {
      bv = null; // build_tool_version lines follow: their "version" is the tool's
    } else if (bv && (m = /^(platform|minos|version|sdk) (\S+)$/.exec(t))) {
      const v = m[2] ?? '';
      if (m[1] === 'platform') bv.platform = v;
      else if (m[1] === 'sdk') bv.sdk = v;
      else bv.minos = v;
    }
  }
  return out;
}

/** llvm-readobj --needed-libs (text; it sorts the names), per image. */
function readobjNeeded(path: string): string[][] {
  const text = execFileSync('llvm-readobj', ['--needed-libs', path], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const out: string[][] = [];
  for (const block of text.split('NeededLibraries [').slice(1)) {
    out.push(block.split(']')[0]!.split('\n').map((s) => s.trim()).filter(Boolean));
  }
  return out;
}

describe('differential: llvm-objdump / llvm-readobj over corpus/macho', () => {
  for (const e of entries) {
    it(e.path, () => {
      const path = join(CORPUS, e.path);
      const ours = images(bytesOf(e));
      const theirs = objdump(path);
      const d: string[] = [];
      const eq = (what: string, a: unknown, b: unknown): void => {
        if (JSON.stringify(a) !== JSON.stringify(b)) d.push(`${what}: binspect ${JSON.stringify(a)} llvm ${JSON.stringify(b)}`);
      };
      eq('images', ours.length, theirs.length);
      ours.forEach((m, i) => {
        const o = theirs[i];
        if (!o) return;
        const p = `[${i}]`;
        eq(`${p}cputype`, m.header.cputype, o.cputype);
        eq(`${p}cpusubtype`, m.header.cpusubtype, o.cpusubtype);
        eq(`${p}filetype`, m.header.filetype, o.filetype);
        eq(`${p}flags`, m.header.flags, o.flags);
        eq(`${p}cmds`, m.loadCommands.map((c) => c.name ?? `0x${c.cmd.toString(16)}`), o.cmds);
        eq(`${p}dylibs`, m.dylibs.map((y) => [LC.get(y.cmd), y.name]), o.dylibs);
        eq(`${p}idDylib`, m.idDylib?.name ?? null, o.idDylib);
        eq(`${p}dylinker`, m.dylinker, o.dylinker);
        eq(`${p}rpaths`, m.rpaths, o.rpaths);
        eq(`${p}uuid`, m.uuid, o.uuid);
        const build = [...m.buildVersions, ...m.versionMins].sort((a, b) => m.loadCommands.findIndex((c) => c.cmd === a.cmd) - m.loadCommands.findIndex((c) => c.cmd === b.cmd));
        eq(`${p}build`, build.map((v) => ({
          cmd: LC.get(v.cmd), ...(LC.get(v.cmd) === 'LC_BUILD_VERSION' ? { platform: v.platformName } : {}),
          minos: formatVersion(v.minos), sdk: v.sdk === 0 ? 'n/a' : formatVersion(v.sdk),
        })), o.build.map((v) => ({ cmd: v.cmd, ...(v.platform !== undefined ? { platform: v.platform } : {}), minos: v.minos, sdk: v.sdk })));
      });
      const needed = readobjNeeded(path);
      if (needed.length === ours.length) {
        // llvm-readobj's printNeededLibs (MachODumper) lists LC_ID_DYLIB beside the five loading
        // commands and sorts the names; binspect's `needed` is the loading commands only (DESIGN.md §3).
        ours.forEach((m, i) => eq(`[${i}]needed (sorted, + LC_ID_DYLIB)`,
          [...new Set([...m.dylibs.map((y) => y.name), ...(m.idDylib ? [m.idDylib.name] : [])])].sort(), [...new Set(needed[i])].sort()));
      } else {
        d.push(`llvm-readobj gave ${needed.length} NeededLibraries blocks for ${ours.length} images`);
      }
      expect(d).toEqual([]);
    });
  }
  it('slices read from a file source match the memory source', () => {
    const e = entries.find((x) => x.facts.format === 'macho-fat')!;
    const b = bytesOf(e);
    const fat = new FatFile(memorySource(b));
    expect(fat.slice(0).loadCommands.length).toBeGreaterThan(0);
  });
});
