/* An extension that needs a library neither in the wheel nor on any policy's allow-list. */
extern int bar_value(void);
int PyInit__ext(void) { return bar_value(); }
