/* Position-dependent code in a shared object: the text needs relocations at load time (TEXTREL). */
int counter;
int bump(void) { return ++counter; }
