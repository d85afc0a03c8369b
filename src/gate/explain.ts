/**
 * Well-known symbol-version culprits: the version a symbol gained and how to avoid needing it.
 * Keys are `symbol@VERSION` (or a version node for ABI markers).
 */
export const CULPRITS: ReadonlyMap<string, string> = new Map([
  ['memcpy@GLIBC_2.14', 'glibc 2.14 gave x86_64 memcpy a new version (overlap-unsafe copy); pin the old one with __asm__(".symver memcpy, memcpy@GLIBC_2.2.5") or build on an older glibc'],
  ['fcntl64@GLIBC_2.28', 'glibc 2.28 headers turn fcntl into fcntl64 under _FILE_OFFSET_BITS=64 or _TIME_BITS=64; build against older headers (a manylinux2014 / RHEL 7 container) or pin fcntl@GLIBC_2.2.5 with .symver'],
  ['__libc_start_main@GLIBC_2.34', 'every program linked against glibc >= 2.34 needs it (libpthread and libdl were merged into libc); the only remedy is to link on the oldest glibc you support'],
  ['stat@GLIBC_2.33', 'glibc 2.33 made the stat family real functions (older glibcs export __xstat); build on glibc < 2.33'],
  ['fstat@GLIBC_2.33', 'glibc 2.33 made the stat family real functions (older glibcs export __fxstat); build on glibc < 2.33'],
  ['lstat@GLIBC_2.33', 'glibc 2.33 made the stat family real functions (older glibcs export __lxstat); build on glibc < 2.33'],
  ['fstatat@GLIBC_2.33', 'glibc 2.33 made the stat family real functions (older glibcs export __fxstatat); build on glibc < 2.33'],
  ['mknod@GLIBC_2.33', 'glibc 2.33 made mknod a real function (older glibcs export __xmknod); build on glibc < 2.33'],
  ['pthread_create@GLIBC_2.34', 'glibc 2.34 moved libpthread into libc with new symbol versions; link on glibc < 2.34'],
  ['pthread_join@GLIBC_2.34', 'glibc 2.34 moved libpthread into libc with new symbol versions; link on glibc < 2.34'],
  ['pthread_key_create@GLIBC_2.34', 'glibc 2.34 moved libpthread into libc with new symbol versions; link on glibc < 2.34'],
  ['pthread_once@GLIBC_2.34', 'glibc 2.34 moved libpthread into libc with new symbol versions; link on glibc < 2.34'],
  ['dlopen@GLIBC_2.34', 'glibc 2.34 moved libdl into libc with new symbol versions; link on glibc < 2.34'],
  ['dlsym@GLIBC_2.34', 'glibc 2.34 moved libdl into libc with new symbol versions; link on glibc < 2.34'],
  ['__libc_single_threaded@GLIBC_2.32', 'libstdc++ from GCC 11+ reads this glibc 2.32 variable; build with an older libstdc++ or on glibc < 2.32'],
  ['arc4random@GLIBC_2.36', 'arc4random is new in glibc 2.36; use getrandom (2.25) or read /dev/urandom for older targets'],
  ['getrandom@GLIBC_2.25', 'getrandom is new in glibc 2.25; use the syscall directly or /dev/urandom for older targets'],
  ['reallocarray@GLIBC_2.26', 'reallocarray is new in glibc 2.26; provide your own overflow-checked realloc for older targets'],
  ['GLIBC_ABI_DT_RELR', 'the file was linked with -z pack-relative-relocs (DT_RELR), which needs glibc 2.36; link with -z nopack-relative-relocs to run on older glibcs'],
  ['GLIBC_ABI_GNU2_TLS', 'the file uses TLS descriptors (-mtls-dialect=gnu2) with the ABI fixed in glibc 2.43; build with -mtls-dialect=gnu for older glibcs'],
  ['GLIBC_ABI_DT_X86_64_PLT', 'the file was linked with -z mark-plt (DT_X86_64_PLT), which needs glibc 2.43; link with -z nomark-plt for older glibcs'],
]);

/** Advice for `symbol@version` (or an ABI marker, `symbol` null), or undefined. */
export function explain(symbol: string | null, version: string): string | undefined {
  return symbol === null ? CULPRITS.get(version) : CULPRITS.get(`${symbol}@${version}`);
}
