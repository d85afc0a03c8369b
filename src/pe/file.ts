import { mergeLimits } from '../util/limits.js';
import { Memo } from '../util/memo.js';
import { type Anomaly, AnomalyLog, BinspectError, type FormatName } from '../errors.js';
import { type ByteSource, bytesSource, checkedSource } from '../bytes/source.js';
import { readCString } from '../bytes/strings.js';
import { ByteView, view } from '../bytes/view.js';
import { readCertificates, type WinCertificate } from './certificate.js';
import { type Cor20Header, readCor20Header } from './clr.js';
import { IMAGE_SIZEOF_FILE_HEADER, IMAGE_SIZEOF_SYMBOL, type FileHeader, isCoffObject, readFileHeader } from './coff.js';
import {
  IMAGE_DEBUG_TYPE_CODEVIEW, IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS, IMAGE_DIRECTORY_ENTRY_BASERELOC,
  IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR, IMAGE_DIRECTORY_ENTRY_DEBUG, IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT,
  IMAGE_DIRECTORY_ENTRY_EXPORT, IMAGE_DIRECTORY_ENTRY_IMPORT, IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG,
  IMAGE_DIRECTORY_ENTRY_SECURITY, IMAGE_DIRECTORY_ENTRY_TLS, IMAGE_FILE_DLL, IMAGE_FILE_MACHINE,
  IMAGE_FILE_MACHINE_UNKNOWN, IMAGE_NT_OPTIONAL_HDR64_MAGIC, IMAGE_NT_SIGNATURE, IMAGE_OS2_SIGNATURE,
  IMAGE_OS2_SIGNATURE_LE, IMAGE_OS2_SIGNATURE_LX, IMAGE_SCN_CNT_UNINITIALIZED_DATA,
} from './constants.js';
import type { PeImage } from './context.js';
import { type CodeViewInfo, type DebugDirectory, readCodeView, readDebugDirectory, readExDllCharacteristics } from './debug.js';
import {
  type DelayImportedDll, type DelayLoadDescriptor, readDelayImportedFunctions, readDelayLoadDescriptors,
} from './delay.js';
import { type DosHeader, hasMzMagic, readDosHeader } from './dos.js';
import { type ExportDirectory, type ExportedSymbol, readExportDirectory, readExports } from './exports.js';
import { type ImportDescriptor, type ImportedDll, readImportDescriptors, readImportedFunctions } from './imports.js';
import { DEFAULT_PE_LIMITS, type PeLimits } from './limits.js';
import { type LoadConfig, readLoadConfig } from './loadconfig.js';
import { type DataDirectory, type OptionalHeader, readOptionalHeader } from './optional.js';
import { type RichHeader, readRichHeader } from './rich.js';
import {
  type FileRange, IMAGE_SIZEOF_SECTION_HEADER, mapRva, readSectionHeaders, rvaToFileRange, type SectionHeader, sectionLongName,
} from './section.js';
import { readTlsDirectory, type TlsDirectory } from './tls.js';

export { isCoffObject };


/**
 * A lazy, read-only view of one PE image (`.exe`, `.dll`, `.sys`, `.efi` ...) or bare COFF object
 * file (Microsoft "PE Format" specification). The constructor decodes the headers (DOS header,
 * signature, IMAGE_FILE_HEADER, optional header); every directory is read from the `ByteSource` the
 * first time it is asked for, then cached (errors too).
 *
 * Every count, RVA and table in the file is distrusted: RVAs are translated through the section
 * table and must land in a section's file bytes, tables are bounds-checked before they are walked,
 * and counts are capped by {@link PeLimits}.
 *
 * Throws only `BinspectError` (format `pe`, or `coff` for a bare object; constructor: `BAD_MAGIC`,
 * `UNSUPPORTED`, `TRUNCATED`, `LIMIT`; getters: any code), and `TypeError` for bad arguments.
 */
export class PeFile implements PeImage {
  /** `pe` for an image, `coff` for a bare object file. */
  readonly format: 'pe' | 'coff';
  readonly limits: PeLimits;
  /** IMAGE_DOS_HEADER (null for a bare object). */
  readonly dosHeader: DosHeader | null;
  readonly fileHeader: FileHeader;
  /** The optional header (null for a bare object). */
  readonly optionalHeader: OptionalHeader | null;
  private readonly memo = new Memo();

