/* A library that needs only libc functions every glibc has (puts@GLIBC_2.2.5 on x86_64). */
#include <stdio.h>
int plain(void) { return puts("plain"); }
