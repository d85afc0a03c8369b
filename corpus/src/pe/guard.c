/*
 * A freestanding program for lld-link (no C runtime, no headers): it imports ExitProcess from
 * KERNEL32.dll and defines the load configuration structure itself (the layout of winnt.h's
 * IMAGE_LOAD_CONFIG_DIRECTORY32/64 up to GuardFlags), as the MSVC runtime's loadcfg.c does, so
 * that lld-link /guard:cf fills the Control Flow Guard fields and, on x86, /safeseh the
 * SafeSEH handler table (one handler, registered with .safeseh).
 */
typedef unsigned int u32;
typedef unsigned short u16;
typedef __UINTPTR_TYPE__ uptr;

__declspec(dllimport) void __stdcall ExitProcess(u32 code);

struct load_config {
  u32 Size, TimeDateStamp;
  u16 MajorVersion, MinorVersion;
  u32 GlobalFlagsClear, GlobalFlagsSet, CriticalSectionDefaultTimeout;
  uptr DeCommitFreeBlockThreshold, DeCommitTotalFreeThreshold, LockPrefixTable, MaximumAllocationSize,
      VirtualMemoryThreshold;
#ifdef _WIN64
  uptr ProcessAffinityMask;
  u32 ProcessHeapFlags;
#else
  u32 ProcessHeapFlags;
  uptr ProcessAffinityMask;
#endif
  u16 CSDVersion, DependentLoadFlags;
  uptr EditList, SecurityCookie, SEHandlerTable, SEHandlerCount;
  uptr GuardCFCheckFunctionPointer, GuardCFDispatchFunctionPointer, GuardCFFunctionTable, GuardCFFunctionCount;
  u32 GuardFlags;
};

#ifndef _WIN64
extern void *__safe_se_handler_table[];
extern char __safe_se_handler_count;
#endif
extern void *__guard_fids_table[];
extern char __guard_fids_count;
extern char __guard_flags;
uptr __security_cookie = 0x2B992DDF;

static void check_icall(void) {}
static void dispatch_icall(void) {}
void (*__guard_check_icall_fptr)(void) = check_icall;
void (*__guard_dispatch_icall_fptr)(void) = dispatch_icall;

const struct load_config _load_config_used = {
  .Size = sizeof(struct load_config),
  .SecurityCookie = (uptr)&__security_cookie,
#ifndef _WIN64
  .SEHandlerTable = (uptr)__safe_se_handler_table,
  .SEHandlerCount = (uptr)&__safe_se_handler_count,
#endif
  .GuardCFCheckFunctionPointer = (uptr)&__guard_check_icall_fptr,
  .GuardCFDispatchFunctionPointer = (uptr)&__guard_dispatch_icall_fptr,
  .GuardCFFunctionTable = (uptr)__guard_fids_table,
  .GuardCFFunctionCount = (uptr)&__guard_fids_count,
#ifdef _WIN64
  .GuardFlags = 0, /* a 64-bit address cannot be truncated in a constant initializer */
#else
  .GuardFlags = (u32)&__guard_flags,
#endif
};

#ifndef _WIN64
/* An exception handler registered in the SafeSEH table (the assembler's .safeseh directive). */
int my_handler(void) { return 1; }
__asm__(".safeseh _my_handler");
#endif

static int twice(int x) { return 2 * x; }
int (*volatile fp)(int) = twice;

void start(void) {
  ExitProcess((u32)fp(0));
}
