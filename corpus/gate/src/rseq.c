/* Needs __rseq_offset@GLIBC_2.35 from ld-linux-x86-64.so.2 (the dynamic loader), nothing newer from libc. */
#include <stddef.h>
extern const ptrdiff_t __rseq_offset;
ptrdiff_t rseq_offset(void) { return __rseq_offset; }
