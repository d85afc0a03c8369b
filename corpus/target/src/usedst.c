/* Needs libdlib.so.1 (found through $LIB) and libdplat.so.1 (through ${PLATFORM}). */
#include <stdio.h>
int dlib(void);
int dplat(void);
int main(void) { printf("ok %d\n", dlib() + dplat()); return 0; }
