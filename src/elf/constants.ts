/**
 * ELF constants as tables (gABI "ELF Header", "Program Header", "Sections", "Dynamic Section";
 * the GNU extensions from glibc's elf.h and the Linux Extensions to gABI). Name look-ups are derived
 * from these tables with {@link nameOf}; there is no second hand-written switch.
 */
import { bitNames, nameOf, table } from '../util/table.js';

export { bitNames, nameOf };

// e_ident indices and values (gABI "ELF Identification").
export const EI_NIDENT = 16;
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_ABIVERSION = 8;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;

export const ELFOSABI = table([
  [0, 'SYSV'], [1, 'HPUX'], [2, 'NETBSD'], [3, 'GNU'], [4, 'HURD'], [6, 'SOLARIS'], [7, 'AIX'],
  [8, 'IRIX'], [9, 'FREEBSD'], [10, 'TRU64'], [11, 'MODESTO'], [12, 'OPENBSD'], [13, 'OPENVMS'],
  [14, 'NSK'], [15, 'AROS'], [16, 'FENIXOS'], [17, 'CLOUDABI'], [18, 'OPENVOS'],
  [64, 'ARM_AEABI'], [97, 'ARM'], [255, 'STANDALONE'],
]);

/** e_type (gABI). */
export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;
export const ET = table([[0, 'NONE'], [1, 'REL'], [2, 'EXEC'], [3, 'DYN'], [4, 'CORE']]);

