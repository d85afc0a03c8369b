/**
 * Mach-O constants as tables (Apple's `<mach-o/loader.h>`, `<mach-o/fat.h>`, `<mach/machine.h>`,
 * `<mach-o/nlist.h>`, `<mach-o/fixup-chains.h>`, and the code-signing structures of xnu's
 * `osfmk/kern/cs_blobs.h`). Names are spelled as those headers spell them; look-ups are derived from
 * the tables with {@link nameOf}, never from a second hand-written switch.
 */
import { bitNames, nameOf, table } from '../util/table.js';

export { bitNames, nameOf };

// ---- Magic numbers (loader.h "mach_header", fat.h "fat_header") --------------------------------

/** 32-bit Mach-O, as read in the file's own byte order. */
export const MH_MAGIC = 0xfeedface;
/** 32-bit Mach-O read in the opposite byte order. */
export const MH_CIGAM = 0xcefaedfe;
export const MH_MAGIC_64 = 0xfeedfacf;
export const MH_CIGAM_64 = 0xcffaedfe;
/** fat.h: the fat header and its fat_arch table are always big-endian. */
export const FAT_MAGIC = 0xcafebabe;
export const FAT_CIGAM = 0xbebafeca;
/** fat.h: fat_arch_64 entries (64-bit offsets and sizes). */
export const FAT_MAGIC_64 = 0xcafebabf;
export const FAT_CIGAM_64 = 0xbfbafeca;

// ---- CPU types and subtypes (mach/machine.h) ---------------------------------------------------

export const CPU_ARCH_MASK = 0xff000000;
/** 64-bit ABI bit of cputype. */
export const CPU_ARCH_ABI64 = 0x01000000;
/** ILP32 ABI on 64-bit hardware (arm64_32). */
export const CPU_ARCH_ABI64_32 = 0x02000000;

export const CPU_TYPE_VAX = 1;
export const CPU_TYPE_MC680x0 = 6;
export const CPU_TYPE_X86 = 7;
export const CPU_TYPE_I386 = CPU_TYPE_X86;
export const CPU_TYPE_X86_64 = (CPU_TYPE_X86 | CPU_ARCH_ABI64) >>> 0;
export const CPU_TYPE_MC98000 = 10;
export const CPU_TYPE_HPPA = 11;
export const CPU_TYPE_ARM = 12;
export const CPU_TYPE_ARM64 = (CPU_TYPE_ARM | CPU_ARCH_ABI64) >>> 0;
export const CPU_TYPE_ARM64_32 = (CPU_TYPE_ARM | CPU_ARCH_ABI64_32) >>> 0;
export const CPU_TYPE_MC88000 = 13;
export const CPU_TYPE_SPARC = 14;
export const CPU_TYPE_I860 = 15;
export const CPU_TYPE_POWERPC = 18;
export const CPU_TYPE_POWERPC64 = (CPU_TYPE_POWERPC | CPU_ARCH_ABI64) >>> 0;

/** cputype → `CPU_TYPE_*` suffix. */
export const CPU_TYPE = table([
  [CPU_TYPE_VAX, 'VAX'],
  [CPU_TYPE_MC680x0, 'MC680x0'],
  [CPU_TYPE_X86, 'X86'],
  [CPU_TYPE_X86_64, 'X86_64'],
  [CPU_TYPE_MC98000, 'MC98000'],
  [CPU_TYPE_HPPA, 'HPPA'],
  [CPU_TYPE_ARM, 'ARM'],
  [CPU_TYPE_ARM64, 'ARM64'],
  [CPU_TYPE_ARM64_32, 'ARM64_32'],
  [CPU_TYPE_MC88000, 'MC88000'],
  [CPU_TYPE_SPARC, 'SPARC'],
  [CPU_TYPE_I860, 'I860'],
  [CPU_TYPE_POWERPC, 'POWERPC'],
  [CPU_TYPE_POWERPC64, 'POWERPC64'],
]);

/** Capability bits in the top byte of cpusubtype. */
export const CPU_SUBTYPE_MASK = 0xff000000;
/** 64-bit libraries (ppc64/x86_64 executables built for 10.5). */
export const CPU_SUBTYPE_LIB64 = 0x80000000;
/** arm64e: the binary uses a versioned pointer-authentication ABI. */
export const CPU_SUBTYPE_PTRAUTH_ABI = 0x80000000;
/** arm64e: ptrauth ABI version, bits 24..27 of cpusubtype. */
export const CPU_SUBTYPE_ARM64_PTR_AUTH_MASK = 0x0f000000;