  constructor(readonly source: ByteSource, limits: Partial<PeLimits> = {}) {
    checkedSource(source, 'PeFile');
    this.limits = mergeLimits(DEFAULT_PE_LIMITS, limits, 'PeFile');
    const head = source.read(0, Math.min(2, source.size));
    if (!hasMzMagic(head)) {
      if (!isCoffObject(source)) {
        throw new BinspectError('BAD_MAGIC', 'pe', 'IMAGE_DOS_HEADER', 0, 'neither MZ nor a COFF object header');
      }
      this.format = 'coff';
      this.dosHeader = null;
      this.fileHeader = readFileHeader(source, 0, 'coff');
      this.optionalHeader = null;
    } else {
      this.format = 'pe';
      this.dosHeader = readDosHeader(source);
      const at = this.dosHeader.e_lfanew;
      const sig = view(source, at, 4, true, { format: 'pe', structure: 'IMAGE_NT_HEADERS.Signature' });
      const s16 = sig.u16(0);
      if (s16 === IMAGE_OS2_SIGNATURE || s16 === IMAGE_OS2_SIGNATURE_LE || s16 === IMAGE_OS2_SIGNATURE_LX) {
        throw new BinspectError('UNSUPPORTED', 'pe', 'IMAGE_NT_HEADERS.Signature', at,
          `${String.fromCharCode(s16 & 0xff, s16 >> 8)} executable, not PE`);
      }
      if (sig.u32(0) !== IMAGE_NT_SIGNATURE) {
        throw new BinspectError('BAD_MAGIC', 'pe', 'IMAGE_NT_HEADERS.Signature', at, 'no PE\\0\\0 signature at e_lfanew');
      }
      this.fileHeader = readFileHeader(source, at + 4);
      this.optionalHeader = readOptionalHeader(source, at + 4 + IMAGE_SIZEOF_FILE_HEADER, this.fileHeader.SizeOfOptionalHeader);
    }
    if (this.fileHeader.NumberOfSections > this.limits.maxSections) {
      throw new BinspectError('LIMIT', this.format, 'IMAGE_FILE_HEADER.NumberOfSections', this.fileHeader.offset + 2,
        `${this.fileHeader.NumberOfSections} sections > ${this.limits.maxSections}`);
    }
  }

  /** A PeFile over bytes in memory (zero-copy). */
  static fromBytes(bytes: Uint8Array, limits: Partial<PeLimits> = {}): PeFile {
    return new PeFile(bytesSource(bytes, 'PeFile.fromBytes'), limits);
  }

  private get errorFormat(): FormatName {
    return this.format;
  }

  /** True for PE32+ (optional header Magic 0x20b). False for PE32 and bare objects. */
  get pe32plus(): boolean {
    return this.optionalHeader?.Magic === IMAGE_NT_OPTIONAL_HDR64_MAGIC;
  }

  /** ImageBase (0n for a bare object). */
  get imageBase(): bigint {
    return this.optionalHeader?.ImageBase ?? 0n;
  }

  /** True when IMAGE_FILE_HEADER.Characteristics has IMAGE_FILE_DLL. */
  get isDll(): boolean {
    return (this.fileHeader.Characteristics & IMAGE_FILE_DLL) !== 0;
  }

  /** Section headers in table order. Throws `TRUNCATED` when the table passes the end of the file. */
  get sections(): SectionHeader[] {
    return this.memo.get('sections', () => readSectionHeaders(this.source,
      this.fileHeader.offset + IMAGE_SIZEOF_FILE_HEADER + this.fileHeader.SizeOfOptionalHeader,
      this.fileHeader.NumberOfSections, this.errorFormat));
  }

  /**
   * Loader-relevant oddities that did not stop an answer (docs/loader.md): `TRUNCATED` for each
   * section whose raw data (`PointerToRawData + SizeOfRawData`) passes the end of the file (the
   * Windows loader refuses such an image; llvm-objdump too) and for headers (`SizeOfHeaders`)
   * past it. Throws like {@link sections}.
   */
  get anomalies(): Anomaly[] {
    return this.memo.get('anomalies', () => {
      const log = new AnomalyLog();
      const size = this.source.size;
      for (const s of this.sections) {
        const end = s.PointerToRawData + s.SizeOfRawData;
        if (s.SizeOfRawData > 0 && s.PointerToRawData !== 0 && end > size) {
          log.add('TRUNCATED', `IMAGE_SECTION_HEADER[${s.index}] (${s.Name})`, s.PointerToRawData,
            `raw data ends at 0x${end.toString(16)}, past the end of the ${size}-byte file`);
        }
      }
      return log.list;
    });
  }

