/* Calls LIBNAME from a library found at load time. */
#include <stdio.h>
int LIBNAME(void);
int main(void) { printf("ok %d\n", LIBNAME()); return 0; }
