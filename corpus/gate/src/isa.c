/* Built -march=x86-64-v3 -mneeded: GNU_PROPERTY_X86_ISA_1_NEEDED says x86-64-v3. */
#include <stdio.h>
int isa(void) { return puts("v3"); }