export const CPU_SUBTYPE_X86_ALL = 3;
export const CPU_SUBTYPE_X86_64_ALL = 3;
export const CPU_SUBTYPE_X86_64_H = 8;
export const CPU_SUBTYPE_ARM64_ALL = 0;
export const CPU_SUBTYPE_ARM64_V8 = 1;
export const CPU_SUBTYPE_ARM64E = 2;
export const CPU_SUBTYPE_ARM64_32_V8 = 1;

/** The ptrauth ABI version of an arm64e cpusubtype (0..15). */
export const ptrauthVersion = (cpusubtype: number): number => ((cpusubtype & CPU_SUBTYPE_ARM64_PTR_AUTH_MASK) >>> 24);

// ---- mach_header.filetype (loader.h) ------------------------------------------------------------

export const MH_OBJECT = 0x1;
export const MH_EXECUTE = 0x2;
export const MH_FVMLIB = 0x3;
export const MH_CORE = 0x4;
export const MH_PRELOAD = 0x5;
export const MH_DYLIB = 0x6;
export const MH_DYLINKER = 0x7;
export const MH_BUNDLE = 0x8;
export const MH_DYLIB_STUB = 0x9;
export const MH_DSYM = 0xa;
export const MH_KEXT_BUNDLE = 0xb;
export const MH_FILESET = 0xc;

/** filetype → `MH_*` name. */
export const MH_FILETYPE = table([
  [MH_OBJECT, 'MH_OBJECT'],
  [MH_EXECUTE, 'MH_EXECUTE'],
  [MH_FVMLIB, 'MH_FVMLIB'],
  [MH_CORE, 'MH_CORE'],
  [MH_PRELOAD, 'MH_PRELOAD'],
  [MH_DYLIB, 'MH_DYLIB'],
  [MH_DYLINKER, 'MH_DYLINKER'],
  [MH_BUNDLE, 'MH_BUNDLE'],
  [MH_DYLIB_STUB, 'MH_DYLIB_STUB'],
  [MH_DSYM, 'MH_DSYM'],
  [MH_KEXT_BUNDLE, 'MH_KEXT_BUNDLE'],
  [MH_FILESET, 'MH_FILESET'],
]);

// ---- mach_header.flags (loader.h) ---------------------------------------------------------------

export const MH_NOUNDEFS = 0x1;
export const MH_DYLDLINK = 0x4;
export const MH_TWOLEVEL = 0x80;
export const MH_ALLOW_STACK_EXECUTION = 0x20000;
export const MH_PIE = 0x200000;
export const MH_NO_HEAP_EXECUTION = 0x1000000;

/** Header flag bit → name (without `MH_`, as llvm-objdump prints them). */
export const MH_FLAGS = table([
  [0x1, 'NOUNDEFS'], [0x2, 'INCRLINK'], [0x4, 'DYLDLINK'], [0x8, 'BINDATLOAD'], [0x10, 'PREBOUND'],
  [0x20, 'SPLIT_SEGS'], [0x40, 'LAZY_INIT'], [0x80, 'TWOLEVEL'], [0x100, 'FORCE_FLAT'], [0x200, 'NOMULTIDEFS'],
  [0x400, 'NOFIXPREBINDING'], [0x800, 'PREBINDABLE'], [0x1000, 'ALLMODSBOUND'], [0x2000, 'SUBSECTIONS_VIA_SYMBOLS'],
  [0x4000, 'CANONICAL'], [0x8000, 'WEAK_DEFINES'], [0x10000, 'BINDS_TO_WEAK'], [0x20000, 'ALLOW_STACK_EXECUTION'],
  [0x40000, 'ROOT_SAFE'], [0x80000, 'SETUID_SAFE'], [0x100000, 'NO_REEXPORTED_DYLIBS'], [0x200000, 'PIE'],
  [0x400000, 'DEAD_STRIPPABLE_DYLIB'], [0x800000, 'HAS_TLV_DESCRIPTORS'], [0x1000000, 'NO_HEAP_EXECUTION'],
  [0x2000000, 'APP_EXTENSION_SAFE'], [0x4000000, 'NLIST_OUTOFSYNC_WITH_DYLDINFO'], [0x8000000, 'SIM_SUPPORT'],
  [0x80000000, 'DYLIB_IN_CACHE'],
]);