  /** File offset of the COFF string table (right after the symbol table), or null without a symbol table. */
  get stringTableOffset(): number | null {
    const h = this.fileHeader;
    if (h.PointerToSymbolTable === 0) return null;
    const at = h.PointerToSymbolTable + h.NumberOfSymbols * IMAGE_SIZEOF_SYMBOL;
    return at + 4 <= this.source.size ? at : null;
  }

  /** A section's full name, resolving `/nnn` long names through the COFF string table. */
  sectionName(s: SectionHeader): string {
    return sectionLongName(this.source, s, this.stringTableOffset, this.limits.maxStringLength, this.errorFormat);
  }

  /**
   * Data directory `index` (IMAGE_DIRECTORY_ENTRY_*), or null when the image has no such slot or
   * its VirtualAddress is 0 (what the loader treats as absent). Always null for a bare object.
   */
  dataDirectory(index: number): DataDirectory | null {
    const d = this.optionalHeader?.DataDirectory[index];
    return d && d.VirtualAddress !== 0 ? d : null;
  }

  /** See {@link PeImage.mapRva}. */
  mapRva(rva: number, length: number, what: string): FileRange {
    return mapRva(this.sections, this.optionalHeader?.SizeOfHeaders ?? 0, rva, length, this.source.size, what);
  }

  /** See {@link PeImage.imageView}. */
  imageView(rva: number, length: number, what: string): ByteView {
    const r = rvaToFileRange(this.sections, this.optionalHeader?.SizeOfHeaders ?? 0, rva, length, this.source.size);
    const where = { format: 'pe' as const, structure: what };
    if (r !== null) return view(this.source, r.offset, length, true, where);
    const s = this.sections.find((x) => rva >= x.VirtualAddress && rva < x.VirtualAddress + Math.max(x.VirtualSize, x.SizeOfRawData));
    if (!s || !(length >= 0) || rva + length > s.VirtualAddress + Math.max(s.VirtualSize, s.SizeOfRawData)) {
      throw new BinspectError('OUT_OF_BOUNDS', 'pe', what, null, `RVA 0x${rva.toString(16)} (+${length}) is in no section's image`);
    }
    // The range reaches into the zero-filled tail: file bytes up to SizeOfRawData, zeros after.
    const rel = rva - s.VirtualAddress;
    const buf = new Uint8Array(length);
    const have = s.PointerToRawData === 0 ? 0 : Math.max(0, Math.min(length, s.SizeOfRawData - rel, this.source.size - (s.PointerToRawData + rel)));
    if (have > 0) buf.set(this.source.read(s.PointerToRawData + rel, have));
    return new ByteView(buf, s.PointerToRawData + rel, true, where);
  }

  /** See {@link PeImage.stringAt}. */
  stringAt(rva: number, what: string): string {
    const r = this.mapRva(rva, 1, what);
    return readCString(this.source, r.offset, r.end, this.limits.maxStringLength, { format: 'pe', structure: what });
  }