/** e_machine (gABI table, names without the `EM_` prefix; 41 is gABI's EM_ALPHA, glibc's EM_FAKE_ALPHA). */
export const EM = table([
  [0, 'NONE'],
  [1, 'M32'],
  [2, 'SPARC'],
  [3, '386'],
  [4, '68K'],
  [5, '88K'],
  [6, 'IAMCU'],
  [7, '860'],
  [8, 'MIPS'],
  [9, 'S370'],
  [10, 'MIPS_RS3_LE'],
  [15, 'PARISC'],
  [17, 'VPP500'],
  [18, 'SPARC32PLUS'],
  [19, '960'],
  [20, 'PPC'],
  [21, 'PPC64'],
  [22, 'S390'],
  [23, 'SPU'],
  [36, 'V800'],
  [37, 'FR20'],
  [38, 'RH32'],
  [39, 'RCE'],
  [40, 'ARM'],
  [41, 'ALPHA'],
  [42, 'SH'],
  [43, 'SPARCV9'],
  [44, 'TRICORE'],
  [45, 'ARC'],
  [46, 'H8_300'],
  [47, 'H8_300H'],
  [48, 'H8S'],
  [49, 'H8_500'],
  [50, 'IA_64'],
  [51, 'MIPS_X'],
  [52, 'COLDFIRE'],
  [53, '68HC12'],
  [54, 'MMA'],
  [55, 'PCP'],
  [56, 'NCPU'],
  [57, 'NDR1'],
  [58, 'STARCORE'],
  [59, 'ME16'],
  [60, 'ST100'],
  [61, 'TINYJ'],
  [62, 'X86_64'],
  [63, 'PDSP'],
  [64, 'PDP10'],
  [65, 'PDP11'],
  [66, 'FX66'],
  [67, 'ST9PLUS'],
  [68, 'ST7'],
  [69, '68HC16'],
  [70, '68HC11'],
  [71, '68HC08'],
  [72, '68HC05'],
  [73, 'SVX'],
  [74, 'ST19'],
  [75, 'VAX'],
  [76, 'CRIS'],
  [77, 'JAVELIN'],
  [78, 'FIREPATH'],
  [79, 'ZSP'],
  [80, 'MMIX'],
  [81, 'HUANY'],
  [82, 'PRISM'],
  [83, 'AVR'],
  [84, 'FR30'],
  [85, 'D10V'],
  [86, 'D30V'],
  [87, 'V850'],
  [88, 'M32R'],
  [89, 'MN10300'],
  [90, 'MN10200'],
  [91, 'PJ'],
  [92, 'OPENRISC'],
  [93, 'ARC_COMPACT'],
  [94, 'XTENSA'],
  [95, 'VIDEOCORE'],
  [96, 'TMM_GPP'],
  [97, 'NS32K'],
  [98, 'TPC'],
  [99, 'SNP1K'],
  [100, 'ST200'],
  [101, 'IP2K'],
  [102, 'MAX'],
  [103, 'CR'],
  [104, 'F2MC16'],
  [105, 'MSP430'],
  [106, 'BLACKFIN'],
  [107, 'SE_C33'],
  [108, 'SEP'],
  [109, 'ARCA'],
  [110, 'UNICORE'],
  [111, 'EXCESS'],
  [112, 'DXP'],
  [113, 'ALTERA_NIOS2'],
  [114, 'CRX'],
  [115, 'XGATE'],
  [116, 'C166'],
  [117, 'M16C'],
  [118, 'DSPIC30F'],
  [119, 'CE'],
  [120, 'M32C'],
  [131, 'TSK3000'],
  [132, 'RS08'],
  [133, 'SHARC'],
  [134, 'ECOG2'],
  [135, 'SCORE7'],
  [136, 'DSP24'],
  [137, 'VIDEOCORE3'],
  [138, 'LATTICEMICO32'],
  [139, 'SE_C17'],
  [140, 'TI_C6000'],
  [141, 'TI_C2000'],
  [142, 'TI_C5500'],
  [143, 'TI_ARP32'],
  [144, 'TI_PRU'],
  [160, 'MMDSP_PLUS'],
  [161, 'CYPRESS_M8C'],
  [162, 'R32C'],
  [163, 'TRIMEDIA'],
  [164, 'QDSP6'],
  [165, '8051'],
  [166, 'STXP7X'],
  [167, 'NDS32'],
  [168, 'ECOG1X'],
  [169, 'MAXQ30'],
  [170, 'XIMO16'],
  [171, 'MANIK'],
  [172, 'CRAYNV2'],
  [173, 'RX'],
  [174, 'METAG'],
  [175, 'MCST_ELBRUS'],
  [176, 'ECOG16'],
  [177, 'CR16'],
  [178, 'ETPU'],
  [179, 'SLE9X'],
  [180, 'L10M'],
  [181, 'K10M'],
  [183, 'AARCH64'],
  [185, 'AVR32'],
  [186, 'STM8'],
  [187, 'TILE64'],
  [188, 'TILEPRO'],
  [189, 'MICROBLAZE'],
  [190, 'CUDA'],
  [191, 'TILEGX'],
  [192, 'CLOUDSHIELD'],
  [193, 'COREA_1ST'],
  [194, 'COREA_2ND'],
  [195, 'ARCV2'],
  [196, 'OPEN8'],
  [197, 'RL78'],
  [198, 'VIDEOCORE5'],
  [199, '78KOR'],
  [200, '56800EX'],
  [201, 'BA1'],
  [202, 'BA2'],
  [203, 'XCORE'],
  [204, 'MCHP_PIC'],
  [205, 'INTELGT'],
  [210, 'KM32'],
  [211, 'KMX32'],
  [212, 'EMX16'],
  [213, 'EMX8'],
  [214, 'KVARC'],
  [215, 'CDP'],
  [216, 'COGE'],
  [217, 'COOL'],
  [218, 'NORC'],
  [219, 'CSR_KALIMBA'],
  [220, 'Z80'],
  [221, 'VISIUM'],
  [222, 'FT32'],
  [223, 'MOXIE'],
  [224, 'AMDGPU'],
  [243, 'RISCV'],
  [247, 'BPF'],
  [252, 'CSKY'],
  [258, 'LOONGARCH'],
  [0x9026, 'ALPHA'],
  [244, 'LANAI'], [245, 'CEVA'], [246, 'CEVA_X2'], [251, 'VE'], [253, 'ARC_COMPACT3_64'],
  [254, 'MCS6502'], [255, 'ARC_COMPACT3'], [256, 'KVX'], [257, '65816'], [259, 'KF32'],
  [260, 'U16_U8CORE'], [261, 'TACHYUM'], [262, '56800EF'],
]);
export const EM_386 = 3;
export const EM_68K = 4;
export const EM_SPARC = 2;
export const EM_MIPS = 8;
export const EM_PARISC = 15;
export const EM_SPARC32PLUS = 18;
export const EM_PPC = 20;
export const EM_PPC64 = 21;
export const EM_S390 = 22;
export const EM_ARM = 40;
export const EM_SH = 42;
export const EM_SPARCV9 = 43;
export const EM_IA_64 = 50;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;
export const EM_LOONGARCH = 258;
export const EM_ALPHA = 0x9026;

