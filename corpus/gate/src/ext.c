/* A Python extension as auditwheel repair leaves it: it needs a library shipped in the wheel's
   pkg.libs directory, found through DT_RUNPATH $ORIGIN/../pkg.libs. */
extern int foo(void);
int PyInit__ext(void) { return foo(); }