  /** Import descriptors (DLL names) in table order; [] without an IMPORT directory. */
  get importDescriptors(): ImportDescriptor[] {
    return this.memo.get('importDescriptors', () => {
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_IMPORT);
      return d ? readImportDescriptors(this, d.VirtualAddress) : [];
    });
  }

  /** Imported DLLs with their functions. Throws `LIMIT` past `limits.maxImportFunctions` entries in all (with delay imports). */
  get imports(): ImportedDll[] {
    return this.memo.get('imports', () => {
      let budget = this.limits.maxImportFunctions;
      return this.importDescriptors.map((d) => {
        const functions = readImportedFunctions(this, d, Math.min(this.limits.maxFunctionsPerDll, budget));
        budget -= functions.length;
        return { ...d, functions };
      });
    });
  }

  /** Delay-load descriptors in table order; [] without a DELAY_IMPORT directory. */
  get delayLoadDescriptors(): DelayLoadDescriptor[] {
    return this.memo.get('delayDescriptors', () => {
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT);
      return d ? readDelayLoadDescriptors(this, d.VirtualAddress) : [];
    });
  }

  /** Delay-loaded DLLs with their functions (same budget as {@link imports}). */
  get delayImports(): DelayImportedDll[] {
    return this.memo.get('delayImports', () => {
      let budget = this.limits.maxImportFunctions - this.imports.reduce((n, d) => n + d.functions.length, 0);
      return this.delayLoadDescriptors.map((d) => {
        const functions = readDelayImportedFunctions(this, d, Math.max(0, Math.min(this.limits.maxFunctionsPerDll, budget)));
        budget -= functions.length;
        return { ...d, functions };
      });
    });
  }

  /** The export directory (with the DLL's own name), or null without an EXPORT directory. */
  get exportDirectory(): ExportDirectory | null {
    return this.memo.get('exportDirectory', () => {
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_EXPORT);
      return d ? readExportDirectory(this, d.VirtualAddress) : null;
    });
  }

  /** Exported symbols in export address table order ([] without an EXPORT directory). */
  get exports(): ExportedSymbol[] {
    return this.memo.get('exports', () => {
      const dir = this.exportDirectory;
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_EXPORT);
      return dir && d ? readExports(this, dir, d) : [];
    });
  }

  /** Debug directory entries ([] without a DEBUG directory). */
  get debugDirectory(): DebugDirectory[] {
    return this.memo.get('debug', () => {
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_DEBUG);
      return d ? readDebugDirectory(this, d.VirtualAddress, d.Size) : [];
    });
  }

  /** The first CodeView record (RSDS or NB10) of the debug directory, or null. */
  get codeView(): CodeViewInfo | null {
    return this.memo.get('codeView', () => {
      for (const d of this.debugDirectory) {
        if (d.Type !== IMAGE_DEBUG_TYPE_CODEVIEW) continue;
        const cv = readCodeView(this, d);
        if (cv) return cv;
      }
      return null;
    });
  }

  /** IMAGE_DLLCHARACTERISTICS_EX_* from an EX_DLLCHARACTERISTICS debug entry, or null without one. */
  get exDllCharacteristics(): number | null {
    return this.memo.get('exDll', () => {
      const d = this.debugDirectory.find((x) => x.Type === IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS);
      return d ? readExDllCharacteristics(this, d) : null;
    });
  }

  /** The load configuration structure, or null without a LOAD_CONFIG directory. */
  get loadConfig(): LoadConfig | null {
    return this.memo.get('loadConfig', () => {
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG);
      return d ? readLoadConfig(this, d.VirtualAddress, d.Size) : null;
    });
  }

  /** The Rich header between the DOS stub and the PE header, or null (always null for a bare object). */
  get richHeader(): RichHeader | null {
    return this.memo.get('rich', () => (this.dosHeader
      ? readRichHeader(this.source, this.dosHeader.e_lfanew, this.limits.maxRichScan)
      : null));
  }

  /** The .NET CLI header, or null when the image has no COM_DESCRIPTOR directory. */
  get cor20Header(): Cor20Header | null {
    return this.memo.get('cor20', () => {
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR);
      return d ? readCor20Header(this, d.VirtualAddress) : null;
    });
  }

  /** The TLS directory, or null without one. */
  get tlsDirectory(): TlsDirectory | null {
    return this.memo.get('tls', () => {
      const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_TLS);
      return d ? readTlsDirectory(this, d.VirtualAddress) : null;
    });
  }

  /**
   * True when the SECURITY directory (the attribute certificate table: Authenticode) has a non-zero
   * file offset and size. Throws `TRUNCATED` when that range passes the end of the file. Reads no
   * bytes of the table; see {@link certificates} to decode it.
   */
  get hasCertificateTable(): boolean {
    const d = this.optionalHeader?.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY];
    if (!d || d.VirtualAddress === 0 || d.Size === 0) return false;
    if (d.VirtualAddress + d.Size > this.source.size) {
      throw new BinspectError('TRUNCATED', 'pe', 'WIN_CERTIFICATE', d.VirtualAddress,
        `certificate table of ${d.Size} bytes passes the end of the ${this.source.size}-byte file`);
    }
    return true;
  }

  /** The certificate table's WIN_CERTIFICATE entries ([] without one). */
  get certificates(): WinCertificate[] {
    return this.memo.get('certs', () => {
      if (!this.hasCertificateTable) return [];
      const d = this.optionalHeader!.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY]!;
      return readCertificates(this.source, d.VirtualAddress, d.Size, 1024);
    });
  }

  /** True when the image has base relocations (a BASERELOC directory with a non-zero size). */
  get hasBaseRelocations(): boolean {
    const d = this.dataDirectory(IMAGE_DIRECTORY_ENTRY_BASERELOC);
    return d !== null && d.Size !== 0;
  }
}
