/**
 * PE/COFF constants as tables (Microsoft "PE Format" specification, learn.microsoft.com
 * /windows/win32/debug/pe-format, and winnt.h for values the spec omits). Name look-ups are derived
 * from these tables with {@link nameOf} and {@link flagNames}; there is no second hand-written switch.
 */
import { flagNames, nameOf, table } from '../util/table.js';

export { flagNames, nameOf };

// MS-DOS stub and signatures (spec "MS-DOS Stub (Image Only)", "Signature (Image Only)").
/** `MZ`, IMAGE_DOS_HEADER.e_magic (IMAGE_DOS_SIGNATURE). */
export const IMAGE_DOS_SIGNATURE = 0x5a4d;
/** `PE\0\0` read as a little-endian u32 (IMAGE_NT_SIGNATURE). */
export const IMAGE_NT_SIGNATURE = 0x00004550;
/** `NE`, `LE`, `LX`: 16-bit and VxD/OS/2 executables behind an MZ stub (not PE). */
export const IMAGE_OS2_SIGNATURE = 0x454e;
export const IMAGE_OS2_SIGNATURE_LE = 0x454c;
export const IMAGE_OS2_SIGNATURE_LX = 0x584c;
/** File offset of e_lfanew in IMAGE_DOS_HEADER. */
export const E_LFANEW_OFFSET = 0x3c;

/** Machine types (spec "Machine Types"; winnt.h IMAGE_FILE_MACHINE_*), names without the prefix. */
export const IMAGE_FILE_MACHINE = table([
  [0x0, 'UNKNOWN'],
  [0x1, 'TARGET_HOST'],
  [0x14c, 'I386'],
  [0x14d, 'I860'],
  [0x160, 'R3000BE'],
  [0x162, 'R3000'],
  [0x166, 'R4000'],
  [0x168, 'R10000'],
  [0x169, 'WCEMIPSV2'],
  [0x183, 'ALPHA_OLD'],
  [0x184, 'ALPHA'],
  [0x1a2, 'SH3'],
  [0x1a3, 'SH3DSP'],
  [0x1a4, 'SH3E'],
  [0x1a6, 'SH4'],
  [0x1a8, 'SH5'],
  [0x1c0, 'ARM'],
  [0x1c2, 'THUMB'],
  [0x1c4, 'ARMNT'],
  [0x1d3, 'AM33'],
  [0x1f0, 'POWERPC'],
  [0x1f1, 'POWERPCFP'],
  [0x1f2, 'POWERPCBE'],
  [0x200, 'IA64'],
  [0x266, 'MIPS16'],
  [0x284, 'ALPHA64'],
  [0x366, 'MIPSFPU'],
  [0x466, 'MIPSFPU16'],
  [0x520, 'TRICORE'],
  [0xcef, 'CEF'],
  [0xebc, 'EBC'],
  [0x3a64, 'CHPE_X86'],
  [0x5032, 'RISCV32'],
  [0x5064, 'RISCV64'],
  [0x5128, 'RISCV128'],
  [0x6232, 'LOONGARCH32'],
  [0x6264, 'LOONGARCH64'],
  [0x8664, 'AMD64'],
  [0x9041, 'M32R'],
  [0xa641, 'ARM64EC'],
  [0xa64e, 'ARM64X'],
  [0xaa64, 'ARM64'],
  [0xc0ee, 'CEE'],
]);
export const IMAGE_FILE_MACHINE_UNKNOWN = 0x0;
export const IMAGE_FILE_MACHINE_I386 = 0x14c;
export const IMAGE_FILE_MACHINE_ARM = 0x1c0;
export const IMAGE_FILE_MACHINE_THUMB = 0x1c2;
export const IMAGE_FILE_MACHINE_ARMNT = 0x1c4;
export const IMAGE_FILE_MACHINE_IA64 = 0x200;
export const IMAGE_FILE_MACHINE_RISCV32 = 0x5032;
export const IMAGE_FILE_MACHINE_RISCV64 = 0x5064;
export const IMAGE_FILE_MACHINE_LOONGARCH64 = 0x6264;
export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
export const IMAGE_FILE_MACHINE_ARM64EC = 0xa641;
export const IMAGE_FILE_MACHINE_ARM64 = 0xaa64;