// ---- Load commands (loader.h) -------------------------------------------------------------------

/** Set on commands dyld must understand to load the image. */
export const LC_REQ_DYLD = 0x80000000;

export const LC_SEGMENT = 0x1;
export const LC_SYMTAB = 0x2;
export const LC_DYSYMTAB = 0xb;
export const LC_LOAD_DYLIB = 0xc;
export const LC_ID_DYLIB = 0xd;
export const LC_LOAD_DYLINKER = 0xe;
export const LC_ID_DYLINKER = 0xf;
export const LC_LOAD_WEAK_DYLIB = (0x18 | LC_REQ_DYLD) >>> 0;
export const LC_SEGMENT_64 = 0x19;
export const LC_UUID = 0x1b;
export const LC_RPATH = (0x1c | LC_REQ_DYLD) >>> 0;
export const LC_CODE_SIGNATURE = 0x1d;
export const LC_REEXPORT_DYLIB = (0x1f | LC_REQ_DYLD) >>> 0;
export const LC_LAZY_LOAD_DYLIB = 0x20;
export const LC_ENCRYPTION_INFO = 0x21;
export const LC_LOAD_UPWARD_DYLIB = (0x23 | LC_REQ_DYLD) >>> 0;
export const LC_VERSION_MIN_MACOSX = 0x24;
export const LC_VERSION_MIN_IPHONEOS = 0x25;
export const LC_MAIN = (0x28 | LC_REQ_DYLD) >>> 0;
export const LC_ENCRYPTION_INFO_64 = 0x2c;
export const LC_VERSION_MIN_TVOS = 0x2f;
export const LC_VERSION_MIN_WATCHOS = 0x30;
export const LC_BUILD_VERSION = 0x32;
export const LC_DYLD_CHAINED_FIXUPS = (0x34 | LC_REQ_DYLD) >>> 0;

/** Every load command loader.h defines: cmd → name. */
export const LC = table([
  [0x1, 'LC_SEGMENT'],
  [0x2, 'LC_SYMTAB'],
  [0x3, 'LC_SYMSEG'],
  [0x4, 'LC_THREAD'],
  [0x5, 'LC_UNIXTHREAD'],
  [0x6, 'LC_LOADFVMLIB'],
  [0x7, 'LC_IDFVMLIB'],
  [0x8, 'LC_IDENT'],
  [0x9, 'LC_FVMFILE'],
  [0xa, 'LC_PREPAGE'],
  [0xb, 'LC_DYSYMTAB'],
  [0xc, 'LC_LOAD_DYLIB'],
  [0xd, 'LC_ID_DYLIB'],
  [0xe, 'LC_LOAD_DYLINKER'],
  [0xf, 'LC_ID_DYLINKER'],
  [0x10, 'LC_PREBOUND_DYLIB'],
  [0x11, 'LC_ROUTINES'],
  [0x12, 'LC_SUB_FRAMEWORK'],
  [0x13, 'LC_SUB_UMBRELLA'],
  [0x14, 'LC_SUB_CLIENT'],
  [0x15, 'LC_SUB_LIBRARY'],
  [0x16, 'LC_TWOLEVEL_HINTS'],
  [0x17, 'LC_PREBIND_CKSUM'],
  [(0x18 | LC_REQ_DYLD) >>> 0, 'LC_LOAD_WEAK_DYLIB'],
  [0x19, 'LC_SEGMENT_64'],
  [0x1a, 'LC_ROUTINES_64'],
  [0x1b, 'LC_UUID'],
  [(0x1c | LC_REQ_DYLD) >>> 0, 'LC_RPATH'],
  [0x1d, 'LC_CODE_SIGNATURE'],
  [0x1e, 'LC_SEGMENT_SPLIT_INFO'],
  [(0x1f | LC_REQ_DYLD) >>> 0, 'LC_REEXPORT_DYLIB'],
  [0x20, 'LC_LAZY_LOAD_DYLIB'],
  [0x21, 'LC_ENCRYPTION_INFO'],
  [0x22, 'LC_DYLD_INFO'],
  [(0x22 | LC_REQ_DYLD) >>> 0, 'LC_DYLD_INFO_ONLY'],
  [(0x23 | LC_REQ_DYLD) >>> 0, 'LC_LOAD_UPWARD_DYLIB'],
  [0x24, 'LC_VERSION_MIN_MACOSX'],
  [0x25, 'LC_VERSION_MIN_IPHONEOS'],
  [0x26, 'LC_FUNCTION_STARTS'],
  [0x27, 'LC_DYLD_ENVIRONMENT'],
  [(0x28 | LC_REQ_DYLD) >>> 0, 'LC_MAIN'],
  [0x29, 'LC_DATA_IN_CODE'],
  [0x2a, 'LC_SOURCE_VERSION'],
  [0x2b, 'LC_DYLIB_CODE_SIGN_DRS'],
  [0x2c, 'LC_ENCRYPTION_INFO_64'],
  [0x2d, 'LC_LINKER_OPTION'],
  [0x2e, 'LC_LINKER_OPTIMIZATION_HINT'],
  [0x2f, 'LC_VERSION_MIN_TVOS'],
  [0x30, 'LC_VERSION_MIN_WATCHOS'],
  [0x31, 'LC_NOTE'],
  [0x32, 'LC_BUILD_VERSION'],
  [(0x33 | LC_REQ_DYLD) >>> 0, 'LC_DYLD_EXPORTS_TRIE'],
  [(0x34 | LC_REQ_DYLD) >>> 0, 'LC_DYLD_CHAINED_FIXUPS'],
  [(0x35 | LC_REQ_DYLD) >>> 0, 'LC_FILESET_ENTRY'],
  [0x36, 'LC_ATOM_INFO'],
]);

