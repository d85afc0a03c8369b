/* libfoo.so.1, old release: defines FOO_1.0 only (foo1.map). */
int foo1(void) { return 1; }
