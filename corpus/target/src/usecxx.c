/* A C program whose GLIBCXX needs are transitive, through libcxxdep.so.1. */
#include <stdio.h>
int cxxdep(void);
int main(void) { printf("ok %d\n", cxxdep()); return 0; }