/** IMAGE_FILE_HEADER.Characteristics (spec "Characteristics"). */
export const IMAGE_FILE = table([
  [0x0001, 'RELOCS_STRIPPED'],
  [0x0002, 'EXECUTABLE_IMAGE'],
  [0x0004, 'LINE_NUMS_STRIPPED'],
  [0x0008, 'LOCAL_SYMS_STRIPPED'],
  [0x0010, 'AGGRESSIVE_WS_TRIM'],
  [0x0020, 'LARGE_ADDRESS_AWARE'],
  [0x0040, '16BIT_MACHINE'],
  [0x0080, 'BYTES_REVERSED_LO'],
  [0x0100, '32BIT_MACHINE'],
  [0x0200, 'DEBUG_STRIPPED'],
  [0x0400, 'REMOVABLE_RUN_FROM_SWAP'],
  [0x0800, 'NET_RUN_FROM_SWAP'],
  [0x1000, 'SYSTEM'],
  [0x2000, 'DLL'],
  [0x4000, 'UP_SYSTEM_ONLY'],
  [0x8000, 'BYTES_REVERSED_HI'],
]);
export const IMAGE_FILE_RELOCS_STRIPPED = 0x0001;
export const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
export const IMAGE_FILE_LARGE_ADDRESS_AWARE = 0x0020;
export const IMAGE_FILE_DLL = 0x2000;

/** IMAGE_OPTIONAL_HEADER.Magic (spec "Optional Header Standard Fields"). */
export const IMAGE_NT_OPTIONAL_HDR32_MAGIC = 0x10b;
export const IMAGE_NT_OPTIONAL_HDR64_MAGIC = 0x20b;
export const IMAGE_ROM_OPTIONAL_HDR_MAGIC = 0x107;

/** IMAGE_OPTIONAL_HEADER.DllCharacteristics (spec "DLL Characteristics"). */
export const IMAGE_DLLCHARACTERISTICS = table([
  [0x0001, 'PROCESS_INIT'],
  [0x0002, 'PROCESS_TERM'],
  [0x0004, 'THREAD_INIT'],
  [0x0008, 'THREAD_TERM'],
  [0x0020, 'HIGH_ENTROPY_VA'],
  [0x0040, 'DYNAMIC_BASE'],
  [0x0080, 'FORCE_INTEGRITY'],
  [0x0100, 'NX_COMPAT'],
  [0x0200, 'NO_ISOLATION'],
  [0x0400, 'NO_SEH'],
  [0x0800, 'NO_BIND'],
  [0x1000, 'APPCONTAINER'],
  [0x2000, 'WDM_DRIVER'],
  [0x4000, 'GUARD_CF'],
  [0x8000, 'TERMINAL_SERVER_AWARE'],
]);
export const IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA = 0x0020;
export const IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE = 0x0040;
export const IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY = 0x0080;
export const IMAGE_DLLCHARACTERISTICS_NX_COMPAT = 0x0100;
export const IMAGE_DLLCHARACTERISTICS_NO_ISOLATION = 0x0200;
export const IMAGE_DLLCHARACTERISTICS_NO_SEH = 0x0400;
export const IMAGE_DLLCHARACTERISTICS_NO_BIND = 0x0800;
export const IMAGE_DLLCHARACTERISTICS_APPCONTAINER = 0x1000;
export const IMAGE_DLLCHARACTERISTICS_WDM_DRIVER = 0x2000;
export const IMAGE_DLLCHARACTERISTICS_GUARD_CF = 0x4000;
export const IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE = 0x8000;

/**
 * Extended DLL characteristics, the u32 payload of an IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS debug
 * entry (spec "Extended DLL Characteristics"; winnt.h).
 */
export const IMAGE_DLLCHARACTERISTICS_EX = table([
  [0x01, 'CET_COMPAT'],
  [0x02, 'CET_COMPAT_STRICT_MODE'],
  [0x04, 'CET_SET_CONTEXT_IP_VALIDATION_RELAXED_MODE'],
  [0x08, 'CET_DYNAMIC_APIS_ALLOW_IN_PROC'],
  [0x10, 'CET_RESERVED_1'],
  [0x20, 'CET_RESERVED_2'],
  [0x40, 'FORWARD_CFI_COMPAT'],
  [0x80, 'HOTPATCH_COMPATIBLE'],
]);
export const IMAGE_DLLCHARACTERISTICS_EX_CET_COMPAT = 0x01;

