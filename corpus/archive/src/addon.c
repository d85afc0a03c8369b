/* A Node.js native addon stand-in (.node files are shared objects). */
#include <stdio.h>
int napi_register_module_v1(void) { puts("addon"); return 1; }