/** The commands whose dylib_command names a library this image loads (the `needed` of §3), in ordinal order. */
export const DYLIB_LOAD_COMMANDS: ReadonlySet<number> = new Set([
  LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB,
]);

/** LC_VERSION_MIN_* → §3.1 platform string. */
export const VERSION_MIN_PLATFORM = table([
  [LC_VERSION_MIN_MACOSX, 'macos'],
  [LC_VERSION_MIN_IPHONEOS, 'ios'],
  [LC_VERSION_MIN_TVOS, 'tvos'],
  [LC_VERSION_MIN_WATCHOS, 'watchos'],
]);

/** build_version_command.platform: `PLATFORM_*` name and §3.1 platform string. */
export const PLATFORM = table<{ name: string; platform: string }>([
  [0, { name: 'PLATFORM_UNKNOWN', platform: 'unknown' }],
  [1, { name: 'PLATFORM_MACOS', platform: 'macos' }],
  [2, { name: 'PLATFORM_IOS', platform: 'ios' }],
  [3, { name: 'PLATFORM_TVOS', platform: 'tvos' }],
  [4, { name: 'PLATFORM_WATCHOS', platform: 'watchos' }],
  [5, { name: 'PLATFORM_BRIDGEOS', platform: 'bridgeos' }],
  [6, { name: 'PLATFORM_MACCATALYST', platform: 'maccatalyst' }],
  [7, { name: 'PLATFORM_IOSSIMULATOR', platform: 'iossimulator' }],
  [8, { name: 'PLATFORM_TVOSSIMULATOR', platform: 'tvossimulator' }],
  [9, { name: 'PLATFORM_WATCHOSSIMULATOR', platform: 'watchossimulator' }],
  [10, { name: 'PLATFORM_DRIVERKIT', platform: 'driverkit' }],
  [11, { name: 'PLATFORM_XROS', platform: 'visionos' }],
  [12, { name: 'PLATFORM_XROS_SIMULATOR', platform: 'visionossimulator' }],
  [13, { name: 'PLATFORM_FIRMWARE', platform: 'firmware' }],
  [14, { name: 'PLATFORM_SEPOS', platform: 'sepos' }],
]);

/** build_tool_version.tool. */
export const TOOL = table([[1, 'TOOL_CLANG'], [2, 'TOOL_SWIFT'], [3, 'TOOL_LD'], [4, 'TOOL_LLD'],
  [1024, 'TOOL_METAL'], [1025, 'TOOL_AIRLLD'], [1026, 'TOOL_AIRNT'], [1027, 'TOOL_AIRNT_PLUGIN'], [1028, 'TOOL_AIRPACK'],
  [1031, 'TOOL_GPUARCHIVER'], [1032, 'TOOL_METAL_FRAMEWORK']]);

