import { Memo } from '../util/memo.js';
import { type Anomaly, AnomalyLog, BinspectError } from '../errors.js';
import { type ByteSource, bytesSource, checkedSource } from '../bytes/source.js';
import { type CodeSignature, type LinkeditData, readCodeSignature, readLinkeditData } from './codesign.js';
import {
  CPU_TYPE_ARM64, CPU_SUBTYPE_ARM64E, CPU_SUBTYPE_MASK, DYLIB_LOAD_COMMANDS, LC_BUILD_VERSION, LC_CODE_SIGNATURE,
  LC_DYLD_CHAINED_FIXUPS, LC_DYSYMTAB, LC_ENCRYPTION_INFO, LC_ENCRYPTION_INFO_64, LC_ID_DYLIB, LC_LOAD_DYLINKER, LC_MAIN,
  LC_RPATH, LC_SEGMENT, LC_SEGMENT_64, LC_SYMTAB, LC_UUID, MH_TWOLEVEL, VERSION_MIN_PLATFORM,
  ptrauthVersion,
} from './constants.js';
import { type DylibCommand, readDylib } from './dylib.js';
import { readDylinker } from './dylinker.js';
import { type EncryptionInfo, readEncryptionInfo } from './encryption.js';
import { type FatArch, type FatHeader, readFatHeader } from './fat.js';
import { type MachHeader, readMachHeader } from './header.js';
import { DEFAULT_MACHO_LIMITS, type MachOLimits } from './limits.js';
import { mergeLimits } from '../util/limits.js';
import { type LoadCommand, readLoadCommands } from './loadcommands.js';
import { type EntryPointCommand, readMain } from './main.js';
import { readRpath } from './rpath.js';
import { type SegmentCommand, readSegment } from './segment.js';
import { subSource } from './source.js';
import {
  type DysymtabCommand, type ImportedSymbol, type SymtabCommand, chainedImports, readDysymtab, readSymtab, undefinedSymbols,
} from './symbols.js';
import { readUuid } from './uuid.js';
import { type BuildVersion, readBuildVersion, readVersionMin } from './version.js';

/**
 * A lazy, read-only view of one Mach-O image (Apple's loader.h): a thin file, or one slice of a
 * fat file. Only the mach_header is decoded by the constructor; load commands are walked the first
 * time anything asks, and each command is decoded on access and cached (errors too).
 *
 * `offset` (bytes) places the image inside `source` (a fat slice, whose Mach-O offsets are
 * relative to the slice start); the image extends to `size` bytes (default: to the end of
 * `source`). All offsets this class reports are relative to the image.
 *
 * Throws only `BinspectError` (format 'macho'; constructor: `BAD_MAGIC`, `TRUNCATED`; getters: any
 * code) and `TypeError` for bad arguments.
 */
export class MachOFile {
  readonly header: MachHeader;
  readonly limits: MachOLimits;
  /** The image's bytes (slice-relative offsets). */
  readonly source: ByteSource;
  private readonly cache = new Memo();

