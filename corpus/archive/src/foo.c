/* A library that `auditwheel repair` would bundle: needs only old glibc symbols. */
#include <stdio.h>
int foo_value(void) { return 7; }
void foo_print(void) { puts("foo"); }