/** IMAGE_OPTIONAL_HEADER.Subsystem (spec "Windows Subsystem"). */
export const IMAGE_SUBSYSTEM = table([
  [0, 'UNKNOWN'],
  [1, 'NATIVE'],
  [2, 'WINDOWS_GUI'],
  [3, 'WINDOWS_CUI'],
  [5, 'OS2_CUI'],
  [7, 'POSIX_CUI'],
  [8, 'NATIVE_WINDOWS'],
  [9, 'WINDOWS_CE_GUI'],
  [10, 'EFI_APPLICATION'],
  [11, 'EFI_BOOT_SERVICE_DRIVER'],
  [12, 'EFI_RUNTIME_DRIVER'],
  [13, 'EFI_ROM'],
  [14, 'XBOX'],
  [16, 'WINDOWS_BOOT_APPLICATION'],
  [17, 'XBOX_CODE_CATALOG'],
]);

/** Data directory indices (spec "Optional Header Data Directories"). */
export const IMAGE_DIRECTORY_ENTRY_EXPORT = 0;
export const IMAGE_DIRECTORY_ENTRY_IMPORT = 1;
export const IMAGE_DIRECTORY_ENTRY_RESOURCE = 2;
export const IMAGE_DIRECTORY_ENTRY_EXCEPTION = 3;
/** The certificate table: its VirtualAddress is a file offset, not an RVA. */
export const IMAGE_DIRECTORY_ENTRY_SECURITY = 4;
export const IMAGE_DIRECTORY_ENTRY_BASERELOC = 5;
export const IMAGE_DIRECTORY_ENTRY_DEBUG = 6;
export const IMAGE_DIRECTORY_ENTRY_ARCHITECTURE = 7;
export const IMAGE_DIRECTORY_ENTRY_GLOBALPTR = 8;
export const IMAGE_DIRECTORY_ENTRY_TLS = 9;
export const IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG = 10;
export const IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT = 11;
export const IMAGE_DIRECTORY_ENTRY_IAT = 12;
export const IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT = 13;
export const IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR = 14;
/** Number of data directory slots the spec defines (the 16th is reserved, must be zero). */
export const IMAGE_NUMBEROF_DIRECTORY_ENTRIES = 16;
export const IMAGE_DIRECTORY_ENTRY = table([
  [0, 'EXPORT'], [1, 'IMPORT'], [2, 'RESOURCE'], [3, 'EXCEPTION'], [4, 'SECURITY'], [5, 'BASERELOC'], [6, 'DEBUG'],
  [7, 'ARCHITECTURE'], [8, 'GLOBALPTR'], [9, 'TLS'], [10, 'LOAD_CONFIG'], [11, 'BOUND_IMPORT'], [12, 'IAT'],
  [13, 'DELAY_IMPORT'], [14, 'COM_DESCRIPTOR'], [15, 'RESERVED'],
]);

/** Section flags (spec "Section Flags"), IMAGE_SCN_*; the alignment nibble is decoded separately. */
export const IMAGE_SCN = table([
  [0x00000008, 'TYPE_NO_PAD'],
  [0x00000020, 'CNT_CODE'],
  [0x00000040, 'CNT_INITIALIZED_DATA'],
  [0x00000080, 'CNT_UNINITIALIZED_DATA'],
  [0x00000100, 'LNK_OTHER'],
  [0x00000200, 'LNK_INFO'],
  [0x00000800, 'LNK_REMOVE'],
  [0x00001000, 'LNK_COMDAT'],
  [0x00008000, 'GPREL'],
  [0x01000000, 'LNK_NRELOC_OVFL'],
  [0x02000000, 'MEM_DISCARDABLE'],
  [0x04000000, 'MEM_NOT_CACHED'],
  [0x08000000, 'MEM_NOT_PAGED'],
  [0x10000000, 'MEM_SHARED'],
  [0x20000000, 'MEM_EXECUTE'],
  [0x40000000, 'MEM_READ'],
  [0x80000000, 'MEM_WRITE'],
]);
export const IMAGE_SCN_CNT_UNINITIALIZED_DATA = 0x00000080;
export const IMAGE_SCN_ALIGN_MASK = 0x00f00000;

/** IMAGE_DEBUG_DIRECTORY.Type (spec "Debug Type"; winnt.h). */
export const IMAGE_DEBUG_TYPE = table([
  [0, 'UNKNOWN'],
  [1, 'COFF'],
  [2, 'CODEVIEW'],
  [3, 'FPO'],
  [4, 'MISC'],
  [5, 'EXCEPTION'],
  [6, 'FIXUP'],
  [7, 'OMAP_TO_SRC'],
  [8, 'OMAP_FROM_SRC'],
  [9, 'BORLAND'],
  [10, 'RESERVED10'],
  [11, 'CLSID'],
  [12, 'VC_FEATURE'],
  [13, 'POGO'],
  [14, 'ILTCG'],
  [15, 'MPX'],
  [16, 'REPRO'],
  [17, 'EMBEDDED_PORTABLE_PDB'],
  [18, 'SPGO'],
  [19, 'PDBCHECKSUM'],
  [20, 'EX_DLLCHARACTERISTICS'],
]);
export const IMAGE_DEBUG_TYPE_CODEVIEW = 2;
export const IMAGE_DEBUG_TYPE_REPRO = 16;
export const IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS = 20;