  constructor(source: ByteSource, offset = 0, limits: Partial<MachOLimits> = {}, size?: number) {
    checkedSource(source, 'MachOFile');
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > source.size) throw new TypeError(`bad Mach-O offset ${offset}`);
    const n = size ?? source.size - offset;
    if (!Number.isSafeInteger(n) || n < 0 || offset + n > source.size) throw new TypeError(`bad Mach-O size ${n}`);
    this.limits = mergeLimits(DEFAULT_MACHO_LIMITS, limits, 'MachOFile');
    this.source = subSource(source, offset, n);
    this.header = readMachHeader(this.source);
  }

  /** A MachOFile over bytes in memory (zero-copy). */
  static fromBytes(bytes: Uint8Array, limits: Partial<MachOLimits> = {}): MachOFile {
    return new MachOFile(bytesSource(bytes, 'MachOFile.fromBytes'), 0, limits);
  }

  /** All load commands in file order (see `readLoadCommands` for the checks and errors). */
  get loadCommands(): LoadCommand[] {
    return this.cache.get('lcs', () => readLoadCommands(this.source, this.header, this.limits));
  }

  /** Load commands whose `cmd` is one of `cmds`, in file order. */
  commands(...cmds: number[]): LoadCommand[] {
    return this.loadCommands.filter((lc) => cmds.includes(lc.cmd));
  }

  /** The raw cputype word. */
  get cputype(): number {
    return this.header.cputype;
  }

  /** cputype is CPU_TYPE_ARM64 and the subtype (without capability bits) is CPU_SUBTYPE_ARM64E. */
  get isArm64e(): boolean {
    return this.header.cputype === CPU_TYPE_ARM64 && ((this.header.cpusubtype & ~CPU_SUBTYPE_MASK) >>> 0) === CPU_SUBTYPE_ARM64E;
  }

  /** arm64e pointer-authentication ABI version (bits 24..27 of cpusubtype), or null for other CPUs. */
  get ptrauthAbiVersion(): number | null {
    return this.isArm64e ? ptrauthVersion(this.header.cpusubtype) : null;
  }

  /** LC_SEGMENT / LC_SEGMENT_64 commands with their sections. */
  get segments(): SegmentCommand[] {
    return this.cache.get('segments', () => this.commands(LC_SEGMENT, LC_SEGMENT_64).map(readSegment));
  }

  /** The dylibs this image loads (LC_LOAD_DYLIB, _WEAK_, REEXPORT_, LAZY_LOAD_, LOAD_UPWARD_), in load-command (ordinal) order. */
  get dylibs(): DylibCommand[] {
    return this.cache.get('dylibs', () => this.loadCommands.filter((lc) => DYLIB_LOAD_COMMANDS.has(lc.cmd))
      .map((lc) => readDylib(this.source, lc, this.limits.maxStringLength)));
  }

  /** LC_ID_DYLIB (the install name of a dylib), or null. */
  get idDylib(): DylibCommand | null {
    return this.cache.get('id', () => {
      const lc = this.commands(LC_ID_DYLIB)[0];
      return lc ? readDylib(this.source, lc, this.limits.maxStringLength) : null;
    });
  }

  /** LC_LOAD_DYLINKER's path, or null. */
  get dylinker(): string | null {
    return this.cache.get('dylinker', () => {
      const lc = this.commands(LC_LOAD_DYLINKER)[0];
      return lc ? readDylinker(this.source, lc, this.limits.maxStringLength) : null;
    });
  }

  /** LC_RPATH paths in load-command order. */
  get rpaths(): string[] {
    return this.cache.get('rpaths', () => this.commands(LC_RPATH).map((lc) => readRpath(this.source, lc, this.limits.maxStringLength)));
  }

  /** LC_UUID as lowercase 8-4-4-4-12, or null. */
  get uuid(): string | null {
    return this.cache.get('uuid', () => {
      const lc = this.commands(LC_UUID)[0];
      return lc ? readUuid(lc) : null;
    });
  }

  /** LC_MAIN, or null. */
  get main(): EntryPointCommand | null {
    return this.cache.get('main', () => {
      const lc = this.commands(LC_MAIN)[0];
      return lc ? readMain(lc) : null;
    });
  }

  /** Every LC_BUILD_VERSION in load-command order. */
  get buildVersions(): BuildVersion[] {
    return this.cache.get('bv', () => this.commands(LC_BUILD_VERSION).map((lc) => readBuildVersion(lc, this.limits.maxBuildTools)));
  }

  /** Every LC_VERSION_MIN_* in load-command order. */
  get versionMins(): BuildVersion[] {
    return this.cache.get('vmin', () => this.loadCommands.filter((lc) => VERSION_MIN_PLATFORM.has(lc.cmd)).map(readVersionMin));
  }

  /** The platform and versions that count (docs/vocabulary.md): the first LC_BUILD_VERSION, else the first LC_VERSION_MIN_*, else null. */
  get platformVersion(): BuildVersion | null {
    return this.buildVersions[0] ?? this.versionMins[0] ?? null;
  }

  /** LC_ENCRYPTION_INFO / LC_ENCRYPTION_INFO_64 commands. */
  get encryptionInfo(): EncryptionInfo[] {
    return this.cache.get('crypt', () => this.commands(LC_ENCRYPTION_INFO, LC_ENCRYPTION_INFO_64).map(readEncryptionInfo));
  }

  /** LC_CODE_SIGNATURE's data range, or null when the image is not signed. */
  get codeSignatureCommand(): LinkeditData | null {
    return this.cache.get('cscmd', () => {
      const lc = this.commands(LC_CODE_SIGNATURE)[0];
      return lc ? readLinkeditData(lc) : null;
    });
  }

  /** The embedded signature's SuperBlob and CodeDirectory, or null when unsigned. */
  get codeSignature(): CodeSignature | null {
    return this.cache.get('cs', () => {
      const c = this.codeSignatureCommand;
      return c ? readCodeSignature(this.source, c, this.limits) : null;
    });
  }

  /**
   * Loader-relevant oddities that did not stop an answer (docs/loader.md): `TRUNCATED` for every
   * segment (`fileoff + filesize`), section with file bytes, LC_SYMTAB table (symbols, strings) and
   * LC_DYSYMTAB table (TOC, modules, external references, indirect symbols, relocations) that
   * passes the end of the image; dyld and llvm-objdump refuse such a file. Throws like
   * {@link segments}, {@link symtab} and {@link dysymtab} when their commands cannot be decoded.
   */
  get anomalies(): Anomaly[] {
    return this.cache.get('anomalies', () => {
      const log = new AnomalyLog();
      const size = this.source.size;
      const past = (structure: string, offset: number, count: number, unit: number, what: string): void => {
        const end = offset + count * unit;
        if (count > 0 && end > size) {
          log.add('TRUNCATED', structure, offset, `${what} ends at 0x${end.toString(16)}, past the end of the ${size}-byte image`);
        }
      };
      for (const seg of this.segments) {
        const cmd = `${seg.cmd === LC_SEGMENT_64 ? 'segment_command_64' : 'segment_command'} ${seg.segname} (load_command[${seg.index}])`;
        past(cmd, seg.fileoff, seg.filesize, 1, `segment ${seg.segname}`);
        for (const sec of seg.sections) {
          const type = sec.flags & 0xff;
          if (sec.offset === 0 || type === 0x1 || type === 0xc || type === 0x12) continue; // S_ZEROFILL, S_GB_ZEROFILL, S_THREAD_LOCAL_ZEROFILL
          if (sec.size > 0x1fffffffffffffn) continue;
          past(`section ${sec.segname},${sec.sectname} (load_command[${seg.index}])`, sec.offset, Number(sec.size), 1, `section ${sec.sectname}`);
        }
      }
      const st = this.symtab;
      if (st) {
        past('symtab_command', st.symoff, st.nsyms, this.header.class === 64 ? 16 : 12, 'the symbol table');
        past('symtab_command', st.stroff, st.strsize, 1, 'the string table');
      }
      const d = this.dysymtab;
      if (d) {
        past('dysymtab_command', d.tocoff, d.ntoc, 8, 'the table of contents');
        past('dysymtab_command', d.modtaboff, d.nmodtab, this.header.class === 64 ? 56 : 52, 'the module table');
        past('dysymtab_command', d.extrefsymoff, d.nextrefsyms, 4, 'the external reference table');
        past('dysymtab_command', d.indirectsymoff, d.nindirectsyms, 4, 'the indirect symbol table');
        past('dysymtab_command', d.extreloff, d.nextrel, 8, 'the external relocations');
        past('dysymtab_command', d.locreloff, d.nlocrel, 8, 'the local relocations');
      }
      return log.list;
    });
  }

  /** LC_SYMTAB, or null. */
  get symtab(): SymtabCommand | null {
    return this.cache.get('symtab', () => {
      const lc = this.commands(LC_SYMTAB)[0];
      return lc ? readSymtab(lc) : null;
    });
  }

  /** LC_DYSYMTAB, or null. */
  get dysymtab(): DysymtabCommand | null {
    return this.cache.get('dysymtab', () => {
      const lc = this.commands(LC_DYSYMTAB)[0];
      return lc ? readDysymtab(lc) : null;
    });
  }

  /** External undefined symbols of LC_SYMTAB with their library ([] without LC_SYMTAB). */
  get undefinedSymbols(): ImportedSymbol[] {
    return this.cache.get('undef', () => {
      const st = this.symtab;
      if (!st) return [];
      return undefinedSymbols(this.source, this.header, st, this.dysymtab, this.dylibs.map((d) => d.name),
        (this.header.flags & MH_TWOLEVEL) !== 0, this.limits);
    });
  }

  /** Imports of LC_DYLD_CHAINED_FIXUPS, or null when the image has no chained fixups. */
  get chainedImports(): ImportedSymbol[] | null {
    return this.cache.get('chained', () => {
      const lc = this.commands(LC_DYLD_CHAINED_FIXUPS)[0];
      if (!lc) return null;
      return chainedImports(this.source, this.header, readLinkeditData(lc), this.dylibs.map((d) => d.name), this.limits);
    });
  }
}

