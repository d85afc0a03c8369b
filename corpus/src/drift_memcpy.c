/* A gate drift pair: the same source needs memcpy@GLIBC_2.14 (the default since glibc 2.14 on
 * x86_64) or, with -DPIN_OLD, memcpy@GLIBC_2.2.5. Built -nostartfiles so that
 * __libc_start_main@GLIBC_2.34 does not mask the drift: the floors are 2.14 and 2.2.5. */
#include <stdlib.h>
#include <string.h>
#ifdef PIN_OLD
__asm__(".symver memcpy, memcpy@GLIBC_2.2.5");
#endif
static char dst[64];
void _start(void) {
  const char *src = getenv("HOME");
  memcpy(dst, src ? src : "", src ? strlen(src) % sizeof dst : 0);
  exit(dst[0] == 1);
}
