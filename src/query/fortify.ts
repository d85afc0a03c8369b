/**
 * The fortified (`_FORTIFY_SOURCE`) functions glibc exports, without their `__` prefix and `_chk`
 * suffix: each `__NAME_chk` is the checked form of `NAME`. Source: the `__*_chk` symbols of glibc
 * 2.36's Versions files (debug/Versions for most, GLIBC_2.3.4 to GLIBC_2.25; wcsmbs, libio,
 * socket, stdlib and misc for the rest), which is also the set checksec 2.6 reads from the host's
 * libc.so.6 (every `__NAME_chk@@VERSION` that `readelf -W -s` lists) on Debian 12 (a test
 * compares this table with that libc). `longjmp` stands for `__longjmp_chk` and `____longjmp_chk`.
 */
export const GLIBC_FORTIFIED = [
  'asprintf', 'confstr', 'dprintf', 'explicit_bzero', 'fdelt', 'fgets', 'fgets_unlocked', 'fgetws', 'fgetws_unlocked',
  'fprintf', 'fread', 'fread_unlocked', 'fwprintf', 'getcwd', 'getdomainname', 'getgroups', 'gethostname', 'getlogin_r',
  'gets', 'getwd', 'longjmp', 'mbsnrtowcs', 'mbsrtowcs', 'mbstowcs', 'memcpy', 'memmove', 'mempcpy', 'memset',
  'obstack_printf', 'obstack_vprintf', 'poll', 'ppoll', 'pread64', 'pread', 'printf', 'ptsname_r', 'read', 'readlink',
  'readlinkat', 'realpath', 'recv', 'recvfrom', 'snprintf', 'sprintf', 'stpcpy', 'stpncpy', 'strcat', 'strcpy', 'strncat',
  'strncpy', 'swprintf', 'syslog', 'ttyname_r', 'vasprintf', 'vdprintf', 'vfprintf', 'vfwprintf', 'vprintf', 'vsnprintf',
  'vsprintf', 'vswprintf', 'vsyslog', 'vwprintf', 'wcpcpy', 'wcpncpy', 'wcrtomb', 'wcscat', 'wcscpy', 'wcsncat', 'wcsncpy',
  'wcsnrtombs', 'wcsrtombs', 'wcstombs', 'wctomb', 'wmemcpy', 'wmemmove', 'wmempcpy', 'wmemset', 'wprintf',
] as const;

const CHECKED = new Set<string>(GLIBC_FORTIFIED.map((f) => `${f}_chk`));
const PLAIN = new Set<string>(GLIBC_FORTIFIED);
/** Lengths of the checked and plain names: a name of another length needs no decoding. */
export const FORTIFY_LENGTHS: ReadonlySet<number> = new Set([...CHECKED, ...PLAIN].map((n) => n.length));

/** `features.fortify`: the symbols that use a checked function, and those that use its unchecked form. */
export interface Fortify {
  fortified: string[];
  unfortified: string[];
}

/**
 * Classifies symbol names as checksec 2.6 does for the `fortified` and `fortify-able` counts: each
 * name with its leading underscores and any `@version` removed is compared with the checked
 * (`memcpy_chk`) and plain (`memcpy`) names of {@link GLIBC_FORTIFIED}; one entry per symbol,
 * listed under its own name (`__memcpy_chk`, `memcpy`).
 */
export function classifyFortify(names: Iterable<string>): Fortify {
  const out: Fortify = { fortified: [], unfortified: [] };
  for (const name of names) {
    let i = 0;
    while (name.charCodeAt(i) === 0x5f) i++;
    const at = name.indexOf('@', i);
    const bare = name.slice(i, at < 0 ? name.length : at);
    if (CHECKED.has(bare)) out.fortified.push(name);
    else if (PLAIN.has(bare)) out.unfortified.push(name);
  }
  return out;
}
