/* The library shipped beside the extension (soname libfoo.so.1). */
#include <stdio.h>
int foo(void) { return puts("foo"); }