// ---- Symbols (nlist.h) --------------------------------------------------------------------------

export const N_STAB = 0xe0;
export const N_PEXT = 0x10;
export const N_TYPE = 0x0e;
export const N_EXT = 0x01;
export const N_UNDF = 0x0;
export const N_ABS = 0x2;
export const N_SECT = 0xe;
export const N_PBUD = 0xc;
export const N_INDR = 0xa;
/** n_desc: weak reference to an undefined symbol. */
export const N_WEAK_REF = 0x40;
/** Library ordinals of n_desc's high byte (two-level namespace). */
export const SELF_LIBRARY_ORDINAL = 0x0;
export const DYNAMIC_LOOKUP_ORDINAL = 0xfe;
export const EXECUTABLE_ORDINAL = 0xff;

// ---- Chained fixups (fixup-chains.h) ------------------------------------------------------------

export const DYLD_CHAINED_IMPORT = 1;
export const DYLD_CHAINED_IMPORT_ADDEND = 2;
export const DYLD_CHAINED_IMPORT_ADDEND64 = 3;
/** Special (negative) library ordinals of chained imports. */
export const BIND_SPECIAL_DYLIB_SELF = 0;
export const BIND_SPECIAL_DYLIB_MAIN_EXECUTABLE = -1;
export const BIND_SPECIAL_DYLIB_FLAT_LOOKUP = -2;
export const BIND_SPECIAL_DYLIB_WEAK_LOOKUP = -3;

// ---- Code signing (xnu osfmk/kern/cs_blobs.h; all big-endian) ------------------------------------

export const CSMAGIC_REQUIREMENT = 0xfade0c00;
export const CSMAGIC_REQUIREMENTS = 0xfade0c01;
export const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
export const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
export const CSMAGIC_EMBEDDED_ENTITLEMENTS = 0xfade7171;
export const CSMAGIC_EMBEDDED_DER_ENTITLEMENTS = 0xfade7172;
export const CSMAGIC_BLOBWRAPPER = 0xfade0b01;

export const CSSLOT_CODEDIRECTORY = 0;
export const CSSLOT_INFOSLOT = 1;
export const CSSLOT_REQUIREMENTS = 2;
export const CSSLOT_RESOURCEDIR = 3;
export const CSSLOT_APPLICATION = 4;
export const CSSLOT_ENTITLEMENTS = 5;
export const CSSLOT_DER_ENTITLEMENTS = 7;
export const CSSLOT_ALTERNATE_CODEDIRECTORIES = 0x1000;
export const CSSLOT_SIGNATURESLOT = 0x10000;

/** CodeDirectory.hashType → name. */
export const CS_HASHTYPE = table([
  [1, 'sha1'], [2, 'sha256'], [3, 'sha256-truncated'], [4, 'sha384'],
]);

export const CS_ADHOC = 0x2;
export const CS_RUNTIME = 0x10000;
export const CS_LINKER_SIGNED = 0x20000;

/** CodeDirectory.flags bit → name (cs_blobs.h `CS_*`). */
export const CS_FLAGS = table([
  [0x1, 'CS_VALID'], [0x2, 'CS_ADHOC'], [0x4, 'CS_GET_TASK_ALLOW'], [0x8, 'CS_INSTALLER'],
  [0x10, 'CS_FORCED_LV'], [0x20, 'CS_INVALID_ALLOWED'], [0x100, 'CS_HARD'], [0x200, 'CS_KILL'],
  [0x400, 'CS_CHECK_EXPIRATION'], [0x800, 'CS_RESTRICT'], [0x1000, 'CS_ENFORCEMENT'],
  [0x2000, 'CS_REQUIRE_LV'], [0x4000, 'CS_ENTITLEMENTS_VALIDATED'], [0x8000, 'CS_NVRAM_UNRESTRICTED'],
  [0x10000, 'CS_RUNTIME'], [0x20000, 'CS_LINKER_SIGNED'],
]);

/** CodeDirectory versions that added fields (cs_blobs.h CS_SUPPORTS_*). */
export const CS_SUPPORTSSCATTER = 0x20100;
export const CS_SUPPORTSTEAMID = 0x20200;
export const CS_SUPPORTSCODELIMIT64 = 0x20300;
export const CS_SUPPORTSEXECSEG = 0x20400;
