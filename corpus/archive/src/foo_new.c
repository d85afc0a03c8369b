/* A bundled library that needs a newer glibc: pthread_create is versioned GLIBC_2.34 since glibc 2.34 moved libpthread into libc. */
#include <pthread.h>
static void *run(void *p) { return p; }
int foo_value(void) { pthread_t t; if (pthread_create(&t, 0, run, 0)) return -1; pthread_join(t, 0); return 7; }
