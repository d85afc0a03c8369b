/* Needs __cxa_tm_cleanup@CXXABI_TM_1 (libstdc++'s transactional-memory support, GCC 4.7+). */
extern void __cxa_tm_cleanup(void *, void *, unsigned int);
void tm_cleanup(void *a, void *b) { __cxa_tm_cleanup(a, b, 0); }
