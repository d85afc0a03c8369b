/* A small library; LIBNAME is its exported function (built several times under several sonames). */
int LIBNAME(void) { return 7; }