/** p_type (gABI, GNU, and the processor-specific values readelf knows). */
export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;
export const PT = table([
  [0, 'NULL'], [1, 'LOAD'], [2, 'DYNAMIC'], [3, 'INTERP'], [4, 'NOTE'], [5, 'SHLIB'], [6, 'PHDR'],
  [7, 'TLS'], [0x6474e550, 'GNU_EH_FRAME'], [0x6474e551, 'GNU_STACK'], [0x6474e552, 'GNU_RELRO'],
  [0x6474e553, 'GNU_PROPERTY'], [0x6474e554, 'GNU_SFRAME'], [0x65a3dbe6, 'OPENBSD_RANDOMIZE'],
  [0x65a3dbe7, 'OPENBSD_WXNEEDED'], [0x65a41be6, 'OPENBSD_BOOTDATA'], [0x6ffffffa, 'SUNWBSS'],
  [0x6ffffffb, 'SUNWSTACK'],
]);
/** p_flags bits. */
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** sh_type (gABI and GNU). */
export const SHT_NULL = 0;
export const SHT_STRTAB = 3;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;
export const SHT_GNU_verdef = 0x6ffffffd;
export const SHT_GNU_verneed = 0x6ffffffe;
export const SHT_GNU_versym = 0x6fffffff;
export const SHT = table([
  [0, 'NULL'], [1, 'PROGBITS'], [2, 'SYMTAB'], [3, 'STRTAB'], [4, 'RELA'], [5, 'HASH'], [6, 'DYNAMIC'],
  [7, 'NOTE'], [8, 'NOBITS'], [9, 'REL'], [10, 'SHLIB'], [11, 'DYNSYM'], [14, 'INIT_ARRAY'],
  [15, 'FINI_ARRAY'], [16, 'PREINIT_ARRAY'], [17, 'GROUP'], [18, 'SYMTAB_SHNDX'], [19, 'RELR'],
  [0x6fff4c00, 'LLVM_ODRTAB'], [0x6fff4c01, 'LLVM_LINKER_OPTIONS'], [0x6fff4c03, 'LLVM_ADDRSIG'],
  [0x6ffffff5, 'GNU_ATTRIBUTES'], [0x6ffffff6, 'GNU_HASH'], [0x6ffffff7, 'GNU_LIBLIST'],
  [0x6ffffff8, 'CHECKSUM'], [0x6ffffffd, 'GNU_verdef'], [0x6ffffffe, 'GNU_verneed'],
  [0x6fffffff, 'GNU_versym'],
]);

/** Special section indexes (gABI "Special Section Indexes"). */
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;
/** e_phnum value meaning "the real count is in section 0's sh_info" (gABI extended numbering). */
export const PN_XNUM = 0xffff;

