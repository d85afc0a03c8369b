/* Non-PIE program with its own _start (no crt files, so no
   __libc_start_main reference).  Reading the libc data symbol
   __libc_single_threaded (GLIBC_2.32) from non-PIC code makes the linker
   emit an R_X86_64_COPY relocation for it; the only other libc symbol is
   exit@GLIBC_2.2.5. */
#include <stdlib.h>
#include <sys/single_threaded.h>

__attribute__((noreturn, used)) void start_c(void)
{
    exit(__libc_single_threaded ? 0 : 1);
}

__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "  xor %ebp, %ebp\n"
        "  and $-16, %rsp\n"
        "  call start_c\n"
        "  hlt\n"
        ".size _start, .-_start\n");
