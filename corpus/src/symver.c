/* Uses arc4random (new in GLIBC_2.36) and memcpy.  Built with
   -DPIN_OLD_MEMCPY, memcpy is bound to the old memcpy@GLIBC_2.2.5 instead
   of the default memcpy@@GLIBC_2.14.  Compile with -fno-builtin-memcpy so
   the call is never inlined. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PIN_OLD_MEMCPY
__asm__(".symver memcpy, memcpy@GLIBC_2.2.5");
#endif

int main(int argc, char **argv)
{
    char buf[64];
    (void)argc;
    memcpy(buf, argv[0], 1);
    buf[1] = '\0';
    printf("%s %u\n", buf, (unsigned)arc4random());
    return 0;
}