/**
 * A fat (universal) file (fat.h): the big-endian fat_header and its fat_arch / fat_arch_64 table,
 * decoded by the constructor. Each slice is a MachOFile over a bounded sub-source; a slice whose
 * range is bad, or whose bytes are not a Mach-O image, fails alone (`slice(i)` throws its error).
 *
 * Throws only `BinspectError` (format 'macho-fat' for the container; 'macho' from a slice) and
 * `TypeError` for bad arguments.
 */
export class FatFile {
  readonly header: FatHeader;
  readonly limits: MachOLimits;
  private readonly cache = new Memo();

  constructor(readonly source: ByteSource, limits: Partial<MachOLimits> = {}) {
    checkedSource(source, 'FatFile');
    this.limits = mergeLimits(DEFAULT_MACHO_LIMITS, limits, 'FatFile');
    this.header = readFatHeader(source, this.limits.maxFatArchs);
  }

  static fromBytes(bytes: Uint8Array, limits: Partial<MachOLimits> = {}): FatFile {
    return new FatFile(bytesSource(bytes, 'FatFile.fromBytes'), limits);
  }

  /** The fat_arch entries (offset, size, cputype per slice; `error` for a slice whose range is bad). */
  get archs(): FatArch[] {
    return this.header.archs;
  }

  /**
   * Slice `i` as a MachOFile. Throws the slice's `BinspectError` (its range, or its mach_header),
   * and `TypeError` when there is no slice `i`. The slice's cputype must match its fat_arch's:
   * a mismatch is `UNSUPPORTED` (as LLVM's MachOUniversalBinary reports it).
   */
  slice(i: number): MachOFile {
    const a = this.header.archs[i];
    if (!Number.isInteger(i) || !a) throw new TypeError(`no fat slice ${i}`);
    return this.cache.get(`slice${i}`, () => {
      if (a.error) throw a.error;
      const m = new MachOFile(this.source, a.offset, this.limits, a.size);
      if (m.header.cputype !== a.cputype) {
        throw new BinspectError('UNSUPPORTED', 'macho-fat', `fat_arch[${i}]`, a.offset,
          `fat_arch cputype 0x${a.cputype.toString(16)} but the slice's mach_header says 0x${m.header.cputype.toString(16)}`);
      }
      return m;
    });
  }
}