/** CodeView signatures at the start of IMAGE_DEBUG_TYPE_CODEVIEW data, as little-endian u32. */
export const CV_SIGNATURE_RSDS = 0x53445352; // 'RSDS' (PDB 7.0)
export const CV_SIGNATURE_NB10 = 0x3031424e; // 'NB10' (PDB 2.0)

/** IMAGE_LOAD_CONFIG_DIRECTORY.GuardFlags (spec "Load Configuration Layout"; winnt.h IMAGE_GUARD_*). */
export const IMAGE_GUARD = table([
  [0x00000100, 'CF_INSTRUMENTED'],
  [0x00000200, 'CFW_INSTRUMENTED'],
  [0x00000400, 'CF_FUNCTION_TABLE_PRESENT'],
  [0x00000800, 'SECURITY_COOKIE_UNUSED'],
  [0x00001000, 'PROTECT_DELAYLOAD_IAT'],
  [0x00002000, 'DELAYLOAD_IAT_IN_ITS_OWN_SECTION'],
  [0x00004000, 'CF_EXPORT_SUPPRESSION_INFO_PRESENT'],
  [0x00008000, 'CF_ENABLE_EXPORT_SUPPRESSION'],
  [0x00010000, 'CF_LONGJUMP_TABLE_PRESENT'],
  [0x00020000, 'RF_INSTRUMENTED'],
  [0x00040000, 'RF_ENABLE'],
  [0x00080000, 'RF_STRICT'],
  [0x00100000, 'RETPOLINE_PRESENT'],
  [0x00400000, 'EH_CONTINUATION_TABLE_PRESENT'],
  [0x00800000, 'XFG_ENABLED'],
  [0x01000000, 'CASTGUARD_PRESENT'],
  [0x02000000, 'MEMCPY_PRESENT'],
]);
export const IMAGE_GUARD_CF_INSTRUMENTED = 0x00000100;
export const IMAGE_GUARD_CF_FUNCTION_TABLE_PRESENT = 0x00000400;
/** Bits 28..31 of GuardFlags: extra bytes per GuardCFFunctionTable entry. */
export const IMAGE_GUARD_CF_FUNCTION_TABLE_SIZE_MASK = 0xf0000000;
export const IMAGE_GUARD_CF_FUNCTION_TABLE_SIZE_SHIFT = 28;

/** Import lookup table entries (spec "Import Lookup Table"): bit 31 (PE32) / bit 63 (PE32+). */
export const IMAGE_ORDINAL_FLAG32 = 0x80000000;
export const IMAGE_ORDINAL_FLAG64 = 0x8000000000000000n;

/** ImgDelayDescr.Attributes (grAttrs): dlattrRva, the descriptor holds RVAs rather than VAs. */
export const DLATTR_RVA = 0x1;

/** Rich header markers (undocumented; as linkers since VC++ 6 write it): 'Rich' and 'DanS' as u32. */
export const RICH_SIGNATURE = 0x68636952;
export const DANS_SIGNATURE = 0x536e6144;

/** WIN_CERTIFICATE.wCertificateType (spec "The Attribute Certificate Table"). */
export const WIN_CERT_TYPE = table([
  [0x0001, 'X509'],
  [0x0002, 'PKCS_SIGNED_DATA'],
  [0x0003, 'RESERVED_1'],
  [0x0004, 'TS_STACK_SIGNED'],
]);

/** IMAGE_COR20_HEADER.Flags (ECMA-335 II.25.3.3.1; winnt.h COMIMAGE_FLAGS_*). */
export const COMIMAGE_FLAGS = table([
  [0x00000001, 'ILONLY'],
  [0x00000002, '32BITREQUIRED'],
  [0x00000004, 'IL_LIBRARY'],
  [0x00000008, 'STRONGNAMESIGNED'],
  [0x00000010, 'NATIVE_ENTRYPOINT'],
  [0x00010000, 'TRACKDEBUGDATA'],
  [0x00020000, '32BITPREFERRED'],
]);
