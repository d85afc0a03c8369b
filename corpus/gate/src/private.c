/* Needs __res_iclose@GLIBC_PRIVATE: a glibc-internal interface (libresolv uses it), no ABI. */
struct __res_state;
extern void __res_iclose(struct __res_state *, int);
void close_resolver(struct __res_state *s) { __res_iclose(s, 1); }