/** d_tag (gABI, GNU, Solaris-compatible and MIPS values). */
export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_HASH = 4;
export const DT_STRTAB = 5;
export const DT_SYMTAB = 6;
export const DT_STRSZ = 10;
export const DT_SYMENT = 11;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_BIND_NOW = 24;
export const DT_RUNPATH = 29;
export const DT_FLAGS = 30;
export const DT_GNU_HASH = 0x6ffffef5;
export const DT_VERSYM = 0x6ffffff0;
export const DT_FLAGS_1 = 0x6ffffffb;
export const DT_VERDEF = 0x6ffffffc;
export const DT_VERDEFNUM = 0x6ffffffd;
export const DT_VERNEED = 0x6ffffffe;
export const DT_VERNEEDNUM = 0x6fffffff;
export const DT_MIPS_SYMTABNO = 0x70000011;
export const DT = table([
  [0, 'NULL'], [1, 'NEEDED'], [2, 'PLTRELSZ'], [3, 'PLTGOT'], [4, 'HASH'], [5, 'STRTAB'], [6, 'SYMTAB'],
  [7, 'RELA'], [8, 'RELASZ'], [9, 'RELAENT'], [10, 'STRSZ'], [11, 'SYMENT'], [12, 'INIT'], [13, 'FINI'],
  [14, 'SONAME'], [15, 'RPATH'], [16, 'SYMBOLIC'], [17, 'REL'], [18, 'RELSZ'], [19, 'RELENT'],
  [20, 'PLTREL'], [21, 'DEBUG'], [22, 'TEXTREL'], [23, 'JMPREL'], [24, 'BIND_NOW'], [25, 'INIT_ARRAY'],
  [26, 'FINI_ARRAY'], [27, 'INIT_ARRAYSZ'], [28, 'FINI_ARRAYSZ'], [29, 'RUNPATH'], [30, 'FLAGS'],
  [32, 'PREINIT_ARRAY'], [33, 'PREINIT_ARRAYSZ'], [34, 'SYMTAB_SHNDX'], [35, 'RELRSZ'], [36, 'RELR'],
  [37, 'RELRENT'], [0x6000000d, 'LOOS'], [0x6ffff000, 'HIOS'],
  [0x6ffffdf5, 'GNU_PRELINKED'], [0x6ffffdf6, 'GNU_CONFLICTSZ'], [0x6ffffdf7, 'GNU_LIBLISTSZ'],
  [0x6ffffdf8, 'CHECKSUM'], [0x6ffffdf9, 'PLTPADSZ'], [0x6ffffdfa, 'MOVEENT'], [0x6ffffdfb, 'MOVESZ'],
  [0x6ffffdfc, 'FEATURE_1'], [0x6ffffdfd, 'POSFLAG_1'], [0x6ffffdfe, 'SYMINSZ'], [0x6ffffdff, 'SYMINENT'],
  [0x6ffffef5, 'GNU_HASH'], [0x6ffffef6, 'TLSDESC_PLT'], [0x6ffffef7, 'TLSDESC_GOT'],
  [0x6ffffef8, 'GNU_CONFLICT'], [0x6ffffef9, 'GNU_LIBLIST'], [0x6ffffefa, 'CONFIG'],
  [0x6ffffefb, 'DEPAUDIT'], [0x6ffffefc, 'AUDIT'], [0x6ffffefd, 'PLTPAD'], [0x6ffffefe, 'MOVETAB'],
  [0x6ffffeff, 'SYMINFO'], [0x6ffffff0, 'VERSYM'], [0x6ffffff9, 'RELACOUNT'], [0x6ffffffa, 'RELCOUNT'],
  [0x6ffffffb, 'FLAGS_1'], [0x6ffffffc, 'VERDEF'], [0x6ffffffd, 'VERDEFNUM'], [0x6ffffffe, 'VERNEED'],
  [0x6fffffff, 'VERNEEDNUM'], [0x7ffffffd, 'AUXILIARY'], [0x7ffffffe, 'USED'], [0x7fffffff, 'FILTER'],
  [0x70000001, 'MIPS_RLD_VERSION / SPARC_REGISTER'], [0x70000005, 'MIPS_FLAGS'],
  [0x70000006, 'MIPS_BASE_ADDRESS'], [0x7000000a, 'MIPS_LOCAL_GOTNO'], [0x70000011, 'MIPS_SYMTABNO'],
  [0x70000012, 'MIPS_UNREFEXTNO'], [0x70000013, 'MIPS_GOTSYM'], [0x70000016, 'MIPS_RLD_MAP'],
  [0x70000035, 'MIPS_RLD_MAP_REL'],
]);

