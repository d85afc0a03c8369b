/* Linked against the new libfoo: needs FOO_2.0 (foo2) and FOO_1.0 (foo1). */
#include <stdio.h>
int foo1(void);
int foo2(void);
int main(void) { printf("ok %d\n", foo1() + foo2()); return 0; }
