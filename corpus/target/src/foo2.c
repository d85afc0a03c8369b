/* libfoo.so.1, new release: FOO_1.0 and FOO_2.0 (foo2.map). */
int foo1(void) { return 1; }
int foo2(void) { return 2; }