/** DT_FLAGS bits. */
export const DF_BIND_NOW = 0x8;
export const DF = table([[0x1, 'ORIGIN'], [0x2, 'SYMBOLIC'], [0x4, 'TEXTREL'], [0x8, 'BIND_NOW'], [0x10, 'STATIC_TLS']]);
/** DT_FLAGS_1 bits. */
export const DF_1_NOW = 0x1;
export const DF_1_PIE = 0x08000000;
export const DF_1 = table([
  [0x1, 'NOW'], [0x2, 'GLOBAL'], [0x4, 'GROUP'], [0x8, 'NODELETE'], [0x10, 'LOADFLTR'], [0x20, 'INITFIRST'],
  [0x40, 'NOOPEN'], [0x80, 'ORIGIN'], [0x100, 'DIRECT'], [0x200, 'TRANS'], [0x400, 'INTERPOSE'],
  [0x800, 'NODEFLIB'], [0x1000, 'NODUMP'], [0x2000, 'CONFALT'], [0x4000, 'ENDFILTEE'], [0x8000, 'DISPRELDNE'],
  [0x10000, 'DISPRELPND'], [0x20000, 'NODIRECT'], [0x40000, 'IGNMULDEF'], [0x80000, 'NOKSYMS'],
  [0x100000, 'NOHDR'], [0x200000, 'EDITED'], [0x400000, 'NORELOC'], [0x800000, 'SYMINTPOSE'],
  [0x1000000, 'GLOBAUDIT'], [0x2000000, 'SINGLETON'], [0x4000000, 'STUB'], [0x8000000, 'PIE'],
  [0x10000000, 'KMOD'], [0x20000000, 'WEAKFILTER'], [0x40000000, 'NOCOMMON'],
]);

/** Symbol binding (st_info >> 4). */
export const STB_WEAK = 2;
/** GNU versioning (Linux Standard Base "Symbol Versioning"). */
export const VERSYM_HIDDEN = 0x8000;
export const VERSYM_VERSION = 0x7fff;
export const VER_NDX_LOCAL = 0;
export const VER_NDX_GLOBAL = 1;
export const VER_FLG_BASE = 0x1;
export const VER_FLG_WEAK = 0x2;

/** Note types of the "GNU" owner. */
export const NT_GNU_ABI_TAG = 1;
export const NT_GNU_HWCAP = 2;
export const NT_GNU_BUILD_ID = 3;
export const NT_GNU_GOLD_VERSION = 4;
export const NT_GNU_PROPERTY_TYPE_0 = 5;
/** Go's build-ID note: owner "Go", type 4 (cmd/link). */
export const NT_GO_BUILD_ID = 4;
/** FDO packaging metadata note: owner "FDO", type 0xcafe1a7e (systemd "package-metadata" spec). */
export const NT_FDO_PACKAGING_METADATA = 0xcafe1a7e;
export const NT_GNU = table([[1, 'NT_GNU_ABI_TAG'], [2, 'NT_GNU_HWCAP'], [3, 'NT_GNU_BUILD_ID'],
  [4, 'NT_GNU_GOLD_VERSION'], [5, 'NT_GNU_PROPERTY_TYPE_0']]);

/** OS field of NT_GNU_ABI_TAG (glibc elf.h ELF_NOTE_OS_*). */
export const GNU_ABI_TAG_OS = table([[0, 'linux'], [1, 'hurd'], [2, 'solaris'], [3, 'freebsd']]);

/** GNU property types (Linux Extensions to gABI, "Program Property"). */
export const GNU_PROPERTY_STACK_SIZE = 1;
export const GNU_PROPERTY_NO_COPY_ON_PROTECTED = 2;
export const GNU_PROPERTY_1_NEEDED = 0xb0008000;
export const GNU_PROPERTY_AARCH64_FEATURE_1_AND = 0xc0000000;
export const GNU_PROPERTY_AARCH64_FEATURE_PAUTH = 0xc0000001;
/** RISC-V reuses 0xc0000000 for its own FEATURE_1_AND (riscv-elf-psabi "GNU Program Properties"). */
export const GNU_PROPERTY_RISCV_FEATURE_1_AND = 0xc0000000;
export const GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002;
export const GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002;
export const GNU_PROPERTY_X86_FEATURE_2_NEEDED = 0xc0008001;
export const GNU_PROPERTY_X86_ISA_1_USED = 0xc0010002;
export const GNU_PROPERTY_X86_FEATURE_2_USED = 0xc0010001;

