/* A Python extension module stand-in: calls into a bundled library. */
extern int foo_value(void);
int PyInit__ext(void) { return foo_value(); }