/** Bits of GNU_PROPERTY_AARCH64_FEATURE_1_AND (glibc elf.h; the AArch64 ELF ABI "Program Property"). */
export const GNU_PROPERTY_AARCH64_FEATURE_1_BTI = 0x1;
export const GNU_PROPERTY_AARCH64_FEATURE_1_PAC = 0x2;
export const GNU_PROPERTY_AARCH64_FEATURE_1_GCS = 0x4;
export const AARCH64_FEATURE_1 = table([
  [GNU_PROPERTY_AARCH64_FEATURE_1_BTI, 'BTI'], [GNU_PROPERTY_AARCH64_FEATURE_1_PAC, 'PAC'], [GNU_PROPERTY_AARCH64_FEATURE_1_GCS, 'GCS'],
]);
/** Bits of GNU_PROPERTY_X86_FEATURE_1_AND (glibc elf.h; the x86-64 psABI "Program Properties"). */
export const GNU_PROPERTY_X86_FEATURE_1_IBT = 0x1;
export const GNU_PROPERTY_X86_FEATURE_1_SHSTK = 0x2;
export const X86_FEATURE_1 = table([
  [GNU_PROPERTY_X86_FEATURE_1_IBT, 'IBT'], [GNU_PROPERTY_X86_FEATURE_1_SHSTK, 'SHSTK'], [0x4, 'LAM_U48'], [0x8, 'LAM_U57'],
]);
/** Bits of GNU_PROPERTY_RISCV_FEATURE_1_AND. */
export const RISCV_FEATURE_1 = table([[0x1, 'CFI_LP_UNLABELED'], [0x2, 'CFI_SS'], [0x4, 'CFI_LP_FUNC_SIG']]);
/** Bits of GNU_PROPERTY_X86_ISA_1_{NEEDED,USED}, with the names readelf prints. */
export const X86_ISA_1 = table([[0x1, 'x86-64-baseline'], [0x2, 'x86-64-v2'], [0x4, 'x86-64-v3'], [0x8, 'x86-64-v4']]);
/** Bits of GNU_PROPERTY_X86_FEATURE_2_{NEEDED,USED}. */
export const X86_FEATURE_2 = table([[0x1, 'x86'], [0x2, 'x87'], [0x4, 'MMX'], [0x8, 'XMM'], [0x10, 'YMM'],
  [0x20, 'ZMM'], [0x40, 'FXSR'], [0x80, 'XSAVE'], [0x100, 'XSAVEOPT'], [0x200, 'XSAVEC'], [0x400, 'TMM'],
  [0x800, 'MASK']]);
/** Bits of GNU_PROPERTY_1_NEEDED. */
export const GNU_PROPERTY_1_NEEDED_BITS = table([[0x1, 'indirect external access']]);

/** Section types and flags, dynamic tags and flags read by the provenance and checksec queries. */
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
/** sh_flags bits (bigint, as Shdr.sh_flags). */
export const SHF_WRITE = 0x1n;
export const SHF_ALLOC = 0x2n;
export const SHF_EXECINSTR = 0x4n;
/** gABI "Section Compression": the section starts with an Elf32_Chdr/Elf64_Chdr. */
export const SHF_COMPRESSED = 0x800n;
/** Elf_Chdr ch_type values. */
export const ELFCOMPRESS_ZLIB = 1;
export const ELFCOMPRESS_ZSTD = 2;
export const DT_DEBUG = 21;
export const DT_TEXTREL = 22;
/** DT_FLAGS bit. */
export const DF_TEXTREL = 0x4;
